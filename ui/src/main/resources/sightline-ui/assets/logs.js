// Log records: the trace's logs panel and the logs view (search, histogram, paged results).
import { h, clear, svg } from './dom.js';
import { getJson, qs, ApiError } from './api.js';
import { fmtDuration, fmtTime, valueText, nanosToMicros } from './format.js';
import { timeRangeFields, readTimeRange } from './timerange.js';

const SEVERITIES = [[1, 'TRACE'], [5, 'DEBUG'], [9, 'INFO'], [13, 'WARN'], [17, 'ERROR'], [21, 'FATAL']];

function severityOf(r) {
  let text = r.severityText;
  const num = Number(r.severityNumber) || 0;
  let cls = 'unset';
  for (const [min, name] of SEVERITIES) if (num >= min) cls = name.toLowerCase();
  if (!text) text = num ? SEVERITIES.filter(([min]) => num >= min).pop()[1] : '—';
  if (cls === 'unset' && text) {
    const t = String(text).toLowerCase();
    cls = t.startsWith('err') ? 'error' : t.startsWith('warn') ? 'warn' : t.startsWith('fatal') || t.startsWith('crit') ? 'fatal'
      : t.startsWith('debug') ? 'debug' : t.startsWith('trace') ? 'trace' : t.startsWith('info') ? 'info' : 'unset';
  }
  return { severity: String(text), sevClass: cls };
}

/** Attributes as a plain object, whether sent as a map or as OTLP key/value pairs. */
function attrMap(a) {
  if (!a) return {};
  if (Array.isArray(a)) {
    const out = {};
    for (const kv of a) out[kv.key] = kv.value && typeof kv.value === 'object' && !Array.isArray(kv.value)
      ? Object.values(kv.value)[0] : kv.value;
    return out;
  }
  if (a.attributes) return attrMap(a.attributes);
  return a;
}

export function normalizeLog(r) {
  const resource = attrMap(r.resource);
  return {
    raw: r,
    time: nanosToMicros(r.timeUnixNano && r.timeUnixNano !== '0' ? r.timeUnixNano : r.observedTimeUnixNano),
    ...severityOf(r),
    service: valueText(resource['service.name'] || ''),
    bodyText: valueText(r.body),
    attributes: attrMap(r.attributes),
    traceId: r.traceId || '',
    spanId: r.spanId || '',
  };
}

function recordsOf(body) {
  if (!body) return [];
  return body.records || body.data || [];
}

function attrChips(attributes) {
  const entries = Object.entries(attributes);
  if (!entries.length) return null;
  return h('span.attrs', null, entries.map(([k, v]) => h('span.attr', null, h('span.k', null, k), '=', h('span.v', null, valueText(v)))));
}

/** Every page of a paged records endpoint, up to MAX_TRACE_LOGS records. */
const MAX_TRACE_LOGS = 50000;
async function fetchAll(url) {
  const out = [];
  let cursor = null;
  do {
    const body = await getJson(cursor ? `${url}?${qs({ cursor })}` : url);
    for (const r of recordsOf(body)) out.push(normalizeLog(r));
    cursor = body && body.nextCursor;
  } while (cursor && out.length < MAX_TRACE_LOGS);
  return out;
}

