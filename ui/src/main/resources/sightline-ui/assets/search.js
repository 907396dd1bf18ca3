// Trace search: the form (catalogue-filled lists), the results table (sortable) and the duration scatter chart.
// Also the list of traces one correlation ID touched.
import { h, clear } from './dom.js';
import { getJson, qs } from './api.js';
import { fmtDuration, fmtTime, parseDuration } from './format.js';
import { summarize } from './model.js';
import { timeRangeFields, readTimeRange } from './timerange.js';
import { logTable, normalizeLog } from './logs.js';

export function renderSearch(root, params, navigate) {
  const service = h('select#service', { name: 'service' }, h('option', { value: '' }, 'All services'));
  const operation = h('select#operation', { name: 'operation' }, h('option', { value: '' }, 'All operations'));
  const tags = h('input#tags', { name: 'tags', value: params.get('tags') || '', placeholder: 'error=true http.status_code=500', spellcheck: 'false', autocomplete: 'off' });
  const minD = h('input#minDuration', { name: 'minDuration', value: params.get('minDuration') || '', placeholder: 'e.g. 100ms', size: 8 });
  const maxD = h('input#maxDuration', { name: 'maxDuration', value: params.get('maxDuration') || '', placeholder: 'e.g. 2s', size: 8 });
  const limit = h('input#limit', { name: 'limit', type: 'number', min: 1, max: 1500, value: params.get('limit') || '20' });
  const range = timeRangeFields(params, '2d');
  const error = h('p.error', { role: 'alert', hidden: true });
  const form = h('form.search-form', {
    role: 'search', 'aria-label': 'Find traces',
    onsubmit: (e) => {
      e.preventDefault();
      for (const [input, label] of [[minD, 'Min duration'], [maxD, 'Max duration']]) {
        if (input.value.trim() && parseDuration(input.value) == null) {
          error.hidden = false;
          error.textContent = `${label}: "${input.value}" is not a duration (use 300ms, 1.5s, 2m).`;
          input.focus();
          return;
        }
      }
      const p = {
        service: service.value, operation: operation.value, tags: tags.value.trim(),
        minDuration: normDur(minD.value), maxDuration: normDur(maxD.value),
        ...range.values(), limit: limit.value,
      };
      navigate(`/search?${qs(p)}`);
    },
  },
  h('label', null, h('span', null, 'Service'), service),
  h('label', null, h('span', null, 'Operation'), operation),
  h('label.grow', null, h('span', null, 'Tags (logfmt)'), tags),
  h('label', null, h('span', null, 'Min duration'), minD),
  h('label', null, h('span', null, 'Max duration'), maxD),
  range.el,
  h('label', null, h('span', null, 'Limit'), limit),
  h('button.primary', { type: 'submit' }, 'Find traces'),
  error);
  const results = h('div.search-results', { 'aria-live': 'polite' });
  clear(root).append(h('h1', null, 'Search traces'), form, results);

  fillServices(service, operation, params.get('service') || '', params.get('operation') || '');
  service.addEventListener('change', () => fillOperations(service.value, operation, ''));

  if (![...params.keys()].length) {
    results.appendChild(h('p.muted', null, 'Pick a service, or search everything in the time range.'));
    return;
  }
  const { startMs, endMs } = readTimeRange(params, '2d');
  const api = {
    service: params.get('service'), operation: params.get('operation'), tags: params.get('tags'),
    minDuration: params.get('minDuration'), maxDuration: params.get('maxDuration'),
    start: Math.floor(startMs * 1000), end: Math.floor(endMs * 1000), limit: params.get('limit') || 20,
  };
  results.appendChild(h('p.muted', null, 'Searching…'));
  getJson(`/api/traces?${qs(api)}`).then((body) => {
    const rows = (body.data || []).map(summarize);
    clear(results).append(resultsView(rows, navigate, `${rows.length} trace${rows.length === 1 ? '' : 's'}`));
  }, (e) => {
    clear(results).appendChild(h('p.error', { role: 'alert' }, e.message));
  });
}

function normDur(v) {
  const s = v.trim();
  return /^\d+(\.\d+)?$/.test(s) ? `${s}ms` : s.replace('µs', 'us');
}

async function fillServices(service, operation, wantService, wantOp) {
  try {
    const body = await getJson('/api/services');
    for (const s of (body.data || []).slice().sort()) service.appendChild(h('option', { value: s }, s));
    service.value = wantService;
    if (wantService && service.value !== wantService) {
      service.appendChild(h('option', { value: wantService }, wantService));
      service.value = wantService;
    }
    if (wantService) await fillOperations(wantService, operation, wantOp);
  } catch (e) {
    service.title = `Services could not be loaded: ${e.message}`;
  }
}

async function fillOperations(svc, operation, want) {
  clear(operation).appendChild(h('option', { value: '' }, 'All operations'));
  if (!svc) return;
  try {
    const body = await getJson(`/api/services/${encodeURIComponent(svc)}/operations`);
    for (const o of (body.data || []).slice().sort()) operation.appendChild(h('option', { value: o }, o));
  } catch (e) {
    operation.title = `Operations could not be loaded: ${e.message}`;
  }
  if (want && ![...operation.options].some((o) => o.value === want)) operation.appendChild(h('option', { value: want }, want));
  operation.value = want || '';
}

