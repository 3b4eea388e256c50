/**
 * One route per request (src/capture/router.ts, service.ts): switches of a tab's source while a
 * request runs, DevTools' log against webRequest and the light listener, two relays, worker
 * restarts, navigations, cancellations and requests that never end. Each test plays the events a
 * browser would deliver, in the order it would, through a CaptureService on a fake clock.
 */
import { describe, expect, it } from 'vitest';
import { GIVE_UP_MS, STALL_MS } from '../../src/capture/capture.js';
import { HOLD_MS } from '../../src/capture/light-match.js';
import { EPS } from '../../src/capture/router.js';
import { RELAY_BACK_MS } from '../../src/capture/service.js';
import { ACAO, API, fetchHeaders, PAGE, preflightHeaders, T0, World } from '../support/world.js';

/** A blocked simple GET through webRequest full sets: before at t, error at t + 30. */
function webBlocked(w: World, url: string, t: number, id?: string): string {
  const r = w.web(url, 'GET', id ? { id } : {});
  w.at(t).send('webrequest', r.before());
  w.at(t + 1).send('webrequest', r.send());
  w.at(t + 20).send('webrequest', r.received(200, []));
  w.at(t + 30).send('failure', r.error('net::ERR_FAILED'));
  return r.id;
}

describe('DevTools opened and closed around requests (light ↔ devtools)', () => {
  it('a failure before DevTools opened is logged light, then replaced by DevTools\' record of it', () => {
    const w = new World();
    const r = w.web(`${API}/a`);
    w.at(T0 + 30).send('failure', r.error('net::ERR_FAILED'));
    expect(w.records().map((x) => x.mode)).toEqual(['light']);
    w.at(T0 + 40).devtools(true);
    w.at(T0 + 60).relayed('dt1', { url: `${API}/a`, startedAt: T0, time: 30, error: 'net::ERR_FAILED' });
    expect(w.records().map((x) => [x.mode, x.via])).toEqual([['full', 'devtools']]);
    expect(w.service.capture.logs.blockedCount(1)).toBe(1);
  });

  it('with DevTools open, a failure waits for DevTools\' record: never shown light', () => {
    const w = new World();
    w.devtools(true);
    const r = w.web(`${API}/b`);
    w.at(T0 + 30).send('failure', r.error('net::ERR_FAILED'));
    expect(w.records()).toEqual([]);
    w.at(T0 + 80).relayed('dt1', { url: `${API}/b`, startedAt: T0 + 2, time: 28, error: 'net::ERR_FAILED' });
    w.tick(T0 + 30 + HOLD_MS + 1);
    expect(w.records().map((x) => x.mode)).toEqual(['full']);
  });

  it('with DevTools open, DevTools\' record first, the failure listener\'s late: one entry', () => {
    const w = new World();
    w.devtools(true);
    w.at(T0 + 40).relayed('dt1', { url: `${API}/late`, startedAt: T0, time: 30, error: 'net::ERR_FAILED' });
    w.at(T0 + 50).send('failure', { ...w.web(`${API}/late`).error('net::ERR_FAILED'), t: T0 + 31 });
    w.tick(T0 + 50 + HOLD_MS);
    expect(w.records().map((x) => x.mode)).toEqual(['full']);
  });

  it('with DevTools open, a failure DevTools never reports is logged light after the wait', () => {
    const w = new World();
    w.devtools(true);
    w.at(T0 + 30).send('failure', w.web(`${API}/c`).error('net::ERR_FAILED'));
    w.tick(T0 + 30 + HOLD_MS - 1);
    expect(w.records()).toEqual([]);
    w.tick(T0 + 30 + HOLD_MS);
    expect(w.records().map((x) => [x.mode, x.verdict])).toEqual([['light', 'blocked']]);
  });

  it('a retry after a light failure is another request: both stay', () => {
    const w = new World();
    w.at(T0 + 30).send('failure', w.web(`${API}/d`).error('net::ERR_FAILED'));
    w.devtools(true);
    w.at(T0 + 5_000).relayed('dt1', { url: `${API}/d`, startedAt: T0 + 4_000, time: 30, error: 'net::ERR_FAILED' });
    expect(w.records().map((x) => x.mode)).toEqual(['light', 'full']);
  });

  it('DevTools closed: a request it did not report in time is still logged (light)', () => {
    const w = new World();
    w.devtools(true);
    w.at(T0 + 100).send('failure', w.web(`${API}/e`).error('net::ERR_FAILED'));
    w.at(T0 + 120).devtools(false);
    w.tick(T0 + 100 + HOLD_MS);
    expect(w.records().map((x) => x.mode)).toEqual(['light']);
  });

  it('a known proxy\'s request seen light, then by DevTools (it started before the relay said hello): one entry', () => {
    const w = new World();
    const url = 'https://corsproxy.io/?url=https://api.example/x';
    const r = w.web(url);
    w.at(T0).send('proxy', r.before());
    w.at(T0 + 1).send('proxy', r.send());
    w.at(T0 + 20).send('proxy', r.received(200, [['Access-Control-Allow-Origin', '*']]));
    w.at(T0 + 30).devtools(true);
    w.at(T0 + 40).send('proxy', r.completed(200));
    w.at(T0 + 60).relayed('dt1', { url, startedAt: T0 - 2, time: 40, responseHeaders: [['Access-Control-Allow-Origin', '*']] });
    expect(w.records()).toHaveLength(1);
    expect(w.records()[0]?.proxy?.kind).toBe('known');
  });
});

