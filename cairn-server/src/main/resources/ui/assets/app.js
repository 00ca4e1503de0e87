// The console's entry point: maps the URL to a view and mounts it in <main>. Each view's
// mount(main, params) returns a function that closes its streams and timers.
import { start } from './router.js';
import { el, replace, status } from './dom.js';
import * as services from './services.js';
import * as service from './service.js';
import * as cluster from './cluster.js';
import * as node from './node.js';

let dispose = null;

function route() {
  const path = location.pathname;
  const query = new URLSearchParams(location.search);
  const ns = query.get('ns') || 'default';
  if (path === '/ui/' || path === '/ui/services' || path === '/ui/services/') {
    return { view: services, name: 'services', params: { ns, filter: query.get('filter') || '' }, title: 'Services' };
  }
  if (path.startsWith('/ui/services/')) {
    let name;
    try { name = decodeURIComponent(path.slice('/ui/services/'.length)); } catch (e) { name = null; }
    if (name) return { view: service, name: 'services', params: { ns, service: name }, title: name };
  }
  if (path === '/ui/cluster') return { view: cluster, name: 'cluster', params: {}, title: 'Cluster' };
  if (path === '/ui/node') return { view: node, name: 'node', params: {}, title: 'Node' };
  return null;
}

function render() {
  if (dispose) dispose();
  dispose = null;
  status('');
  const main = document.getElementById('main');
  delete main.dataset.synced;
  delete main.dataset.renderedAt;
  delete main.dataset.openedAt;
  delete main.dataset.statesAt;
  const r = route();
  for (const a of document.querySelectorAll('nav a[data-view]')) {
    if (r && a.dataset.view === r.name) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  if (!r) {
    document.title = 'Not found · Cairn';
    replace(main, el('h1', { text: 'Not found' }), el('p', {}, 'No console page at ', el('code', { text: location.pathname }), '.'));
    return;
  }
  document.title = r.title + ' · Cairn';
  dispose = r.view.mount(main, r.params);
}

// A page the browser keeps for the back button (back/forward cache) must not hold its streams
// open: browsers allow few connections per host, and a hidden page's would starve the others.
window.addEventListener('pagehide', () => {
  if (dispose) dispose();
  dispose = null;
});
window.addEventListener('pageshow', (e) => {
  if (e.persisted) render();
});

start(render);
