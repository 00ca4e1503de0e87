/** Access control on a node: every endpoint against every right, bootstrap, revocation, refusal to start. */
package io.cairn.server.acl;
