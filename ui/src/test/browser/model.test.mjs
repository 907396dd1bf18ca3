// Unit tests of the page's trace model (no browser): node --test model.test.mjs
import test from 'node:test';
import assert from 'node:assert/strict';
import { buildTrace, criticalPath, summarize } from '../../main/resources/sightline-ui/assets/model.js';
import { parseDuration, fmtDuration, nanosToMicros } from '../../main/resources/sightline-ui/assets/format.js';

/** A Jaeger trace from [id, parentId, start, duration, service, error?] rows. */
function trace(rows) {
  return {
    traceID: 't1',
    processes: { p1: { serviceName: 'a', tags: [] }, p2: { serviceName: 'b', tags: [] } },
    spans: rows.map(([id, parent, start, duration, service = 'a', error = false]) => ({
      traceID: 't1', spanID: id, operationName: `op-${id}`, startTime: start, duration,
      references: parent ? [{ refType: 'CHILD_OF', traceID: 't1', spanID: parent }] : [],
      tags: error ? [{ key: 'error', type: 'bool', value: true }] : [], logs: [],
      processID: service === 'a' ? 'p1' : 'p2',
    })),
  };
}

test('depth-first order, children by start time, depths', () => {
  const m = buildTrace(trace([['c', 'r', 30, 5], ['r', null, 0, 100], ['b', 'r', 10, 50, 'b'], ['d', 'b', 12, 5]]));
  assert.deepEqual(m.flat.map((n) => [n.id, n.depth]), [['r', 0], ['b', 1], ['d', 2], ['c', 1]]);
  assert.deepEqual(m.services, ['a', 'b']);
  assert.equal(m.descendants.get('r'), 3);
  assert.equal(m.duration, 100);
});

test('a span whose parent is missing is a root, marked', () => {
  const m = buildTrace(trace([['r', null, 0, 10], ['x', 'gone', 5, 1]]));
  assert.deepEqual(m.roots.map((n) => n.id), ['r', 'x']);
  assert.equal(m.byId.get('x').missingParent, true);
});

test('a 100,000-deep chain builds without exhausting the stack', () => {
  const rows = [];
  for (let i = 0; i < 100000; i++) rows.push([`s${i}`, i ? `s${i - 1}` : null, i, 100000 - i]);
  const m = buildTrace(trace(rows));
  assert.equal(m.flat[99999].depth, 99999);
  assert.equal(criticalPath(m).size, 100000);
});

test('critical path: the last-finishing child, then what finished before it started', () => {
  // r [0,100]: a [10,40], b [45,90], c [20,30] (inside a's time, shorter: not critical)
  const m = buildTrace(trace([['r', null, 0, 100], ['a', 'r', 10, 30], ['b', 'r', 45, 45], ['c', 'r', 20, 10]]));
  const cp = criticalPath(m);
  assert.deepEqual(cp.get('b'), [[45, 90]]);
  assert.deepEqual(cp.get('a'), [[10, 40]]);
  assert.equal(cp.has('c'), false);
  assert.deepEqual(cp.get('r'), [[90, 100], [40, 45], [0, 10]]);
});

test('critical path clips a child that outlives its parent', () => {
  const m = buildTrace(trace([['r', null, 0, 50], ['a', 'r', 10, 100]]));
  assert.deepEqual(criticalPath(m).get('a'), [[10, 50]]);
});

test('summaries count spans, errors and services', () => {
  const s = summarize(trace([['r', null, 0, 100], ['b', 'r', 10, 50, 'b', true]]));
  assert.deepEqual(s, { traceID: 't1', rootService: 'a', rootOperation: 'op-r', startTime: 0, duration: 100,
    spanCount: 2, errorCount: 1, services: ['a', 'b'] });
});

test('service colours do not depend on the trace', () => {
  const one = buildTrace(trace([['r', null, 0, 10, 'a'], ['x', 'r', 1, 1, 'b']]));
  const two = buildTrace(trace([['r', null, 0, 10, 'b'], ['x', 'r', 1, 1, 'a']]));
  assert.equal(one.colorOf('a'), two.colorOf('a'));
  assert.notEqual(one.colorOf('a'), one.colorOf('b'));
});

test('durations and nanosecond strings', () => {
  assert.equal(parseDuration('300ms'), 300000);
  assert.equal(parseDuration('1.5s'), 1500000);
  assert.equal(parseDuration('250us'), 250);
  assert.equal(parseDuration('12'), 12000);
  assert.equal(parseDuration('fast'), null);
  assert.equal(fmtDuration(1500), '1.5ms');
  assert.equal(fmtDuration(61e6), '1m 1s');
  assert.equal(nanosToMicros('1700000000123456789'), 1700000000123456.8);
});

test('no page script parses strings as HTML or code', async () => {
  const fs = await import('node:fs');
  const dir = new URL('../../main/resources/sightline-ui/assets/', import.meta.url);
  const scripts = fs.readdirSync(dir).filter((f) => f.endsWith('.js'));
  assert.ok(scripts.length >= 5, `scripts found: ${scripts}`);
  for (const f of scripts) {
    const src = fs.readFileSync(new URL(f, dir), 'utf8');
    assert.doesNotMatch(src, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function\(/, f);
  }
});
