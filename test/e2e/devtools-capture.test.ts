/**
 * Issue #7, full capture from DevTools' network log (Chromium): the scenario matrix of
 * extension-vs-chromium.test.ts with the tab NOT recorded and no panel page subscribed, but DevTools
 * open on it. The extension's devtools page turns `devtools.network.onRequestFinished` HAR entries
 * into capture events (src/capture/har.ts) and relays them over `cors-lens/devtools`; the report
 * entry for each scenario must carry Chromium's own verdict (CDP `Network.loadingFailed
 * .corsErrorStatus`), CorsError name, failedParameter, and whether a preflight went on the wire.
 * Entry ids must carry the devtools session prefix (`dt…`): they came from the relay, not webRequest.
 * Then: a tab without DevTools beside it stays light; closing DevTools switches the tab back to light.
 *
 * puppeteer-core drives Chromium (Playwright cannot open DevTools for a tab); oracle.ts runs on it
 * through a thin adapter (support/devtools.ts).
 */
import type { Page as PptrPage } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TabState } from '../../src/messages.js';
import type { Report, ReportEntry } from '../../src/report/types.js';
import {
  fetchReportVia,
  launchPuppeteerWithExtension,
  openDevtools,
  oracleContext,
  pollReportVia,
  tabIdOfUrl,
  tabState,
  waitSettledVia,
  waitTabState,
} from './support/devtools.js';
import type { OpenedDevtools, PuppeteerExtension } from './support/devtools.js';
import { entriesFor, extensionProblem, stopServiceWorker } from './support/extension.js';
import type { RequestKey } from './support/extension.js';
import { describeEntry, differences, fromChromium, fromEntry } from './support/compare.js';
import { describeResult, formatTable, openOracle, runAll } from './support/oracle.js';
import type { Oracle, OracleResult } from './support/oracle.js';
import { startServers } from './support/servers.js';
import type { Servers } from './support/servers.js';
import { scenarios } from './scenarios.js';

const problem = extensionProblem();
const run = `dt-${process.pid}-${Date.now().toString(36)}`;
const tagOf = (id: string): string => `${run}-${id}`;
/** The devtools page prefixes its record ids with its session (extension/devtools/main.ts). */
const DEVTOOLS_ID = /^dt[0-9a-z]+:/;

// ---- shared state --------------------------------------------------------------------------------

let servers: Servers;
let ext: PuppeteerExtension;
let oracle: Oracle;
let page: PptrPage;
let devtools: OpenedDevtools | null = null;
let tabId = -1;
let stateBefore: TabState | null = null;
let stateWithDevtools: TabState | null = null;
const chromium = new Map<string, OracleResult>();
let report: Report | undefined;
let setupError: string | null = null;
let sameOriginControl: RequestKey = { url: '', method: 'GET' };
let startedAt = 0;

/**
 * Stayed on the page's origin, and Chromium reported no CORS error: a same-origin redirect to
 * another origin that Chromium refused (its Location has credentials) never reaches that origin,
 * but the refusal is a CORS error (Fetch #http-redirect-fetch) and gets an entry.
 */
function sameOriginOnly(r: OracleResult): boolean {
  return r.corsError === null && r.urlChain.every((u) => new URL(u).origin === servers.origins.page);
}

function preflightSent(tag: string): boolean {
  return servers.requestsFor(tag).some((e) => e.method === 'OPTIONS');
}

/** A blocked simple GET (the `no-acao` scenario's route, fresh tag) from `p`; resolves when the page saw it fail. */
async function blockedFetch(p: PptrPage, label: string): Promise<RequestKey> {
  const url = `${servers.origins.api}/s/no-acao?t=${tagOf(label)}`;
  await p.evaluate(async (u) => {
    await fetch(u).then((r) => r.text(), () => undefined);
  }, url);
  return { url, method: 'GET' };
}

