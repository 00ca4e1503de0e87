// The cluster: members (GET /v1/cluster/members) and the partition table
// (GET /v1/cluster/partitions), read every two seconds; the API has no stream of them. A member
// that is not alive or not reachable, and a partition without a leader or without a quorum of
// live replicas, are marked and counted at the top.
import { el, replace, status } from './dom.js';
import { getJson } from './api.js';

const EVERY_MS = 2000;

export function mount(main) {
  const alerts = el('ul', { class: 'alerts', id: 'alerts', 'aria-live': 'polite' });
  const members = el('tbody', { id: 'members' });
  const partitions = el('tbody', { id: 'partitions' });
  const facts = el('p', { class: 'muted', id: 'cluster-facts' });
  replace(main,
    el('h1', { text: 'Cluster' }), facts, alerts,
    el('h2', { text: 'Members' }),
    el('div', { class: 'scroll' }, el('table', { class: 'grid' },
      el('thead', {}, el('tr', {}, ['Member', 'HTTP', 'Raft', 'State', 'Reachable', 'Held', 'Led']
        .map((h) => el('th', { scope: 'col', text: h })))), members)),
    el('h2', { text: 'Partitions' }),
    el('div', { class: 'scroll' }, el('table', { class: 'grid' },
      el('thead', {}, el('tr', {}, ['Partition', 'Leader', 'Term', 'Replicas (role, applied index, lag)', 'Placement', 'Quorum']
        .map((h) => el('th', { scope: 'col', text: h })))), partitions)));

  const controller = new AbortController();
  async function refresh() {
    try {
      const [m, p] = await Promise.all([
        getJson('/v1/cluster/members', controller.signal),
        getJson('/v1/cluster/partitions', controller.signal),
      ]);
      draw(m, p);
      status('updated ' + new Date().toLocaleTimeString());
    } catch (e) {
      if (e.name !== 'AbortError') status('cluster unavailable: ' + e.message, true);
    }
  }

  function draw(m, p) {
    const live = new Set(m.members.filter((x) => x.state === 'alive' && x.reachable).map((x) => x.id));
    const problems = [];
    replace(members, m.members.map((x) => {
      const bad = x.state !== 'alive' || !x.reachable;
      if (bad) problems.push('Member ' + x.id + ' is ' + x.state + (x.reachable ? '' : ', unreachable'));
      return el('tr', { class: bad ? 'bad' : '', dataset: { member: x.id } },
        el('th', { scope: 'row' }, el('span', { text: x.id }), x.id === m.metaLeader ? el('span', { class: 'tag', text: 'metadata leader' }) : null),
        el('td', { text: x.http }), el('td', { text: x.raft }),
        el('td', {}, el('span', { class: 'badge ' + (x.state === 'alive' ? 'passing' : x.state === 'leaving' ? 'warning' : 'critical'), text: x.state })),
        el('td', { text: x.reachable ? 'yes' : 'no' }),
        el('td', { class: 'num', text: count(x.held) }), el('td', { class: 'num', text: count(x.led) }));
    }));
    replace(partitions, p.partitions.map((x) => {
      const top = Math.max(...x.replicas.map((r) => r.appliedIndex), -1);
      const voters = x.replicas.length;
      const up = x.replicas.filter((r) => live.has(r.node)).length;
      const quorum = up > voters / 2;
      const bad = x.leader === null || !quorum;
      if (x.leader === null) problems.push('Partition ' + x.partition + ' has no leader');
      if (!quorum) problems.push('Partition ' + x.partition + ' has no quorum (' + up + ' of ' + voters + ' replicas live)');
      return el('tr', { class: bad ? 'bad' : '', dataset: { partition: String(x.partition) } },
        el('th', { scope: 'row', class: 'num', text: x.partition }),
        el('td', { text: x.leader === null ? 'none' : x.leader }),
        el('td', { class: 'num', text: x.term }),
        el('td', {}, x.replicas.map((r) => el('div', { class: live.has(r.node) ? '' : 'down' },
          el('span', { text: r.node }), ' ',
          el('span', { class: 'muted', text: r.role.toLowerCase() + ', ' + (r.appliedIndex < 0 ? 'no report' : r.appliedIndex)
            + (r.appliedIndex >= 0 && top >= 0 ? ', lag ' + (top - r.appliedIndex) : '') })))),
        el('td', { text: (x.placement || []).join(', ') }),
        el('td', { text: up + '/' + voters + (quorum ? '' : ' — no quorum') }));
    }));
    facts.textContent = m.members.length + (m.members.length === 1 ? ' member · ' : ' members · ') + m.partitionCount + ' partitions · replication ' + m.replication
      + ' · epoch ' + m.epoch;
    replace(alerts, problems.map((t) => el('li', { class: 'error', text: t })));
  }

  refresh();
  const timer = setInterval(refresh, EVERY_MS);
  return () => { clearInterval(timer); controller.abort(); };
}

function count(v) {
  return Array.isArray(v) ? String(v.length) : String(v);
}