describe('"Record this tab" toggled while DevTools is open (webrequest ↔ devtools)', () => {
  it('recording switched off mid-request: the request stays with webRequest (its set drains), DevTools\' copy is dropped', () => {
    const w = new World();
    w.devtools(true);
    w.at(T0).record(true);
    expect(w.webListening()).toBe(true);
    const r = w.web(`${API}/slow`);
    w.at(T0 + 100).send('webrequest', r.before());
    w.at(T0 + 101).send('webrequest', r.send());
    w.at(T0 + 200).record(false);
    // The tab's set stays while its request is in flight.
    expect(w.webListening()).toBe(true);
    w.at(T0 + 2_000).send('webrequest', r.received(200, ACAO));
    w.at(T0 + 2_001).send('webrequest', r.started(200));
    w.at(T0 + 2_010).send('webrequest', r.completed(200));
    expect(w.webListening()).toBe(false);
    w.at(T0 + 2_040).relayed('dt1', { url: `${API}/slow`, startedAt: T0 + 98, time: 1_912, responseHeaders: ACAO });
    expect(w.records().map((x) => [x.id, x.verdict, x.done])).toEqual([[r.id, 'allowed', true]]);
  });

  it('recording switched on mid-request: DevTools keeps it; webRequest\'s mid-flight view of it is dropped', () => {
    const w = new World();
    w.devtools(true);
    const r = w.web(`${API}/slow2`);
    w.at(T0 + 500).record(true);
    // The new set sees the request mid-flight (no onBeforeRequest).
    w.at(T0 + 900).send('webrequest', r.received(200, []));
    w.at(T0 + 930).send('failure', r.error('net::ERR_FAILED'));
    w.at(T0 + 990).relayed('dt1', { url: `${API}/slow2`, startedAt: T0 + 100, time: 830, error: 'net::ERR_FAILED' });
    w.tick(T0 + 930 + HOLD_MS);
    const recs = w.records();
    expect(recs.map((x) => [x.mode, x.via])).toEqual([['full', 'devtools']]);
  });

  it.each([
    ['webRequest kept it (it started just before the switch)', -30, 'webrequest'],
    ['webRequest did not (it started just after)', 30, 'devtools'],
  ] as const)('right at a switch from webRequest to DevTools, within the two clocks\' skew: %s', (_n, offset, expected) => {
    const w = new World();
    w.devtools(true);
    w.at(T0).record(true);
    const switchAt = T0 + 1_000;
    const start = switchAt + offset;
    const r = w.web(`${API}/edge`);
    if (offset > 0) w.at(switchAt).record(false);
    w.at(start).send('webrequest', r.before());
    if (offset < 0) w.at(switchAt).record(false);
    w.at(start + 1).send('webrequest', r.send());
    w.at(start + 20).send('webrequest', r.received(200, []));
    w.at(start + 30).send('failure', r.error('net::ERR_FAILED'));
    // DevTools dates the same request a few ms earlier than webRequest.
    w.at(start + 60).relayed('dt1', { url: `${API}/edge`, startedAt: start - 5, time: 35, error: 'net::ERR_FAILED' });
    w.tick(start + 30 + HOLD_MS);
    expect(w.records().map((x) => (x.via === 'devtools' ? 'devtools' : 'webrequest'))).toEqual([expected]);
    expect(Math.abs(offset)).toBeLessThan(EPS);
  });
});

