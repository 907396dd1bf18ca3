// Browser tests of Sightline's page, run by server/src/test/java/dev/sightline/server/TracePageIT.java against a
// real server holding data sent with the OpenTelemetry SDK. Usage:
//   node page-tests.mjs FIXTURE.json SCREENSHOT_DIR
// Prints one line per scenario: "RESULT <name> ok|skip|fail <message>", plus "ROWS <name> <json>" and
// "BUDGET ..." lines that the JUnit test checks; exits 1 when a scenario failed.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [fixtureFile, shots] = process.argv.slice(2);
const fx = JSON.parse(fs.readFileSync(fixtureFile, 'utf8'));
const base = fx.baseUrl;
fs.mkdirSync(shots, { recursive: true });
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-chromium-'));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: fx.chromium || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run'],
  viewport: { width: 1400, height: 900 },
});
ctx.setDefaultTimeout(15000);
const dialogs = [];
const pageErrors = [];
ctx.on('page', watch);
ctx.pages().forEach(watch);
function watch(p) {
  p.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  p.on('pageerror', (e) => pageErrors.push(e.message));
}
// Nothing may be fetched from outside the server: the page works offline.
const outside = [];
await ctx.route('**/*', (route) => {
  const u = route.request().url();
  if (u.startsWith(base) || u.startsWith('data:') || u.startsWith('about:')) return route.continue();
  outside.push(u);
  return route.abort();
});
const page = ctx.pages()[0] || await ctx.newPage();

let failed = 0;
class Skip extends Error {}
function check(cond, msg) {
  if (!cond) throw new Error(msg);
}
async function scenario(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    console.log(`RESULT ${name} ok ${Date.now() - t0}ms`);
  } catch (e) {
    if (e instanceof Skip) {
      console.log(`RESULT ${name} skip ${e.message}`);
    } else {
      failed++;
      console.log(`RESULT ${name} fail ${String(e.message).split('\n')[0]}`);
      await page.screenshot({ path: path.join(shots, `failed-${name}.png`) }).catch(() => {});
    }
  }
}
const shot = (name) => page.screenshot({ path: path.join(shots, `${name}.png`) });
const openTrace = async (id, query = '') => {
  await page.goto(`${base}/trace/${id}${query}`);
  await page.waitForSelector('.trace-view[data-ready="true"]');
};
const text = (sel) => page.locator(sel).first().textContent();

await scenario('search', async () => {
  await page.goto(`${base}/search`);
  await page.waitForSelector('#service option[value="frontend"]', { state: 'attached' });
  await page.selectOption('#service', 'frontend');
  await page.waitForSelector('#operation option[value="GET /"]', { state: 'attached' });
  await page.selectOption('#lookback', '2d');
  await page.fill('#limit', '50');
  await page.click('button:has-text("Find traces")');
  await page.waitForSelector('#trace-results tbody tr');
  const ids = await page.$$eval('#trace-results tbody tr', (rows) => rows.map((r) => r.dataset.traceId));
  check(ids.length === fx.frontendTraceIds.length, `expected ${fx.frontendTraceIds.length} traces, got ${ids.length}`);
  check(fx.frontendTraceIds.every((id) => ids.includes(id)), 'a frontend trace is missing from the results');
  check(await page.locator('.scatter-plot .dot').count() === ids.length, 'one scatter dot per trace');
  check(new URL(page.url()).searchParams.get('service') === 'frontend', `URL keeps the search: ${page.url()}`);
  await page.click('th[data-col="spans"] button');
  const asc = await page.$$eval('#trace-results tbody tr td:nth-child(4)', (tds) => tds.map((t) => Number(t.textContent)));
  const desc = asc.slice().sort((a, b) => b - a);
  check(JSON.stringify(asc) === JSON.stringify(desc), `sorted by span count: ${asc}`);
  await shot('search');
});

