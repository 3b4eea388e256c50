/**
 * Sanity of the harness on its own: servers + headless Chromium + CDP oracle, no CLI involved.
 * The first tests pin a few facts the whole e2e suite relies on; the last one runs every scenario
 * in Chromium, prints what Chromium says, and checks wire-level invariants from the server log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import type { ChromiumHandle } from './support/chromium.js';
import { describeResult, formatTable, openOracle, runAll } from './support/oracle.js';
import type { Oracle, OracleResult } from './support/oracle.js';
import { startServers } from './support/servers.js';
import type { Servers } from './support/servers.js';
import { normalizedMethod, scenarioById, scenarios } from './scenarios.js';

const PREFLIGHT_STAGE_ERRORS = /^Preflight|^MethodDisallowedByPreflightResponse$|^HeaderDisallowedByPreflightResponse$|^InvalidAllow(Methods|Headers)PreflightResponse$/;

let servers: Servers;
let browser: ChromiumHandle;
let oracle: Oracle;
let counter = 0;
const tag = (prefix: string): string => `${prefix}-${process.pid}-${++counter}`;

beforeAll(async () => {
  servers = await startServers({ routes: scenarios });
  browser = await launchChromium();
  oracle = await openOracle(browser.context, servers.origins);
});

afterAll(async () => {
  await oracle?.close();
  await browser?.close();
  await servers?.close();
});

describe('Chromium oracle', () => {
  it('reports MissingAllowOriginHeader when the response has no ACAO', async () => {
    const r = await oracle.run(scenarioById('no-acao'), { tag: tag('sanity') });
    expect(r.verdict).toBe('blocked');
    expect(r.corsError).toBe('MissingAllowOriginHeader');
    expect(r.failedParameter).toBe('');
    expect(r.errorText).toBe('net::ERR_FAILED');
    // A simple request does reach the server.
    expect(servers.requestsFor(r.url.split('t=')[1] ?? '').map((e) => e.method)).toEqual(['GET']);
  });

  it('reports allowed for ACAO *', async () => {
    const r = await oracle.run(scenarioById('acao-star'), { tag: tag('sanity') });
    expect(r).toMatchObject({ verdict: 'allowed', status: 200, corsError: null });
  });

  it('reports a failed preflight and the actual request is never sent', async () => {
    const t = tag('sanity');
    const r = await oracle.run(scenarioById('preflight-no-acam'), { tag: t });
    expect(r.verdict).toBe('blocked');
    expect(r.corsError).toBe('MethodDisallowedByPreflightResponse');
    expect(r.failedParameter).toBe('PUT');
    const wire = servers.requestsFor(t);
    expect(wire.map((e) => e.method)).toEqual(['OPTIONS']);
    expect(wire[0]?.headers['access-control-request-method']).toBe('PUT');
  });

  it('reports a network failure without corsErrorStatus for a refused connection', async () => {
    const r = await oracle.run(scenarioById('connection-refused'), { tag: tag('sanity') });
    expect(r.verdict).toBe('failed');
    expect(r.corsError).toBeNull();
    expect(r.errorText).toBe('net::ERR_CONNECTION_REFUSED');
  });

  it('sends the cookie with credentials: include', async () => {
    const t = tag('sanity');
    const r = await oracle.run(scenarioById('cred-ok'), { tag: t });
    expect(r.verdict).toBe('allowed');
    expect(servers.requestsFor(t)[0]?.headers.cookie).toContain('cors_lens_e2e=1');
  });

  it('sends Origin: null after a cross-origin redirect (tainted origin)', async () => {
    const t = tag('sanity');
    const r = await oracle.run(scenarioById('redirect-cross-null'), { tag: t });
    expect(r.verdict).toBe('allowed');
    expect(r.urlChain).toHaveLength(2);
    const wire = servers.requestsFor(t).map((e) => [e.server, e.method, e.headers.origin]);
    expect(wire).toEqual([
      ['api', 'GET', servers.origins.page],
      ['third', 'GET', 'null'],
    ]);
  });

  it('every scenario, as Chromium sees it', async () => {
    const started = Date.now();
    const tags = new Map<string, string>();
    const results: OracleResult[] = await runAll(oracle, scenarios, (s) => {
      const t = tag(`all-${s.id}`);
      tags.set(s.id, t);
      return t;
    });
    const rows = results.map((r) => [r.scenarioId, r.verdict, r.corsError ?? r.errorText ?? '', r.failedParameter ?? '']);
    console.log(
      `\nChromium verdicts (${results.length} scenarios, ${Date.now() - started} ms)\n` +
        formatTable(['scenario', 'verdict', 'corsError / errorText', 'failedParameter'], rows),
    );

    const problems: string[] = [];
    let headersChecked = 0;
    for (const r of results) {
      const scenario = scenarioById(r.scenarioId);
      const wire = servers.requestsFor(tags.get(r.scenarioId) ?? '');
      // A preflight-stage failure means the actual request never went on the wire.
      if (r.corsError !== null && PREFLIGHT_STAGE_ERRORS.test(r.corsError) && r.urlChain.length === 1) {
        const actuals = wire.filter((e) => e.method !== 'OPTIONS');
        if (actuals.length > 0) problems.push(`${r.scenarioId}: actual request sent after ${describeResult(r)}`);
      }
      // Preflights never carry credentials.
      for (const e of wire) {
        if (e.method === 'OPTIONS' && e.headers.cookie !== undefined) problems.push(`${r.scenarioId}: cookie on OPTIONS`);
      }
      // The author headers really went out with the actual request (first hop, if it was sent).
      const first = wire.find((e) => e.method === normalizedMethod(scenario.request.method) && !e.target.includes('hop='));
      for (const [name, value] of Object.entries(scenario.request.headers)) {
        if (!first) continue;
        headersChecked++;
        if (first.headers[name.toLowerCase()] !== value) problems.push(`${r.scenarioId}: ${name} not sent as set`);
      }
      // credentials: 'include' really sent the cookie with the actual request (same-site API).
      if (scenario.request.credentials === 'include') {
        const actual = wire.find((e) => e.method === normalizedMethod(scenario.request.method) && e.server === 'api');
        if (actual && !String(actual.headers.cookie ?? '').includes('cors_lens_e2e=1')) {
          problems.push(`${r.scenarioId}: no cookie on the credentialed request`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(headersChecked).toBeGreaterThanOrEqual(8);

    const corsErrors = new Set(results.flatMap((r) => (r.corsError === null ? [] : [r.corsError])));
    expect(corsErrors.size, [...corsErrors].join(', ')).toBeGreaterThanOrEqual(15);
    expect(results.filter((r) => r.verdict !== 'allowed').length).toBeGreaterThanOrEqual(30);
  });
});