describe('relays', () => {
  it('two devtools pages relaying one tab: each request once', () => {
    const w = new World();
    w.devtools(true, true, 'dtA');
    w.devtools(true, true, 'dtB');
    for (const s of ['dtA', 'dtB']) {
      w.at(T0 + 50).relayed(s, { url: `${API}/twice`, startedAt: T0, time: 40, error: 'net::ERR_FAILED' });
      w.at(T0 + 60).relayed(s, { url: `${API}/ok`, startedAt: T0 + 1, time: 40, responseHeaders: ACAO });
    }
    expect(w.records().map((x) => x.hops[0]?.url).sort()).toEqual([`${API}/ok`, `${API}/twice`]);
  });

  it('in Firefox DevTools asks for full capture through webRequest (it relays nothing)', () => {
    const w = new World({ firefox: true });
    w.devtools(true, false);
    expect(w.service.source(1)).toBe('webrequest');
    expect(w.plan()).toEqual({ all: false, tabs: [1] });
    w.devtools(false, false);
    expect(w.plan()).toEqual({ all: false, tabs: [] });
  });
});

describe('service-worker restarts', () => {
  it('a relayed tab stays with DevTools across a restart: webRequest\'s start-up set does not log it, the relay\'s queued entry does', () => {
    const w = new World();
    w.devtools(true);
    w.restart((x) => {
      // The provisional all-tabs set and the failure listener see the request before storage is read.
      const r = x.web(`${API}/r`);
      x.at(T0 + 100).send('webrequest', r.before());
      x.at(T0 + 101).send('webrequest', r.send());
      x.at(T0 + 120).send('webrequest', r.received(200, []));
      x.at(T0 + 130).send('failure', r.error('net::ERR_FAILED'));
    });
    expect(w.records()).toEqual([]);
    w.at(T0 + 300).devtools(true);
    w.at(T0 + 310).relayed('dt1', { url: `${API}/r`, startedAt: T0 + 98, time: 32, error: 'net::ERR_FAILED' });
    w.tick(T0 + 130 + HOLD_MS + 1);
    expect(w.records().map((x) => [x.mode, x.via])).toEqual([['full', 'devtools']]);
  });

  it('DevTools closed while the worker was stopped: the failure is logged light once the relay is given up', () => {
    const w = new World();
    w.devtools(true);
    w.at(T0 + 1_000).restart((x) => x.at(T0 + 1_100).send('failure', x.web(`${API}/gone`).error('net::ERR_FAILED')));
    w.tick(T0 + 1_000 + RELAY_BACK_MS + HOLD_MS);
    expect(w.service.source(1)).toBe('light');
    expect(w.records().map((x) => x.mode)).toEqual(['light']);
  });

  it('a restored log keeps its records; a relay reconnecting after the restart does not overwrite them', () => {
    const w = new World();
    w.devtools(true);
    w.at(T0 + 50).relayed('dt1', { url: `${API}/one`, startedAt: T0, time: 40, error: 'net::ERR_FAILED' });
    w.restart();
    w.devtools(true);
    w.at(T0 + 500).relayed('dt1', { url: `${API}/two`, startedAt: T0 + 400, time: 40, responseHeaders: ACAO });
    expect(w.records().map((x) => x.hops[0]?.url)).toEqual([`${API}/one`, `${API}/two`]);
  });
});