await scenario('open-trace', async () => {
  await page.goto(`${base}/search?service=frontend&lookback=2d&limit=50`);
  await page.waitForSelector('#trace-results tbody tr');
  const first = page.locator('#trace-results tbody tr').first();
  const id = await first.getAttribute('data-trace-id');
  await first.locator('a.trace-link').click();
  await page.waitForSelector('.trace-view[data-ready="true"]');
  check(page.url().endsWith(`/trace/${id}`), `URL is the trace's: ${page.url()}`);
  const rows = await page.locator('.wf-row').count();
  check(rows === fx.spanCounts[id], `expected ${fx.spanCounts[id]} rows, got ${rows}`);
  check(await text('#span-count') === String(fx.spanCounts[id]), 'header span count');
  await page.goBack();
  await page.waitForSelector('#trace-results tbody tr');
  await shot('trace-search-back');
});

await scenario('waterfall', async () => {
  await openTrace(fx.pageTrace.traceId);
  const rows = await page.$$eval('.wf-row', (els) => els.map((e) => [e.dataset.spanId, Number(e.getAttribute('aria-level'))]));
  console.log(`ROWS waterfall ${JSON.stringify(rows)}`);
  check(rows.length === Object.keys(fx.pageTrace.spans).length, `one row per span: ${rows.length}`);
  check(await page.locator('.wf-row .wf-err').count() >= 1, 'error spans are marked');
  check(await page.locator('.wf-event').count() >= 1, 'events on the bars');
  await shot('trace');
  // Collapse the GetOrder subtree: its two children disappear, then come back.
  const getOrder = fx.pageTrace.spans.GetOrder;
  await page.click(`#row-${getOrder} [data-toggle]`);
  check(await page.locator('.wf-row').count() === rows.length - 2, 'collapsing hides the subtree');
  check(await page.getAttribute(`#row-${getOrder}`, 'aria-expanded') === 'false', 'aria-expanded=false');
  await page.click(`#row-${getOrder} [data-toggle]`);
  check(await page.locator('.wf-row').count() === rows.length, 'expanding shows it again');
  // Find in trace: matching rows are marked, Enter selects the next one.
  await page.fill('.wf-find', 'select');
  check(await page.locator('.wf-row.match').count() === 2, 'two spans match "select"');
  await page.press('.wf-find', 'Enter');
  await page.waitForSelector('.details');
  check(await text('.details h2') === 'SELECT orders', 'Enter selects the first match');
});

await scenario('span-details', async () => {
  await openTrace(fx.pageTrace.traceId);
  const id = fx.pageTrace.spans.GetOrder;
  await page.click(`#row-${id} .wf-op`);
  await page.waitForSelector('.details');
  check(await text('.details h2') === 'GetOrder', 'details title');
  check(await text('.details td[data-key="order.id"]') === 'o-1001', 'string attribute');
  check(await text('.details td[data-key="db.rows"]') === '3', 'int attribute');
  check(await text('.details [data-section="resource"] td[data-key="service.name"]') === 'orders', 'resource attribute');
  check((await text('.details [data-section="events"]')).includes('cache miss'), 'event listed');
  const link = await page.getAttribute('.details [data-section="links"] a', 'href');
  check(link && link.startsWith(`/trace/${fx.linkedTraceId}`), `link to the other trace: ${link}`);
  check(new URL(page.url()).searchParams.get('span') === id, 'URL names the span');
  await shot('span-details');
  await page.click('.details [data-section="links"] a');
  await page.waitForSelector(`.trace-view[data-trace-id="${fx.linkedTraceId}"][data-ready="true"]`);
});

await scenario('deep-link', async () => {
  const id = fx.pageTrace.spans.GetOrder;
  const fresh = await ctx.newPage();
  try {
    await fresh.goto(`${base}/trace/${fx.pageTrace.traceId}?span=${id}`);
    await fresh.waitForSelector('.details');
    check(await fresh.locator('.details h2').textContent() === 'GetOrder', 'deep link reopens the span');
    check(await fresh.getAttribute(`#row-${id}`, 'aria-selected') === 'true', 'row selected');
    await fresh.goto(`${base}/search?service=frontend&lookback=2d&limit=50`);
    await fresh.waitForSelector('#trace-results tbody tr');
    check(await fresh.locator('#trace-results tbody tr').count() === fx.frontendTraceIds.length, 'search deep link');
    check(await fresh.inputValue('#service') === 'frontend', 'form restored from the URL');
  } finally {
    await fresh.close();
  }
});

