// Formatting of times and durations. Times from the Jaeger API are microseconds since the epoch.

export function fmtDuration(us) {
  if (us == null || Number.isNaN(us)) return '';
  const a = Math.abs(us);
  if (a < 1000) return `${trim(us)}µs`;
  if (a < 1e6) return `${trim(us / 1000)}ms`;
  if (a < 60e6) return `${trim(us / 1e6)}s`;
  const m = Math.floor(us / 60e6);
  return `${m}m ${trim((us - m * 60e6) / 1e6)}s`;
}

function trim(v) {
  const s = v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

const pad = (n, w = 2) => String(n).padStart(w, '0');

/** Local date and time with milliseconds: 2026-11-23 14:02:11.123 */
export function fmtTime(us) {
  if (us == null) return '';
  const d = new Date(us / 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function fmtClock(us) {
  const d = new Date(us / 1000);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** For <input type="datetime-local">: local time without zone. */
export function toLocalInput(ms) {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Parses "300ms", "1.5s", "2m", "250us"/"250µs", "1h" to microseconds; null when empty or invalid. */
export function parseDuration(s) {
  const m = String(s || '').trim().match(/^(\d+(?:\.\d+)?)\s*(us|µs|ms|s|m|h)?$/);
  if (!m) return null;
  const mult = { us: 1, 'µs': 1, ms: 1e3, s: 1e6, m: 60e6, h: 3600e6 }[m[2] || 'ms'];
  return Math.round(parseFloat(m[1]) * mult);
}

/** A readable value for an attribute of any JSON type. */
export function valueText(v) {
  if (v == null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** Nanoseconds as a decimal string (OTLP JSON) or number → microseconds as a number. */
export function nanosToMicros(n) {
  if (n == null || n === '') return null;
  if (typeof n === 'number') return n / 1000;
  const s = String(n);
  if (s.length > 3) return Number(s.slice(0, -3)) + Number(s.slice(-3)) / 1000;
  return Number(s) / 1000;
}

export const LOOKBACKS = [
  ['5m', 'Last 5 minutes', 5 * 60e3],
  ['15m', 'Last 15 minutes', 15 * 60e3],
  ['1h', 'Last hour', 3600e3],
  ['6h', 'Last 6 hours', 6 * 3600e3],
  ['24h', 'Last 24 hours', 24 * 3600e3],
  ['2d', 'Last 2 days', 48 * 3600e3],
  ['7d', 'Last 7 days', 7 * 24 * 3600e3],
  ['custom', 'Absolute range…', null],
];
