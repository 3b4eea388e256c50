/**
 * Records replay fixtures from the real browser: for each chosen scenario, the normalised webRequest
 * events the background saw (its journal) plus Chromium's own verdict from CDP, written to
 * test/fixtures/events/chromium/<id>.json. Only runs with CORS_LENS_RECORD=1 (it rewrites files).
 *
 * Volatile values are replaced so re-recording does not churn the files: ports become PAGE / API /
 * THIRD / REFUSED, request ids are renumbered by first appearance, tab ids likewise, Date header values
 * are fixed, and event times become a fixed epoch plus 1 ms per event (the order is what replays need;
 * the real intervals are a few ms and differ on every run).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionProblem, launchWithExtension, readJournal, startJournal } from './support/extension.js';
import type { ExtensionHandle } from './support/extension.js';
import { openOracle } from './support/oracle.js';
import type { Oracle, OracleResult } from './support/oracle.js';
import { startServers } from './support/servers.js';
import type { Servers } from './support/servers.js';
import { normalizedMethod, scenarioById, scenarioUrl, scenarios } from './scenarios.js';
import type { Scenario } from './scenarios.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** CORS_LENS_FIXTURES_DIR may redirect the output (e.g. to compare two recordings). */
const OUT_DIR = resolve(process.env.CORS_LENS_FIXTURES_DIR ?? join(ROOT, 'test', 'fixtures', 'events', 'chromium'));
const RECORD = process.env.CORS_LENS_RECORD === '1';
/** Fixture times start here (2023-11-14T22:13:20Z), one ms per event. */
const BASE_T = 1_700_000_000_000;
const FIXED_DATE = 'Mon, 01 Jan 2024 00:00:00 GMT';

interface FixtureCase {
  /** File name (without .json); the scenario id unless the case is a variation. */
  id: string;
  scenario: string;
  /** The event order it covers. */
  covers: string;
  /** Run the scenario's URL once first, then record a repeat of the same URL (preflight cache). */
  repeat?: boolean;
}

const CASES: readonly FixtureCase[] = [
  { id: 'acao-star', scenario: 'acao-star', covers: 'simple request, allowed' },
  { id: 'no-acao', scenario: 'no-acao', covers: 'simple request, blocked (response headers then error)' },
  { id: 'cred-ok', scenario: 'cred-ok', covers: 'credentials, allowed (Cookie on the wire)' },
  { id: 'cred-no-acac', scenario: 'cred-no-acac', covers: 'credentials, blocked' },
  { id: 'preflight-ok', scenario: 'preflight-ok', covers: 'preflight ok, actual allowed' },
  { id: 'preflight-ok-actual-no-acao', scenario: 'preflight-ok-actual-no-acao', covers: 'preflight ok, actual blocked' },
  { id: 'preflight-no-acam', scenario: 'preflight-no-acam', covers: 'preflight failed: method (actual never sent)' },
  { id: 'preflight-no-acah', scenario: 'preflight-no-acah', covers: 'preflight failed: header' },
  { id: 'preflight-404-no-acao', scenario: 'preflight-404-no-acao', covers: 'preflight failed: 404 without ACAO' },
  { id: 'preflight-404-with-acao', scenario: 'preflight-404-with-acao', covers: 'preflight failed: status' },
  { id: 'preflight-cred-no-acac', scenario: 'preflight-cred-no-acac', covers: 'preflight failed: credentials' },
  { id: 'preflight-socket-destroyed', scenario: 'preflight-socket-destroyed', covers: 'preflight failed: network error' },
  { id: 'preflight-302', scenario: 'preflight-302', covers: 'preflight redirected (completed 302, no before-redirect)' },
  { id: 'redirect-same-api-ok', scenario: 'redirect-same-api-ok', covers: 'redirect chain within the API, allowed' },
  { id: 'redirect-no-acao', scenario: 'redirect-no-acao', covers: 'redirect chain, the 3xx lacks ACAO' },
  { id: 'redirect-cross-tainted', scenario: 'redirect-cross-tainted', covers: 'cross-origin redirect (tainted origin), blocked' },
  { id: 'preflighted-redirect-307', scenario: 'preflighted-redirect-307', covers: 'preflight, 307 to another origin, second preflight' },
  { id: 'same-origin-301-to-api', scenario: 'same-origin-301-to-api', covers: 'starts same-origin, redirected cross-origin' },
  { id: 'connection-refused', scenario: 'connection-refused', covers: 'connection refused' },
  { id: 'socket-destroyed', scenario: 'socket-destroyed', covers: 'empty response' },
  { id: 'preflight-cached', scenario: 'delete-lower', covers: 'preflight served from the cache (repeat of the URL within 1 s)', repeat: true },
];