await scenario('lookup-box', async () => {
  await page.goto(`${base}/`);
  await page.fill('#lookup-id', fx.correlationId);
  await page.press('#lookup-id', 'Enter');
  await page.waitForSelector('#trace-results tbody tr');
  const ids = await page.$$eval('#trace-results tbody tr', (rows) => rows.map((r) => r.dataset.traceId).sort());
  check(JSON.stringify(ids) === JSON.stringify(fx.correlationTraceIds.slice().sort()), `traces of the ID: ${ids}`);
  await shot('correlation');
  await page.fill('#lookup-id', fx.pageTrace.traceId);
  await page.press('#lookup-id', 'Enter');
  await page.waitForSelector(`.trace-view[data-trace-id="${fx.pageTrace.traceId}"]`);
  await page.goto(`${base}/trace/${fx.correlationId}`); // a correlation ID in the trace path also lands on the list
  await page.waitForSelector('#trace-results tbody tr');
});

await scenario('xss', async () => {
  await openTrace(fx.pageTrace.traceId, `?span=${fx.pageTrace.spans.root}`);
  await page.waitForSelector('.details');
  check(await text('.details td[data-key="xss.script"]') === fx.xss.script, 'script tag shown as text');
  check(await text('.details td[data-key="xss.img"]') === fx.xss.img, 'img tag shown as text');
  check((await text('.details .status-msg')).includes(fx.xss.status), 'status message shown as text');
  check(await page.locator('main img, main script, main b').count() === 0, 'no element made from telemetry');
  if (fx.logsAvailable) {
    await page.waitForSelector('.log-row');
    check((await page.locator('.log-body').allTextContents()).includes(fx.xss.logBody), 'log body shown as text');
  }
  const flag = await page.evaluate(() => window.__xss);
  check(flag === undefined, `injected code ran: ${flag}`);
  check(dialogs.length === 0, `dialogs fired: ${dialogs}`);
  await shot('xss');
});

await scenario('critical-path', async () => {
  await openTrace(fx.pageTrace.traceId);
  await page.check('#crit-toggle');
  check(await page.locator(`#row-${fx.pageTrace.spans.root}.critical`).count() === 1, 'root is on the critical path');
  check(await page.locator(`#row-${fx.pageTrace.spans['SELECT items']}.critical`).count() === 1, 'last query is on it');
  check(await page.locator(`#row-${fx.pageTrace.spans.render}.critical`).count() === 0, 'render (parallel, short) is not');
  await shot('critical-path');
});

await scenario('keyboard', async () => {
  await openTrace(fx.pageTrace.traceId);
  await page.focus('.wf-scroll');
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.details');
  const second = await page.getAttribute('.wf-row[data-index="1"]', 'data-span-id');
  check(new URL(page.url()).searchParams.get('span') === second, 'Enter opens the second row');
  await page.keyboard.press('Escape');
  check(await page.locator('.details').count() === 0, 'Escape closes the details');
});

await scenario('logs-panel', async () => {
  await openTrace(fx.pageTrace.traceId);
  if (!fx.logsAvailable) {
    await page.waitForSelector('.trace-logs [data-logs-unavailable="true"]');
    await shot('logs-panel-unavailable');
    throw new Skip('the logs API is not on this server (/api/traces/{id}/logs answered 404): the panel shows "Logs unavailable"');
  }
  await page.waitForSelector('.log-row');
  check(await page.locator('.log-row').count() === fx.logCount, `expected ${fx.logCount} log rows`);
  await page.waitForSelector('.wf-log');
  const target = fx.pageTrace.spans['SELECT orders'];
  await page.click(`.log-row[data-span-id="${target}"]`);
  await page.waitForSelector(`#row-${target}[aria-selected="true"]`);
  check(await text('.details h2') === 'SELECT orders', 'the log\'s span is selected and opened');
  await shot('logs-panel');
});

await scenario('logs-view', async () => {
  await page.goto(`${base}/logs?query=${encodeURIComponent('*:*')}&lookback=2d`);
  await page.waitForSelector('.logs-results :is(table, p)');
  await page.waitForFunction(() => !document.querySelector('.logs-results').textContent.includes('Searching'));
  if (!fx.logsAvailable) {
    check(await page.locator('.logs-results [data-logs-unavailable="true"]').count() === 1, 'logs unavailable note');
    await shot('logs-view-unavailable');
    throw new Skip('the logs API is not on this server: the logs view shows "Logs unavailable"');
  }
  await page.waitForSelector('.log-table tbody tr');
  await shot('logs-view');
  await page.click(`.log-table a[href^="/trace/${fx.pageTrace.traceId}"]`);
  await page.waitForSelector(`.trace-view[data-trace-id="${fx.pageTrace.traceId}"]`);
});

