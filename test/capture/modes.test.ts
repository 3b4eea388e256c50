import { describe, expect, it } from 'vitest';
import { Capture } from '../../src/capture/capture.js';
import { Modes, type ListenerPlan } from '../../src/capture/modes.js';
import { CHROMIUM } from '../../src/engine/profile.js';
import type { ErrorEvent } from '../../src/capture/events.js';
import { API, fetchHeaders, on, PAGE } from '../support/events.js';

describe('capture modes', () => {
  it('full only where a panel is open or the user records; plans follow', () => {
    const plans: ListenerPlan[] = [];
    const m = new Modes((p) => plans.push(p));
    expect(m.mode(1)).toBe('light');
    m.panelOpened(1);
    m.panelOpened(1); // two panels on one tab (docked + popped out)
    m.setRecorded(2, true);
    expect([m.mode(1), m.mode(2), m.mode(3)]).toEqual(['full', 'full', 'light']);
    m.panelClosed(1);
    expect(m.mode(1)).toBe('full');
    m.panelClosed(1);
    expect(m.mode(1)).toBe('light');
    expect(plans.at(-1)).toEqual({ all: false, tabs: [2] });
    m.setRecordAll(true);
    expect(plans.at(-1)).toEqual({ all: true, tabs: [] });
    expect(m.mode(99)).toBe('full');
    m.setRecordAll(false);
    m.tabClosed(2);
    expect(plans.at(-1)).toEqual({ all: false, tabs: [] });
  });
});

describe('capture sources: DevTools\' network log instead of extraHeaders where DevTools is open', () => {
  it.each<[string, (m: Modes) => void, ReturnType<Modes['source']>, number[]]>([
    ['nothing', () => undefined, 'light', []],
    ['DevTools open (its relay connected)', (m) => m.devtoolsOpened(1), 'devtools', []],
    ['DevTools open and its CORS panel subscribed', (m) => { m.devtoolsOpened(1); m.panelOpened(1); }, 'devtools', []],
    ['a panel opened as a page (no DevTools log)', (m) => m.panelOpened(1), 'webrequest', [1]],
    ['DevTools open on a recorded tab: the recording wins', (m) => { m.devtoolsOpened(1); m.setRecorded(1, true); }, 'webrequest', [1]],
    ['DevTools open while all tabs are recorded', (m) => { m.devtoolsOpened(1); m.setRecordAll(true); }, 'webrequest', []],
    ['DevTools closed again', (m) => { m.devtoolsOpened(1); m.panelOpened(1); m.devtoolsClosed(1); }, 'webrequest', [1]],
    ['two DevTools windows, one closed', (m) => { m.devtoolsOpened(1); m.devtoolsOpened(1); m.devtoolsClosed(1); }, 'devtools', []],
  ])('%s → %s, per-tab extraHeaders sets %j', (_n, act, source, tabs) => {
    const plans: ListenerPlan[] = [];
    const m = new Modes((p) => plans.push(p));
    act(m);
    expect(m.source(1)).toBe(source);
    expect(m.mode(1)).toBe(source === 'light' ? 'light' : 'full');
    expect(m.plan().tabs).toEqual(tabs);
    expect(m.source(2)).toBe(m.recordAllTabs ? 'webrequest' : 'light');
  });

  it('a closed tab forgets its DevTools', () => {
    const m = new Modes();
    m.devtoolsOpened(3);
    m.tabClosed(3);
    expect(m.source(3)).toBe('light');
  });
});

