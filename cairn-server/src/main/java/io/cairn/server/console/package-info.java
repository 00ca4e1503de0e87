/**
 * The web console (docs/ui.md): its static assets, read from the server jar's {@code ui/} folder,
 * and the routes that serve them at {@code /ui/} on every node.
 *
 * <p>Invariants: the console is plain HTML, CSS and JavaScript modules that use only the public
 * HTTP API (no endpoint exists for it alone); assets are served under a path that names the hash
 * of their content, so they can be cached forever, while the page itself is revalidated on every
 * load; every console answer carries a Content-Security-Policy that allows scripts from this
 * origin's files only (no inline script, no eval).
 */
package io.cairn.server.console;
