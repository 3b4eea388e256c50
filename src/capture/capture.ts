/**
 * The background's brain, browser-free: events → route → tracker → per-tab logs → report entries.
 * extension/background only feeds it events (tagged with the channel that saw them) and carries its
 * output to storage, badge and ports.
 *
 * The routing rule (docs/ARCHITECTURE.md, "One route per request"): a request belongs to the source
 * its tab had when it started (DevTools' log, webRequest full capture, or light mode) and keeps it to
 * its end; failures seen by the always-on listener stand in only for requests no full source reports,
 * and give way to DevTools' record of the same request when it comes; a page's requests never land in
 * the next page's log.
 */
import type { Profile } from '../engine/profile.js';
import { DEFAULT_CAP, TabLogs } from '../log/tab-log.js';
import { toReportEntry } from '../report/entry.js';
import type { CaptureMode, Report, ReportEntry } from '../report/types.js';
import type { CaptureEvent, ErrorEvent } from './events.js';
import { sameOriginString, urlFacts } from '../http/origin.js';
import { LightMatcher, type StandIn } from './light-match.js';
import type { Modes } from './modes.js';
import { isCancellation, type RequestRecord } from './record.js';
import { judge } from './judge.js';
import { proxyOf } from './proxy.js';
import { Router, type Channel } from './router.js';
import { Tracker } from './tracker.js';

export interface CaptureHooks {
  /** A record of the tab's log is new or changed. */
  changed?(rec: RequestRecord): void;
  /** Records left a tab's log (cap, clear, navigation, tab closed, replaced, cancelled). */
  removed?(tabId: number, recs: RequestRecord[]): void;
  /** Page boundaries, or the failures waiting for DevTools' record, changed (persist `routingState`). */
  pagesChanged?(): void;
}

export interface CaptureOptions {
  profile: Profile;
  browser: 'chromium' | 'firefox';
  cap?: number;
  /** Who looks at which tab, and since when: routes events (`ingest`) and stamps records' mode. */
  modes?: Modes;
  hooks?: CaptureHooks;
}

/** An open request with no event and no response for this long reads "stalled". */
export const STALL_MS = 30_000;
/** An open request with no event for this long is given up on: it stays in the log as unfinished. */
export const GIVE_UP_MS = 5 * 60_000;

export class Capture {
  readonly logs: TabLogs;
  readonly tracker: Tracker;
  readonly router: Router;
  readonly #matcher = new LightMatcher();
  readonly #opts: CaptureOptions;
  /** Relayed records already offered to the matcher (late events re-report a record). */
  readonly #ended = new WeakSet<RequestRecord>();
  /** Records first seen mid-flight already handed to the matcher. */
  readonly #standIns = new WeakSet<RequestRecord>();
  /** The latest time the background gave (events carry their own; holds need "now"). */
  #lastNow = 0;

