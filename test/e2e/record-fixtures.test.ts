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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionProblem, launchWithExtension, readJournal, setRecordAllTabs, startJournal } from './support/extension.js';
import type { ExtensionHandle } from './support/extension.js';
import {
  RECORD,
  caseById,
  fixturesDir,
  isJournalEvent,
  portPlaceholders,
  recordCase,
  scenarioData,
  stableEvents,
  writeFixture,
} from './support/fixtures.js';
import type { FixtureCase, JournalEvent, Recorder } from './support/fixtures.js';
import { openOracle } from './support/oracle.js';
import type { Oracle, OracleResult } from './support/oracle.js';
import { startServers } from './support/servers.js';
import type { Servers } from './support/servers.js';
import { scenarios } from './scenarios.js';

const OUT_DIR = fixturesDir('chromium');

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
  let recorder: Recorder<OracleResult, JournalEvent>;

  beforeAll(async () => {
    if (problem !== null) return;
    servers = await startServers({ routes: scenarios });
    ext = await launchWithExtension();
    // Full capture in every tab (tabs without a panel are in light mode: failures only).
    await setRecordAllTabs(ext.context, ext.extensionId, true);
    first = await openOracle(ext.context, servers.origins);
    second = await openOracle(ext.context, servers.origins);
    const v = await first.cdp.send('Browser.getVersion');
    version = v.product.split('/')[1] ?? v.product;
    ports = portPlaceholders(servers.origins);
    recorder = {
      startJournal: () => startJournal(ext.sw),
      readJournal: async () => (await readJournal(ext.sw)).filter(isJournalEvent),
      first,
      second,
    };
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
      const c = caseById(CASES, id);
      const { scenario, tag, truth, events, startedAt } = await recordCase(c, servers.origins, recorder);
      const options = events.filter((e) => e.method === 'OPTIONS');
      if (c.repeat === true) {
        expect(Date.now() - startedAt, 'the repeat must come well within the 5 s preflight cache').toBeLessThan(1_000);
        expect(options, 'a repeat within the cache lifetime sends no preflight').toEqual([]);
      } else {
        const wire = servers.requestsFor(tag).some((r) => r.method === 'OPTIONS');
        expect(options.length > 0, `the journal shows the preflight iff one went on the wire (${wire})`).toBe(wire);
      }
      await writeFixture(
        OUT_DIR,
        c.id,
        { browser: 'chromium', version, scenario: scenarioData(scenario, c), truth: truthOf(truth), events: stableEvents(events, 'order') },
        ports,
      );
      console.log(`${c.id}: ${truth.verdict} ${truth.corsError ?? truth.errorText ?? ''} — ${events.length} events: ${events.map((e) => `${e.requestId}:${e.kind}`).join(' ')}`);
    });
  });
}
