/**
 * Random interleavings of capture events from every source (issue #11): webRequest full sets (per
 * the listener plan the background asks for, draining included), the proxy set, the always-on
 * failure listener, DevTools' log through one or two relays (with their own clock, latency and page
 * counts), source switches in the middle of requests, worker restarts (the new worker buffers what
 * arrives until storage is read back, the relays reconnect and flush what they queued), navigations
 * and the passing of time. A small model of the browser decides which channel delivers what, when.
 *
 * Invariants, on the final log:
 * - each request appears at most once;
 * - never in the log of a page it did not belong to (except where the browser gives no way to tell:
 *   a light failure, or a request first seen mid-flight, of a previous page none of whose requests
 *   the background saw before the navigation);
 * - nothing stays open past the bound: every record ended or was given up on, nothing is held;
 * - nothing is lost at a switch: every failure of the current page is there, and every allowed request
 *   is there when a full source followed it from its start to its end;
 * - memory stays bounded.
 *
 * `CORS_LENS_PROPERTY_RUNS` sets the number of runs (default 100,000); fast-check prints the seed and
 * path of a failure, and `CORS_LENS_PROPERTY_SEED` replays one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GIVE_UP_MS } from '../../src/capture/capture.js';
import { HOLD_MS } from '../../src/capture/light-match.js';
import { DRAIN_MS, RELAY_BACK_MS } from '../../src/capture/service.js';
import { ACAO, API, fetchHeaders, PAGE, preflightHeaders, T0, World } from '../support/world.js';

type Kind = 'ok' | 'blocked' | 'pf-ok' | 'pf-fail' | 'redirect' | 'neterr' | 'abort' | 'head' | 'hang' | 'proxy';
const KINDS: Kind[] = ['ok', 'blocked', 'pf-ok', 'pf-fail', 'redirect', 'neterr', 'abort', 'head', 'hang', 'proxy'];
const FAILS = new Set<Kind>(['blocked', 'pf-fail', 'neterr']);

type What = 'dt-open' | 'dt-close' | 'dt2-open' | 'dt2-close' | 'rec-on' | 'rec-off' | 'all-on' | 'all-off' | 'panel-open' | 'panel-close' | 'nav' | 'restart';
const WHATS: What[] = ['dt-open', 'dt-close', 'dt2-open', 'dt2-close', 'rec-on', 'rec-off', 'all-on', 'all-off', 'panel-open', 'panel-close', 'nav', 'restart'];

interface ReqSpec { start: number; dur: number; kind: Kind }
interface ActionSpec { at: number; what: What }
interface Script {
  reqs: ReqSpec[];
  actions: ActionSpec[];
  /** DevTools' clock runs this much behind webRequest's (ms). */
  skew: number;
  /** A relay's delivery delay after a request ends (ms), per relay. */
  latency: [number, number];
  restartGap: number;
  /** The relay hello comes when DevTools opens, or a moment later (its listener proven live). */
  helloDelay: number;
}

const script: fc.Arbitrary<Script> = fc.record({
  // Requests start at even ms, actions happen at odd ms: no exact ties between the two.
  reqs: fc.array(fc.record({ start: fc.integer({ min: 0, max: 3_000 }).map((n) => n * 2), dur: fc.integer({ min: 5, max: 3_000 }), kind: fc.constantFrom(...KINDS) }), { minLength: 1, maxLength: 8 }),
  actions: fc.array(fc.record({ at: fc.integer({ min: 0, max: 3_500 }).map((n) => n * 2 + 1), what: fc.constantFrom(...WHATS) }), { maxLength: 8 }),
  skew: fc.integer({ min: 0, max: 20 }),
  latency: fc.tuple(fc.integer({ min: 3, max: 300 }), fc.integer({ min: 3, max: 300 })),
  restartGap: fc.integer({ min: 20, max: 400 }),
  helloDelay: fc.integer({ min: 0, max: 60 }),
});

/** Time-ordered work; ties keep insertion order. */
class Agenda {
  private items: { t: number; seq: number; run: () => void }[] = [];
  private seq = 0;
  add(t: number, run: () => void): void {
    this.items.push({ t, seq: this.seq++, run });
  }
  next(): { t: number; run: () => void } | undefined {
    if (this.items.length === 0) return undefined;
    let best = 0;
    for (let i = 1; i < this.items.length; i++) {
      const a = this.items[i] as { t: number; seq: number };
      const b = this.items[best] as { t: number; seq: number };
      if (a.t < b.t || (a.t === b.t && a.seq < b.seq)) best = i;
    }
    return this.items.splice(best, 1)[0];
  }
}

