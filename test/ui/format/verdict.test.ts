import { describe, expect, it } from 'vitest';
import { FINDING_CODES } from '../../../src/catalogue/codes.js';
import { makeFinding } from '../../../src/catalogue/finding.js';
import { isNetworkFailure, verdictSentence, whatHappened } from '../../../src/ui/format/verdict.js';
import { entry, fixtureEntry } from '../support/entries.js';

/** fixture → values the verdict sentence must name (from the exchange, not our wording). */
const CASES: [string, string, string[]][] = [
  ['preflight-no-acam', 'method-not-allowed', ['PUT', 'preflight']],
  ['preflight-no-acah', 'header-not-allowed', ['x-test']],
  ['preflight-404-with-acao', 'preflight-invalid-status', ['404']],
  ['preflight-404-no-acao', 'preflight-error-response-without-cors', ['404']],
  ['redirect-cross-tainted', 'allow-origin-mismatch', ['http://127.0.0.1:5000', '"null"']],
  ['connection-refused', 'connection-refused', ['net::ERR_CONNECTION_REFUSED', '127.0.0.1:9']],
  ['no-acao', 'missing-allow-origin', ['Access-Control-Allow-Origin']],
];

describe('verdictSentence', () => {
  it.each(CASES)('%s (%s) names %j', (fixture, code, values) => {
    const e = fixtureEntry(fixture);
    expect(e.reasons[0]?.code).toBe(code);
    const s = verdictSentence(e);
    for (const v of values) expect(s).toContain(v);
  });

  it('is one sentence for every finding code', () => {
    for (const code of FINDING_CODES) {
      const s = verdictSentence(entry({ verdict: 'blocked', reasons: [makeFinding(code, { parameter: 'P', observed: 'O', required: 'R' })] }));
      expect(s, code).toMatch(/^[A-Z].*\.$/);
      expect(s.split(/\.\s/).length, code).toBe(1);
    }
  });

  it.each([['allowed', 'allows'], ['pending', 'not finished']] as const)('%s entries', (verdict, word) => {
    expect(verdictSentence(entry({ verdict, reasons: [] }))).toContain(word);
  });
});

describe('whatHappened', () => {
  it('says an error status hides behind CORS, with the status', () => {
    const e = fixtureEntry('preflight-404-no-acao');
    expect(whatHappened(e)).toContain('404');
    const actual = entry({ verdict: 'blocked', response: { status: 500, headers: [] }, reasons: [makeFinding('error-response-without-cors', { response: 'actual' })] });
    expect(whatHappened(actual)).toMatch(/answered 500; error responses carry no CORS headers/);
  });

  it('says network failures are not CORS, naming the error', () => {
    expect(whatHappened(fixtureEntry('connection-refused'))).toContain('net::ERR_CONNECTION_REFUSED');
    expect(whatHappened(fixtureEntry('socket-destroyed'))).toContain('net::ERR_EMPTY_RESPONSE');
  });

  it('is null for a real CORS block', () => {
    expect(whatHappened(fixtureEntry('preflight-no-acam'))).toBeNull();
  });

  it('classifies network failures by code', () => {
    expect(isNetworkFailure('connection-refused')).toBe(true);
    expect(isNetworkFailure('blocked-by-client')).toBe(true);
    expect(isNetworkFailure('method-not-allowed')).toBe(false);
  });
});
