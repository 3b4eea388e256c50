import { describe, expect, it } from 'vitest';
import { browserViews, exchangeFromEntry } from '../../src/report/browsers.js';
import { allow, res, sent } from '../support/builders.js';
import { entry, fixtureEntry, judged } from '../ui/support/entries.js';

describe('exchangeFromEntry', () => {
  it('rebuilds a preflighted exchange', () => {
    const e = fixtureEntry('preflight-ok');
    const ex = exchangeFromEntry(e);
    expect(ex?.hops).toHaveLength(1);
    expect(ex?.hops[0]?.preflight?.kind).toBe('sent');
    expect(ex?.hops[0]?.response?.status).toBe(200);
    expect(ex?.origin).toBe('http://127.0.0.1:5000');
  });

  it.each(['redirect-cross-tainted', 'redirect-same-api-ok'])('refuses %s: redirect hops are not in the report', (f) => {
    expect(exchangeFromEntry(fixtureEntry(f))).toBeNull();
  });
});

describe('browserViews', () => {
  it.each([
    // fixture, recorded in, chromium, firefox, spec
    ['no-acao', 'chromium', 'blocked', 'blocked', 'blocked'],
    ['no-acao', 'firefox', 'blocked', 'blocked', 'blocked'],
    ['acao-star', 'chromium', 'allowed', 'allowed', 'allowed'],
    ['preflight-no-acam', 'chromium', 'blocked', 'blocked', 'blocked'],
  ] as const)('%s recorded in %s: chromium %s, firefox %s, spec %s', (fixture, browser, chromium, firefox, spec) => {
    const v = fixtureEntry(fixture, browser).browsers;
    expect([v?.chromium.outcome?.verdict, v?.firefox.outcome?.verdict, v?.spec.outcome?.verdict]).toEqual([chromium, firefox, spec]);
  });

  it('keeps each browser\'s first reason (check order differs on a redirected preflight)', () => {
    const e = judged({ method: 'PUT', preflight: sent(res(302, { Location: 'https://elsewhere.example/' })) });
    expect(e.browsers?.chromium.outcome).toEqual({ verdict: 'blocked', code: 'preflight-redirect' });
    expect(e.browsers?.firefox.outcome).toEqual({ verdict: 'blocked', code: 'preflight-missing-allow-origin' });
  });

  it('judges Authorization under Allow-Headers: * as each browser and the standard do', () => {
    const e = judged({ method: 'PUT', headers: { Authorization: 'Bearer t' }, preflight: sent(res(204, allow({ 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': '*' }))), response: res(200, allow()) });
    expect(e.browsers?.firefox.outcome?.verdict).toBe('allowed');
    expect(e.browsers?.spec.outcome?.verdict).toBe('blocked');
  });

  it('gives each browser\'s preflight need: Save-Data is safelisted in Chromium only', () => {
    const e = judged({ headers: { 'Save-Data': 'on' }, response: res(200, allow()) });
    expect(e.browsers?.chromium.preflight).toEqual({ method: null, headers: [] });
    expect(e.browsers?.firefox.preflight).toEqual({ method: null, headers: [{ name: 'save-data', reason: 'not-safelisted' }] });
  });

  it('has no outcomes when the rebuild does not reproduce the entry', () => {
    const e = { ...fixtureEntry('no-acao'), verdict: 'allowed' as const, reasons: [] };
    const v = browserViews(e, 'chromium');
    expect(v.chromium.outcome).toBeNull();
    expect(v.firefox.outcome).toBeNull();
  });

  it('has no outcomes for light or pending entries, but still the preflight need', () => {
    for (const e of [entry({ mode: 'light', method: 'PUT', verdict: 'blocked' }), entry({ verdict: 'pending', method: 'PATCH' })]) {
      const v = browserViews(e, 'chromium');
      expect(v.spec.outcome).toBeNull();
      expect(v.chromium.preflight.method).toBe(e.method);
    }
  });
});