interface Relay {
  /** Each DevTools opening is a new devtools page: a new session. */
  base: string;
  gen: number;
  session: string;
  open: boolean;
  /** Its hello reached the background (the background counts the tab as DevTools-captured). */
  helloed: boolean;
  /** When its listener became live (requests that start earlier are not in its log). */
  liveSince: number;
  page: number;
  /** When its current page began (its open, or the last navigation it saw). */
  pageAt: number;
  latency: number;
  /** Deliveries that fell while the worker was down: flushed after it comes back, in order. */
  queued: (() => void)[];
}

interface Outcome {
  world: World;
  url: (i: number) => string;
  /** Per request: the page it started on, whether a full source followed it start to end, whether it failed. */
  facts: { page: number; full: boolean; failed: boolean; ended: boolean; docSeenBeforeLeaving: boolean; relayed: boolean }[];
  pages: number;
  preserve: boolean;
}

export function simulate(s: Script): Outcome {
  const w = new World();
  const agenda = new Agenda();
  const relays: Relay[] = [
    { base: 'dtA', gen: 0, session: 'dtA0', open: false, helloed: false, liveSince: Infinity, page: 0, pageAt: 0, latency: s.latency[0], queued: [] },
    { base: 'dtB', gen: 0, session: 'dtB0', open: false, helloed: false, liveSince: Infinity, page: 0, pageAt: 0, latency: s.latency[1], queued: [] },
  ];
  let down = false;
  let page = 0;
  /** Per page: when its document was left (the next navigation), and whether the background saw its documentId before. */
  const navAt: number[] = [];
  const docSeen = new Map<number, number>();
  let recorded = false;
  let all = false;
  let panels = 0;
  const url = (i: number): string => (s.reqs[i]?.kind === 'proxy' ? `https://corsproxy.io/?url=https://data.example/r${i}` : `${API}/r${i}`);
  const facts: Outcome['facts'] = s.reqs.map(() => ({ page: 0, full: false, failed: false, ended: false, docSeenBeforeLeaving: false, relayed: false }));

  /** The source the background should give the tab now (Modes' rule). */
  /**
   * What the background routes by: the state it knew when it last could take changes in. While the
   * worker is down, changes reach it only once it has read its storage back (messages wait for it;
   * ports that reconnect meanwhile are history only from then on).
   */
  const eff = { all: false, recorded: false, panels: 0, relays: 0 };
  const syncEff = (): void => {
    eff.all = all;
    eff.recorded = recorded;
    eff.panels = panels;
    eff.relays = relays.filter((r) => r.helloed).length;
  };
  const source = (): 'webrequest' | 'devtools' | 'light' => {
    if (eff.all || eff.recorded) return 'webrequest';
    if (eff.relays > 0) return 'devtools';
    return eff.panels > 0 ? 'webrequest' : 'light';
  };
  /** Messages (record, all tabs) that came while the worker was down: answered once it is ready. */
  const deferred: (() => void)[] = [];
  const deliver = (channel: 'webrequest' | 'proxy' | 'failure', ev: ReturnType<ReturnType<World['web']>['before']>, docPage: number): void => {
    if (!down && !docSeen.has(docPage)) docSeen.set(docPage, w.now);
    w.send(channel, { ...ev, documentId: `doc${docPage}` });
  };
  /** The relay sends something at t, if the same DevTools is still open then (queued while the worker is down). */
  const relayDo = (r: Relay, t: number, fn: () => void): void => {
    const gen = r.gen;
    agenda.add(t, () => {
      if (!r.open || r.gen !== gen) return;
      if (down) r.queued.push(fn);
      else fn();
    });
  };

  for (const spec of s.actions) {
    const a = { what: spec.what, at: T0 + spec.at };
    agenda.add(a.at, () => {
      w.at(a.at);
      if (down && /^(rec|all)-/.test(a.what)) {
        deferred.push(() => act(a));
        return;
      }
      act(a);
      if (!down) syncEff();
    });
  }
  function act(a: { what: What; at: number }): void {
    {
      const r = a.what.startsWith('dt2') ? (relays[1] as Relay) : (relays[0] as Relay);
      switch (a.what) {
        case 'dt-open':
        case 'dt2-open': {
          if (r.open) return;
          r.open = true;
          r.gen++;
          r.session = `${r.base}${r.gen}`;
          r.page = 0;
          r.pageAt = a.at;
          // The relay says hello once its listener is live: from then on DevTools' log has every request.
          r.liveSince = a.at + s.helloDelay;
          const gen = r.gen;
          agenda.add(a.at + s.helloDelay, () => {
            if (!r.open || r.helloed || r.gen !== gen) return;
            w.at(a.at + s.helloDelay);
            r.helloed = true;
            // While the worker is down, the relay's hello waits for it (it reconnects after the restart).
            if (!down) {
              w.devtools(true, true, r.session, r.page, r.pageAt);
              syncEff();
            }
          });
          return;
        }
        case 'dt-close':
        case 'dt2-close':
          if (!r.open) return;
          r.open = false;
          r.liveSince = Infinity;
          r.queued = [];
          // Its port closes; a worker that is down learns it by the relay never coming back.
          if (r.helloed && !down) w.devtools(false, true, r.session);
          r.helloed = false;
          return;
        case 'rec-on':
          recorded = true;
          w.record(true);
          return;
        case 'rec-off':
          recorded = false;
          w.record(false);
          return;
        case 'all-on':
          all = true;
          w.recordAllTabs(true);
          return;
        case 'all-off':
          all = false;
          w.recordAllTabs(false);
          return;
        case 'panel-open':
          panels++;
          w.service.modes.panelOpened(1);
          return;
        case 'panel-close':
          if (panels === 0) return;
          panels--;
          w.service.modes.panelClosed(1);
          return;
        case 'nav':
          navAt[page] = a.at;
          page++;
          w.navigate(a.at);
          // Each open relay announces it, in order with its entries.
          for (const rel of relays) {
            if (!rel.open) continue;
            const n = ++rel.page;
            rel.pageAt = a.at + 2;
            relayDo(rel, a.at + rel.latency, () => w.at(a.at + rel.latency).relayNavigated(rel.session, n, a.at + 2));
          }
          return;
        case 'restart':
          if (down) return;
          down = true;
          w.crash();
          agenda.add(a.at + s.restartGap, () => {
            w.at(a.at + s.restartGap);
            down = false;
            w.recover();
            // Panels and relays reconnect; relays flush what they queued, in order.
            for (let p = 0; p < panels; p++) w.service.modes.panelOpened(1);
            for (const rel of relays) {
              if (!rel.helloed) continue;
              w.devtools(true, true, rel.session, rel.page, rel.pageAt);
              for (const fn of rel.queued.splice(0)) fn();
            }
            for (const fn of deferred.splice(0)) fn();
            syncEff();
          });
          return;
      }
    }
  }

  s.reqs.forEach((spec, i) => {
    const u = url(i);
    const st = T0 + spec.start;
    const end = st + spec.dur;
    const r = w.web(u, spec.kind === 'pf-ok' || spec.kind === 'pf-fail' ? 'PUT' : spec.kind === 'head' ? 'HEAD' : 'GET', { id: `w${i}` });
    const pf = w.web(u, 'OPTIONS', { id: `p${i}` });
    const channelNow = (): ('webrequest' | 'proxy')[] => {
      const out: ('webrequest' | 'proxy')[] = [];
      if (w.webListening()) out.push('webrequest');
      if (spec.kind === 'proxy') out.push('proxy');
      return out;
    };
    let myPage = 0;
    let fullAtStart: 'webrequest' | 'devtools' | 'light' = 'light';
    const relaysAtStart = new Map<Relay, number>();
    const web = (t: number, make: () => Parameters<typeof deliver>[1]): void => {
      agenda.add(t, () => {
        w.at(t);
        for (const c of channelNow()) deliver(c, make(), myPage);
      });
    };
    agenda.add(st, () => {
      myPage = page;
      const f = facts[i];
      if (f) f.page = page;
      fullAtStart = source();
      for (const rel of relays) if (rel.open && rel.liveSince <= st - s.skew) relaysAtStart.set(rel, rel.gen);
    });
    web(st, () => r.before());
    const pfd = spec.kind === 'pf-ok' || spec.kind === 'pf-fail';
    if (pfd) {
      web(st + 1, () => pf.before());
      web(st + 1, () => pf.send(preflightHeaders('PUT', null)));
      web(st + 2, () => pf.received(204, spec.kind === 'pf-ok' ? [...ACAO, ['Access-Control-Allow-Methods', 'PUT']] : ACAO));
      web(st + 2, () => pf.completed(204));
    }
    if (spec.kind !== 'pf-fail') web(st + 3, () => r.send(fetchHeaders()));
    if (spec.kind === 'hang') return;
    const mid = st + Math.floor(spec.dur / 2);
    if (spec.kind === 'redirect') {
      web(mid, () => r.received(307, [...ACAO, ['Location', `${u}?hop=2`]]));
      web(mid, () => r.redirect(307, `${u}?hop=2`, [...ACAO, ['Location', `${u}?hop=2`]]));
    }
    const final = spec.kind === 'redirect' ? `${u}?hop=2` : u;
    const okHeaders: [string, string][] = spec.kind === 'proxy' ? [['Access-Control-Allow-Origin', '*']] : ACAO;
    const responds = spec.kind !== 'pf-fail' && spec.kind !== 'neterr' && spec.kind !== 'abort';
    if (responds) web(end - 2, () => ({ ...r.received(200, spec.kind === 'blocked' ? [] : okHeaders), url: final }));
    const error = spec.kind === 'blocked' || spec.kind === 'pf-fail' ? 'net::ERR_FAILED' : spec.kind === 'neterr' ? 'net::ERR_CONNECTION_REFUSED' : spec.kind === 'abort' || spec.kind === 'head' ? 'net::ERR_ABORTED' : null;
    if (error === null) {
      web(end - 1, () => ({ ...r.started(200), url: final }));
      web(end, () => ({ ...r.completed(200), url: final }));
    } else {
      if (spec.kind === 'head') web(end - 1, () => ({ ...r.started(200), url: final }));
      // The always-on failure listener sees every failure, whatever the plan.
      agenda.add(end, () => {
        w.at(end);
        deliver('failure', { ...r.error(error), url: final }, myPage);
      });
    }
    agenda.add(end, () => {
      const f = facts[i];
      if (!f) return;
      f.ended = true;
      f.failed = FAILS.has(spec.kind);
      // Did a full source follow it from start to end? webRequest: its route at the start was the
      // full set (drained if the plan dropped it); DevTools: a relay live at the start, still open now,
      // and no navigation in between (DevTools drops the previous page's requests still in flight).
      const navigatedSince = page !== myPage;
      // DevTools' share is settled when a relay really delivers it (below): it may close first.
      f.full = fullAtStart === 'webrequest' || (spec.kind === 'proxy' && fullAtStart === 'light');
      // DevTools' log reports it when it ends, to each relay that had it from its start.
      if (navigatedSince) return;
      for (const [rel, gen] of relaysAtStart) {
        if (!rel.open || rel.gen !== gen) continue;
        const hopPage = rel.page;
        const t = end + rel.latency;
        const base = { startedAt: st - s.skew, page: hopPage, method: spec.kind === 'pf-ok' || spec.kind === 'pf-fail' ? 'PUT' : spec.kind === 'head' ? 'HEAD' : 'GET' };
        relayDo(rel, t, () => {
          w.at(t);
          if (fullAtStart === 'devtools') f.full = true;
          if (pfd) w.relayed(rel.session, { url: u, method: 'OPTIONS', resourceType: 'preflight', startedAt: st + 1 - s.skew, time: 1, page: hopPage, requestHeaders: preflightHeaders('PUT', null), status: 204, responseHeaders: spec.kind === 'pf-ok' ? [...ACAO, ['Access-Control-Allow-Methods', 'PUT']] : ACAO });
          if (spec.kind === 'redirect') {
            w.relayed(rel.session, { ...base, url: u, time: mid - st, status: 307, responseHeaders: [...ACAO, ['Location', `${u}?hop=2`]], redirectUrl: `${u}?hop=2` });
            w.relayed(rel.session, { ...base, url: final, startedAt: mid - s.skew, time: end - mid, responseHeaders: ACAO });
            return;
          }
          w.relayed(rel.session, {
            ...base, url: u, time: spec.dur, status: responds ? 200 : 0,
            responseHeaders: spec.kind === 'blocked' ? [] : responds ? okHeaders : [],
            error: error === null ? null : spec.kind === 'pf-fail' ? 'net::ERR_FAILED' : error,
          });
        });
      }
    });
  });

  // The background ticks about once a second.
  for (let k = 1; k <= 10; k++) {
    const t = T0 + k * 1_000 + 1;
    agenda.add(t, () => {
      if (!down) w.tick(t);
    });
  }
  for (let item = agenda.next(); item; item = agenda.next()) {
    w.at(item.t);
    item.run();
  }
  if (down) {
    down = false;
    w.recover();
  }
  // Then long enough for every wait to be over.
  const last = T0 + 20_000;
  for (const t of [last, last + HOLD_MS, last + RELAY_BACK_MS + HOLD_MS, last + DRAIN_MS, last + GIVE_UP_MS + 1, last + GIVE_UP_MS + DRAIN_MS]) w.tick(t);
  facts.forEach((f) => {
    const seen = docSeen.get(f.page);
    f.docSeenBeforeLeaving = seen !== undefined && seen < (navAt[f.page] ?? Infinity);
  });
  return { world: w, url, facts, pages: page, preserve: false };
}