describe('navigations: a page\'s requests never land in the next page\'s log', () => {
  it.each([
    ['webRequest', false],
    ['DevTools\' log', true],
  ])('%s: a request started before the new document arrived and ended after it is not logged', (_n, viaDevtools) => {
    const w = new World();
    if (viaDevtools) w.devtools(true);
    else w.record(true);
    const old = w.web(`${API}/old`);
    if (!viaDevtools) {
      w.at(T0).send('webrequest', old.before());
      w.at(T0 + 1).send('webrequest', old.send());
    }
    w.navigate(T0 + 500);
    if (viaDevtools) w.at(T0 + 900).relayed('dt1', { url: `${API}/old`, startedAt: T0, time: 800, error: 'net::ERR_FAILED' });
    else {
      w.at(T0 + 790).send('webrequest', old.received(200, []));
      w.at(T0 + 800).send('failure', old.error('net::ERR_FAILED'));
    }
    const fresh = `${API}/new`;
    if (viaDevtools) w.at(T0 + 950).relayed('dt1', { url: fresh, startedAt: T0 + 600, time: 300, responseHeaders: ACAO });
    else webBlocked(w, fresh, T0 + 600);
    w.tick(T0 + 800 + HOLD_MS);
    expect(w.records().map((x) => x.hops[0]?.url)).toEqual([fresh]);
  });

  it.each([
    ['the relay announces the navigation after the new document arrived (the usual order)', false],
    ['the relay announces it first (the two race)', true],
  ])('DevTools\' log: the page its relay counted a request on decides, not DevTools\' clock (%s)', (_n, markerFirst) => {
    const w = new World();
    w.devtools(true);
    const n = T0 + 1_000;
    if (markerFirst) w.at(n + 20).relayNavigated('dt1', 1);
    w.navigate(n);
    // Page 0's request, relayed after the navigation (and dated after it by DevTools' clock).
    w.at(n + 30).relayed('dt1', { url: `${API}/old`, startedAt: n + 5, time: 10, page: 0, error: 'net::ERR_FAILED' });
    if (!markerFirst) w.at(n + 40).relayNavigated('dt1', 1);
    // Page 1's request, dated before the navigation by a skewed clock.
    w.at(n + 60).relayed('dt1', { url: `${API}/new`, startedAt: n - 80, time: 10, page: 1, responseHeaders: ACAO });
    w.at(n + 70).relayed('dt1', { url: `${API}/old2`, startedAt: n - 500, time: 10, page: 0, responseHeaders: ACAO });
    expect(w.records().map((x) => x.hops[0]?.url)).toEqual([`${API}/new`]);
  });

  it('DevTools\' log: the page count is per relay (two devtools pages count on their own)', () => {
    const w = new World();
    w.devtools(true, true, 'dtA');
    w.at(T0 + 500).relayNavigated('dtA', 1);
    w.devtools(true, true, 'dtB');
    const n = T0 + 1_000;
    w.navigate(n);
    w.at(n + 10).relayNavigated('dtA', 2);
    w.at(n + 10).relayNavigated('dtB', 1);
    w.at(n + 50).relayed('dtB', { url: `${API}/b0`, startedAt: n - 200, time: 10, page: 0, error: 'net::ERR_FAILED' });
    w.at(n + 60).relayed('dtB', { url: `${API}/b1`, startedAt: n + 20, time: 10, page: 1, error: 'net::ERR_FAILED' });
    w.at(n + 70).relayed('dtA', { url: `${API}/a1`, startedAt: n - 300, time: 10, page: 1, error: 'net::ERR_FAILED' });
    w.at(n + 80).relayed('dtA', { url: `${API}/a2`, startedAt: n + 30, time: 10, page: 2, error: 'net::ERR_FAILED' });
    expect(w.records().map((x) => x.hops[0]?.url)).toEqual([`${API}/b1`, `${API}/a2`]);
  });

  it('a light failure of the previous page\'s document after the navigation is not logged (its documentId was seen before)', () => {
    const w = new World();
    const before = w.web(`${API}/x1`, 'GET', { documentId: 'DOC-A' });
    w.at(T0).send('failure', before.error('net::ERR_FAILED'));
    w.navigate(T0 + 100);
    w.at(T0 + 200).send('failure', w.web(`${API}/x2`, 'GET', { documentId: 'DOC-A' }).error('net::ERR_FAILED'));
    w.at(T0 + 300).send('failure', w.web(`${API}/x3`, 'GET', { documentId: 'DOC-B' }).error('net::ERR_FAILED'));
    expect(w.records().map((x) => x.hops[0]?.url)).toEqual([`${API}/x3`]);
  });

  it('with "preserve log" on, nothing is dropped', () => {
    const w = new World();
    w.service.capture.logs.preserveLog = true;
    webBlocked(w, `${API}/p1`, T0);
    w.navigate(T0 + 10);
    w.at(T0 + 40).send('failure', w.web(`${API}/p2`).error('net::ERR_FAILED'));
    expect(w.records()).toHaveLength(2);
  });

  it.each([
    ['204', 204, []],
    ['a download', 200, [['Content-Disposition', 'attachment; filename=a.zip']]],
    ['a redirect', 302, [['Location', '/elsewhere']]],
  ] as const)('a top-level response that shows no new document (%s) keeps the log', (_n, status, headers) => {
    const w = new World();
    webBlocked(w, `${API}/kept`, T0);
    w.send('document', { kind: 'headers-received', requestId: 'n', tabId: 1, frameId: 0, url: `${PAGE}/dl`, method: 'GET', type: 'main_frame', initiator: null, t: T0 + 100, status, headers: headers.map(([a, b]) => [a, b]) });
    expect(w.records()).toHaveLength(1);
  });

  it('a top-level load that failed (an error page) is a navigation; a cancelled one is not', () => {
    const w = new World();
    webBlocked(w, `${API}/k`, T0);
    const nav = w.web(`${PAGE}/`, 'GET', { type: 'main_frame', initiator: null });
    w.at(T0 + 100).send('failure', nav.error('net::ERR_ABORTED'));
    expect(w.records()).toHaveLength(1);
    w.at(T0 + 200).send('failure', nav.error('net::ERR_NAME_NOT_RESOLVED'));
    expect(w.records()).toHaveLength(0);
  });
});