// The logs panel and view against the logs API's contract (issue 4), with the API's answers made up here from the
// page trace: runs whether or not this server has the logs API yet.
await scenario('logs-contract', async () => {
  const trace = (await (await fetch(`${base}/api/traces/${fx.pageTrace.traceId}`)).json()).data[0];
  const span = (name) => trace.spans.find((s) => s.spanID === fx.pageTrace.spans[name]);
  const ns = (us) => `${BigInt(Math.round(us)) * 1000n}`;
  const rec = (name, offsetUs, sevNum, sevText, body, attributes, service) => ({
    timeUnixNano: ns(span(name).startTime + offsetUs), observedTimeUnixNano: ns(span(name).startTime + offsetUs + 5),
    severityNumber: sevNum, severityText: sevText, body, attributes,
    resource: { 'service.name': service }, scope: { name: 'page-it', version: '1' },
    traceId: fx.pageTrace.traceId, spanId: fx.pageTrace.spans[name],
  });
  const records = [
    rec('SELECT items', 2000, 5, 'DEBUG', { msg: 'rows', n: 3 }, { 'db.rows': 3 }, 'orders'),
    rec('root', 1000, 9, 'INFO', 'request received', { 'http.route': '/orders/{id}' }, 'web'),
    rec('GetOrder', 2000, 13, 'WARN', 'cache miss for o-1001', { cache: 'orders' }, 'orders'),
    rec('SELECT orders', 1000, 17, 'ERROR', fx.xss.logBody, { 'xss.attr': fx.xss.img }, 'orders'),
  ];
  const p = await ctx.newPage();
  const searches = [];
  try {
    await p.route('**/api/traces/*/logs', (r) => r.fulfill({ json: { records } }));
    await p.route('**/api/logs/search?*', (r) => {
      const u = new URL(r.request().url());
      searches.push(u.search);
      const second = u.searchParams.get('cursor') === 'c2';
      r.fulfill({ json: { records: second ? records.slice(2) : records.slice(0, 2), nextCursor: second ? null : 'c2' } });
    });
    await p.route('**/api/logs/histogram?*', (r) => {
      const u = new URL(r.request().url());
      const start = Date.parse(u.searchParams.get('start'));
      r.fulfill({ json: { buckets: [0, 1, 2, 3].map((i) => ({ start: new Date(start + i * 600e3).toISOString(), count: i + 1 })) } });
    });
    await p.goto(`${base}/trace/${fx.pageTrace.traceId}`);
    await p.waitForSelector('.trace-view[data-logs-ready="true"]');
    check(await p.locator('.log-row').count() === 4, 'four records in the panel');
    const bodies = await p.locator('.log-body').allTextContents();
    check(bodies[0] === 'request received', `time order: ${bodies[0]}`);
    check(bodies.includes(fx.xss.logBody), 'markup in a log body is text');
    check(bodies.includes('{"msg":"rows","n":3}'), 'structured body shown as JSON');
    check(await p.locator('main img, main script').count() === 0, 'no element made from a log');
    check(await p.locator('.wf-log').count() === 4, 'a marker on the bar of each record\'s span');
    const target = fx.pageTrace.spans['SELECT orders'];
    await p.click(`.log-row[data-span-id="${target}"]`);
    await p.waitForSelector(`#row-${target}[aria-selected="true"]`);
    check(await p.locator('.details h2').textContent() === 'SELECT orders', 'log → its span selected and opened');
    check(await p.locator('.details [data-section="span-logs"]').count() === 1, 'the span\'s logs in its details');
    await p.screenshot({ path: path.join(shots, 'logs-panel-contract.png') });

    await p.goto(`${base}/logs`);
    await p.fill('#logs-query', 'severity:ERROR OR service:orders');
    await p.selectOption('#lookback', '1h');
    await p.click('button:has-text("Search logs")');
    await p.waitForSelector('.log-table tbody tr');
    check(await p.locator('.log-table tbody tr').count() === 2, 'first page');
    check(await p.locator('.hist-bar').count() === 4, 'histogram bars');
    check(new URL(p.url()).searchParams.get('query') === 'severity:ERROR OR service:orders', 'query in the URL');
    await p.screenshot({ path: path.join(shots, 'logs-view-contract.png') });
    await p.click('button:has-text("Next page")');
    await p.waitForSelector('button:has-text("Previous page")');
    check(searches.at(-1).includes('cursor=c2'), `cursor sent: ${searches.at(-1)}`);
    check((await p.locator('.log-table').textContent()).includes(fx.xss.logBody), 'second page, body as text');
    check(await p.locator('button:has-text("Next page")').count() === 0, 'no next page after the last');
    await p.click(`.log-table a[href="/trace/${fx.pageTrace.traceId}?span=${target}"]`);
    await p.waitForSelector('.details');
    check(await p.locator('.details h2').textContent() === 'SELECT orders', 'trace link opens the trace at the span');

    // With logs, /api/correlations/{id} also lists the records carrying the ID.
    await p.route('**/api/correlations/*', async (r) => {
      const resp = await r.fetch();
      r.fulfill({ response: resp, json: { ...(await resp.json()), logs: records } });
    });
    await p.goto(`${base}/search?id=${fx.correlationId}`);
    await p.waitForSelector('.log-table tbody tr');
    check(await p.locator('.log-table tbody tr').count() === 4, 'the ID\'s logs under its traces');
    check(await p.locator('#trace-results tbody tr').count() === 2, 'and its traces');
  } finally {
    await p.close();
  }
});

