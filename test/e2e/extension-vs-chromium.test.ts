/**
 * The extension must diagnose exactly as Chromium does. One headless Chromium loads dist/chrome; every
 * scenario runs as fetch() in one tab, CDP gives Chromium's own verdict (support/oracle.ts), and the
 * extension's report entry for the same URL and method must carry the same verdict, CorsError name and
 * failedParameter. Then: 100 concurrent preflighted requests (preflight pairing), the log surviving a
 * service-worker stop, and a request flood against the per-tab cap.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report, ReportEntry } from '../../src/report/types.js';
import {
  entriesFor,
  extensionProblem,
  fetchReport,
  setRecordAllTabs,
  launchWithExtension,
  pollReport,
  stopServiceWorker,
  tabIdOf,
  waitSettled,
} from './support/extension.js';
import type { ExtensionHandle, RequestKey } from './support/extension.js';
import { describeEntry, differences, fromChromium, fromEntry } from './support/compare.js';
import { describeResult, formatTable, openOracle, runAll } from './support/oracle.js';
import type { Oracle, OracleResult } from './support/oracle.js';
import { startServers } from './support/servers.js';
import type { Route, Servers } from './support/servers.js';
import { scenarios } from './scenarios.js';

/** The default per-tab cap of the background's log. */
const ENTRY_CAP = 5_000;
/**
 * 8,000 requests: well past the 5,000 cap. A 2-core machine issues ~470 requests/s with no extension
 * at all, so the 50,000-request flood of issue #3 runs in Node instead (test/capture/flood.test.ts).
 */
const FLOOD_TARGET = Number(process.env.CORS_LENS_FLOOD_COUNT ?? '8000');
/** The flood stops issuing requests after this long, whatever the count reached (2-core CI budget). */
const FLOOD_BUDGET_MS = Number(process.env.CORS_LENS_FLOOD_BUDGET_MS ?? '90000');
const FLOOD_CONCURRENCY = 64;
const CONCURRENT = 100;

const problem = extensionProblem();
const run = `ext-${process.pid}-${Date.now().toString(36)}`;
const tagOf = (id: string): string => `${run}-${id}`;

// ---- extra routes (ids distinct from the scenarios') ---------------------------------------------

/**
 * 100 concurrent preflighted PUTs, one URL each (`?i=<index>`). Even indexes get a correct preflight;
 * odd ones a wrong one, two different ways, so a preflight paired with the wrong request shows up as a
 * wrong verdict. Every preflight answer names the URL it answered, to check the pairing directly.
 */
const CONCURRENT_ROUTE: Route = {
  id: 'ext-concurrent',
  options: (c) => {
    const i = Number(c.url.searchParams.get('i'));
    const answered = { 'X-Preflight-For': `${c.url.pathname}${c.url.search}` };
    if (i % 2 === 0) {
      c.send(204, { 'Access-Control-Allow-Origin': c.origins.page, 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'X-Test', ...answered });
    } else if (i % 4 === 1) {
      c.send(204, { 'Access-Control-Allow-Origin': c.origins.page, 'Access-Control-Allow-Methods': 'PUT', ...answered });
    } else {
      c.send(204, { 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'X-Test', ...answered });
    }
  },
  actual: (c) => c.send(200, { 'Access-Control-Allow-Origin': c.origins.page }),
};

/** A bare server for the flood: ACAO *, empty body, no logging (50,000 log entries would cost memory). */
async function startFloodServer(): Promise<{ origin: string; hits: () => number; close(): Promise<void> }> {
  let hits = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => {
    hits++;
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Length': '0', 'Cache-Control': 'no-store' });
    res.end();
  });
  server.keepAliveTimeout = 2_000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    hits: () => hits,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

// ---- CDP truth for requests not made through the oracle ------------------------------------------

interface Truth {
  verdict: 'allowed' | 'blocked' | 'failed';
  corsError: string | null;
  failedParameter: string | null;
}

