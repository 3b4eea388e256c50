import { describe, expect, it } from 'vitest';
import { browserNote } from '../../src/ui/browser-notes.js';
import type { BrowserView, ReportEntry } from '../../src/report/types.js';
import { allow, res, sent } from '../support/builders.js';
import { entry, fixtureEntry, judged } from './support/entries.js';

const view = (verdict: ReportEntry['verdict']): BrowserView => ({ outcome: { verdict, code: null }, preflight: { method: null, headers: [] } });

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

  it.each([
    ['blocked', 'allowed'],
    ['allowed', 'blocked'],
    ['failed', 'blocked'],
  ] as const)('mine %s, theirs %s', (mine, theirs) => {
    const e = entry({ verdict: mine, preflight: { status: 204, requestHeaders: [], responseHeaders: [], cached: false }, browsers: { chromium: view(mine), firefox: view(theirs), spec: view(mine) } });
    const note = browserNote(e, 'chromium');
    expect(note?.outcome.verdict).toBe(theirs);
    expect(note?.specDiffers).toBeNull();
  });

  it('stays silent without outcomes (old entries, unfaithful rebuilds)', () => {
    const e = entry({ verdict: 'blocked' });
    expect(browserNote({ ...e, browsers: undefined }, 'chromium')).toBeNull();
    const none: BrowserView = { outcome: null, preflight: { method: null, headers: [] } };
    expect(browserNote({ ...e, browsers: { chromium: none, firefox: none, spec: none } }, 'chromium')).toBeNull();
  });
});