/** The trace's logs panel. onSelectSpan(spanId) selects the span in the waterfall. */
export function createTraceLogs(model, { onSelectSpan }) {
  const body = h('div.logs-body', null, h('p.muted', null, 'Loading logs…'));
  const count = h('span.count', null, '…');
  const search = `/logs?${qs({ query: `trace_id:${model.traceID}`, lookback: '7d', order: 'asc' })}`;
  const el = h('section.trace-logs', { 'aria-label': 'Logs of this trace' },
    h('div.head-row', null, h('h2', null, 'Logs ', count), h('a.small', { href: search }, 'Open in the logs view')), body);

  async function load() {
    let records;
    let error = null;
    try {
      records = await fetchAll(`/api/traces/${encodeURIComponent(model.traceID)}/logs`);
    } catch (e) {
      error = e;
      // A 404 in the API's JSON envelope is an answer: no records for this trace.
      if (e.status === 404 && !e.unavailable) records = [];
    }
    if (records === undefined) {
      const e = error;
      clear(body).appendChild(h('p.note', { dataset: { logsUnavailable: e.unavailable ? 'true' : 'false' } },
        e.unavailable
          ? 'Logs unavailable: this server does not offer the logs API (/api/traces/{id}/logs answered 404).'
          : `Logs could not be loaded: ${e.message}`));
      count.textContent = '';
      return [];
    }
    records.sort((a, b) => a.time - b.time);
    count.textContent = String(records.length);
    clear(body);
    if (!records.length) {
      body.appendChild(h('p.muted', null, 'No log records for this trace.'));
      return records;
    }
    const list = h('ol.log-list', { role: 'list' });
    for (const r of records) {
      const inTrace = r.spanId && model.byId.has(r.spanId);
      const span = inTrace ? model.byId.get(r.spanId) : null;
      const item = h('li.log-row', {
        dataset: { spanId: r.spanId },
        tabindex: inTrace ? 0 : null,
        role: inTrace ? 'button' : null,
        title: inTrace ? `Select span ${span.op}` : null,
      },
      h('span.log-time.mono', null, `+${fmtDuration(r.time - model.start)}`),
      h('span', { class: `sev sev-${r.sevClass}` }, r.severity),
      h('span.log-svc', { style: { borderColor: model.colorOf(r.service || (span && span.service)) } }, r.service || (span ? span.service : '')),
      h('span.log-body', null, r.bodyText),
      attrChips(r.attributes));
      if (inTrace) {
        item.classList.add('linked');
        const go = () => onSelectSpan(r.spanId);
        item.addEventListener('click', go);
        item.addEventListener('keydown', (e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            go();
          }
        });
      }
      list.appendChild(item);
    }
    body.appendChild(list);
    return records;
  }

  return { el, load };
}

/** The logs view: /logs?query=&lookback=&start=&end=&order=&limit= */
export function renderLogsView(root, params, navigate) {
  const query = h('input#logs-query', { name: 'query', value: params.get('query') || '', placeholder: 'Lucene query, e.g. severity:ERROR AND service:checkout', spellcheck: 'false', autocomplete: 'off' });
  const range = timeRangeFields(params, '1h');
  const order = h('select#logs-order', { name: 'order' },
    h('option', { value: 'desc' }, 'Newest first'), h('option', { value: 'asc' }, 'Oldest first'));
  order.value = params.get('order') === 'asc' ? 'asc' : 'desc';
  const limit = h('select#logs-limit', { name: 'limit' }, ['50', '100', '200', '500'].map((v) => h('option', { value: v }, v)));
  limit.value = ['50', '100', '200', '500'].includes(params.get('limit')) ? params.get('limit') : '100';
  const form = h('form.logs-form', {
    role: 'search',
    onsubmit: (e) => {
      e.preventDefault();
      const p = { query: query.value.trim(), ...range.values(), order: order.value, limit: limit.value };
      navigate(`/logs?${qs(p)}`);
    },
  },
  h('label.grow', null, h('span', null, 'Query'), query),
  range.el,
  h('label', null, h('span', null, 'Order'), order),
  h('label', null, h('span', null, 'Limit'), limit),
  h('button.primary', { type: 'submit' }, 'Search logs'));
  const chart = h('div.histogram', { 'aria-label': 'Matching records over time' });
  const results = h('div.logs-results');
  const pager = h('div.pager');
  clear(root).append(h('h1', null, 'Logs'), form, chart, results, pager);
  if (!params.has('query') && !params.has('lookback') && !params.has('start')) {
    results.appendChild(h('p.muted', null, 'Search log records with Lucene syntax: words and "phrases" in the body, service:checkout, severity:ERROR, trace_id:…, attributes.http.status_code:[500 TO 599].'));
    return;
  }
  const { startMs, endMs } = readTimeRange(params, '1h');
  const base = { query: params.get('query') || '', start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString() };
  const cursors = [null];
  loadHistogram(chart, base, startMs, endMs, (from, to) => navigate(`/logs?${qs({ query: params.get('query') || '', start: Math.floor(from), end: Math.ceil(to), order: order.value, limit: limit.value })}`));
  loadPage(null);

  async function loadPage(cursor) {
    clear(results).appendChild(h('p.muted', null, 'Searching…'));
    clear(pager);
    let body;
    try {
      body = await getJson(`/api/logs/search?${qs({ ...base, limit: limit.value, order: order.value, cursor })}`);
    } catch (e) {
      clear(results).appendChild(unavailable(e));
      return;
    }
    const records = recordsOf(body).map(normalizeLog);
    clear(results);
    if (!records.length) results.appendChild(h('p.muted', null, 'No log records match.'));
    else results.appendChild(logTable(records));
    const page = cursors.indexOf(cursor);
    if (page > 0) pager.appendChild(h('button', { type: 'button', onclick: () => loadPage(cursors[page - 1]) }, '← Previous page'));
    pager.appendChild(h('span.muted', null, ` Page ${page + 1} · ${records.length} records `));
    if (body.nextCursor) {
      if (!cursors.includes(body.nextCursor)) cursors.push(body.nextCursor);
      pager.appendChild(h('button', { type: 'button', onclick: () => loadPage(body.nextCursor) }, 'Next page →'));
    }
  }
}

