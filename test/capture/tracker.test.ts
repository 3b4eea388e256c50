import { describe, expect, it } from 'vitest';
import { Capture } from '../../src/capture/capture.js';
import type { CaptureEvent } from '../../src/capture/events.js';
import { CHROMIUM, FIREFOX, type Profile } from '../../src/engine/profile.js';
import type { ReportEntry } from '../../src/report/types.js';
import { API, fetchHeaders, on, PAGE, preflightHeaders } from '../support/events.js';

function run(events: CaptureEvent[], profile: Profile = CHROMIUM, cap?: number): { capture: Capture; entries: ReportEntry[] } {
  const capture = new Capture({ profile, browser: profile.id === 'firefox' ? 'firefox' : 'chromium', ...(cap ? { cap } : {}) });
  for (const e of events) capture.handle(e);
  return { capture, entries: capture.entries(1, false) };
}

const ACAO = { 'Access-Control-Allow-Origin': PAGE };
type On = ReturnType<typeof on>;

describe('Chromium event orders (research feasibility.md §2.1)', () => {
  it('simple request blocked: no ACAO', () => {
    const r = on({ id: '1', url: `${API}/a`, method: 'GET' });
    const { entries } = run([r.before(), r.beforeSend(fetchHeaders()), r.send(fetchHeaders()), r.received(200, { 'Content-Type': 'text/plain' }), r.error('net::ERR_FAILED')]);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ verdict: 'blocked', url: `${API}/a`, initiator: PAGE, preflight: null, response: { status: 200 } });
    expect(entries[0]?.reasons[0]).toMatchObject({ code: 'missing-allow-origin', chromium: 'MissingAllowOriginHeader' });
  });

  it('preflight rejected: the actual request never went out', () => {
    const r = on({ id: '5', url: `${API}/put`, method: 'PUT' });
    const p = on({ id: '6', url: `${API}/put`, method: 'OPTIONS' });
    const { entries } = run([
      r.before(), p.before(), p.beforeSend(preflightHeaders('PUT', 'x-test')), p.send(preflightHeaders('PUT', 'x-test')),
      p.received(204, { ...ACAO, 'Access-Control-Allow-Headers': 'x-test' }), p.started(204), p.completed(204), r.error('net::ERR_FAILED'),
    ]);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ id: '5', verdict: 'blocked', response: null, preflight: { status: 204, cached: false } });
    expect(entries[0]?.reasons[0]).toMatchObject({ chromium: 'MethodDisallowedByPreflightResponse', parameter: 'PUT' });
  });

  it('the preflight names the unsafe headers even when the request is never seen', () => {
    const r = on({ id: '5', url: `${API}/put`, method: 'PUT' });
    const p = on({ id: '6', url: `${API}/put`, method: 'OPTIONS' });
    const { entries } = run([r.before(), p.before(), p.send(preflightHeaders('PUT', 'x-test')), p.received(204, { ...ACAO, 'Access-Control-Allow-Methods': 'PUT' }), p.completed(204), r.error('net::ERR_FAILED')]);
    expect(entries[0]?.reasons[0]).toMatchObject({ chromium: 'HeaderDisallowedByPreflightResponse', parameter: 'x-test' });
  });

  it('preflight ok, then the request', () => {
    const r = on({ id: '7', url: `${API}/ok`, method: 'PUT' });
    const p = on({ id: '8', url: `${API}/ok`, method: 'OPTIONS' });
    const pf = { ...ACAO, 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'x-test', 'Access-Control-Max-Age': '600' };
    const { entries } = run([
      r.before(), p.before(), p.send(preflightHeaders('PUT', 'x-test')), p.received(204, pf), p.completed(204),
      r.beforeSend(fetchHeaders({ 'X-Test': '1' })), r.send(fetchHeaders({ 'X-Test': '1' })), r.received(200, ACAO), r.started(200), r.completed(200),
    ]);
    expect(entries[0]).toMatchObject({ verdict: 'allowed', reasons: [], preflight: { status: 204, cached: false } });
  });

  it('a repeat within the cache lifetime has no preflight: cached, with the max-age that allowed it', () => {
    const r = on({ id: '7', url: `${API}/ok`, method: 'PUT' });
    const p = on({ id: '8', url: `${API}/ok`, method: 'OPTIONS' });
    const again = on({ id: '9', url: `${API}/ok`, method: 'PUT' });
    const pf = { ...ACAO, 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'x-test', 'Access-Control-Max-Age': '600' };
    const { entries } = run([
      r.before(), p.before(), p.send(preflightHeaders('PUT', 'x-test')), p.received(204, pf), p.completed(204),
      r.send(fetchHeaders({ 'X-Test': '1' })), r.received(200, ACAO), r.completed(200),
      again.before(), again.send(fetchHeaders({ 'X-Test': '2' })), again.received(200, ACAO), again.completed(200),
    ]);
    expect(entries[1]).toMatchObject({ id: '9', verdict: 'allowed', preflight: { cached: true, maxAge: 600 } });
  });

  it('preflight answered 302', () => {
    const r = on({ id: '1', url: `${API}/r`, method: 'DELETE' });
    const p = on({ id: '2', url: `${API}/r`, method: 'OPTIONS' });
    const { entries } = run([r.before(), p.before(), p.send(preflightHeaders('DELETE', null)), p.received(302, { Location: '/x' }), p.started(302), p.completed(302), r.error('net::ERR_FAILED')]);
    expect(entries[0]?.reasons[0]).toMatchObject({ chromium: 'PreflightDisallowedRedirect' });
  });

  it('connection refused is failed, not blocked', () => {
    const r = on({ id: '1', url: 'http://127.0.0.1:9/', method: 'GET' });
    const { entries } = run([r.before(), r.send(fetchHeaders()), r.error('net::ERR_CONNECTION_REFUSED')]);
    expect(entries[0]).toMatchObject({ verdict: 'failed', error: 'net::ERR_CONNECTION_REFUSED' });
    expect(entries[0]?.reasons[0]).toMatchObject({ code: 'connection-refused', chromium: null });
  });

  it('a redirect refused for userinfo (no onBeforeRedirect) is judged from the Location', () => {
    const r = on({ id: '1', url: `${API}/go`, method: 'GET' });
    const { entries } = run([r.before(), r.send(fetchHeaders()), r.received(302, { ...ACAO, Location: 'http://u:p@127.0.0.2:7000/x' }), r.error('net::ERR_FAILED')]);
    expect(entries[0]?.reasons[0]).toMatchObject({ chromium: 'RedirectContainsCredentials' });
  });

  it('a followed redirect chain', () => {
    const r = on({ id: '1', url: `${API}/go`, method: 'GET' });
    const r2 = on({ id: '1', url: 'http://127.0.0.2:7000/final', method: 'GET' });
    const { entries } = run([r.before(), r.send(fetchHeaders()), r.received(302, { 'Access-Control-Allow-Origin': '*', Location: 'http://127.0.0.2:7000/final' }), r.redirect(302, 'http://127.0.0.2:7000/final'), r2.send(fetchHeaders({}, 'null')), r2.received(200, ACAO), r2.error('net::ERR_FAILED')]);
    expect(entries[0]).toMatchObject({ finalUrl: 'http://127.0.0.2:7000/final', redirects: [{ status: 302, location: 'http://127.0.0.2:7000/final' }] });
    expect(entries[0]?.reasons[0]).toMatchObject({ chromium: 'AllowOriginMismatch', parameter: PAGE });
  });

  it('a Cookie on the wire explains a wildcard failure (credentials inferred)', () => {
    const r = on({ id: '1', url: `${API}/c`, method: 'GET' });
    const { entries } = run([r.before(), r.send(fetchHeaders({ Cookie: 'sid=1' })), r.received(200, { 'Access-Control-Allow-Origin': '*' }), r.error('net::ERR_FAILED')]);
    expect(entries[0]).toMatchObject({ verdict: 'blocked', credentials: { mode: 'include', inferred: true } });
    expect(entries[0]?.reasons[0]?.chromium).toBe('WildcardOriginNotAllowed');
  });

  it('a failure only credentials explain: credentials inferred from the failure', () => {
    const r = on({ id: '1', url: `${API}/x`, method: 'GET' });
    const { entries } = run([r.before(), r.send(fetchHeaders()), r.received(200, ACAO), r.error('net::ERR_FAILED')]);
    expect(entries[0]).toMatchObject({ verdict: 'blocked', credentials: { mode: 'include', inferred: true } });
    expect(entries[0]?.reasons[0]?.chromium).toBe('InvalidAllowCredentials');
  });

  it('a failure the headers cannot explain says so', () => {
    const r = on({ id: '1', url: `${API}/x`, method: 'GET' });
    const { entries } = run([r.before(), r.send(fetchHeaders()), r.received(200, { ...ACAO, 'Access-Control-Allow-Credentials': 'true' }), r.error('net::ERR_FAILED')]);
    expect(entries[0]).toMatchObject({ verdict: 'blocked' });
    expect(entries[0]?.reasons[0]).toMatchObject({ code: 'unexplained-block', parameter: 'net::ERR_FAILED' });
  });

  it('when Chromium let it through, it is allowed', () => {
    const r = on({ id: '1', url: `${API}/x`, method: 'GET' });
    const { entries } = run([r.before(), r.send(fetchHeaders()), r.received(200, {}), r.completed(200)]);
    expect(entries[0]?.verdict).toBe('allowed');
    expect(entries[0]?.warnings[0]?.code).toBe('missing-allow-origin');
  });
});

