// One service, live from its watch stream (GET /v1/watch/services/NAME): the instances as rows
// that appear, change and leave with a brief highlight, and the recent events. Heartbeat ages and
// check results live only in the partition leader's memory and are not events: they are read
// from GET /v1/services/NAME/liveness (one service, small) every two seconds and after each change.
import { sortedIndex, el, replace, age, flash, status, nsQuery } from './dom.js';
import { watch, getJson, deregister } from './api.js';
import { confirmDialog } from './confirm.js';

const HISTORY = 100;
const LIVENESS_EVERY_MS = 2000;

// docs/api.md, "Limits": a name outside these rules cannot exist, so no stream is opened for it.
const SERVICE_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,126}[A-Za-z0-9])?$/;
const NAMESPACE = /^[a-z0-9]([a-z0-9_-]{0,62}[a-z0-9])?$/;

export function mount(main, params) {
  const name = params.service;
  const ns = params.ns;
  if (!SERVICE_NAME.test(name) || !NAMESPACE.test(ns)) {
    replace(main, el('h1', { text: 'No such service' }),
      el('p', {}, 'No service can be named ', el('code', { id: 'bad-name', text: name }), ' in namespace ',
        el('code', { text: ns }), ': see the naming rules in the API reference.'));
    return () => {};
  }
  const instances = new Map(); // id -> instance
  const rows = new Map(); // id -> { tr, cells }
  const revisions = new Map(); // id -> revision of the last change seen
  let liveness = new Map(); // id -> InstanceLiveness
  let livenessAt = performance.now();
  let revision = 0;
  let synced = false;

  const heading = el('h1', {}, el('span', { class: 'muted', text: 'Service ' }), el('span', { id: 'service-name', text: name }));
  const facts = el('p', { class: 'muted', id: 'facts', 'aria-live': 'polite' });
  const message = el('p', { class: 'error', id: 'message', role: 'alert', hidden: true });
  const tbody = el('tbody', { id: 'instances' });
  const events = el('ol', { class: 'events', id: 'events', reversed: true });
  replace(main,
    el('p', { class: 'crumbs' }, el('a', { href: '/ui/' + nsQuery(ns), text: 'Services' }), ' / namespace ',
      el('span', { text: ns })),
    heading, facts, message,
    el('div', { class: 'scroll' }, el('table', { class: 'grid instances' },
      el('caption', { class: 'visually-hidden', text: 'Instances of ' + name }),
      el('thead', {}, el('tr', {},
        ['Instance', 'Address', 'Health', 'Checks', 'Tags', 'Metadata', 'Weight', 'Lifetime', 'Revision', '']
          .map((h) => el('th', { scope: 'col', text: h })))),
      tbody)),
    el('h2', { text: 'Recent events' }),
    events);

  function showFacts() {
    const counts = { passing: 0, warning: 0, critical: 0 };
    for (const i of instances.values()) counts[i.health]++;
    facts.textContent = instances.size + (instances.size === 1 ? ' instance' : ' instances')
      + ' · ' + counts.passing + ' passing · ' + counts.warning + ' warning · ' + counts.critical + ' critical'
      + ' · revision ' + revision;
  }

  let order = []; // instance ids with a row, sorted

  function upsert(i, highlight) {
    instances.set(i.id, i);
    let row = rows.get(i.id);
    if (!row) {
      row = newRow(i.id);
      rows.set(i.id, row);
      const at = sortedIndex(order, i.id);
      order.splice(at, 0, i.id);
      const next = order[at + 1];
      tbody.insertBefore(row.tr, next === undefined ? null : rows.get(next).tr);
    }
    fill(row, i);
    if (highlight) flash(row.tr);
  }

  /** A whole state: rows built in one pass (a service may have thousands of instances). */
  function replaceAll(list) {
    const ids = new Set(list.map((i) => i.id));
    for (const id of [...instances.keys()]) if (!ids.has(id)) remove(id);
    if (rows.size === 0) {
      const frag = document.createDocumentFragment();
      for (const i of list) { // the API sends instances sorted by id
        instances.set(i.id, i);
        const row = newRow(i.id);
        rows.set(i.id, row);
        fill(row, i);
        frag.appendChild(row.tr);
      }
      order = list.map((i) => i.id);
      tbody.appendChild(frag);
      return;
    }
    for (const i of list) upsert(i, synced && JSON.stringify(instances.get(i.id)) !== JSON.stringify(i));
  }

  function remove(id) {
    instances.delete(id);
    const row = rows.get(id);
    if (!row) return;
    rows.delete(id);
    order.splice(sortedIndex(order, id), 1);
    row.tr.classList.add('leaving');
    row.tr.querySelectorAll('button').forEach((b) => { b.disabled = true; });
    // The row fades out (CSS) and is then removed; without animations it goes at once.
    const gone = () => row.tr.remove();
    row.tr.addEventListener('animationend', gone, { once: true });
    setTimeout(gone, 700);
  }

  function newRow(id) {
    const cells = {};
    for (const c of ['address', 'health', 'checks', 'tags', 'meta', 'weight', 'life', 'revision']) cells[c] = el('td', { class: c });
    const button = el('button', { type: 'button', class: 'danger small', text: 'Deregister', 'aria-label': 'Deregister ' + id });
    button.addEventListener('click', async () => {
      const ok = await confirmDialog('Deregister instance ' + id + ' of service ' + name + ' in namespace ' + ns + '?');
      if (!ok) return;
      try {
        await deregister(name, id, ns);
      } catch (e) {
        showMessage('Deregistration failed: ' + e.message);
      }
    });
    const tr = el('tr', { dataset: { instance: id } },
      el('th', { scope: 'row', class: 'id', text: id }),
      cells.address, cells.health, cells.checks, cells.tags, cells.meta, cells.weight, cells.life, cells.revision,
      el('td', {}, button));
    return { tr, cells };
  }

  function fill(row, i) {
    const c = row.cells;
    c.address.textContent = (i.address.includes(':') ? '[' + i.address + ']' : i.address) + ':' + i.port;
    replace(c.health, el('span', { class: 'badge ' + i.health, text: i.health }));
    replace(c.tags, (i.tags || []).map((t) => el('span', { class: 'tag', text: t })));
    replace(c.meta, Object.entries(i.meta || {}).map(([k, v]) =>
      el('div', { class: 'kv' }, el('span', { class: 'k', text: k }), '=', el('span', { class: 'v', text: v }))));
    c.weight.textContent = String(i.weight);
    const r = revisions.get(i.id);
    c.revision.textContent = r === undefined ? '' : String(r);
    c.revision.title = r === undefined ? 'unchanged since the page opened' : 'revision of its last change';
    fillLiveness(row, i);
  }

  function fillLiveness(row, i) {
    const l = liveness.get(i.id);
    const since = performance.now() - livenessAt;
    const checks = i.checks || [];
    replace(row.cells.checks, checks.map((ch, idx) => {
      const st = l && l.checks ? l.checks[idx] : null;
      return el('div', { class: 'check' },
        el('span', { class: 'badge ' + (st && st.health ? st.health : 'unknown'), text: st && st.health ? st.health : 'not yet probed' }),
        ' ', el('span', { class: 'target', text: ch.type + ' ' + (ch.url || ch.target || '') }),
        st && st.output ? el('div', { class: 'output', text: st.output }) : null,
        st && st.ageMillis !== null && st.ageMillis !== undefined
          ? el('div', { class: 'muted', text: age(st.ageMillis + since) + ' ago' }) : null);
    }));
    if (checks.length === 0) row.cells.checks.textContent = 'none';
    if (i.ephemeral) {
      const hb = l && l.heartbeatAgeMillis !== null && l.heartbeatAgeMillis !== undefined
        ? 'last heartbeat ' + age(l.heartbeatAgeMillis + since) + ' ago' : 'no heartbeat known';
      replace(row.cells.life, el('div', { text: 'ephemeral, TTL ' + i.ttl }), el('div', { class: 'muted', text: hb }));
    } else {
      replace(row.cells.life, el('div', { text: 'persistent' }),
        i.deregisterAfter ? el('div', { class: 'muted', text: 'removed after ' + i.deregisterAfter + ' critical' }) : null);
    }
  }

  function showMessage(text) {
    message.textContent = text;
    message.hidden = !text;
  }

  function record(e) {
    const time = new Date().toLocaleTimeString();
    const li = el('li', { class: 'event ' + e.kind },
      el('time', { text: time }), ' ',
      el('span', { class: 'kind', text: e.kind }), ' ',
      el('span', { class: 'id', text: e.instance.id }),
      e.kind === 'health' ? el('span', { text: ' → ' + e.instance.health }) : null,
      e.reason && e.reason !== 'request' ? el('span', { class: 'reason', text: ' (' + e.reason + ')' }) : null,
      el('span', { class: 'muted', text: ' revision ' + e.revision }));
    events.insertBefore(li, events.firstChild);
    while (events.children.length > HISTORY) events.lastChild.remove();
  }

  let pending = null;
  async function refreshLiveness() {
    if (pending) return;
    const controller = new AbortController();
    pending = controller;
    try {
      const l = await getJson('/v1/services/' + encodeURIComponent(name) + '/liveness?ns=' + encodeURIComponent(ns),
        controller.signal);
      liveness = new Map(l.instances.map((x) => [x.id, x]));
      livenessAt = performance.now();
      for (const [id, row] of rows) fillLiveness(row, instances.get(id));
    } catch (e) {
      if (e.name !== 'AbortError') status('liveness unavailable: ' + e.message, true);
    } finally {
      pending = null;
    }
  }
  const poll = setInterval(refreshLiveness, LIVENESS_EVERY_MS);
  // After changes: one read a little later, however many changes came (a burst of 100/s must
  // not become 100 reads/s).
  let soon = 0;
  function refreshSoon() {
    if (!soon) soon = setTimeout(() => { soon = 0; refreshLiveness(); }, 250);
  }
  // Ages tick between reads.
  const tick = setInterval(() => { for (const [id, row] of rows) fillLiveness(row, instances.get(id)); }, 1000);

  const stream = watch('/v1/watch/services/' + encodeURIComponent(name) + '?ns=' + encodeURIComponent(ns), {
    open() {
      status('live');
      if (!main.dataset.openedAt) main.dataset.openedAt = String(Math.round(performance.now()));
    },
    error() { status('disconnected: reconnecting…', true); },
    state(s) {
      if (!main.dataset.statesAt) main.dataset.statesAt = String(Math.round(performance.now()));
      revision = s.revision;
      replaceAll(s.instances);
      synced = true;
      main.dataset.synced = 'true';
      // Milliseconds from the navigation to the first complete table (the browser test's budget).
      if (!main.dataset.renderedAt) main.dataset.renderedAt = String(Math.round(performance.now()));
      showFacts();
      refreshLiveness();
    },
    registered: change,
    updated: change,
    health: change,
    deregistered: change,
  });

  function change(e) {
    revision = e.revision;
    revisions.set(e.instance.id, e.revision);
    if (e.kind === 'deregistered') remove(e.instance.id); else upsert(e.instance, true);
    record(e);
    showFacts();
    refreshSoon();
  }

  return () => {
    stream.close();
    clearInterval(poll);
    clearInterval(tick);
    clearTimeout(soon);
    if (pending) pending.abort();
  };
}
