// The services of a namespace, live from the namespace watch stream (GET /v1/watch): one state
// per service first, then every change. Counts, tags and metadata are derived from the instances
// here; the whole catalog is never polled. Rendering is batched per animation frame and touches
// only the rows whose service changed, so 5,000 services render at once and stay responsive under
// a stream of changes.
import { sortedIndex, el, servicePath, status, flash, replace } from './dom.js';
import { watch } from './api.js';
import { rememberNamespace, namespaceSwitcher } from './namespaces.js';

/** A filter box's text: whitespace-separated terms, all of which must match. */
export function parseFilter(text) {
  return text.trim().toLowerCase().split(/\s+/).filter((t) => t.length > 0);
}

/**
 * Whether a service matches every term: a term with ':' matches a metadata pair (key exactly,
 * value by prefix) or a tag containing it; any other term a part of the name or of a tag.
 */
export function matches(row, terms) {
  for (const t of terms) {
    if (row.name.toLowerCase().includes(t)) continue;
    if (row.tagsLower.some((g) => g.includes(t))) continue;
    const colon = t.indexOf(':');
    if (colon > 0) {
      const k = t.slice(0, colon);
      const v = t.slice(colon + 1);
      if (row.metaLower.some(([mk, mv]) => mk === k && mv.startsWith(v))) continue;
    }
    return false;
  }
  return true;
}