describe('Firefox event orders (research feasibility.md §5.2)', () => {
  it('a blocked simple request ends in onCompleted(200): the headers decide', () => {
    const r = on({ id: '1', url: `${API}/a`, method: 'GET' });
    const { entries } = run([r.before(), r.beforeSend(fetchHeaders()), r.send(fetchHeaders()), r.received(200, {}), r.started(200), r.completed(200)], FIREFOX);
    expect(entries[0]).toMatchObject({ verdict: 'blocked' });
    expect(entries[0]?.reasons[0]).toMatchObject({ firefox: 'CORSMissingAllowOrigin2' });
  });

  it('the request shows its headers before its preflight, even when never sent', () => {
    const r = on({ id: '10', url: `${API}/p`, method: 'PUT' });
    const p = on({ id: '11', url: `${API}/p`, method: 'OPTIONS' });
    const { entries } = run([
      r.before(), r.beforeSend(fetchHeaders({ 'X-Test': '1' })), r.send(fetchHeaders({ 'X-Test': '1' })),
      p.before(), p.beforeSend(preflightHeaders('PUT', 'x-test')), p.send(preflightHeaders('PUT', 'x-test')), p.received(404, {}), p.started(404),
      p.error('NS_ERROR_DOM_BAD_URI'), r.error('NS_ERROR_DOM_BAD_URI'),
    ], FIREFOX);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ verdict: 'blocked', preflight: { status: 404 } });
    expect(entries[0]?.reasons[0]).toMatchObject({ code: 'preflight-error-response-without-cors', firefox: 'CORSMissingAllowOrigin2' });
  });

  it('a redirected preflight ends in onBeforeRedirect', () => {
    const r = on({ id: '10', url: `${API}/p`, method: 'PUT' });
    const p = on({ id: '11', url: `${API}/p`, method: 'OPTIONS' });
    const { entries } = run([r.before(), r.send(fetchHeaders()), p.before(), p.send(preflightHeaders('PUT', null)), p.received(302, { ...ACAO, Location: '/x' }), p.redirect(302, `${API}/x`), r.error('NS_ERROR_DOM_BAD_URI')], FIREFOX);
    expect(entries[0]?.reasons[0]).toMatchObject({ code: 'preflight-redirect', firefox: 'CORSExternalRedirectNotAllowed' });
  });

  it('late events of a redirected preflight (Firefox 153, at the redirect target) change nothing and log nothing', () => {
    const r = on({ id: '12', url: `${API}/p2`, method: 'PUT' });
    const p = on({ id: '13', url: `${API}/p2`, method: 'OPTIONS' });
    const late = on({ id: '13', url: `${API}/x2`, method: 'OPTIONS' });
    const { entries } = run([
      r.before(), r.send(fetchHeaders()), p.before(), p.send(preflightHeaders('PUT', null)), p.received(307, { ...ACAO, Location: '/x2' }), p.redirect(307, `${API}/x2`),
      r.error('NS_ERROR_DOM_BAD_URI'), late.started(0), late.received(200, ACAO), late.error('NS_ERROR_NET_ON_RECEIVING_FROM'),
    ], FIREFOX);
    expect(entries.map((e) => `${e.method} ${e.url}`)).toEqual([`PUT ${API}/p2`]);
    expect(entries[0]).toMatchObject({ verdict: 'blocked', preflight: { status: 307 } });
    expect(entries[0]?.reasons[0]?.code).toBe('preflight-redirect');
  });
});

