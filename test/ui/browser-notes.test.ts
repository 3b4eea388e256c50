import { describe, expect, it } from 'vitest';
import { browserNote, exchangeFromEntry } from '../../src/ui/browser-notes.js';
import { allow, res, sent } from '../support/builders.js';
import { fixtureEntry, judged } from './support/entries.js';

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

describe('browserNote', () => {
  it.each([
    ['no-acao', 'chromium', 'firefox', 'blocked'],
    ['no-acao', 'firefox', 'chromium', 'blocked'],
    ['acao-star', 'chromium', 'firefox', 'allowed'],
    ['preflight-no-acam', 'chromium', 'firefox', 'blocked'],
  ] as const)('%s seen in %s: %s verdict %s', (fixture, browser, other, verdict) => {
    const note = browserNote(fixtureEntry(fixture, browser), browser);
    expect(note?.other).toBe(other);
    expect(note?.outcome.verdict).toBe(verdict);
  });

  it('names the other browser\'s reason when it differs (check order)', () => {
    const e = judged({ method: 'PUT', preflight: sent(res(302, { Location: 'https://elsewhere.example/' })) });
    expect(e.reasons[0]?.code).toBe('preflight-redirect');
    const note = browserNote(e, 'chromium');
    expect(note?.outcome).toEqual({ verdict: 'blocked', code: 'preflight-missing-allow-origin' });
  });

  it('says when the standard is stricter (Authorization under Allow-Headers: *)', () => {
    const e = judged({ method: 'PUT', headers: { Authorization: 'Bearer t' }, preflight: sent(res(204, allow({ 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': '*' }))), response: res(200, allow()) });
    const note = browserNote(e, 'chromium');
    expect(note?.outcome.verdict).toBe('allowed');
    expect(note?.specDiffers?.verdict).toBe('blocked');
  });

  it('says the other browser would preflight a header only this one safelists', () => {
    const e = judged({ headers: { 'Save-Data': 'on' }, response: res(200, allow()) });
    expect(e.preflight).toBeNull();
    const note = browserNote(e, 'chromium');
    expect(note?.outcome.verdict).toBe('pending');
    expect(note?.text).toContain('save-data');
  });

  it('stays silent when the rebuilt exchange does not reproduce the entry', () => {
    const e = { ...fixtureEntry('no-acao'), verdict: 'allowed' as const, reasons: [] };
    expect(browserNote(e, 'chromium')).toBeNull();
  });
});
