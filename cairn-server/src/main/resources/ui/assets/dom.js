// DOM building without markup: every piece of text, above all names, tags and metadata that come
// from the registry's clients, is inserted as a text node (textContent), never parsed as HTML.
// Nothing in the console sets innerHTML, outerHTML or insertAdjacentHTML.

/**
 * Creates an element. attrs: plain attributes, except `class`, `text` (textContent), `on*`
 * (event listeners) and `dataset` (an object). children: elements or strings (as text).
 */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = String(v);
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  append(e, children);
  return e;
}

function append(parent, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(parent, c);
    else if (c instanceof Node) parent.appendChild(c);
    else parent.appendChild(document.createTextNode(String(c)));
  }
}

/** Replaces an element's children. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  append(parent, children);
}

/** A link inside the console (the router handles the click). */
export function link(href, text, attrs = {}) {
  return el('a', { ...attrs, href, text });
}

/** Console path of a service, with ?ns= unless the namespace is the default. */
export function servicePath(name, ns) {
  return '/ui/services/' + encodeURIComponent(name) + nsQuery(ns);
}

export function nsQuery(ns) {
  return ns && ns !== 'default' ? '?ns=' + encodeURIComponent(ns) : '';
}

/** "3 s", "2 min 5 s", "1 h 3 min" from milliseconds. */
export function age(ms) {
  if (ms === null || ms === undefined) return '—';
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return s + ' s';
  if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
  return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
}

const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');
const darkScheme = window.matchMedia('(prefers-color-scheme: dark)');
let flashColour = null;
darkScheme.addEventListener('change', () => { flashColour = null; });

/**
 * A brief highlight of something that just changed. A Web Animation, not a CSS class toggled
 * off and on: restarting a CSS animation needs a forced layout, and a layout of a table of
 * thousands of rows per change would stall the page under a stream of changes.
 */
export function flash(e) {
  if (flashColour === null) {
    flashColour = getComputedStyle(document.documentElement).getPropertyValue('--flash').trim() || '#fff4b8';
  }
  e.animate([{ backgroundColor: flashColour }, { backgroundColor: 'transparent' }],
    { duration: reducedMotion.matches ? 10 : 1200, easing: 'ease-out' });
}

/** The top bar's live status line. */
export function status(text, bad = false) {
  const s = document.getElementById('status');
  if (!s) return;
  s.textContent = text;
  s.classList.toggle('bad', bad);
}

/** Where key is, or would go, in an array of strings sorted by code unit (as the API sorts). */
export function sortedIndex(sorted, key) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < key) lo = mid + 1; else hi = mid;
  }
  return lo;
}