/** Chromium's decision per actual request (URL + method) on one page, from CDP. */
async function recordTruth(page: Page): Promise<{ cdp: CDPSession; get(key: RequestKey): Truth | undefined }> {
  const cdp = await page.context().newCDPSession(page);
  const requests = new Map<string, string>();
  const truth = new Map<string, Truth>();
  const keyOf = (url: string, method: string): string => `${method} ${url}`;
  cdp.on('Network.requestWillBeSent', (e) => {
    if (e.initiator.type === 'preflight' || e.type === 'Preflight' || requests.has(e.requestId)) return;
    requests.set(e.requestId, keyOf(e.request.url, e.request.method));
  });
  cdp.on('Network.loadingFinished', (e) => {
    const key = requests.get(e.requestId);
    if (key !== undefined) truth.set(key, { verdict: 'allowed', corsError: null, failedParameter: null });
  });
  cdp.on('Network.loadingFailed', (e) => {
    const key = requests.get(e.requestId);
    if (key === undefined) return;
    truth.set(key, e.corsErrorStatus
      ? { verdict: 'blocked', corsError: String(e.corsErrorStatus.corsError), failedParameter: e.corsErrorStatus.failedParameter }
      : { verdict: 'failed', corsError: null, failedParameter: null });
  });
  await cdp.send('Network.enable');
  return { cdp, get: (k) => truth.get(keyOf(k.url, k.method)) };
}

// ---- comparison: support/compare.ts ---------------------------------------------------------------

function headerValue(headers: readonly (readonly [string, string])[] | undefined, name: string): string[] {
  return (headers ?? []).filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
}

// ---- shared state --------------------------------------------------------------------------------

let servers: Servers;
let ext: ExtensionHandle;
let oracle: Oracle;
let tabId = -1;
const chromium = new Map<string, OracleResult>();
let report: Report | undefined;
let reportError: string | null = null;
let sameOriginControl: RequestKey = { url: '', method: 'GET' };

/** True when every URL of the request stayed on the page's origin: no CORS, so no entry (the report lists cross-origin requests). */
/**
 * Stayed on the page's origin, and Chromium reported no CORS error: a same-origin redirect to
 * another origin that Chromium refused (its Location has credentials) never reaches that origin,
 * but the refusal is a CORS error (Fetch #http-redirect-fetch) and gets an entry.
 */
function sameOriginOnly(r: OracleResult): boolean {
  return r.corsError === null && r.urlChain.every((u) => new URL(u).origin === servers.origins.page);
}

/** Whether an OPTIONS for this tag reached any server. */
function preflightSent(tag: string): boolean {
  return servers.requestsFor(tag).some((e) => e.method === 'OPTIONS');
}

beforeAll(async () => {
  if (problem !== null) return;
  const started = Date.now();
  servers = await startServers({ routes: [...scenarios, CONCURRENT_ROUTE] });
  ext = await launchWithExtension();
  // Full capture in every tab: these tests compare complete diagnoses (light mode has its own test).
  await setRecordAllTabs(ext.context, ext.extensionId, true);
  oracle = await openOracle(ext.context, servers.origins);
  try {
    tabId = await tabIdOf(ext.sw, `${servers.origins.page}/`, { exact: true });
  } catch (error) {
    reportError = String(error);
  }

  // Control: a same-origin fetch, issued before the scenarios so its absence is checked after they settled.
  sameOriginControl = { url: `${servers.origins.page}/?t=${tagOf('same-origin-control')}`, method: 'GET' };
  await oracle.page.evaluate(async (url) => {
    await (await fetch(url)).text();
  }, sameOriginControl.url);

  const results = await runAll(oracle, scenarios, (s) => tagOf(s.id));
  for (const r of results) chromium.set(r.scenarioId, r);
  const chromiumMs = Date.now() - started;

  const expected = results.filter((r) => !sameOriginOnly(r)).map((r) => ({ url: r.url, method: r.method }));
  let settleText = '';
  if (reportError === null) {
    try {
      const settled = await waitSettled(ext.context, ext.extensionId, tabId, expected, { timeoutMs: 10_000 });
      report = settled.report;
      settleText = `report settled=${settled.done} after ${settled.elapsedMs} ms (${settled.polls} polls, ` +
        `${settled.missing.length} missing, ${settled.pending.length} pending)`;
    } catch (error) {
      reportError = String(error);
    }
  }
  if (reportError !== null) settleText = `no report: ${reportError}`;
  const rows = scenarios.map((s) => {
    const chr = chromium.get(s.id);
    if (!chr) return [s.id, '(none)', '', ''];
    const found = report ? entriesFor(report, chr) : [];
    const entry = found[0];
    let diff = '';
    if (!report) diff = '';
    else if (sameOriginOnly(chr)) diff = found.length === 0 ? 'absent (same-origin)' : 'DIFF: entry for a same-origin request';
    else if (found.length !== 1) diff = `DIFF: ${found.length} entries`;
    else if (entry) {
      const d = differences(fromChromium(chr, preflightSent(tagOf(s.id))), fromEntry(entry));
      diff = d.length === 0 ? '' : `DIFF: ${d.join(', ')}`;
    }
    return [s.id, describeResult(chr), report ? describeEntry(entry) : '(no report)', diff];
  });
  const agree = report ? rows.filter((r) => r[3] === '' || r[3] === 'absent (same-origin)').length : 0;
  console.log(
    `\nExtension vs Chromium: ${agree}/${scenarios.length} agree; Chromium ${chromiumMs} ms, ${settleText}, ` +
      `total ${Date.now() - started} ms\n${formatTable(['scenario', 'chromium', 'extension', ''], rows)}`,
  );
}, 120_000);