export function check(s: Script): void {
  const { world, url, facts, pages } = simulate(s);
  const records = world.records();
  const byRequest = new Map<number, number>();
  for (const rec of records) {
    const first = rec.hops[0]?.url ?? '';
    // Picked up mid-flight (capture switched on while it ran), a redirected request starts at its second hop.
    const i = s.reqs.findIndex((_r, k) => url(k) === first || `${url(k)}?hop=2` === first);
    expect(i, `a record for no request: ${first}`).toBeGreaterThanOrEqual(0);
    byRequest.set(i, (byRequest.get(i) ?? 0) + 1);
    const f = facts[i];
    if (!f) continue;
    // Never in the log of another page.
    if (f.page !== pages) {
      // Where the browser gives no way to tell: a light failure, or a request whose start was missed,
      // of a previous page none of whose requests the background saw before it was left.
      const lightBlind = (rec.mode === 'light' || rec.startMissed === true) && !f.docSeenBeforeLeaving;
      expect(lightBlind, `request ${i} (page ${f.page}) is in page ${pages}'s log: ${JSON.stringify(rec)}`).toBe(true);
    }
    // Nothing open past the bound.
    expect(rec.done, `request ${i} still open`).toBe(true);
  }
  // At most once.
  for (const [i, n] of byRequest) expect(n, `request ${i} (${s.reqs[i]?.kind}) logged ${n} times`).toBe(1);
  // Nothing lost: failures of the current page, and allowed requests a full source followed throughout.
  facts.forEach((f, i) => {
    const kind = s.reqs[i]?.kind;
    if (f.page !== pages || !f.ended) return;
    if (f.failed) expect(byRequest.get(i), `failed request ${i} (${kind}) is missing`).toBe(1);
    else if (f.full && kind !== 'abort') expect(byRequest.get(i), `request ${i} (${kind}) followed in full is missing`).toBe(1);
    if (kind === 'abort') expect(byRequest.has(i), `cancelled request ${i} is logged`).toBe(false);
  });
  // Bounded: nothing held, nothing in flight, owners no more than the requests' ids.
  const capture = world.service.capture;
  expect(capture.heldStandIns()).toEqual([]);
  expect(capture.tracker.size.inFlight).toBe(0);
  // One owner per request id seen: a request and its preflight, by webRequest and by each of two relays.
  expect(capture.router.size.owners).toBeLessThanOrEqual(s.reqs.length * 6);
}

const RUNS = Number(process.env.CORS_LENS_PROPERTY_RUNS ?? 100_000);
const SEED = process.env.CORS_LENS_PROPERTY_SEED;

describe('routing under random interleavings of every source', () => {
  it(`${RUNS.toLocaleString('en')} random runs keep the invariants`, () => {
    fc.assert(fc.property(script, (s) => {
      check(s);
    }), { numRuns: RUNS, ...(SEED ? { seed: Number(SEED) } : {}) });
  }, 600_000);
});

export { PAGE };