export function mount(main, params) {
  const ns = params.ns;
  rememberNamespace(ns);
  const services = new Map(); // name -> Map(id -> instance)
  const rows = new Map(); // name -> { tr, name, tagsLower, metaLower, cells }
  const dirty = new Set();
  let order = []; // names shown, sorted
  let synced = false;
  let restarted = null; // after a reconnect: the services stated again, to drop the others
  let frame = 0;
  let terms = parseFilter(params.filter || '');

  const filterBox = el('input', {
    type: 'search', id: 'filter', placeholder: 'Filter: name, tag or meta key:value',
    'aria-label': 'Filter services by name, tag or metadata key:value', value: params.filter || '',
    autocomplete: 'off', spellcheck: 'false',
  });
  const summary = el('p', { class: 'muted', id: 'summary', 'aria-live': 'polite' });
  const tbody = el('tbody', { id: 'services' });
  const table = el('table', { class: 'grid services' },
    el('caption', { class: 'visually-hidden', text: 'Services of namespace ' + ns }),
    el('colgroup', {}, el('col', { class: 'name' }), el('col', { class: 'count' }), el('col', { class: 'count' }),
      el('col', { class: 'count' }), el('col', { class: 'count' }), el('col', { class: 'tags' })),
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col', text: 'Service' }),
      el('th', { scope: 'col', class: 'num', text: 'Instances' }),
      el('th', { scope: 'col', class: 'num', text: 'Passing' }),
      el('th', { scope: 'col', class: 'num', text: 'Warning' }),
      el('th', { scope: 'col', class: 'num', text: 'Critical' }),
      el('th', { scope: 'col', text: 'Tags' }))),
    tbody);
  const empty = el('p', { class: 'muted', id: 'empty', hidden: true });
  replace(main,
    el('div', { class: 'bar' }, el('h1', { text: 'Services' }), namespaceSwitcher(ns, '/ui/')),
    el('div', { class: 'bar' }, filterBox, summary),
    el('div', { class: 'scroll' }, table), empty);

  filterBox.addEventListener('input', () => {
    terms = parseFilter(filterBox.value);
    const url = new URL(location.href);
    if (filterBox.value) url.searchParams.set('filter', filterBox.value); else url.searchParams.delete('filter');
    history.replaceState(history.state, '', url);
    for (const r of rows.values()) r.tr.hidden = !matches(r, terms);
    updateSummary();
  });

  // Until the stream's initial states are all in (synced), nothing is drawn: the table is then
  // laid out once, instead of once per frame while thousands of states arrive.
  function schedule(name) {
    dirty.add(name);
    if (synced && !frame) frame = requestAnimationFrame(render);
  }

  function render() {
    frame = 0;
    const added = [];
    const fresh = new Set();
    for (const name of dirty) {
      const instances = services.get(name);
      let row = rows.get(name);
      if (!instances || instances.size === 0) {
        if (row) {
          row.tr.remove();
          rows.delete(name);
          order.splice(sortedIndex(order, name), 1);
        }
        continue;
      }
      if (!row) {
        row = newRow(name);
        rows.set(name, row);
        added.push(name);
        fresh.add(name);
      }
      fill(row, instances);
      row.tr.hidden = !matches(row, terms);
      if (synced && !fresh.has(name)) flash(row.tr);
    }
    dirty.clear();
    if (added.length > 64) {
      // Many at once (the first states): sort everything and lay the rows out in one pass.
      order = order.concat(added).sort(compare);
      const frag = document.createDocumentFragment();
      for (const n of order) frag.appendChild(rows.get(n).tr);
      tbody.appendChild(frag);
    } else {
      for (const n of added.sort(compare)) {
        const at = sortedIndex(order, n);
        order.splice(at, 0, n);
        const next = order[at + 1];
        tbody.insertBefore(rows.get(n).tr, next === undefined ? null : rows.get(next).tr);
        if (synced) flash(rows.get(n).tr);
      }
    }
    updateSummary();
  }

  // Rows are clones of one template (much cheaper than building each element anew), filled
  // with textContent.
  const template = el('tr', {},
    el('th', { scope: 'row' }, el('a')),
    el('td', { class: 'num' }), el('td', { class: 'num' }), el('td', { class: 'num' }), el('td', { class: 'num' }),
    el('td', { class: 'tags' }));

  function newRow(name) {
    const tr = template.cloneNode(true);
    tr.dataset.service = name;
    const a = tr.firstChild.firstChild;
    a.href = servicePath(name, ns);
    a.textContent = name;
    const td = tr.children;
    const cells = { count: td[1], passing: td[2], warning: td[3], critical: td[4], tags: td[5] };
    return { tr, name, cells, tagsLower: [], metaLower: [], tagsKey: '' };
  }

  function fill(row, instances) {
    let passing = 0;
    let warning = 0;
    let critical = 0;
    let tags = null;
    let meta = null;
    for (const i of instances.values()) {
      if (i.health === 'passing') passing++; else if (i.health === 'warning') warning++; else critical++;
      if (i.tags && i.tags.length) {
        if (!tags) tags = new Set();
        for (const t of i.tags) tags.add(t);
      }
      for (const k in i.meta) {
        if (!meta) meta = new Map();
        meta.set(k + '\u0000' + i.meta[k], [k.toLowerCase(), i.meta[k].toLowerCase()]);
      }
    }
    const c = row.cells;
    c.count.textContent = String(instances.size);
    setCount(c.passing, 'passing', passing);
    setCount(c.warning, 'warning', warning);
    setCount(c.critical, 'critical', critical);
    const sorted = tags ? [...tags].sort() : [];
    const key = sorted.join('\u0000');
    if (key !== row.tagsKey) {
      row.tagsKey = key;
      const frag = document.createDocumentFragment();
      for (const t of sorted) {
        const span = document.createElement('span');
        span.className = 'tag';
        span.textContent = t;
        frag.appendChild(span);
      }
      c.tags.replaceChildren(frag);
    }
    row.tagsLower = sorted.map((t) => t.toLowerCase());
    row.metaLower = meta ? [...meta.values()] : [];
  }

  function updateSummary() {
    let shown = 0;
    for (const r of rows.values()) if (!r.tr.hidden) shown++;
    const total = rows.size;
    summary.textContent = total + (total === 1 ? ' service' : ' services')
      + (shown !== total ? ', ' + shown + ' shown' : '');
    empty.hidden = !synced || total > 0;
    empty.textContent = 'No services in namespace ' + ns + ' yet.';
  }

  const stream = watch('/v1/watch?ns=' + encodeURIComponent(ns), {
    open() {
      status('live');
      if (!main.dataset.openedAt) main.dataset.openedAt = String(Math.round(performance.now()));
      if (synced) {
        restarted = new Set();
        synced = false;
      }
    },
    error() {
      status('disconnected: reconnecting…', true);
    },
    state(s) {
      const m = new Map();
      for (const i of s.instances) m.set(i.id, i);
      services.set(s.service, m);
      if (restarted) restarted.add(s.service);
      schedule(s.service);
    },
    registered: change,
    updated: change,
    health: change,
    deregistered: change,
    synced() {
      if (!main.dataset.statesAt) main.dataset.statesAt = String(Math.round(performance.now()));
      if (restarted) {
        for (const name of services.keys()) {
          if (!restarted.has(name)) { services.delete(name); schedule(name); }
        }
        restarted = null;
      }
      if (frame) cancelAnimationFrame(frame);
      render();
      // From now on changes are drawn as they come, and highlighted.
      synced = true;
      updateSummary();
      main.dataset.synced = 'true';
      // Milliseconds from the navigation to the first complete table (the browser test's budget).
      if (!main.dataset.renderedAt) main.dataset.renderedAt = String(Math.round(performance.now()));
    },
  }, 'restart');

  function change(e) {
    let m = services.get(e.service);
    if (!m) { m = new Map(); services.set(e.service, m); }
    if (e.kind === 'deregistered') m.delete(e.instance.id); else m.set(e.instance.id, e.instance);
    schedule(e.service);
  }

  // "/" jumps to the filter box from anywhere on the page but a text field.
  const onKey = (e) => {
    if (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !(e.target instanceof HTMLInputElement)) {
      e.preventDefault();
      filterBox.focus();
      filterBox.select();
    }
  };
  document.addEventListener('keydown', onKey);

  return () => {
    stream.close();
    document.removeEventListener('keydown', onKey);
    if (frame) cancelAnimationFrame(frame);
  };
}

function setCount(td, health, n) {
  td.textContent = String(n);
  if ((n > 0) !== td.classList.contains(health)) td.classList.toggle(health, n > 0);
}

function compare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