function unavailable(e) {
  if (e instanceof ApiError && (e.unavailable || e.status === 404)) {
    return h('p.note', { dataset: { logsUnavailable: 'true' } }, 'Logs unavailable: this server does not offer the logs API yet (/api/logs/search answered 404).');
  }
  return h('p.error', { role: 'alert' }, e.message);
}

export function logTable(records) {
  return h('table.results.log-table', null,
    h('thead', null, h('tr', null, ['Time', 'Severity', 'Service', 'Body', 'Trace'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, records.map((r) => h('tr', null,
      h('td.mono.nowrap', null, fmtTime(r.time)),
      h('td', null, h('span', { class: `sev sev-${r.sevClass}` }, r.severity)),
      h('td', null, r.service),
      h('td.log-body', null, r.bodyText, ' ', attrChips(r.attributes)),
      h('td.mono', null, r.traceId ? h('a', { href: `/trace/${encodeURIComponent(r.traceId)}${r.spanId ? `?span=${encodeURIComponent(r.spanId)}` : ''}` }, r.traceId.slice(0, 16) + '…') : '')))));
}

async function loadHistogram(chart, base, startMs, endMs, onPick) {
  const stepS = Math.max(1, Math.ceil((endMs - startMs) / 1000 / 60));
  let body;
  try {
    body = await getJson(`/api/logs/histogram?${qs({ ...base, step: `${stepS}s` })}`);
  } catch (e) {
    clear(chart).appendChild(h('p.muted', null, e.unavailable || e.status === 404 ? 'Histogram unavailable.' : `Histogram: ${e.message}`));
    return;
  }
  const buckets = histogramBuckets(body, startMs, stepS * 1000);
  clear(chart).appendChild(histogramSvg(buckets, startMs, endMs, stepS * 1000, onPick));
}

/** Accepts {buckets|data:[{start|time|timestamp, count}]}, [[t, count]], or {counts, start, step}; times to ms. */
function histogramBuckets(body, startMs, stepMs) {
  const toMs = (t) => {
    if (t == null) return null;
    if (typeof t === 'string' && !/^\d+$/.test(t)) return Date.parse(t);
    const n = Number(t);
    return n > 1e17 ? n / 1e6 : n > 1e14 ? n / 1e3 : n > 1e11 ? n : n * 1000;
  };
  const list = Array.isArray(body) ? body : body && (body.buckets || body.data || body.histogram);
  if (Array.isArray(list)) {
    return list.map((b, i) => Array.isArray(b) ? { t: toMs(b[0]), count: Number(b[1]) || 0 }
      : { t: toMs(b.timeUnixNano ?? b.start ?? b.time ?? b.timestamp ?? b.t ?? b.startTime) ?? startMs + i * stepMs, count: Number(b.count ?? b.value ?? b.doc_count) || 0 });
  }
  if (body && Array.isArray(body.counts)) {
    const s = toMs(body.start) ?? startMs;
    return body.counts.map((c, i) => ({ t: s + i * stepMs, count: Number(c) || 0 }));
  }
  return [];
}

function histogramSvg(buckets, startMs, endMs, stepMs, onPick) {
  const W = 1000;
  const H = 80;
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const total = buckets.reduce((a, b) => a + b.count, 0);
  const bw = Math.max(1, (stepMs / (endMs - startMs)) * W - 1);
  return h('figure', null,
    svg('svg', { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', class: 'hist-svg', role: 'img', 'aria-label': `${total} records over time` },
      ...buckets.map((b) => {
        const bh = (b.count / max) * (H - 2);
        return svg('rect', { x: ((b.t - startMs) / (endMs - startMs)) * W, y: H - bh, width: bw, height: bh, class: 'hist-bar', onclick: () => onPick(b.t, b.t + stepMs) },
          svg('title', null, `${fmtTime(b.t * 1000)}: ${b.count} (click to zoom in)`));
      })),
    h('figcaption.muted', null, `${total} matching records · ${fmtTime(startMs * 1000)} – ${fmtTime(endMs * 1000)}`));
}