afterAll(async () => {
  await oracle?.close();
  await ext?.close();
  await servers?.close();
});

function requireSetup(): Report {
  if (problem !== null) throw new Error(problem);
  if (reportError !== null || !report) throw new Error(reportError ?? 'no report');
  return report;
}

describe('extension verdicts agree with headless Chromium', () => {
  it('the extension is built', () => {
    expect(problem, problem ?? '').toBeNull();
  });

  it.for(scenarios.map((s) => [s.id, s.title] as const))('%s: %s', ([id]) => {
    const r = requireSetup();
    const chr = chromium.get(id);
    if (!chr) throw new Error(`no Chromium result for ${id}`);
    const found = entriesFor(r, chr);
    if (sameOriginOnly(chr)) {
      // Never cross-origin, so never subject to CORS: the background must not log it.
      expect(found, `${chr.method} ${chr.url} stayed same-origin`).toEqual([]);
      return;
    }
    const context = `${chr.method} ${chr.url}\nChromium: ${JSON.stringify(chr)}\nentries: ${JSON.stringify(found, null, 1).slice(0, 4000)}`;
    expect(found, context).toHaveLength(1);
    const entry = found[0];
    if (!entry) return;
    expect(fromEntry(entry), context).toEqual(fromChromium(chr, preflightSent(tagOf(id))));
  });

  it('a same-origin fetch gets no entry', () => {
    const r = requireSetup();
    // Issued before every scenario, which have all settled by now: its absence is not a delay.
    expect(entriesFor(r, sameOriginControl)).toEqual([]);
  });

  it('the scenario set is large enough and nothing stayed pending', () => {
    const r = requireSetup();
    expect(chromium.size).toBeGreaterThanOrEqual(40);
    const ours = new Set([...chromium.values()].map((c) => c.url));
    expect(r.entries.filter((e) => ours.has(e.url) && e.verdict === 'pending').map((e) => e.url)).toEqual([]);
    expect(r.schema).toBe('cors-lens.report/1');
    expect(r.browser).toBe('chromium');
  });
});