describe('cancellations are not failures', () => {
  it('a HEAD fetch that DevTools marks ERR_ABORTED after its 200 is allowed', () => {
    const w = new World();
    w.devtools(true);
    w.at(T0 + 50).relayed('dt1', { url: `${API}/head`, method: 'HEAD', startedAt: T0, time: 20, status: 200, responseHeaders: ACAO, error: 'net::ERR_ABORTED' });
    expect(w.entries().map((e) => [e.method, e.verdict, e.reasons.length])).toEqual([['HEAD', 'allowed', 0]]);
  });

  it('a fetch aborted before any response leaves the log', () => {
    const w = new World();
    w.record(true);
    const r = w.web(`${API}/abort`, 'PUT');
    w.at(T0).send('webrequest', r.before());
    w.at(T0 + 1).send('webrequest', r.send(fetchHeaders([['Content-Type', 'application/json']])));
    expect(w.records()).toHaveLength(1);
    w.at(T0 + 50).send('failure', r.error('net::ERR_ABORTED'));
    expect(w.records()).toEqual([]);
  });

  it('a body read given up on after the response (ERR_ABORTED) keeps the browser\'s verdict', () => {
    const w = new World();
    w.record(true);
    const r = w.web(`${API}/stream`);
    w.at(T0).send('webrequest', r.before());
    w.at(T0 + 1).send('webrequest', r.send());
    w.at(T0 + 10).send('webrequest', r.received(200, ACAO));
    w.at(T0 + 11).send('webrequest', r.started(200));
    w.at(T0 + 500).send('failure', r.error('net::ERR_ABORTED'));
    expect(w.entries().map((e) => [e.verdict, e.error, e.progress])).toEqual([['allowed', null, undefined]]);
  });
});

