import { describe, expect, it } from 'vitest';
import { timeline } from '../../../src/ui/format/timeline.js';
import { entry, fixtureEntry } from '../support/entries.js';

const shape = (fixture: string, browser: 'chromium' | 'firefox' = 'chromium') =>
  timeline(fixtureEntry(fixture, browser)).map((s) => `${s.kind}:${s.status ?? '-'}:${s.outcome}`);

describe('timeline', () => {
  it.each([
    ['preflight-ok', 'chromium', ['preflight:204:ok', 'request:200:ok']],
    ['preflight-no-acam', 'chromium', ['preflight:204:bad', 'request:-:none']],
    ['preflight-no-acam', 'firefox', ['preflight:204:bad', 'request:-:none']],
    ['preflight-ok-actual-no-acao', 'chromium', ['preflight:204:ok', 'request:200:bad']],
    ['preflight-cached', 'chromium', ['preflight:-:ok', 'request:200:ok']],
    ['redirect-cross-tainted', 'chromium', ['request:302:ok', 'redirect:200:bad']],
    ['redirect-no-acao', 'chromium', ['request:302:bad']],
    ['connection-refused', 'chromium', ['request:-:bad']],
  ] as const)('%s (%s)', (fixture, browser, steps) => {
    expect(shape(fixture, browser)).toEqual(steps);
  });

  it('notes the network error and the redirect target', () => {
    const refused = timeline(fixtureEntry('connection-refused'));
    expect(refused[0]?.note).toBe('net::ERR_CONNECTION_REFUSED');
    const redirected = timeline(fixtureEntry('redirect-cross-tainted'));
    expect(redirected[0]?.note).toContain('127.0.0.2:7000');
    expect(redirected[1]?.url).toContain('127.0.0.2:7000');
  });

  it('shows a pending request as not finished', () => {
    expect(timeline(entry({ verdict: 'pending', response: null }))).toMatchObject([{ kind: 'request', outcome: 'none', note: 'pending' }]);
  });
});