  constructor(opts: CaptureOptions) {
    this.#opts = opts;
    const hooks = opts.hooks ?? {};
    const modes = opts.modes;
    this.logs = new TabLogs({
      added: (rec) => hooks.changed?.(rec),
      updated: (rec) => hooks.changed?.(rec),
      removed: (tabId, recs) => {
        for (const r of recs) {
          this.tracker.forget(r);
          this.#matcher.forget(r);
        }
        hooks.removed?.(tabId, recs);
      },
      pagesChanged: () => hooks.pagesChanged?.(),
    }, opts.cap ?? DEFAULT_CAP);
    this.tracker = new Tracker({
      profile: opts.profile,
      onRecord: (rec) => {
        if ((rec.startMissed || this.router.isStandIn(rec.requestId)) && rec.via === undefined && this.#mayRelay(rec)) {
          this.#standIn(rec);
          return;
        }
        this.logs.put(rec);
        if (rec.via === 'devtools' && rec.done && !this.#ended.has(rec)) this.#relayedEnded(rec);
      },
      onCancelled: (rec) => this.logs.remove(rec),
      ...(modes ? { mode: (tabId: number) => modes.mode(tabId) } : {}),
    });
    this.router = new Router(modes
      ? {
        source: (tab, t) => modes.timeline.at(tab, t), switchedNear: (tab, t, eps) => modes.timeline.switchedNear(tab, t, eps),
        relayed: (tab) => modes.relayed(tab), relayConnected: (tab) => modes.relayConnected(tab),
      }
      : { source: () => 'webrequest', switchedNear: () => false, relayed: () => false, relayConnected: () => false });
  }

  /** One event, trusted to be the only report of its request (no routing): tests and replays. */
  handle(ev: CaptureEvent): void {
    if (ev.documentId !== undefined) this.logs.sawDocument(ev.tabId, ev.documentId);
    this.tracker.handle(ev);
  }

  /** An event from one of the channels that may see the same request: routed, then tracked. */
  ingest(channel: Channel, ev: CaptureEvent, relay = ''): void {
    if (ev.tabId < 0) return;
    if (channel !== 'devtools' && ev.t > this.#lastNow) this.#lastNow = ev.t;
    if (ev.documentId !== undefined) this.logs.sawDocument(ev.tabId, ev.documentId);
    if (!this.router.accept(channel, ev, relay)) return;
    if (channel === 'devtools') this.tracker.handle(ev, 'full', relay);
    else this.tracker.handle(ev, channel === 'proxy' ? 'light' : 'full');
  }

  /**
   * A failure seen by the always-on onErrorOccurred listener. Requests a route follows get it as
   * usual; others become a `light` entry when the request was cross-origin and really failed
   * (cancellations are not failures), unless DevTools' log reports the same request: then it is
   * held for a moment and dropped when that record comes (light-match.ts).
   */
  failure(ev: ErrorEvent, now: number = Date.now()): void {
    if (ev.tabId < 0) return;
    this.#lastNow = now;
    if (ev.documentId !== undefined) this.logs.sawDocument(ev.tabId, ev.documentId);
    const owner = this.router.ownerOf(ev.requestId);
    if (owner !== 'drop' && this.tracker.knows(ev.requestId)) {
      this.tracker.handle(ev);
      return;
    }
    if (ev.initiator === null || ev.type === 'main_frame' || ev.type === 'sub_frame') return;
    if (isCancellation(ev.error)) return;
    const target = urlFacts(ev.url);
    if (!target || sameOriginString(ev.initiator, target.origin)) return;
    if (this.#matcher.claimedByFull(ev)) return;
    if (this.#mayRelay(ev)) {
      this.#matcher.hold(ev, now);
      this.#opts.hooks?.pagesChanged?.();
      return;
    }
    this.#logLight(ev);
  }

  /** Could DevTools' log report this request too (its tab relayed now, or when it was seen)? */
  #mayRelay(s: StandIn): boolean {
    const modes = this.#opts.modes;
    if (!modes) return false;
    return modes.relayed(s.tabId) || modes.timeline.at(s.tabId, 'kind' in s ? s.t : s.startedAt) === 'devtools';
  }

  /**
   * A request a full set first saw mid-flight, in a tab DevTools may report it for: shown once it is
   * over, and only if DevTools' record of it does not come within the wait (light-match.ts).
   */
  #standIn(rec: RequestRecord): void {
    if (!rec.done || this.#standIns.has(rec)) {
      // Late events of one already shown keep it current.
      if (this.logs.records(rec.tabId).includes(rec)) this.logs.put(rec);
      return;
    }
    this.#standIns.add(rec);
    if (this.#matcher.claimedByFull(rec)) return;
    this.#matcher.hold(rec, this.#lastNow);
    this.#opts.hooks?.pagesChanged?.();
  }

  /** A relayed record ended: it replaces the light entry, or the held failure, of the same request. */
  #relayedEnded(rec: RequestRecord): void {
    this.#ended.add(rec);
    const held = this.#matcher.heldCount;
    for (const light of this.#matcher.fullEnded(rec)) this.logs.remove(light);
    if (this.#matcher.heldCount !== held) this.#opts.hooks?.pagesChanged?.();
  }

  /** Stand-ins waiting for DevTools' record of them. */
  heldStandIns(): StandIn[] {
    return this.#matcher.heldItems();
  }

  /** After a restart: the stand-ins the previous worker held (storage.session, its own writing); they wait again. */
  restoreHeld(items: StandIn[], now: number): void {
    this.#lastNow = now;
    for (const s of items) {
      if (!('kind' in s)) {
        this.#standIns.add(s);
        this.tracker.adopt(s);
      }
      this.#matcher.hold(s, now);
    }
  }

  /** The tab's top-level document changed at `t` (its response arrived): the log starts over. */
  navigated(tabId: number, t: number): void {
    this.logs.navigated(tabId, t);
  }

  /** A devtools page (re)connected to relay the tab: it is on its page `page`, begun at `pageAt`. */
  relayOpened(tabId: number, relay: string, page?: number, pageAt?: number): void {
    this.logs.relayOpened(tabId, relay, page, pageAt);
  }

  /** A relay's DevTools saw the tab navigate (at `t`, its clock): its later entries count pages from `page`. */
  relayNavigated(tabId: number, relay: string, page: number, t: number): void {
    this.logs.relayNavigated(tabId, relay, page, t);
  }

  /**
   * Time passes: held failures whose wait is over are logged light; open requests with no news get
   * "stalled", then are given up on. Returns whether anything is still waiting (tick again later).
   */
  tick(now: number = Date.now()): boolean {
    this.#lastNow = now;
    this.#opts.modes?.expireExpected(now);
    const due = this.#matcher.due(now);
    for (const s of due) {
      if (this.#matcher.claimedByFull(s)) continue;
      if ('kind' in s) this.#logLight(s);
      else if (this.logs.put(s)) this.#matcher.shownInLog(s);
    }
    if (due.length > 0) this.#opts.hooks?.pagesChanged?.();
    let open = false;
    for (const rec of [...this.tracker.openRecords()]) {
      const quiet = now - (rec.lastEventAt ?? rec.startedAt);
      if (quiet >= GIVE_UP_MS) this.tracker.giveUp(rec);
      else {
        open = true;
        if (quiet >= STALL_MS && !rec.answered) this.tracker.markStalled(rec);
      }
    }
    return open || this.#matcher.heldCount > 0 || (this.#opts.modes?.expecting ?? false);
  }

  /** Does the tab have open requests a webRequest full set follows (its set must stay until they end)? */
  hasOpenWebRequests(tabId: number): boolean {
    for (const rec of this.tracker.openRecords()) if (rec.tabId === tabId && isWebFull(rec)) return true;
    return false;
  }

  tabsWithOpenWebRequests(): number[] {
    const tabs = new Set<number>();
    for (const rec of this.tracker.openRecords()) if (isWebFull(rec)) tabs.add(rec.tabId);
    return [...tabs];
  }

  #logLight(ev: ErrorEvent): void {
    const rec: RequestRecord = {
      id: ev.requestId, requestId: ev.requestId, tabId: ev.tabId, frameId: ev.frameId, type: ev.type, method: ev.method,
      initiator: ev.initiator, startedAt: ev.t, hops: [{ url: ev.url }], wireHeaders: null, error: ev.error, done: true,
      mode: 'light', verdict: 'pending', endedAt: ev.t,
    };
    if (ev.documentId !== undefined) rec.documentId = ev.documentId;
    judge(rec, this.#opts.profile);
    rec.proxy = proxyOf(rec);
    this.tracker.adopt(rec);
    if (this.logs.put(rec)) this.#matcher.shownInLog(rec);
  }

  tabClosed(tabId: number): void {
    this.tracker.dropTab(tabId);
    this.router.dropTab(tabId);
    this.#matcher.dropTab(tabId);
    this.logs.clear(tabId);
    this.logs.forgetTab(tabId);
  }

  clear(tabId: number): number {
    return this.logs.clear(tabId).length;
  }

  /** Records read back from storage after a service-worker restart, oldest first. */
  restore(records: RequestRecord[]): void {
    for (const rec of records) {
      if (rec.done) {
        judge(rec, this.#opts.profile);
        rec.proxy ??= proxyOf(rec);
      }
      this.tracker.adopt(rec);
      // Light entries have no route of their own (they stand in for one), their ids are webRequest's.
      if (rec.mode !== 'light' || rec.proxy) this.router.remember(rec);
      if (this.logs.put(rec) && (rec.mode === 'light' || rec.startMissed)) this.#matcher.shownInLog(rec);
      if (rec.via === 'devtools' && rec.done) this.#relayedEnded(rec);
    }
  }

  entries(tabId: number, redact = true): ReportEntry[] {
    return this.logs.records(tabId).map((r) => toReportEntry(r, this.#opts.profile, redact));
  }

  entry(rec: RequestRecord, redact = true): ReportEntry {
    return toReportEntry(rec, this.#opts.profile, redact);
  }

  report(tabId: number | undefined, redact = true, now = Date.now()): Report {
    const tabs = tabId === undefined ? this.logs.tabIds() : [tabId];
    const entries = tabs.flatMap((t) => this.entries(t, redact));
    if (tabId === undefined) entries.sort((a, b) => a.startedAt - b.startedAt);
    return { schema: 'cors-lens.report/1', generatedAt: new Date(now).toISOString(), browser: this.#opts.browser, entries };
  }

}

function isWebFull(rec: RequestRecord): boolean {
  return rec.mode === 'full' && rec.via !== 'devtools';
}


export type { CaptureMode };
