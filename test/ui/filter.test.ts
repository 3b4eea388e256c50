import { describe, expect, it } from 'vitest';
import { makeFinding } from '../../src/catalogue/finding.js';
import { applyFilter, narrows, NO_FILTER, type FilterState } from '../../src/ui/filter.js';
import { entry } from './support/entries.js';

const LOG = [
  entry({ id: 'get-ok', method: 'GET', url: 'https://api.example/users', verdict: 'allowed' }),
  entry({ id: 'put-blocked', method: 'PUT', url: 'https://api.example/items', verdict: 'blocked', reasons: [makeFinding('method-not-allowed', { parameter: 'PUT' })] }),
  entry({ id: 'failed', method: 'GET', url: 'http://localhost:9/health', verdict: 'failed' }),
  entry({ id: 'warned', method: 'POST', url: 'https://cdn.example/upload', verdict: 'allowed', warnings: [makeFinding('missing-vary-origin')] }),
];

const CASES: [string, Partial<FilterState>, string[]][] = [
  ['no filter', {}, ['get-ok', 'put-blocked', 'failed', 'warned']],
  ['URL text', { text: 'localhost' }, ['failed']],
  ['method', { text: 'put' }, ['put-blocked']],
  ['reason title', { text: 'not allowed by the preflight' }, ['put-blocked']],
  ['reason code', { text: 'method-not-allowed' }, ['put-blocked']],
  ['all terms must match', { text: 'api.example get' }, ['get-ok']],
  ['blocked only keeps blocked and failed', { blockedOnly: true }, ['put-blocked', 'failed']],
  ['all cross-origin off hides clean allowed requests', { allCrossOrigin: false }, ['put-blocked', 'failed', 'warned']],
  ['toggles and text combine', { blockedOnly: true, text: 'items' }, ['put-blocked']],
];

describe('applyFilter', () => {
  it.each(CASES)('%s', (_name, f, expected) => {
    expect(applyFilter(LOG, { ...NO_FILTER, ...f }).map((e) => e.id)).toEqual(expected);
  });
});

describe('narrows', () => {
  it.each([
    [{ text: 'ap' }, { text: 'api' }, true],
    [{ text: 'api' }, { text: 'ap' }, false],
    [{ text: 'a b' }, { text: 'a bc' }, true],
    [{ text: 'x' }, { text: 'x', blockedOnly: true }, false],
  ] as [Partial<FilterState>, Partial<FilterState>, boolean][])('%j → %j: %s', (a, b, out) => {
    expect(narrows({ ...NO_FILTER, ...a }, { ...NO_FILTER, ...b })).toBe(out);
  });

  it('narrowing the previous result gives the same rows as filtering everything', () => {
    const pairs: [string, string][] = [['a', 'ap'], ['api', 'api.e'], ['g', 'get ok'], ['', 'put']];
    for (const [a, b] of pairs) {
      const prev = applyFilter(LOG, { ...NO_FILTER, text: a });
      expect(applyFilter(prev, { ...NO_FILTER, text: b })).toEqual(applyFilter(LOG, { ...NO_FILTER, text: b }));
    }
  });
});