describe('pairing under concurrency and disorder', () => {
  it('interleaved preflights pair by URL and method', () => {
    const events: CaptureEvent[] = [];
    const n = 50;
    const reqs: On[] = Array.from({ length: n }, (_, i) => on({ id: String(i), url: `${API}/c/${i}`, method: 'PUT' }));
    const pfs: On[] = Array.from({ length: n }, (_, i) => on({ id: String(1000 + i), url: `${API}/c/${i}`, method: 'OPTIONS' }));
    for (const r of reqs) events.push(r.before());
    const order = [...pfs.keys()].sort((a, b) => ((a * 7919) % n) - ((b * 7919) % n));
    for (const i of order) events.push((pfs[i] as On).before(), (pfs[i] as On).send(preflightHeaders('PUT', 'x-test')));
    for (const i of [...order].reverse()) {
      const p = pfs[i] as On;
      events.push(p.received(204, i % 2 === 0 ? { ...ACAO, 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'x-test' } : ACAO), p.completed(204));
    }
    for (let i = 0; i < n; i++) {
      const r = reqs[i] as On;
      if (i % 2 === 0) events.push(r.send(fetchHeaders({ 'X-Test': '1' })), r.received(200, ACAO), r.completed(200));
      else events.push(r.error('net::ERR_FAILED'));
    }
    const { entries } = run(events);
    expect(entries).toHaveLength(n);
    for (const e of entries) {
      const i = Number(e.id);
      expect(e.verdict).toBe(i % 2 === 0 ? 'allowed' : 'blocked');
      expect(e.preflight?.status).toBe(204);
      expect(e.preflight?.requestHeaders).toContainEqual(['Access-Control-Request-Method', 'PUT']);
    }
  });

  it('identical concurrent requests are paired first come, first served', () => {
    const a = on({ id: '1', url: `${API}/same`, method: 'PUT' });
    const b = on({ id: '2', url: `${API}/same`, method: 'PUT' });
    const pa = on({ id: '3', url: `${API}/same`, method: 'OPTIONS' });
    const pb = on({ id: '4', url: `${API}/same`, method: 'OPTIONS' });
    const { entries } = run([a.before(), b.before(), pa.before(), pa.send(preflightHeaders('PUT', null)), pb.before(), pb.send(preflightHeaders('PUT', null)), pa.received(204, {}), pa.completed(204), pb.received(204, {}), pb.completed(204), a.error('net::ERR_FAILED'), b.error('net::ERR_FAILED')]);
    expect(entries.map((e) => [e.id, e.preflight?.status])).toEqual([['1', 204], ['2', 204]]);
  });

  it('a preflight seen before its request waits and is adopted', () => {
    const r = on({ id: '1', url: `${API}/o`, method: 'PUT' });
    const p = on({ id: '2', url: `${API}/o`, method: 'OPTIONS' });
    const { entries } = run([p.before(), p.send(preflightHeaders('PUT', null)), p.received(204, ACAO), p.completed(204), r.before(), r.error('net::ERR_FAILED')]);
    expect(entries[0]).toMatchObject({ id: '1', verdict: 'blocked', preflight: { status: 204 } });
  });

  it('a request first seen mid-flight (missing events) is still judged', () => {
    const r = on({ id: '1', url: `${API}/m`, method: 'GET' });
    const { entries } = run([r.send(fetchHeaders()), r.received(200, {}), r.error('net::ERR_FAILED')]);
    expect(entries[0]?.reasons[0]?.chromium).toBe('MissingAllowOriginHeader');
  });

  it('events for a finished request still update it', () => {
    const r = on({ id: '1', url: `${API}/late`, method: 'PUT' });
    const p = on({ id: '2', url: `${API}/late`, method: 'OPTIONS' });
    const { entries } = run([r.before(), p.before(), p.send(preflightHeaders('PUT', null)), r.error('net::ERR_FAILED'), p.received(500, {}), p.completed(500)]);
    expect(entries[0]?.reasons[0]?.code).toBe('preflight-error-response-without-cors');
  });

  it('10,000 requests in flight, then all finish', () => {
    const events: CaptureEvent[] = [];
    const reqs = Array.from({ length: 10_000 }, (_, i) => on({ id: String(i), url: `${API}/f/${i}`, method: 'GET' }));
    for (const r of reqs) events.push(r.before(), r.send(fetchHeaders()));
    for (const r of reqs) events.push(r.received(200, { 'Access-Control-Allow-Origin': '*' }), r.completed(200));
    const { capture, entries } = run(events, CHROMIUM, 20_000);
    expect(entries).toHaveLength(10_000);
    expect(entries.every((e) => e.verdict === 'allowed')).toBe(true);
    expect(capture.tracker.size.inFlight).toBe(0);
  });
});

