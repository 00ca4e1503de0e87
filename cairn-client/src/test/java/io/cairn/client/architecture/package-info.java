/** Rules on the client library's shape, each proven to fail on a planted violation. */
package io.cairn.client.architecture;
