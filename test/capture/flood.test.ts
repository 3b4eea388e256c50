/** A 50,000-request flood through the whole capture: the log stays capped and memory bounded. */
import { describe, expect, it } from 'vitest';
import { Capture } from '../../src/capture/capture.js';
import { CHROMIUM } from '../../src/engine/profile.js';
import { API, fetchHeaders, on } from '../support/events.js';

describe('flood', () => {
  it('50,000 requests: the newest 5,000 entries, nothing else retained', () => {
    const capture = new Capture({ profile: CHROMIUM, browser: 'chromium' });
    const headers = fetchHeaders();
    for (let i = 0; i < 50_000; i++) {
      const r = on({ id: String(i), url: `${API}/flood?i=${i}`, method: 'GET' });
      capture.handle(r.before());
      capture.handle(r.send(headers));
      capture.handle(r.received(200, { 'Access-Control-Allow-Origin': '*' }));
      capture.handle(r.completed(200));
    }
    const records = capture.logs.records(1);
    expect(records).toHaveLength(5_000);
    expect(records[0]?.id).toBe('45000');
    expect(records.at(-1)?.id).toBe('49999');
    expect(capture.tracker.size).toEqual({ inFlight: 0, recent: 2_000, preflights: 0, orphans: 0 });
  }, 60_000);
});
