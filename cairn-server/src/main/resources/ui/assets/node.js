// The node serving the console: its figures (GET /v1/figures, the same counters as /metrics, in
// JSON) read every second and drawn over the last five minutes. Rates are counter differences
// over the node's own uptime difference.
import { el, replace, status } from './dom.js';
import { getJson } from './api.js';
import { Chart } from './chart.js';

const EVERY_MS = 1000;
const POINTS = 300;

const FIGURES = [
  { key: 'registrations', label: 'Registrations/s', rate: true },
  { key: 'lookups', label: 'Lookups/s', rate: true },
  { key: 'heartbeats', label: 'Heartbeats/s', rate: true },
  { key: 'expired', label: 'Expiries/s', rate: true },
  { key: 'watchers', label: 'Watchers', rate: false },
  { key: 'heapUsedBytes', label: 'Heap (MiB)', rate: false, scale: 1 / 1048576 },
];

export function mount(main) {
  const panels = FIGURES.map((f) => {
    const value = el('span', { class: 'value', text: '—' });
    const canvas = el('canvas', { role: 'img', 'aria-label': f.label + ' over the last five minutes' });
    const chart = new Chart(canvas, POINTS);
    return { f, value, chart, node: el('figure', { class: 'panel', dataset: { figure: f.key } },
      el('figcaption', {}, el('span', { text: f.label }), value), canvas) };
  });
  const facts = el('p', { class: 'muted', id: 'node-facts' });
  replace(main, el('h1', { text: 'Node' }), facts, el('div', { class: 'panels' }, panels.map((p) => p.node)));

  let last = null;
  const controller = new AbortController();
  async function refresh() {
    let now;
    try {
      now = await getJson('/v1/figures', controller.signal);
    } catch (e) {
      if (e.name !== 'AbortError') status('figures unavailable: ' + e.message, true);
      return;
    }
    status('updated ' + new Date().toLocaleTimeString());
    const heapMax = now.heapMaxBytes > 0 ? Math.round(now.heapMaxBytes / 1048576) + ' MiB' : 'none';
    facts.textContent = 'Node ' + now.node + ' · up ' + Math.round(now.uptimeMillis / 1000) + ' s · heap limit ' + heapMax;
    for (const p of panels) {
      let v;
      if (p.f.rate) {
        if (!last) continue;
        const dt = (now.uptimeMillis - last.uptimeMillis) / 1000;
        v = dt > 0 ? Math.max(0, now[p.f.key] - last[p.f.key]) / dt : 0;
      } else {
        v = now[p.f.key] * (p.f.scale || 1);
      }
      p.chart.push(v);
      p.value.textContent = v >= 100 ? String(Math.round(v)) : String(Math.round(v * 10) / 10);
      p.chart.draw();
    }
    last = now;
  }
  refresh();
  const timer = setInterval(refresh, EVERY_MS);
  return () => { clearInterval(timer); controller.abort(); };
}
