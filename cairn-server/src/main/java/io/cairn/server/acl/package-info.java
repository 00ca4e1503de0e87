/**
 * Access control on a node: who a request's token is ({@link io.cairn.server.acl.AccessControl}),
 * and how secrets are made and hashed ({@link io.cairn.server.acl.Secrets}). The tokens and
 * policies themselves are the replicated {@link io.cairn.core.acl.AclTable} of the cluster
 * metadata; this package only reads the current table. A secret never reaches a log: it is hashed
 * as soon as it is read from a request, a file or a generator.
 */
package io.cairn.server.acl;
