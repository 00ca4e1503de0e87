/** Tests of the access-control rules and their place in the cluster metadata. */
package io.cairn.core.acl;