describe('requests whose end never comes', () => {
  it('a stream: allowed once its response started, open while it runs, unfinished when given up on', () => {
    const w = new World();
    w.record(true);
    const r = w.web(`${API}/events`);
    w.at(T0).send('webrequest', r.before());
    w.at(T0 + 1).send('webrequest', r.send());
    w.at(T0 + 10).send('webrequest', r.received(200, ACAO));
    w.at(T0 + 11).send('webrequest', r.started(200));
    w.tick(T0 + STALL_MS + 5_000);
    expect(w.entries().map((e) => [e.verdict, e.progress, e.endedAt])).toEqual([['allowed', 'open', null]]);
    w.tick(T0 + 11 + GIVE_UP_MS);
    expect(w.entries().map((e) => [e.verdict, e.progress, e.endedAt])).toEqual([['allowed', 'unfinished', null]]);
    expect(w.service.capture.tracker.size.inFlight).toBe(0);
  });

  it('no response and no news: stalled after a while, back to open when something happens', () => {
    const w = new World();
    w.record(true);
    const r = w.web(`${API}/hang`);
    w.at(T0).send('webrequest', r.before());
    w.at(T0 + 1).send('webrequest', r.send());
    expect(w.tick(T0 + 1 + STALL_MS)).toBe(true);
    expect(w.entries()[0]?.progress).toBe('stalled');
    w.at(T0 + STALL_MS + 10).send('webrequest', r.received(200, ACAO));
    expect(w.entries()[0]?.progress).toBe('open');
    w.at(T0 + STALL_MS + 20).send('webrequest', r.completed(200));
    expect(w.entries().map((e) => [e.verdict, e.progress, e.endedAt])).toEqual([['allowed', undefined, T0 + STALL_MS + 20]]);
    expect(w.tick(T0 + STALL_MS + 30)).toBe(false);
  });

  it('an abandoned redirect chain in DevTools\' log (the next hop never reported) is given up on', () => {
    const w = new World();
    w.devtools(true);
    w.at(T0 + 20).relayed('dt1', { url: `${API}/r1`, startedAt: T0, time: 10, status: 302, responseHeaders: [...ACAO, ['Location', `${API}/r2`]], redirectUrl: `${API}/r2` });
    expect(w.entries()[0]?.verdict).toBe('pending');
    w.tick(T0 + 10 + GIVE_UP_MS);
    expect(w.entries().map((e) => [e.verdict, e.progress])).toEqual([['pending', 'unfinished']]);
  });
});

describe('redirects', () => {
  it('a POST with a custom header, 302 to another origin (now a GET): both preflights paired, none left over', () => {
    const w = new World();
    w.record(true);
    const OTHER = 'http://other.test';
    const r = w.web(`${API}/post`, 'POST');
    const p1 = w.web(`${API}/post`, 'OPTIONS');
    const p2 = w.web(`${OTHER}/get`, 'OPTIONS');
    const allow = (m: string) => [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', m], ['Access-Control-Allow-Headers', 'x-custom']] as [string, string][];
    w.at(T0).send('webrequest', r.before());
    w.send('webrequest', p1.before());
    w.send('webrequest', p1.send(preflightHeaders('POST', 'x-custom')));
    w.send('webrequest', p1.received(204, allow('POST')));
    w.send('webrequest', p1.completed(204));
    w.send('webrequest', r.send(fetchHeaders([['X-Custom', '1']])));
    w.send('webrequest', r.received(302, [['Access-Control-Allow-Origin', '*'], ['Location', `${OTHER}/get`]]));
    w.send('webrequest', r.redirect(302, `${OTHER}/get`));
    w.send('webrequest', p2.before());
    w.send('webrequest', p2.send(preflightHeaders('GET', 'x-custom', 'null')));
    w.send('webrequest', p2.received(204, allow('GET')));
    w.send('webrequest', p2.completed(204));
    w.send('webrequest', r.send(fetchHeaders([['X-Custom', '1']], 'null')));
    w.send('webrequest', r.received(200, [['Access-Control-Allow-Origin', '*']]));
    w.send('webrequest', r.completed(200));
    const recs = w.records();
    expect(recs).toHaveLength(1);
    expect(recs[0]?.hops.map((h) => [h.method ?? 'POST', h.preflight?.status ?? null])).toEqual([['POST', 204], ['GET', 204]]);
    expect(w.service.capture.tracker.size.orphans).toBe(0);
    expect(w.entries()[0]?.verdict).toBe('allowed');
  });

  it('a same-origin request whose cross-origin redirect Chromium refuses (credentials in the URL) is logged', () => {
    const w = new World();
    w.record(true);
    const r = w.web(`${PAGE}/go`);
    w.at(T0).send('webrequest', r.before());
    w.send('webrequest', r.send([['Accept', '*/*'], ['Sec-Fetch-Mode', 'cors']]));
    w.send('webrequest', r.received(302, [['Location', 'http://user:pw@api.test/secret']]));
    w.send('failure', r.error('net::ERR_FAILED'));
    const [e] = w.entries();
    expect(e?.verdict).toBe('blocked');
    expect(e?.reasons[0]?.chromium).toBe('RedirectContainsCredentials');
  });
});
