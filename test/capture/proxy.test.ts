/** Proxied requests in the capture (issue #5): flagged on the record, counted for the badge, logged outside CORS mode. */
import { describe, expect, it } from 'vitest';
import { Capture } from '../../src/capture/capture.js';
import { Modes } from '../../src/capture/modes.js';
import type { CaptureEvent } from '../../src/capture/events.js';
import { CHROMIUM, FIREFOX } from '../../src/engine/profile.js';
import { fetchHeaders, on, PAGE } from '../support/events.js';

const KNOWN = 'https://corsproxy.io/?url=https%3A%2F%2Fapi.weather.example%2Fv1%2Fnow';
const PLAIN = 'http://127.0.0.1:6000/items';

function run(events: CaptureEvent[], browser: 'chromium' | 'firefox' = 'chromium'): Capture {
  const c = new Capture({ profile: browser === 'firefox' ? FIREFOX : CHROMIUM, browser });
  for (const ev of events) c.handle(ev);
  return c;
}

function fetchOf(id: string, url: string, type = 'xmlhttprequest', headers = fetchHeaders(), response: Record<string, string> = { 'Access-Control-Allow-Origin': '*' }): CaptureEvent[] {
  const r = on({ id, url, method: 'GET', type });
  return [r.before(), r.send(headers), r.received(200, response), r.completed(200)];
}

/** What a browser sends for <script src> (no-cors, no Origin). */
const SCRIPT_HEADERS = { Accept: '*/*', 'Sec-Fetch-Dest': 'script', 'Sec-Fetch-Mode': 'no-cors', 'Sec-Fetch-Site': 'cross-site' };

describe('proxied requests in the capture', () => {
  it.each(['chromium', 'firefox'] as const)('%s: a fetch through a known proxy is flagged and counted; a plain one is not', (browser) => {
    const c = run([...fetchOf('1', KNOWN), ...fetchOf('2', PLAIN)], browser);
    const entries = c.report(1).entries;
    expect(entries.map((e) => [e.url, e.proxy?.kind ?? null])).toEqual([[KNOWN, 'known'], [PLAIN, null]]);
    expect(entries[0]?.proxy?.target).toBe('https://api.weather.example/v1/now');
    expect(entries[0]?.requestMode).toBe('cors');
    expect(c.logs.proxiedCount(1)).toBe(1);
    expect(c.logs.blockedCount(1)).toBe(0);
  });

  it('logs a script loaded through a proxy, outside CORS mode, with no CORS verdict', () => {
    const c = run(fetchOf('s', KNOWN, 'script', SCRIPT_HEADERS, { 'Content-Type': 'application/javascript' }));
    const [e] = c.report(1).entries;
    expect(e?.requestMode).toBe('no-cors');
    expect(e?.verdict).toBe('allowed');
    expect(e?.reasons).toEqual([]);
    expect(e?.browsers).toBeUndefined();
    expect(e?.proxy?.risks).toContain('executable-content');
  });

  it('does not log a plain cross-origin script (only proxied ones are worth it)', () => {
    const c = run(fetchOf('s', 'https://cdn.example/lib.js', 'script', SCRIPT_HEADERS));
    expect(c.report(1).entries).toEqual([]);
  });

  it('does not log the user browsing a proxy page (top-level navigation)', () => {
    const c = run(fetchOf('n', KNOWN, 'main_frame', SCRIPT_HEADERS));
    expect(c.report(1).entries).toEqual([]);
  });

  it('a proxied request stops counting when it leaves the log', () => {
    const c = run(fetchOf('1', KNOWN));
    expect(c.logs.proxiedCount(1)).toBe(1);
    c.clear(1);
    expect(c.logs.proxiedCount(1)).toBe(0);
  });

  it('a light-mode failure through a suspected proxy is flagged from its URL alone', () => {
    const c = new Capture({ profile: CHROMIUM, browser: 'chromium', modes: new Modes() });
    const url = 'https://my-cors-relay.herokuapp.com/https://api.partner.example/v2/orders';
    c.failure({ kind: 'error', requestId: 'f', tabId: 1, frameId: 0, url, method: 'GET', type: 'xmlhttprequest', initiator: PAGE, t: 1, error: 'net::ERR_FAILED' });
    const [e] = c.report(1).entries;
    expect(e?.mode).toBe('light');
    expect(e?.proxy).toMatchObject({ kind: 'suspected', target: 'https://api.partner.example/v2/orders' });
    expect(c.logs.proxiedCount(1)).toBe(1);
  });
});
