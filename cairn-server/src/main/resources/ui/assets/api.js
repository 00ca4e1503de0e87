// The public HTTP API (docs/api.md), the only thing the console talks to.

// With ACLs on (docs/security.md) every call carries a token: asked for once, on the first 401,
// and kept in this tab's session storage (gone when the tab closes, never sent to another site).
const TOKEN_KEY = 'cairn-token';

function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

function headers(extra) {
  const h = Object.assign({}, extra);
  const t = token();
  if (t) h.Authorization = 'Bearer ' + t;
  return h;
}

/** Asks for a token after a 401 and reloads with it; false when the user gave none. */
function askToken(unknown) {
  const t = window.prompt(unknown ? 'That token is not known to the cluster. Token:'
    : 'This registry has access control on. Token:');
  if (!t) return false;
  sessionStorage.setItem(TOKEN_KEY, t.trim());
  window.location.reload();
  return true;
}

/** GET a JSON answer; throws an Error with the API's message on a non-2xx answer. */
export async function getJson(path, signal) {
  const r = await fetch(path, { signal, headers: headers({ Accept: 'application/json' }) });
  return answer(r);
}

async function answer(r) {
  const text = await r.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
  if (r.status === 401) askToken(Boolean(token()));
  if (!r.ok) {
    const msg = body && body.message ? body.message : r.status + ' ' + r.statusText;
    const err = new Error(msg);
    err.status = r.status;
    throw err;
  }
  return body;
}

export async function deregister(service, id, ns) {
  const path = '/v1/services/' + encodeURIComponent(service) + '/instances/' + encodeURIComponent(id)
    + '?ns=' + encodeURIComponent(ns);
  return answer(await fetch(path, { method: 'DELETE', headers: headers({}) }));
}

/**
 * A watch stream (server-sent events). handlers: { event name: fn(data object, MessageEvent) },
 * plus optional open() and error(). Returns { close() }.
 *
 * reconnect 'resume': the browser's EventSource reconnects by itself with Last-Event-ID (one
 * service's stream). reconnect 'restart': on an error the stream is closed and opened afresh
 * after a second, and handlers.open() runs again, so the view starts over from the states
 * (namespace streams, whose event ids do not resume as one Last-Event-ID).
 */
export function watch(path, handlers, reconnect = 'resume') {
  let source = null;
  let timer = null;
  let closed = false;
  const open = () => {
    // EventSource sends no headers: the token goes as ?token= (accepted on watch paths only).
    const t = token();
    source = new EventSource(t ? path + (path.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(t) : path);
    source.onopen = () => handlers.open && handlers.open();
    source.onerror = () => {
      if (handlers.error) handlers.error();
      if (reconnect === 'restart' && !closed) {
        source.close();
        clearTimeout(timer);
        timer = setTimeout(() => { if (!closed) open(); }, 1000);
      }
    };
    for (const [name, fn] of Object.entries(handlers)) {
      if (name === 'open' || name === 'error') continue;
      source.addEventListener(name, (m) => fn(m.data ? JSON.parse(m.data) : null, m));
    }
  };
  open();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      if (source) source.close();
    },
  };
}
