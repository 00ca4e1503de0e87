// Namespaces have no listing in the API: the switcher offers the ones this browser has visited
// (kept in localStorage) and takes any other name typed in.
import { el } from './dom.js';
import { navigate } from './router.js';

const KEY = 'cairn.namespaces';

function known() {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) || '[]');
    return Array.isArray(list) ? list.filter((n) => typeof n === 'string') : [];
  } catch (e) {
    return [];
  }
}

export function rememberNamespace(ns) {
  const list = known().filter((n) => n !== ns);
  list.unshift(ns);
  try { localStorage.setItem(KEY, JSON.stringify(list.slice(0, 20))); } catch (e) { /* private mode */ }
}

/** A namespace field: Enter (or picking a remembered one) goes to basePath?ns=NAME. */
export function namespaceSwitcher(ns, basePath) {
  const names = new Set(['default', ...known()]);
  const list = el('datalist', { id: 'namespaces' }, [...names].sort().map((n) => el('option', { value: n })));
  const input = el('input', {
    id: 'namespace', list: 'namespaces', value: ns, 'aria-label': 'Namespace', autocomplete: 'off',
    spellcheck: 'false', pattern: '[a-z0-9]([a-z0-9_\\-]*[a-z0-9])?', size: 14,
  });
  const form = el('form', { class: 'ns', role: 'search' },
    el('label', { for: 'namespace', text: 'Namespace' }), input, list);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = input.value.trim() || 'default';
    navigate(basePath + (v === 'default' ? '' : '?ns=' + encodeURIComponent(v)));
  });
  input.addEventListener('change', () => form.requestSubmit());
  return form;
}
