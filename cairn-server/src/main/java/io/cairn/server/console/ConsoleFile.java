package io.cairn.server.console;

/**
 * One file of the console as it is served.
 *
 * @param contentType the Content-Type header
 * @param content the bytes as stored
 * @param gzipped the same, gzip-compressed, for clients that accept it
 */
public record ConsoleFile(String contentType, byte[] content, byte[] gzipped) {
}
