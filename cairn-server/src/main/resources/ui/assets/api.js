// The public HTTP API (docs/api.md), the only thing the console talks to.

/** GET a JSON answer; throws an Error with the API's message on a non-2xx answer. */
export async function getJson(path, signal) {
  const r = await fetch(path, { signal, headers: { Accept: 'application/json' } });
  return answer(r);
}

async function answer(r) {
  const text = await r.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
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
  return answer(await fetch(path, { method: 'DELETE' }));
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
    source = new EventSource(path);
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
