/**
 * Chromium as the oracle: run a scenario's fetch() from a page on the page origin and report what
 * Chromium decided, as CDP tells it (`Network.loadingFailed.corsErrorStatus`), never as we think it should.
 */
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { normalizedMethod, scenarioUrl } from '../scenarios.js';
import type { Scenario } from '../scenarios.js';
import { COOKIE, fetchInPage, pageFetchOf, setPageCookie } from './page-fetch.js';
import type { PageOutcome } from './page-fetch.js';
import type { Origins } from './servers.js';
import { sleep } from './wait.js';

export { runAll } from './page-fetch.js';

export type OracleVerdict = 'allowed' | 'blocked' | 'failed';

export interface OracleResult {
  scenarioId: string;
  url: string;
  /** Method as it went on the wire (after fetch() normalization). */
  method: string;
  /** allowed: fetch() resolved; blocked: loadingFailed carried corsErrorStatus; failed: loadingFailed without it. */
  verdict: OracleVerdict;
  /** `corsErrorStatus.corsError`, or null. */
  corsError: string | null;
  /** `corsErrorStatus.failedParameter`, or null when there is no corsErrorStatus. */
  failedParameter: string | null;
  /** `loadingFailed.errorText` (e.g. `net::ERR_FAILED`), or null when allowed. */
  errorText: string | null;
  /** `loadingFailed.blockedReason` when Chromium gave one (ORB, CSP…). */
  blockedReason: string | null;
  /** HTTP status seen by the page when allowed. */
  status: number | null;
  /** The page-side rejection message when fetch() rejected. */
  fetchError: string | null;
  /** CDP requestId of the actual request, when found. */
  requestId: string | null;
  /** Every URL the actual request went through (redirects included), from CDP. */
  urlChain: string[];
}

interface SentRequest {
  requestId: string;
  url: string;
  method: string;
  preflight: boolean;
}

interface FailedLoad {
  errorText: string;
  corsError: string | null;
  failedParameter: string | null;
  blockedReason: string | null;
  type: string | null;
}

export interface RunOptions {
  /** Unique tag for the URL's `t` parameter (defeats Chromium's preflight cache). */
  tag: string;
  /** How long to wait for CDP's loadingFailed after fetch() rejected (ms, default 5000). */
  settleTimeout?: number;
  /** Abort the fetch after this long (ms, default 15000). */
  fetchTimeout?: number;
}

export interface Oracle {
  page: Page;
  cdp: CDPSession;
  run(scenario: Scenario, options: RunOptions): Promise<OracleResult>;
  close(): Promise<void>;
}

/** Open a page on the page origin with a CDP session recording network events. */
export async function openOracle(context: BrowserContext, origins: Origins): Promise<Oracle> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const sent: SentRequest[] = [];
  const chains = new Map<string, string[]>();
  const failures = new Map<string, FailedLoad>();

  cdp.on('Network.requestWillBeSent', (e) => {
    const preflight = e.initiator.type === 'preflight' || e.type === 'Preflight';
    const chain = chains.get(e.requestId);
    if (chain) {
      chain.push(e.request.url);
      return;
    }
    chains.set(e.requestId, [e.request.url]);
    sent.push({ requestId: e.requestId, url: e.request.url, method: e.request.method, preflight });
  });
  cdp.on('Network.loadingFailed', (e) => {
    failures.set(e.requestId, {
      errorText: e.errorText,
      corsError: e.corsErrorStatus ? String(e.corsErrorStatus.corsError) : null,
      failedParameter: e.corsErrorStatus ? e.corsErrorStatus.failedParameter : null,
      blockedReason: e.blockedReason ? String(e.blockedReason) : null,
      type: e.type ? String(e.type) : null,
    });
  });
  await cdp.send('Network.enable');
  await page.goto(`${origins.page}/`, { waitUntil: 'load' });

  const findActual = (url: string, method: string): SentRequest | undefined =>
    sent.find((s) => !s.preflight && s.url === url && s.method === method);
  const usedUrls = new Set<string>();

  const run = async (scenario: Scenario, options: RunOptions): Promise<OracleResult> => {
    const url = scenarioUrl(scenario, origins, options.tag);
    const method = normalizedMethod(scenario.request.method);
    // Results are matched by URL, and Chromium caches preflights per URL: every run needs its own tag.
    if (usedUrls.has(url)) throw new Error(`${scenario.id}: URL ${url} already used by this oracle; use a unique tag`);
    usedUrls.add(url);
    if (scenario.request.credentials === 'include') await page.evaluate(setPageCookie, COOKIE);
    const outcome: PageOutcome = await page.evaluate(fetchInPage, pageFetchOf(scenario, url, options.fetchTimeout ?? 15_000));

    const base = {
      scenarioId: scenario.id,
      url,
      method,
      status: outcome.status,
      fetchError: outcome.error,
    };
    const settleUntil = Date.now() + (options.settleTimeout ?? 5_000);
    let actual = findActual(url, method);
    if (outcome.ok) {
      return {
        ...base,
        verdict: 'allowed',
        corsError: null,
        failedParameter: null,
        errorText: null,
        blockedReason: null,
        requestId: actual?.requestId ?? null,
        urlChain: actual ? (chains.get(actual.requestId) ?? [url]) : [url],
      };
    }
    // fetch() rejected: wait (bounded) for CDP's loadingFailed of the actual request.
    let failure: FailedLoad | undefined;
    while (Date.now() < settleUntil) {
      actual = actual ?? findActual(url, method);
      failure = actual ? failures.get(actual.requestId) : undefined;
      if (failure) break;
      await sleep(20);
    }
    if (!actual || !failure) {
      throw new Error(
        `${scenario.id}: fetch() rejected (${outcome.error ?? '?'}) but CDP reported no loadingFailed for ` +
          `${method} ${url} (request seen: ${actual ? actual.requestId : 'no'})`,
      );
    }
    return {
      ...base,
      verdict: failure.corsError === null ? 'failed' : 'blocked',
      corsError: failure.corsError,
      failedParameter: failure.failedParameter,
      errorText: failure.errorText,
      blockedReason: failure.blockedReason,
      requestId: actual.requestId,
      urlChain: chains.get(actual.requestId) ?? [url],
    };
  };

  return {
    page,
    cdp,
    run,
    async close() {
      await cdp.detach().catch(() => undefined);
      await page.close().catch(() => undefined);
    },
  };
}

/** Plain-text table: columns padded to their widest cell. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

/** Short text of a Chromium result: `CorsError(param)`, `allowed 200` or the net error. */
export function describeResult(r: OracleResult): string {
  if (r.verdict === 'allowed') return `allowed ${r.status ?? ''}`.trim();
  if (r.verdict === 'failed') return `failed ${r.errorText ?? ''}`.trim();
  return r.failedParameter ? `${r.corsError ?? ''} [${r.failedParameter}]` : (r.corsError ?? '');
}