interface JournalEvent {
  kind: string;
  requestId: string;
  url: string;
  method?: string;
  tabId?: number;
  t: number;
  [field: string]: unknown;
}

function isJournalEvent(value: unknown): value is JournalEvent {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<JournalEvent>;
  return typeof v.kind === 'string' && typeof v.requestId === 'string' && typeof v.url === 'string' && typeof v.t === 'number';
}

function tagOf(url: string): string | null {
  try {
    return new URL(url).searchParams.get('t');
  } catch {
    return null;
  }
}

/** This run's events: requests whose before-request carried the tag (drops stragglers of earlier runs). */
function eventsFor(journal: readonly unknown[], tag: string): JournalEvent[] {
  const events = journal.filter(isJournalEvent);
  const ids = new Set(events.filter((e) => e.kind === 'before-request' && tagOf(e.url) === tag).map((e) => e.requestId));
  return events.filter((e) => ids.has(e.requestId));
}

function isTerminal(e: JournalEvent): boolean {
  return e.kind === 'completed' || e.kind === 'error';
}

/** The actual request (not its preflight) reached completed/error: nothing of it follows. */
function actualDone(events: readonly JournalEvent[], url: string, method: string): boolean {
  const actual = events.find((e) => e.kind === 'before-request' && e.url === url && e.method === method);
  return actual !== undefined && events.some((e) => e.requestId === actual.requestId && isTerminal(e));
}

