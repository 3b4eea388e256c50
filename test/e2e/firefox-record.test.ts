/**
 * Records Firefox replay fixtures: for each chosen scenario, the normalised webRequest events the
 * background saw (its journal, read from the extension's own tab) plus Firefox's verdict from its
 * console, written to test/fixtures/events/firefox/<id>.json. Only runs with CORS_LENS_RECORD=1.
 *
 * Same cases and same normalisation as the Chromium recorder (record-fixtures.test.ts) so the two
 * folders compare file by file: ports become PAGE / API / THIRD / REFUSED, request and tab ids are
 * renumbered by first appearance, times rebased to a fixed epoch (intervals kept), Date values fixed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../../src/capture/events.js';
import {
  describeTruth,
  firefoxOracle,
  firefoxProblem,
  launchFirefox,
  readJournal,
  recordTab,
  startJournal,
  tabIdsOf,
  waitForCapture,
} from './support/firefox.js';
import type { FirefoxHandle, FirefoxOracle, FirefoxTruth } from './support/firefox.js';
import { RECORD, caseById, fixturesDir, portPlaceholders, recordCase, scenarioData, stableEvents, writeFixture } from './support/fixtures.js';
import type { FixtureCase, Recorder } from './support/fixtures.js';
import { startServers } from './support/servers.js';
import type { Servers } from './support/servers.js';
import { scenarios } from './scenarios.js';

const OUT_DIR = fixturesDir('firefox');

const CASES: readonly FixtureCase[] = [
  { id: 'acao-star', scenario: 'acao-star', covers: 'simple request, allowed' },
  { id: 'no-acao', scenario: 'no-acao', covers: 'simple request, blocked (Firefox: completed 200, no error event)' },
  { id: 'acao-two-lines', scenario: 'acao-two-lines', covers: 'simple request, blocked; two ACAO lines as webRequest shows them' },
  { id: 'cred-ok', scenario: 'cred-ok', covers: 'credentials, allowed (Cookie on the wire)' },
  { id: 'cred-no-acac', scenario: 'cred-no-acac', covers: 'credentials, blocked' },
  { id: 'preflight-ok', scenario: 'preflight-ok', covers: 'preflight ok, actual allowed' },
  { id: 'preflight-ok-actual-no-acao', scenario: 'preflight-ok-actual-no-acao', covers: 'preflight ok, actual blocked' },
  { id: 'preflight-no-acam', scenario: 'preflight-no-acam', covers: 'preflight failed: method (actual never sent)' },
  { id: 'acam-space-list', scenario: 'acam-space-list', covers: 'preflight failed: invalid Access-Control-Allow-Methods token' },
  { id: 'preflight-no-acah', scenario: 'preflight-no-acah', covers: 'preflight failed: header' },
  { id: 'preflight-404-no-acao', scenario: 'preflight-404-no-acao', covers: 'preflight failed: 404 without ACAO' },
  { id: 'preflight-404-with-acao', scenario: 'preflight-404-with-acao', covers: 'preflight failed: status' },
  { id: 'preflight-cred-no-acac', scenario: 'preflight-cred-no-acac', covers: 'preflight failed: credentials' },
  { id: 'preflight-acao-star-cred', scenario: 'preflight-acao-star-cred', covers: 'preflight failed: ACAO * with credentials' },
  { id: 'preflight-socket-destroyed', scenario: 'preflight-socket-destroyed', covers: 'preflight failed: network error' },
  { id: 'preflight-302', scenario: 'preflight-302', covers: 'preflight redirected (Firefox: before-redirect, then nothing for it)' },
  { id: 'redirect-same-api-ok', scenario: 'redirect-same-api-ok', covers: 'redirect chain within the API, allowed' },
  { id: 'redirect-no-acao', scenario: 'redirect-no-acao', covers: 'redirect chain, the 3xx lacks ACAO' },
  { id: 'redirect-cross-tainted', scenario: 'redirect-cross-tainted', covers: 'cross-origin redirect (tainted origin), blocked' },
  { id: 'preflighted-redirect-307', scenario: 'preflighted-redirect-307', covers: 'preflight, 307 to another origin, second preflight' },
  { id: 'preflighted-redirect-tainted', scenario: 'preflighted-redirect-tainted', covers: 'preflight, 307 to another origin; what Origin the second preflight carries' },
  { id: 'redirect-userinfo', scenario: 'redirect-userinfo', covers: 'redirect to a URL with user:pass@' },
  { id: 'same-origin-301-to-api', scenario: 'same-origin-301-to-api', covers: 'starts same-origin, redirected cross-origin' },
  { id: 'connection-refused', scenario: 'connection-refused', covers: 'connection refused' },
  { id: 'socket-destroyed', scenario: 'socket-destroyed', covers: 'empty response' },
  { id: 'preflight-cached', scenario: 'delete-lower', covers: 'repeat of a preflighted URL within 1 s (Firefox may or may not use its preflight cache)', repeat: true },
];

function truthOf(t: FirefoxTruth): Record<string, unknown> {
  return {
    verdict: t.verdict,
    reason: t.reason,
    reasons: t.reasons,
    console: t.console,
    fetchError: t.fetchError,
    status: t.status,
  };
}

/** `R:before-request(GET) P:… ` — requests numbered in order, R = the actual request's id. */
function orderOf(events: readonly CaptureEvent[]): string {
  return events
    .map((e) => {
      const detail = e.kind === 'error' ? `(${e.error})` : 'status' in e ? `(${e.status})` : e.kind === 'before-request' ? `(${e.method})` : '';
      return `${e.requestId}:${e.kind}${detail}`;
    })
    .join(' ');
}

