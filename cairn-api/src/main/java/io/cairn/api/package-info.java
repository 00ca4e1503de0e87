/**
 * The wire types of Cairn's native HTTP API (JSON), shared by the server and the client.
 * The time source both of them are given lives in {@code io.cairn.api.time}.
 *
 * <p>Plain records with no behaviour and no dependencies: Jackson maps them by component
 * name. Adding a field is compatible; renaming or removing one is not.
 */
package io.cairn.api;