await scenario('big-trace', async () => {
  const t0 = Date.now();
  await openTrace(fx.bigTraceId);
  const wall = Date.now() - t0;
  const ds = await page.$eval('.trace-view', (v) => ({ ...v.dataset }));
  check(await text('#span-count') === String(fx.bigSpanCount), 'header counts every span');
  const inDom = await page.locator('.wf-row').count();
  check(inDom < 200, `rows are virtualised: ${inDom} in the DOM`);
  // Scroll from top to bottom in 40 steps, one frame each, then check the last row is there.
  const scrollMs = await page.evaluate(async () => {
    const el = document.querySelector('.wf-scroll');
    const t = performance.now();
    const max = el.scrollHeight - el.clientHeight;
    for (let i = 1; i <= 40; i++) {
      el.scrollTop = (max * i) / 40;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    }
    return Math.round(performance.now() - t);
  });
  await page.waitForSelector(`.wf-row[data-index="${fx.bigSpanCount - 1}"]`);
  console.log(`BUDGET big-trace spans=${fx.bigSpanCount} fetch_ms=${ds.fetchMs} render_ms=${ds.renderMs} page_total_ms=${ds.totalMs} wall_ms=${wall} scroll_40_frames_ms=${scrollMs} rows_in_dom=${inDom}`);
  check(wall < 60000, `rendered within the 60 s upper bound: ${wall} ms`);
  await page.evaluate(() => { document.querySelector('.wf-scroll').scrollTop = 0; });
  await shot('big-trace');
});

await scenario('narrow', async () => {
  await page.setViewportSize({ width: 400, height: 850 });
  await openTrace(fx.pageTrace.traceId, `?span=${fx.pageTrace.spans.GetOrder}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await shot('narrow-trace');
  await page.goto(`${base}/search?service=frontend&lookback=2d&limit=50`);
  await page.waitForSelector('#trace-results tbody tr');
  await shot('narrow-search');
  check(overflow <= 1, `trace view fits a narrow window (overflow ${overflow}px)`);
  await page.setViewportSize({ width: 1400, height: 900 });
});

await scenario('offline-and-clean', async () => {
  check(outside.length === 0, `requests outside the server: ${outside.join(', ')}`);
  check(pageErrors.length === 0, `page errors: ${pageErrors.join(' | ')}`);
});

await ctx.close();
fs.rmSync(profile, { recursive: true, force: true });
console.log(`${failed === 0 ? 'all scenarios passed' : `${failed} scenario(s) failed`}`);
process.exit(failed ? 1 : 0);