/** The traces one ID touched: /search?id=… */
export function renderCorrelation(root, id, navigate) {
  const results = h('div.search-results', { 'aria-live': 'polite' }, h('p.muted', null, 'Looking up…'));
  clear(root).append(h('h1', null, 'Traces touched by ', h('span.mono', null, id)), results);
  getJson(`/api/correlations/${encodeURIComponent(id)}`).then((body) => {
    const rows = body.traces || [];
    if (rows.length === 1 && rows[0].traceID === id) {
      navigate(`/trace/${rows[0].traceID}`, { replace: true });
      return;
    }
    const note = body.correlationValues && body.correlationValues.length
      ? ` · correlation values: ${body.correlationValues.join(', ')}` : '';
    clear(results).append(resultsView(rows, navigate, `${rows.length} trace${rows.length === 1 ? '' : 's'}${note}`, true));
    if (body.logs && body.logs.length) {
      results.append(h('h2.section-title', null, `Logs carrying ${id} `, h('span.count', null, String(body.logs.length))),
        logTable(body.logs.map(normalizeLog)));
    }
  }, (e) => {
    clear(results).appendChild(h('p.error', { role: 'alert' }, e.status === 404 ? `Nothing found for "${id}": no trace with this ID and no trace carrying it as a correlation ID.` : e.message));
  });
}

const COLUMNS = [
  ['trace', 'Trace', (r) => `${r.rootService} ${r.rootOperation}`],
  ['start', 'Start', (r) => r.startTime],
  ['duration', 'Duration', (r) => r.duration],
  ['spans', 'Spans', (r) => r.spanCount],
  ['errors', 'Errors', (r) => r.errorCount],
  ['services', 'Services', (r) => (r.services || []).length],
];

function resultsView(rows, navigate, summary, withRelation) {
  let sortKey = 'start';
  let desc = true;
  const tbody = h('tbody');
  const heads = COLUMNS.map(([key, label]) => {
    const btn = h('button.sort', { type: 'button', onclick: () => sortBy(key) }, label);
    return h('th', { scope: 'col', dataset: { col: key } }, btn);
  });
  const table = h('table.results#trace-results', null,
    h('thead', null, h('tr', null, heads, withRelation ? h('th', { scope: 'col' }, 'Relation') : null)), tbody);

  function sortBy(key) {
    if (key === sortKey) desc = !desc;
    else {
      sortKey = key;
      desc = key !== 'trace';
    }
    draw();
  }

  function draw() {
    const get = COLUMNS.find(([k]) => k === sortKey)[2];
    const sorted = rows.slice().sort((a, b) => {
      const x = get(a);
      const y = get(b);
      const c = typeof x === 'string' ? x.localeCompare(y) : x - y;
      return desc ? -c : c;
    });
    heads.forEach((th) => {
      const on = th.dataset.col === sortKey;
      th.setAttribute('aria-sort', on ? (desc ? 'descending' : 'ascending') : 'none');
    });
    clear(tbody);
    for (const r of sorted) {
      tbody.appendChild(h('tr', { dataset: { traceId: r.traceID } },
        h('td', null,
          h('a.trace-link', { href: `/trace/${encodeURIComponent(r.traceID)}` },
            h('span.svc', null, r.rootService || '(no root)'), ': ', h('span.op', null, r.rootOperation || '')),
          h('div.mono.muted.small', null, r.traceID)),
        h('td.nowrap', null, fmtTime(r.startTime)),
        h('td.nowrap.num', null, fmtDuration(r.duration)),
        h('td.num', null, String(r.spanCount)),
        h('td.num', null, r.errorCount ? h('span.err-badge', null, String(r.errorCount)) : '0'),
        h('td', null, (r.services || []).map((s) => h('span.tag', null, s))),
        withRelation ? h('td', null, String(r.relation || '').replace(/_/g, ' ')) : null));
    }
  }
  draw();
  if (!rows.length) return h('p.muted', null, 'No traces found.');
  return h('div', null, h('p.summary', null, summary), scatter(rows), h('div.table-wrap', null, table));
}

/** Duration over start time, one dot per trace (a link to it); red dots have errors. */
function scatter(rows) {
  const t0 = Math.min(...rows.map((r) => r.startTime));
  const t1 = Math.max(...rows.map((r) => r.startTime));
  const dMax = Math.max(...rows.map((r) => r.duration), 1);
  const x = (t) => (t1 === t0 ? 50 : 1 + ((t - t0) / (t1 - t0)) * 98);
  const y = (d) => 95 - (d / dMax) * 90;
  const plot = h('div.scatter-plot', { role: 'img', 'aria-label': 'Trace durations over start time' },
    h('span.axis-label.top', null, fmtDuration(dMax)), h('span.axis-label.bottom', null, '0'),
    rows.map((r) => h('a', {
      class: r.errorCount ? 'dot err' : 'dot', href: `/trace/${encodeURIComponent(r.traceID)}`, tabindex: -1,
      style: { left: `${x(r.startTime)}%`, top: `${y(r.duration)}%` },
      title: `${r.rootService}: ${r.rootOperation} · ${fmtDuration(r.duration)} · ${fmtTime(r.startTime)}`,
    })));
  return h('figure.scatter', null, plot,
    h('figcaption.muted', null, `Duration over start time · ${fmtTime(t0)} – ${fmtTime(t1)}`));
}
