/**
 * The node's configuration: one typed record, read from flags, environment and a file, in that
 * order of precedence. Nothing else in the server reads system properties or the environment.
 */
package io.cairn.server.config;