describe('what is in the log', () => {
  const seq = (f: () => CaptureEvent[]) => f();
  const cases: [string, CaptureEvent[], number][] = [
    ['no-cors image', seq(() => { const r = on({ id: '1', url: `${API}/i.png`, method: 'GET', type: 'image' }); return [r.before(), r.send({ 'Sec-Fetch-Mode': 'no-cors' }), r.received(200), r.completed(200)]; }), 0],
    ['same-origin fetch', seq(() => { const r = on({ id: '1', url: `${PAGE}/api`, method: 'GET' }); return [r.before(), r.send(fetchHeaders()), r.received(200), r.completed(200)]; }), 0],
    ['same-origin fetch redirected cross-origin', seq(() => { const r = on({ id: '1', url: `${PAGE}/go`, method: 'GET' }); return [r.before(), r.send(fetchHeaders()), r.received(302, { Location: `${API}/x` }), r.redirect(302, `${API}/x`), r.received(200, ACAO), r.completed(200)]; }), 1],
    ['no Sec-Fetch-Mode (non-secure URL) but an Origin', seq(() => { const r = on({ id: '1', url: 'http://api.test/x', method: 'GET' }); return [r.before(), r.send({ Origin: PAGE }), r.received(200, ACAO), r.completed(200)]; }), 1],
    ['browser-initiated (no initiator)', seq(() => { const r = on({ id: '1', url: `${API}/x`, method: 'GET', initiator: null }); return [r.before(), r.send(fetchHeaders()), r.completed(200)]; }), 0],
    ['not in a tab', seq(() => { const r = on({ id: '1', url: `${API}/x`, method: 'GET', tabId: -1 }); return [r.before(), r.send(fetchHeaders()), r.completed(200)]; }), 0],
  ];
  it.each(cases)('%s', (_n, events, count) => expect(run(events).entries).toHaveLength(count));

  it('navigation clears the log unless preserved; closing the tab clears it', () => {
    const r = on({ id: '1', url: `${API}/x`, method: 'GET' });
    const { capture } = run([r.before(), r.send(fetchHeaders()), r.received(200, ACAO), r.completed(200)]);
    const later = Date.now() + 60_000;
    capture.logs.preserveLog = true;
    capture.navigated(1, later);
    expect(capture.entries(1)).toHaveLength(1);
    capture.logs.preserveLog = false;
    capture.navigated(1, later + 1);
    expect(capture.entries(1)).toHaveLength(0);
    const r2 = on({ id: '3', url: `${API}/y`, method: 'GET' });
    for (const e of [r2.before(), r2.send(fetchHeaders()), r2.received(200, ACAO), r2.completed(200)]) capture.handle(e);
    capture.tabClosed(1);
    expect(capture.entries(1)).toHaveLength(0);
  });

  it('keeps the newest entries up to the cap, and counts blocked ones', () => {
    const events: CaptureEvent[] = [];
    for (let i = 0; i < 60; i++) {
      const r = on({ id: String(i), url: `${API}/n/${i}`, method: 'GET' });
      events.push(r.before(), r.send(fetchHeaders()), r.received(200, {}), r.error('net::ERR_FAILED'));
    }
    const { capture, entries } = run(events, CHROMIUM, 50);
    expect(entries.map((e) => e.id)).toEqual(Array.from({ length: 50 }, (_, i) => String(i + 10)));
    expect(capture.logs.blockedCount(1)).toBe(50);
  });

  it('redacts secrets unless asked not to', () => {
    const r = on({ id: '1', url: `${API}/s`, method: 'GET' });
    const { capture } = run([r.before(), r.send(fetchHeaders({ Cookie: 'sid=secret', Authorization: 'Bearer t' })), r.received(200, { ...ACAO, 'Set-Cookie': 'a=b' }), r.completed(200)]);
    const red = capture.entries(1, true)[0];
    expect(red?.requestHeaders).toContainEqual(['Cookie', '[redacted]']);
    expect(red?.response?.headers).toContainEqual(['Set-Cookie', '[redacted]']);
    expect(JSON.stringify(red)).not.toContain('secret');
    expect(capture.entries(1, false)[0]?.requestHeaders).toContainEqual(['Cookie', 'sid=secret']);
  });

  it('survives a restart: records restored from storage keep receiving events', () => {
    const r = on({ id: '1', url: `${API}/restart`, method: 'GET' });
    const { capture } = run([r.before(), r.send(fetchHeaders()), r.received(200, {})]);
    const stored = JSON.parse(JSON.stringify(capture.logs.records(1)));
    const fresh = new Capture({ profile: CHROMIUM, browser: 'chromium' });
    fresh.restore(stored);
    fresh.handle(r.error('net::ERR_FAILED'));
    expect(fresh.entries(1)).toHaveLength(1);
    expect(fresh.entries(1)[0]?.reasons[0]?.chromium).toBe('MissingAllowOriginHeader');
  });
});

describe('onBeforeSendHeaders without headers', () => {
  it('does not turn a preflight into an entry of its own', () => {
    const r = on({ id: '5', url: `${API}/put`, method: 'PUT' });
    const p = on({ id: '6', url: `${API}/put`, method: 'OPTIONS' });
    const { entries } = run([r.before(), p.before(), p.beforeSend({}), p.send(preflightHeaders('PUT', null)), p.received(204, {}), p.completed(204), r.error('net::ERR_FAILED')]);
    expect(entries.map((e) => [e.id, e.method, e.verdict])).toEqual([['5', 'PUT', 'blocked']]);
  });
});
