/**
 * The node's configuration: one typed record ({@code ServerConfig}), read from flags,
 * environment and a file, in that order of precedence ({@code ConfigSource}). Every setting is
 * defined once in {@code Settings} (name, type, default, range, description); the flags, the
 * {@code CAIRN_*} variables, the file keys and {@code cairn server --help} all come from there,
 * and the record checks its ranges through the same definitions. Nothing else in the server
 * reads system properties or the environment.
 */
package io.cairn.server.config;