describe('light mode: failures only', () => {
  const capture = () => new Capture({ profile: CHROMIUM, browser: 'chromium', modes: new Modes() });
  const error = (id: string, url: string, err: string, extra: Partial<ErrorEvent> = {}): ErrorEvent =>
    ({ ...on({ id, url, method: 'GET' }).error(err), ...extra }) as ErrorEvent;

  it('a cross-origin CORS failure becomes a light entry that says it was not captured', () => {
    const c = capture();
    c.failure(error('1', `${API}/x`, 'net::ERR_FAILED'));
    const [e] = c.entries(1);
    expect(e).toMatchObject({ mode: 'light', verdict: 'blocked', error: 'net::ERR_FAILED', preflight: null, response: null });
    expect(e?.reasons[0]?.code).toBe('not-captured');
    expect(c.logs.blockedCount(1)).toBe(1);
  });

  it('a network failure is failed, with its cause', () => {
    const c = capture();
    c.failure(error('1', `${API}/x`, 'net::ERR_CONNECTION_REFUSED'));
    expect(c.entries(1)[0]).toMatchObject({ mode: 'light', verdict: 'failed' });
    expect(c.entries(1)[0]?.reasons[0]?.code).toBe('connection-refused');
  });

  it.each<[string, ErrorEvent]>([
    ['cancelled', error('1', `${API}/x`, 'net::ERR_ABORTED')],
    ['same-origin', error('1', `${PAGE}/x`, 'net::ERR_FAILED')],
    ['a navigation', error('1', `${API}/x`, 'net::ERR_FAILED', { type: 'main_frame' })],
    ['no tab', error('1', `${API}/x`, 'net::ERR_FAILED', { tabId: -1 })],
    ['browser-initiated', error('1', `${API}/x`, 'net::ERR_FAILED', { initiator: null })],
  ])('ignores %s', (_n, ev) => {
    const c = capture();
    c.failure(ev);
    expect(c.entries(1)).toHaveLength(0);
  });

  it('a request the tracker follows (a proxy, or a tab switched to full) gets its error as usual', () => {
    const c = capture();
    const r = on({ id: '7', url: `${API}/p`, method: 'GET' });
    c.handle(r.before());
    c.handle(r.send(fetchHeaders()));
    c.handle(r.received(200, {}));
    c.failure(r.error('net::ERR_FAILED') as ErrorEvent);
    const entries = c.entries(1);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.reasons[0]?.chromium).toBe('MissingAllowOriginHeader');
  });
});

describe('switching to full mid-flight', () => {
  it('a request whose start was missed is still logged when it ends', () => {
    const c = new Capture({ profile: CHROMIUM, browser: 'chromium' });
    const r = on({ id: '5', url: `${API}/late`, method: 'GET' });
    c.handle(r.received(200, {}));
    expect(c.entries(1)).toHaveLength(0);
    c.handle(r.error('net::ERR_FAILED'));
    expect(c.entries(1)).toHaveLength(1);
    expect(c.entries(1)[0]?.reasons[0]?.chromium).toBe('MissingAllowOriginHeader');
  });
});

describe('a light entry replaced by the full record of the same request', () => {
  const T0 = 1_700_000_000_000;
  const failure = (id: string, t: number): ErrorEvent => ({ ...on({ id, url: `${API}/dup`, method: 'GET' }).error('net::ERR_FAILED'), t }) as ErrorEvent;
  /** DevTools' record of a blocked GET that started at t0 and ended 100 ms later. */
  const full = (id: string, t0: number) => {
    const r = on({ id, url: `${API}/dup`, method: 'GET' });
    return [r.before(), r.send(fetchHeaders()), r.received(200, {}), r.error('net::ERR_FAILED')].map((e, i) => ({ ...e, t: i < 3 ? t0 : t0 + 100 }));
  };
  /** A light tab whose DevTools opens (its relay says hello) at `opensAt`. */
  const setup = (opensAt: number) => {
    let now = T0;
    const modes = new Modes(() => undefined, () => now);
    const c = new Capture({ profile: CHROMIUM, browser: 'chromium', modes });
    return { c, modes, open: () => { now = opensAt; modes.devtoolsOpened(1); } };
  };

  it('a failure seen light, then the same request in full (DevTools\' log relayed late): one entry, the full one', () => {
    const { c, open } = setup(T0 + 600);
    c.failure(failure('289', T0 + 500), T0 + 500);
    expect(c.logs.blockedCount(1)).toBe(1);
    open();
    for (const ev of full('dt1:har:1', T0 + 400)) c.ingest('devtools', ev, 'dt1');
    const entries = c.entries(1);
    expect(entries.map((e) => [e.id, e.mode])).toEqual([['dt1:har:1', 'full']]);
    expect(entries[0]?.reasons[0]?.code).toBe('missing-allow-origin');
    expect(c.logs.blockedCount(1)).toBe(1);
  });

  it('keeps the light failure when the full record is a retry that started after it', () => {
    const { c, open } = setup(T0 + 1_100);
    c.failure(failure('1', T0 + 1_000), T0 + 1_000);
    open();
    for (const ev of full('dt1:har:3', T0 + 11_000)) c.ingest('devtools', ev, 'dt1');
    expect(c.entries(1).map((e) => e.mode)).toEqual(['light', 'full']);
  });

  it('keeps the light entry when the full request is another one (long after, or another URL)', () => {
    const { c, open } = setup(T0 + 1);
    c.failure(failure('1', T0), T0);
    open();
    for (const ev of full('dt1:har:2', T0 + 100_000)) c.ingest('devtools', ev, 'dt1');
    expect(c.entries(1).map((e) => e.mode)).toEqual(['light', 'full']);
  });
});
