// The span details pane: name, kind, status, timing, attributes, resource, events, links, logs.
import { h } from './dom.js';
import { fmtDuration, fmtTime, valueText } from './format.js';
import { tagValue } from './model.js';

const enc = encodeURIComponent;
const SHOWN_ELSEWHERE = new Set(['span.kind', 'otel.status_code', 'otel.status_description']);

export function renderDetails(model, n, { onClose, logs }) {
  const s = n.raw;
  const statusCode = tagValue(s.tags, 'otel.status_code') || (n.error ? 'ERROR' : 'UNSET');
  const statusMsg = tagValue(s.tags, 'otel.status_description');
  const attrs = (s.tags || []).filter((t) => !SHOWN_ELSEWHERE.has(t.key));
  const resource = [{ key: 'service.name', value: n.service }, ...(n.process.tags || [])];
  const parent = n.parentId ? model.byId.get(n.parentId) : null;
  const links = (s.references || []).filter((r) => !(r.refType === 'CHILD_OF' && r.traceID === s.traceID && r.spanID === n.parentId));

  return h('aside.details', { 'aria-label': 'Span details', tabindex: -1 },
    h('div.details-head', null,
      h('span.wf-chip', { style: { background: model.colorOf(n.service) } }),
      h('h2', null, n.op),
      h('button.small.close', { type: 'button', 'aria-label': 'Close details', onclick: onClose }, '×')),
    h('dl.kv', null,
      kv('Service', n.service),
      kv('Span ID', n.id, 'mono'),
      kv('Kind', n.kind),
      kv('Status', h('span', { class: `status status-${statusCode.toLowerCase()}` }, statusCode),
        statusMsg != null ? h('span.status-msg', null, ` ${valueText(statusMsg)}`) : null),
      kv('Start', `${fmtTime(n.start)} (+${fmtDuration(n.start - model.start)})`),
      kv('Duration', fmtDuration(n.duration)),
      parent ? kv('Parent', h('a', { href: `/trace/${enc(model.traceID)}?span=${enc(parent.id)}`, dataset: { span: parent.id } }, parent.op)) : null,
      n.missingParent ? kv('Parent', `${n.parentId} (not in this trace)`) : null),
    section('Attributes', attrs.length, table(attrs), 'attributes'),
    section('Resource', resource.length, table(resource), 'resource'),
    section('Events', (s.logs || []).length, events(model, s.logs || []), 'events'),
    section('Links', links.length, h('ul.links', null, links.map((r) => h('li', null,
      h('span.ref-type', null, r.refType === 'CHILD_OF' ? 'child of' : 'follows from'), ' ',
      h('a.mono', { href: `/trace/${enc(r.traceID)}?span=${enc(r.spanID)}` }, `${r.traceID} · ${r.spanID}`),
      r.traceID === s.traceID ? ' (this trace)' : null))), 'links'),
    s.warnings && s.warnings.length ? section('Warnings', s.warnings.length, h('ul.links', null, s.warnings.map((w) => h('li', null, w))), 'warnings') : null,
    logs && logs.length ? section('Logs', logs.length, h('ul.span-logs', null, logs.map((l) => h('li', null,
      h('span', { class: `sev sev-${l.sevClass}` }, l.severity), ' ', h('span.body', null, l.bodyText)))), 'span-logs') : null);
}

function kv(k, ...v) {
  const cls = v.length === 2 && v[1] === 'mono' ? 'mono' : null;
  return [h('dt', null, k), h('dd', cls ? { class: cls } : null, cls ? v[0] : v)];
}

function section(title, count, body, name) {
  return h('details.dsec', { open: true, dataset: { section: name } },
    h('summary', null, title, h('span.count', null, String(count))),
    count ? body : h('p.muted', null, 'None'));
}

function table(tags) {
  return h('table.tags', null, h('tbody', null, tags.map((t) => h('tr', null,
    h('th', { scope: 'row' }, t.key),
    h('td', { dataset: { key: t.key } }, valueText(t.value))))));
}

function events(model, logs) {
  return h('ol.events', null, logs.map((ev) => {
    const name = ev.fields.find((f) => f.key === 'event');
    const rest = ev.fields.filter((f) => f !== name);
    return h('li', null,
      h('span.muted', null, `+${fmtDuration(ev.timestamp - model.start)} `),
      h('strong', null, name ? valueText(name.value) : '(event)'),
      rest.length ? table(rest) : null);
  }));
}