if (!RECORD) {
  describe('record Firefox webRequest fixtures', () => {
    it.skip('set CORS_LENS_RECORD=1 to (re)write test/fixtures/events/firefox/*.json from the real browser', () => undefined);
  });
} else {
  const problem = firefoxProblem();
  let servers: Servers;
  let ff: FirefoxHandle;
  let first: FirefoxOracle;
  /** A second tab for the repeat of a URL the first tab used (console messages are matched by tag per tab). */
  let second: FirefoxOracle;
  let ports = new Map<string, string>();
  let recorder: Recorder<FirefoxTruth, CaptureEvent>;
  const orders: string[] = [];

  beforeAll(async () => {
    if (problem !== null) return;
    servers = await startServers({ routes: scenarios });
    ff = await launchFirefox();
    first = await firefoxOracle(ff.browser, servers.origins);
    second = await firefoxOracle(ff.browser, servers.origins);
    // Both tabs are on the page origin: record every such tab (light mode otherwise, issue #7), then
    // probe from each page until its requests reach the report.
    const tabs = await tabIdsOf(ff.extPage, `${servers.origins.page}/`);
    expect(tabs.length, 'two scenario tabs').toBe(2);
    for (const id of tabs) await recordTab(ff.extPage, id);
    for (const o of [first, second]) await waitForCapture(ff.extPage, o.page, servers.origins.api);
    ports = portPlaceholders(servers.origins);
    recorder = {
      startJournal: () => startJournal(ff.extPage),
      readJournal: () => readJournal(ff.extPage),
      first,
      second,
      // Firefox may end a redirected preflight after the actual request's error (preflight-302).
      wait: { graceMs: 1_000 },
    };
  });

  afterAll(async () => {
    if (orders.length > 0) console.log(`Firefox ${ff?.version ?? '?'} event orders (by request, 1 = first seen):\n${orders.join('\n')}`);
    await first?.close();
    await second?.close();
    await ff?.close();
    await servers?.close();
  });

  describe('record Firefox webRequest fixtures', () => {
    it('Firefox and the Firefox test build are present', () => {
      expect(problem, problem ?? '').toBeNull();
    });

    it.for(CASES.map((c) => [c.id, c.covers] as const))('%s: %s', async ([id]) => {
      if (problem !== null) throw new Error(problem);
      const c = caseById(CASES, id);
      const { scenario, tag, truth, events, startedAt } = await recordCase(c, servers.origins, recorder);
      const preflights = events.filter((e) => e.kind === 'before-request' && e.method === 'OPTIONS').length;
      const onWire = servers.requestsFor(tag);
      const wire = { options: onWire.filter((r) => r.method === 'OPTIONS').length, other: onWire.filter((r) => r.method !== 'OPTIONS').length };
      if (c.repeat === true) {
        expect(Date.now() - startedAt, 'the repeat must come well within the 5 s preflight cache').toBeLessThan(1_000);
      } else {
        // Firefox shows every preflight to webRequest (§5.2). Not one event per wire request: Firefox
        // silently retries a request whose connection was reset (preflight-socket-destroyed: 10 OPTIONS, 1 event).
        expect(preflights > 0, `preflight in the journal (${preflights}) iff on the wire (${wire.options})`).toBe(wire.options > 0);
      }
      expect(truth.silent, `Firefox logged no CORS message for a rejected fetch (${truth.fetchError ?? ''})`).toBe(false);
      const stable = stableEvents(events, 'intervals');
      await writeFixture(
        OUT_DIR,
        c.id,
        { browser: 'firefox', version: ff.version, scenario: scenarioData(scenario, c), truth: truthOf(truth), wire, events: stable },
        ports,
      );
      orders.push(`${c.id}: ${describeTruth(truth)} — ${orderOf(stable)} [wire: ${wire.options} OPTIONS, ${wire.other} other]`);
    });
  });
}