async function allowedFetch(p: PptrPage, label: string): Promise<RequestKey> {
  const url = `${servers.origins.api}/s/acao-star?t=${tagOf(label)}`;
  await p.evaluate(async (u) => {
    await fetch(u).then((r) => r.text(), () => undefined);
  }, url);
  return { url, method: 'GET' };
}

async function settledEntry(tab: number, key: RequestKey): Promise<ReportEntry[]> {
  const polled = await pollReportVia(ext, tab, (r) => entriesFor(r, key).some((e) => e.verdict !== 'pending'), { timeoutMs: 5_000 });
  return entriesFor(polled.report, key);
}

beforeAll(async () => {
  if (problem !== null) return;
  startedAt = Date.now();
  servers = await startServers({ routes: scenarios });
  ext = await launchPuppeteerWithExtension();
  try {
    oracle = await openOracle(oracleContext(ext.browser), servers.origins);
    page = oracle.page as unknown as PptrPage;
    tabId = await tabIdOfUrl(ext, `${servers.origins.page}/`);
    stateBefore = await tabState(ext, tabId);
    devtools = await openDevtools(page);
    stateWithDevtools = await waitTabState(ext, tabId, (s) => s.source === 'devtools', { timeoutMs: 15_000 });
    if (stateWithDevtools.source !== 'devtools') throw new Error(`DevTools opened but the tab's source stayed ${JSON.stringify(stateWithDevtools)}`);
  } catch (error) {
    setupError = String(error);
    return;
  }
  const setupMs = Date.now() - startedAt;

  sameOriginControl = { url: `${servers.origins.page}/?t=${tagOf('same-origin-control')}`, method: 'GET' };
  await page.evaluate(async (url) => {
    await (await fetch(url)).text();
  }, sameOriginControl.url);

  const t0 = Date.now();
  const results = await runAll(oracle, scenarios, (s) => tagOf(s.id));
  for (const r of results) chromium.set(r.scenarioId, r);
  const chromiumMs = Date.now() - t0;

  const expected = results.filter((r) => !sameOriginOnly(r)).map((r) => ({ url: r.url, method: r.method }));
  const settled = await waitSettledVia(ext, tabId, expected, { timeoutMs: 15_000 });
  report = settled.report;
  const settleText = `report settled=${settled.done} after ${settled.elapsedMs} ms (${settled.polls} polls, ` +
    `${settled.missing.length} missing, ${settled.pending.length} pending)`;
  const rows = scenarios.map((s) => {
    const chr = chromium.get(s.id);
    if (!chr || !report) return [s.id, '(none)', '', ''];
    const found = entriesFor(report, chr);
    const entry = found[0];
    let diff = '';
    if (sameOriginOnly(chr)) diff = found.length === 0 ? 'absent (same-origin)' : 'DIFF: entry for a same-origin request';
    else if (found.length !== 1) diff = `DIFF: ${found.length} entries`;
    else if (entry) {
      const d = differences(fromChromium(chr, preflightSent(tagOf(s.id))), fromEntry(entry));
      if (!DEVTOOLS_ID.test(entry.id)) d.push(`id ${entry.id}`);
      diff = d.length === 0 ? '' : `DIFF: ${d.join(', ')}`;
    }
    const pf = preflightSent(tagOf(s.id)) ? ' +pf' : '';
    return [s.id, describeResult(chr) + pf, describeEntry(entry, true), diff];
  });
  const agree = rows.filter((r) => r[3] === '' || r[3] === 'absent (same-origin)').length;
  console.log(
    `\nExtension (DevTools' network log) vs Chromium: ${agree}/${scenarios.length} agree; setup ${setupMs} ms, Chromium ${chromiumMs} ms, ` +
      `${settleText}, total ${Date.now() - startedAt} ms\n${formatTable(['scenario', 'chromium', 'extension (devtools)', ''], rows)}`,
  );
}, 120_000);

afterAll(async () => {
  await devtools?.close();
  await oracle?.close();
  await ext?.close();
  await servers?.close();
  if (startedAt > 0) console.log(`\ndevtools-capture: wall time ${Date.now() - startedAt} ms`);
});

