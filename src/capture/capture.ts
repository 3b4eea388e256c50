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
import { LightMatcher } from './light-match.js';
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
  private readonly matcher = new LightMatcher();
  private readonly opts: CaptureOptions;
  /** Relayed records already offered to the matcher (late events re-report a record). */
  private readonly ended = new WeakSet<RequestRecord>();

  constructor(opts: CaptureOptions) {
    this.opts = opts;
    const hooks = opts.hooks ?? {};
    const modes = opts.modes;
    this.logs = new TabLogs({
      added: (rec) => hooks.changed?.(rec),
      updated: (rec) => hooks.changed?.(rec),
      removed: (tabId, recs) => {
        for (const r of recs) {
          this.tracker.forget(r);
          this.matcher.forget(r);
        }
        hooks.removed?.(tabId, recs);
      },
    }, opts.cap ?? DEFAULT_CAP);
    this.tracker = new Tracker({
      profile: opts.profile,
      onRecord: (rec) => {
        this.logs.put(rec);
        if (rec.via === 'devtools' && rec.done && !this.ended.has(rec)) {
          this.ended.add(rec);
          for (const light of this.matcher.fullEnded(rec)) this.logs.remove(light);
        }
      },
      onCancelled: (rec) => this.logs.remove(rec),
      ...(modes ? { mode: (tabId: number) => modes.mode(tabId) } : {}),
    });
    this.router = new Router(modes
      ? { source: (tab, t) => modes.timeline.at(tab, t), switchedNear: (tab, t, eps) => modes.timeline.switchedNear(tab, t, eps), relayed: (tab) => modes.relayed(tab) }
      : { source: () => 'webrequest', switchedNear: () => false, relayed: () => false });
  }

  /** One event, trusted to be the only report of its request (no routing): tests and replays. */
  handle(ev: CaptureEvent): void {
    if (ev.documentId !== undefined) this.logs.sawDocument(ev.tabId, ev.documentId);
    this.tracker.handle(ev);
  }

  /** An event from one of the channels that may see the same request: routed, then tracked. */
  ingest(channel: Channel, ev: CaptureEvent, relay = ''): void {
    if (ev.tabId < 0) return;
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
    if (this.matcher.claimedByFull(ev)) return;
    const modes = this.opts.modes;
    if (modes && (modes.relayed(ev.tabId) || modes.timeline.at(ev.tabId, ev.t) === 'devtools')) {
      this.matcher.hold(ev, now);
      return;
    }
    this.logLight(ev);
  }

  /** The tab's top-level document changed at `t` (its response arrived): the log starts over. */
  navigated(tabId: number, t: number): void {
    this.logs.navigated(tabId, t);
  }

  /** A devtools page started relaying the tab. */
  relayOpened(tabId: number, relay: string): void {
    this.logs.relayOpened(tabId, relay);
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
    this.opts.modes?.expireRelays(now);
    for (const ev of this.matcher.due(now)) if (!this.matcher.claimedByFull(ev)) this.logLight(ev);
    let open = false;
    for (const rec of [...this.tracker.openRecords()]) {
      const quiet = now - (rec.lastEventAt ?? rec.startedAt);
      if (quiet >= GIVE_UP_MS) this.tracker.giveUp(rec);
      else {
        open = true;
        if (quiet >= STALL_MS && !rec.answered) this.tracker.markStalled(rec);
      }
    }
    return open || this.matcher.heldCount > 0 || (this.opts.modes?.expecting ?? false);
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

  private logLight(ev: ErrorEvent): void {
    const rec: RequestRecord = {
      id: ev.requestId, requestId: ev.requestId, tabId: ev.tabId, frameId: ev.frameId, type: ev.type, method: ev.method,
      initiator: ev.initiator, startedAt: ev.t, hops: [{ url: ev.url }], wireHeaders: null, error: ev.error, done: true,
      mode: 'light', verdict: 'pending', endedAt: ev.t,
    };
    if (ev.documentId !== undefined) rec.documentId = ev.documentId;
    judge(rec, this.opts.profile);
    rec.proxy = proxyOf(rec);
    this.tracker.adopt(rec);
    if (this.logs.put(rec)) this.matcher.lightLogged(rec);
  }

  tabClosed(tabId: number): void {
    this.tracker.dropTab(tabId);
    this.router.dropTab(tabId);
    this.matcher.dropTab(tabId);
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
        judge(rec, this.opts.profile);
        rec.proxy ??= proxyOf(rec);
      }
      this.tracker.adopt(rec);
      if (this.logs.put(rec) && rec.mode === 'light') this.matcher.lightLogged(rec);
    }
  }

  entries(tabId: number, redact = true): ReportEntry[] {
    return this.logs.records(tabId).map((r) => toReportEntry(r, this.opts.profile, redact));
  }

  entry(rec: RequestRecord, redact = true): ReportEntry {
    return toReportEntry(rec, this.opts.profile, redact);
  }

  report(tabId: number | undefined, redact = true, now = Date.now()): Report {
    const tabs = tabId === undefined ? this.logs.tabIds() : [tabId];
    const entries = tabs.flatMap((t) => this.entries(t, redact));
    if (tabId === undefined) entries.sort((a, b) => a.startedAt - b.startedAt);
    return { schema: 'cors-lens.report/1', generatedAt: new Date(now).toISOString(), browser: this.opts.browser, entries };
  }

  /** Sizes of every bounded structure (tests check they stay bounded). */
  get sizes(): Record<string, number> {
    return { ...this.tracker.size, ...prefix('router', this.router.size), ...prefix('match', this.matcher.size), logged: this.logs.total() };
  }
}

function isWebFull(rec: RequestRecord): boolean {
  return rec.mode === 'full' && rec.via !== 'devtools';
}

function prefix(p: string, o: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(o)) out[`${p}.${k}`] = v;
  return out;
}

export type { CaptureMode };