describe('100 concurrent preflighted requests', () => {
  it('every entry is present, paired with its own preflight, with Chromium\'s verdict', async () => {
    requireSetup();
    const started = Date.now();
    const page = await ext.context.newPage();
    const pageUrl = `${servers.origins.page}/?tab=${tagOf('concurrent')}`;
    await page.goto(pageUrl);
    const truth = await recordTruth(page);
    const concurrentTab = await tabIdOf(ext.sw, pageUrl, { exact: true });
    const tag = tagOf('concurrent');
    const keys: RequestKey[] = Array.from({ length: CONCURRENT }, (_, i) => ({
      url: `${servers.origins.api}/s/ext-concurrent?t=${tag}&i=${i}`,
      method: 'PUT',
    }));
    const outcomes = await page.evaluate(
      (urls) =>
        Promise.all(
          urls.map((url, i) =>
            fetch(url, { method: 'PUT', headers: { 'X-Test': String(i) } }).then(
              async (r) => {
                await r.text();
                return 'ok';
              },
              () => 'rejected',
            ),
          ),
        ),
      keys.map((k) => k.url),
    );
    // CDP's loadingFailed may trail the page's rejection a little.
    const deadline = Date.now() + 5_000;
    while (keys.some((k) => !truth.get(k)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const settled = await waitSettled(ext.context, ext.extensionId, concurrentTab, keys, { timeoutMs: 10_000 });
    const problems: string[] = [];
    keys.forEach((key, i) => {
      const chr = truth.get(key);
      const found = entriesFor(settled.report, key);
      const entry = found[0];
      if (!chr) return void problems.push(`#${i}: no CDP result (page: ${outcomes[i] ?? '?'})`);
      if (found.length !== 1 || !entry) return void problems.push(`#${i}: ${found.length} entries`);
      const d = differences(fromChromium(chr, true), fromEntry(entry));
      if (d.length > 0) problems.push(`#${i}: ${d.join(', ')}: chromium ${JSON.stringify(fromChromium(chr, true))} extension ${JSON.stringify(fromEntry(entry))}`);
      const pre = entry.preflight;
      const acrm = headerValue(pre?.requestHeaders, 'access-control-request-method');
      if (acrm.join() !== 'PUT') problems.push(`#${i}: preflight Access-Control-Request-Method ${JSON.stringify(acrm)}`);
      const answered = headerValue(pre?.responseHeaders, 'x-preflight-for');
      const own = new URL(key.url);
      if (answered.join() !== `${own.pathname}${own.search}`) {
        problems.push(`#${i}: paired with the preflight of ${JSON.stringify(answered)} (or none)`);
      }
    });
    const blocked = keys.filter((k) => truth.get(k)?.verdict === 'blocked').length;
    console.log(
      `\n100 concurrent preflighted PUTs: ${blocked} blocked by Chromium, report settled=${settled.done} in ${settled.elapsedMs} ms, ` +
        `${problems.length} problems, ${Date.now() - started} ms\n${problems.slice(0, 30).join('\n')}`,
    );
    await truth.cdp.detach().catch(() => undefined);
    await page.close();
    expect(blocked).toBe(CONCURRENT / 2);
    expect(problems).toEqual([]);
  });
});

interface Projection {
  id: string;
  url: string;
  method: string;
  verdict: string;
  reasons: { code: string; chromium: string | null; parameter: string }[];
  preflight: number | null | 'none';
  response: number | null;
  redirects: number;
}

function project(e: ReportEntry): Projection {
  return {
    id: e.id,
    url: e.url,
    method: e.method,
    verdict: e.verdict,
    reasons: e.reasons.map((f) => ({ code: f.code, chromium: f.chromium, parameter: f.parameter })),
    preflight: e.preflight ? e.preflight.status : 'none',
    response: e.response ? e.response.status : null,
    redirects: e.redirects.length,
  };
}

describe('the log survives the service worker stopping', () => {
  it('entries recorded before a stop are in the report after the worker restarts', async () => {
    requireSetup();
    const started = Date.now();
    // Fresh requests right before the stop, so the persisted state must include recent writes.
    const page = await ext.context.newPage();
    const pageUrl = `${servers.origins.page}/?tab=${tagOf('restart')}`;
    await page.goto(pageUrl);
    const restartTab = await tabIdOf(ext.sw, pageUrl, { exact: true });
    const keys: RequestKey[] = ['no-acao', 'acao-star', 'preflight-no-acam', 'preflight-ok', 'connection-refused'].map((id) => {
      const base = id === 'connection-refused' ? servers.origins.refused : servers.origins.api;
      return { url: `${base}/s/${id}?t=${tagOf(`restart-${id}`)}`, method: id.startsWith('preflight') ? 'PUT' : 'GET' };
    });
    await page.evaluate(
      (list) =>
        Promise.all(list.map((k) => fetch(k.url, { method: k.method, headers: k.method === 'PUT' ? { 'X-Test': '1' } : {} }).then(
          (r) => r.text(),
          () => '',
        ))),
      keys,
    );
    const settled = await waitSettled(ext.context, ext.extensionId, restartTab, keys, { timeoutMs: 10_000 });
    expect(settled.missing).toEqual([]);
    // The background persists to storage.session with a short debounce that no API exposes: wait it out.
    await new Promise((r) => setTimeout(r, 1_500));
    const before = await fetchReport(ext.context, ext.extensionId);
    expect(before.entries.length).toBeGreaterThanOrEqual(keys.length + scenarios.length);

    await ext.sw.evaluate(() => {
      (globalThis as unknown as { __corsLensE2eMarker?: string }).__corsLensE2eMarker = 'before-stop';
    });
    const stopped = await stopServiceWorker(ext.context, ext.extensionId);
    expect(stopped.before).toBe('running');
    // The message from the extension page wakes the worker.
    const after = await fetchReport(ext.context, ext.extensionId);
    const marker = await ext.sw.evaluate(() => (globalThis as unknown as { __corsLensE2eMarker?: string }).__corsLensE2eMarker ?? null);
    expect(marker, 'the worker really restarted (its globals are gone)').toBeNull();
    console.log(
      `\nservice worker stop: ${before.entries.length} entries before, ${after.entries.length} after; ` +
        `stop took ${stopped.elapsedMs} ms, test ${Date.now() - started} ms`,
    );
    await page.close();
    expect(after.entries.map(project)).toEqual(before.entries.map(project));
  });
});

describe('flood', () => {
  it(`a tab with more than ${ENTRY_CAP} requests keeps exactly the newest ${ENTRY_CAP}`, async () => {
    requireSetup();
    const flood = await startFloodServer();
    const page = await ext.context.newPage();
    try {
      const pageUrl = `${servers.origins.page}/?tab=${tagOf('flood')}`;
      await page.goto(pageUrl);
      const floodTab = await tabIdOf(ext.sw, pageUrl, { exact: true });
      const base = `${flood.origin}/f?t=${tagOf('flood')}&i=`;
      const started = Date.now();
      const result = await page.evaluate(
        async ({ base, count, concurrency, budget }) => {
          const end = Date.now() + budget;
          let next = 0;
          let ok = 0;
          let failed = 0;
          const worker = async (): Promise<void> => {
            while (next < count && Date.now() < end) {
              const i = next++;
              try {
                await (await fetch(`${base}${i}`)).arrayBuffer();
                ok++;
              } catch {
                failed++;
              }
            }
          };
          await Promise.all(Array.from({ length: concurrency }, worker));
          return { issued: next, ok, failed };
        },
        { base, count: FLOOD_TARGET, concurrency: FLOOD_CONCURRENCY, budget: FLOOD_BUDGET_MS },
      );
      const floodMs = Date.now() - started;
      const last = { url: `${base}${result.issued - 1}`, method: 'GET' };
      const first = { url: `${base}0`, method: 'GET' };
      const polled = await pollReport(
        ext.context,
        ext.extensionId,
        floodTab,
        (r) => entriesFor(r, last).length === 1 && r.entries.length <= ENTRY_CAP && !r.entries.some((e) => e.verdict === 'pending'),
        { timeoutMs: 30_000, intervalMs: 500 },
      );
      const indexes = polled.report.entries.map((e) => Number(new URL(e.url).searchParams.get('i')));
      const oldest = indexes.length > 0 ? Math.min(...indexes) : -1;
      console.log(
        `\nflood: ${result.issued} requests issued (target ${FLOOD_TARGET}) in ${floodMs} ms ` +
          `(${Math.round((result.issued * 1000) / Math.max(1, floodMs))}/s), ${result.ok} ok, ${result.failed} failed, server got ${flood.hits()}; ` +
          `report: ${polled.report.entries.length} entries, oldest i=${oldest}, settled=${polled.done} after ${polled.elapsedMs} ms`,
      );
      expect(result.issued, `only ${result.issued} requests fit in ${FLOOD_BUDGET_MS} ms`).toBeGreaterThanOrEqual(6_000);
      expect(result.failed).toBe(0);
      expect(polled.report.entries.length).toBe(ENTRY_CAP);
      expect(entriesFor(polled.report, last), 'the last URL requested is kept').toHaveLength(1);
      expect(entriesFor(polled.report, first), 'the first URL requested was dropped').toHaveLength(0);
      // Newest = by start order; completion order may differ by at most the requests in flight.
      expect(oldest).toBeGreaterThanOrEqual(result.issued - ENTRY_CAP - FLOOD_CONCURRENCY);
      expect(polled.report.entries.filter((e) => e.verdict !== 'allowed').length).toBe(0);
    } finally {
      await page.close().catch(() => undefined);
      await flood.close();
    }
  }, 180_000);
});