function requireSetup(): Report {
  if (problem !== null) throw new Error(problem);
  if (setupError !== null || !report) throw new Error(setupError ?? 'no report');
  return report;
}

describe.skipIf(problem !== null)('full capture from DevTools\' network log agrees with headless Chromium', () => {
  it('the tab is light before DevTools opens, full from DevTools\' log while it is open (not recorded, no panel)', () => {
    requireSetup();
    expect(stateBefore).toMatchObject({ mode: 'light', recorded: false, recordAllTabs: false, source: 'light' });
    expect(stateWithDevtools).toMatchObject({ mode: 'full', recorded: false, recordAllTabs: false, source: 'devtools' });
  });

  it.for(scenarios.map((s) => [s.id, s.title] as const))('%s: %s', ([id]) => {
    const r = requireSetup();
    const chr = chromium.get(id);
    if (!chr) throw new Error(`no Chromium result for ${id}`);
    const found = entriesFor(r, chr);
    if (sameOriginOnly(chr)) {
      expect(found, `${chr.method} ${chr.url} stayed same-origin`).toEqual([]);
      return;
    }
    const context = `${chr.method} ${chr.url}\nChromium: ${JSON.stringify(chr)}\nentries: ${JSON.stringify(found, null, 1).slice(0, 4000)}`;
    // No duplicates: exactly one entry per request.
    expect(found, context).toHaveLength(1);
    const entry = found[0];
    if (!entry) return;
    expect(fromEntry(entry), context).toEqual(fromChromium(chr, preflightSent(tagOf(id))));
    // From the relay (the devtools page's session prefix), in full mode.
    expect(entry.id, context).toMatch(DEVTOOLS_ID);
    expect(entry.mode, context).toBe('full');
  });

  it('a same-origin fetch gets no entry', () => {
    const r = requireSetup();
    expect(entriesFor(r, sameOriginControl)).toEqual([]);
  });

  it('no duplicates and nothing pending: one entry per request of the tab, all from the relay', () => {
    const r = requireSetup();
    const keys = r.entries.map((e) => `${e.method} ${e.url}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    expect(r.entries.filter((e) => !DEVTOOLS_ID.test(e.id)).map((e) => `${e.id} ${e.method} ${e.url}`)).toEqual([]);
    expect(r.entries.filter((e) => e.verdict === 'pending').map((e) => e.url)).toEqual([]);
    expect(r.entries.filter((e) => e.mode !== 'full').map((e) => e.url)).toEqual([]);
    expect(r.browser).toBe('chromium');
  });
});

describe.skipIf(problem !== null)('beside and after DevTools', () => {
  it('a second tab without DevTools stays light: its blocked fetch is a light `not-captured` entry', async () => {
    requireSetup();
    const other = await ext.browser.newPage();
    try {
      const otherUrl = `${servers.origins.page}/?tab=${tagOf('light')}`;
      await other.goto(otherUrl, { waitUntil: 'load' });
      const otherTab = await tabIdOfUrl(ext, otherUrl);
      expect(await tabState(ext, otherTab)).toMatchObject({ mode: 'light', source: 'light' });
      const key = await blockedFetch(other, 'light-beside');
      const found = await settledEntry(otherTab, key);
      expect(found, JSON.stringify(found)).toHaveLength(1);
      expect(found[0]).toMatchObject({ mode: 'light', verdict: 'blocked', response: null, error: 'net::ERR_FAILED' });
      expect(found[0]?.reasons[0]?.code).toBe('not-captured');
      expect(found[0]?.id).not.toMatch(DEVTOOLS_ID);
      // The DevTools tab kept its source, and did not get the other tab's request.
      expect(await tabState(ext, tabId)).toMatchObject({ mode: 'full', source: 'devtools' });
      expect(entriesFor(await fetchReportVia(ext, tabId), key)).toEqual([]);
    } finally {
      await other.close().catch(() => undefined);
    }
  });

  it('with DevTools still open, a new request is captured once, in full, from the relay', async () => {
    requireSetup();
    const key = await blockedFetch(page, 'still-open');
    const found = await settledEntry(tabId, key);
    expect(found, JSON.stringify(found)).toHaveLength(1);
    expect(found[0]).toMatchObject({ mode: 'full', verdict: 'blocked', response: { status: 200 } });
    expect(found[0]?.reasons[0]?.chromium).toBe('MissingAllowOriginHeader');
    expect(found[0]?.id).toMatch(DEVTOOLS_ID);
  });

  /**
   * A restarted worker does not know which tabs DevTools relays until the devtools page reconnects
   * and says `hello`. A request of the tab in that gap reaches the always-on failure listener (a
   * light entry) and, relayed after the `hello`, DevTools' log (a full one): the full record
   * replaces the light one (Capture.supersede).
   */
  it('a request right after a service-worker restart is logged once, in full', async () => {
    requireSetup();
    const stopped = await stopServiceWorker(oracleContext(ext.browser), ext.extensionId);
    expect(stopped.before).toBe('running');
    // The request's failure wakes the worker before the relay reconnects.
    const key = await blockedFetch(page, 'sw-restart-race');
    await waitTabState(ext, tabId, (s) => s.source === 'devtools');
    const polled = await pollReportVia(ext, tabId, (r) => entriesFor(r, key).some((e) => e.mode === 'full'), { timeoutMs: 3_000 });
    await new Promise((r) => setTimeout(r, 300));
    const found = entriesFor(await fetchReportVia(ext, tabId), key);
    console.log(`\nservice-worker restart race: ${found.length} entries (${found.map((e) => `${e.id} ${e.mode ?? ''} ${e.reasons[0]?.code ?? e.verdict}`).join('; ')}), polled ${polled.elapsedMs} ms`);
    expect(found.map((e) => e.mode)).toEqual(['full']);
  });

  it('after a service-worker restart the relay reconnects: requests are again captured once, in full, from DevTools\' log', async () => {
    requireSetup();
    const stopped = await stopServiceWorker(oracleContext(ext.browser), ext.extensionId);
    expect(stopped.before).toBe('running');
    // tab-state wakes the worker; the devtools page reconnects and says hello again.
    expect(await waitTabState(ext, tabId, (s) => s.source === 'devtools')).toMatchObject({ mode: 'full', source: 'devtools' });
    const key = await blockedFetch(page, 'sw-restarted');
    const found = await settledEntry(tabId, key);
    await new Promise((r) => setTimeout(r, 300));
    expect(entriesFor(await fetchReportVia(ext, tabId), key), JSON.stringify(found)).toHaveLength(1);
    expect(found[0]).toMatchObject({ mode: 'full', verdict: 'blocked', response: { status: 200 } });
    expect(found[0]?.id).toMatch(DEVTOOLS_ID);
  });

  it('closing DevTools switches the tab back to light; a request after that is a light entry', async () => {
    requireSetup();
    if (!devtools) throw new Error('DevTools is not open');
    await devtools.close();
    devtools = null;
    const state = await waitTabState(ext, tabId, (s) => s.mode === 'light', { timeoutMs: 10_000 });
    expect(state).toMatchObject({ mode: 'light', source: 'light', recorded: false });
    const blocked = await blockedFetch(page, 'after-close');
    const found = await settledEntry(tabId, blocked);
    expect(found, JSON.stringify(found)).toHaveLength(1);
    expect(found[0]).toMatchObject({ mode: 'light', verdict: 'blocked', response: null });
    expect(found[0]?.reasons[0]?.code).toBe('not-captured');
    expect(found[0]?.id).not.toMatch(DEVTOOLS_ID);
    // Light mode logs no allowed request.
    const allowed = await allowedFetch(page, 'after-close-ok');
    await new Promise((r) => setTimeout(r, 300));
    expect(entriesFor(await fetchReportVia(ext, tabId), allowed)).toEqual([]);
  });
});
