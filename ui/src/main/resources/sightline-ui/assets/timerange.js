// The time range control shared by trace search and the logs view: presets, or an absolute range.
import { h } from './dom.js';
import { LOOKBACKS, toLocalInput } from './format.js';

export function timeRangeFields(params, fallback) {
  const lookback = h('select#lookback', { name: 'lookback' }, LOOKBACKS.map(([v, label]) => h('option', { value: v }, label)));
  const hasAbs = params.has('start') || params.has('end');
  lookback.value = hasAbs ? 'custom' : (LOOKBACKS.some(([v]) => v === params.get('lookback')) ? params.get('lookback') : fallback);
  const now = Date.now();
  const startMs = params.has('start') ? toMs(params.get('start')) : now - 3600e3;
  const endMs = params.has('end') ? toMs(params.get('end')) : now;
  const start = h('input#range-start', { type: 'datetime-local', name: 'start', value: toLocalInput(startMs) });
  const end = h('input#range-end', { type: 'datetime-local', name: 'end', value: toLocalInput(endMs) });
  const abs = h('div.abs-range', { hidden: lookback.value !== 'custom' },
    h('label', null, h('span', null, 'From'), start), h('label', null, h('span', null, 'To'), end));
  lookback.addEventListener('change', () => { abs.hidden = lookback.value !== 'custom'; });
  const el = h('div.range', null, h('label', null, h('span', null, 'Time range'), lookback), abs);
  return {
    el,
    values() {
      if (lookback.value === 'custom') {
        return { start: new Date(start.value).getTime() || '', end: new Date(end.value).getTime() || '' };
      }
      return { lookback: lookback.value };
    },
  };
}

/** URL times: ms since the epoch (what this page writes) or anything Date.parse understands. */
function toMs(v) {
  return /^\d+$/.test(v) ? Number(v) : Date.parse(v);
}

export function readTimeRange(params, fallback) {
  const now = Date.now();
  if (params.has('start') || params.has('end')) {
    const endMs = params.has('end') ? toMs(params.get('end')) : now;
    const startMs = params.has('start') ? toMs(params.get('start')) : endMs - 3600e3;
    return { startMs, endMs };
  }
  const lb = LOOKBACKS.find(([v]) => v === params.get('lookback')) || LOOKBACKS.find(([v]) => v === fallback);
  return { startMs: now - lb[2], endMs: now };
}