async function waitForEvents(ext: ExtensionHandle, tag: string, url: string, method: string): Promise<JournalEvent[]> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const events = eventsFor(await readJournal(ext.sw), tag);
    if (actualDone(events, url, method)) return events;
    if (Date.now() > deadline) {
      throw new Error(`no completed/error event for ${method} ${url} in the journal after 5 s (${events.length} events: ${events.map((e) => e.kind).join(', ')})`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Replace volatile values (see the file comment); `ports` maps a port to its placeholder. */
function normalise(value: unknown, ports: ReadonlyMap<string, string>): unknown {
  const text = JSON.stringify(value).replace(/(127\.0\.0\.[0-9]+):([0-9]+)(?![0-9])/g, (whole, host: string, port: string) => {
    const name = ports.get(port);
    return name === undefined ? whole : `${host}:${name}`;
  });
  return JSON.parse(text) as unknown;
}

function stableEvents(events: readonly JournalEvent[]): JournalEvent[] {
  const ids = new Map<string, string>();
  const tabs = new Map<number, number>();
  const docs = new Map<string, string>();
  return events.map((e, index) => {
    const out: JournalEvent = { ...e };
    if (!ids.has(e.requestId)) ids.set(e.requestId, String(ids.size + 1));
    out.requestId = ids.get(e.requestId) ?? e.requestId;
    if (typeof e.tabId === 'number' && e.tabId >= 0) {
      if (!tabs.has(e.tabId)) tabs.set(e.tabId, tabs.size + 1);
      out.tabId = tabs.get(e.tabId);
    }
    out.t = BASE_T + index;
    for (const field of ['documentId', 'parentDocumentId']) {
      const doc = e[field];
      if (typeof doc === 'string') {
        if (!docs.has(doc)) docs.set(doc, `DOC${docs.size + 1}`);
        out[field] = docs.get(doc);
      }
    }
    if (Array.isArray(e.headers)) {
      out.headers = (e.headers as unknown[]).map((h) =>
        Array.isArray(h) && typeof h[0] === 'string' && h[0].toLowerCase() === 'date' ? [h[0], FIXED_DATE] : h,
      );
    }
    return out;
  });
}

function scenarioData(s: Scenario, c: FixtureCase): Record<string, unknown> {
  return {
    id: s.id,
    fixture: c.id,
    title: s.title,
    covers: c.covers,
    request: s.request,
    ...(c.repeat === true ? { repeat: 'the same URL was fetched just before; this is the second fetch' } : {}),
  };
}

function truthOf(r: OracleResult): Record<string, unknown> {
  return {
    verdict: r.verdict,
    corsError: r.corsError,
    failedParameter: r.failedParameter,
    errorText: r.errorText,
    status: r.status,
    urlChain: r.urlChain,
  };
}

if (!RECORD) {
  describe('record Chromium webRequest fixtures', () => {
    it.skip('set CORS_LENS_RECORD=1 to (re)write test/fixtures/events/chromium/*.json from the real browser', () => undefined);
  });
} else {
  const problem = extensionProblem();
  let servers: Servers;
  let ext: ExtensionHandle;
  let first: Oracle;
  /** A second tab, for the repeat of a URL the first tab already used (the oracle refuses reusing a URL). */
  let second: Oracle;
  let version = 'unknown';
  let ports = new Map<string, string>();

  beforeAll(async () => {
    if (problem !== null) return;
    servers = await startServers({ routes: scenarios });
    ext = await launchWithExtension();
    first = await openOracle(ext.context, servers.origins);
    second = await openOracle(ext.context, servers.origins);
    const v = await first.cdp.send('Browser.getVersion');
    version = v.product.split('/')[1] ?? v.product;
    const portOf = (origin: string): string => new URL(origin).port;
    ports = new Map([
      [portOf(servers.origins.page), 'PAGE'],
      [portOf(servers.origins.api), 'API'],
      [portOf(servers.origins.third), 'THIRD'],
      [portOf(servers.origins.refused), 'REFUSED'],
    ]);
    await mkdir(OUT_DIR, { recursive: true });
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
    await ext?.close();
    await servers?.close();
  });

  describe('record Chromium webRequest fixtures', () => {
    it('the extension is built', () => {
      expect(problem, problem ?? '').toBeNull();
    });

    it.for(CASES.map((c) => [c.id, c.covers] as const))('%s: %s', async ([id]) => {
      if (problem !== null) throw new Error(problem);
      const c = CASES.find((x) => x.id === id);
      if (!c) throw new Error(`unknown case ${id}`);
      const scenario = scenarioById(c.scenario);
      // Stable tags keep the URLs in the fixtures stable; each browser run starts with an empty preflight cache.
      const tag = `fx-${c.id}`;
      const url = scenarioUrl(scenario, servers.origins, tag);
      const method = normalizedMethod(scenario.request.method);
      let oracle = first;
      if (c.repeat === true) {
        await startJournal(ext.sw);
        await first.run(scenario, { tag });
        // Let the first fetch's events all arrive, so none of them lands in the recorded journal.
        await waitForEvents(ext, tag, url, method);
        oracle = second;
      }
      const startedAt = Date.now();
      await startJournal(ext.sw);
      const truth = await oracle.run(scenario, { tag });
      const events = await waitForEvents(ext, tag, url, method);
      const options = events.filter((e) => e.method === 'OPTIONS');
      if (c.repeat === true) {
        expect(Date.now() - startedAt, 'the repeat must come well within the 5 s preflight cache').toBeLessThan(1_000);
        expect(options, 'a repeat within the cache lifetime sends no preflight').toEqual([]);
      } else {
        const wire = servers.requestsFor(tag).some((r) => r.method === 'OPTIONS');
        expect(options.length > 0, `the journal shows the preflight iff one went on the wire (${wire})`).toBe(wire);
      }
      const fixture = normalise(
        { browser: 'chromium', version, scenario: scenarioData(scenario, c), truth: truthOf(truth), events: stableEvents(events) },
        ports,
      );
      await writeFile(join(OUT_DIR, `${c.id}.json`), `${JSON.stringify(fixture, null, 2)}\n`);
      console.log(`${c.id}: ${truth.verdict} ${truth.corsError ?? truth.errorText ?? ''} — ${events.length} events: ${events.map((e) => `${e.requestId}:${e.kind}`).join(' ')}`);
    });
  });
}
