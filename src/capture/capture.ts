/**
 * The background's brain, browser-free: events → tracker → per-tab logs → report entries.
 * extension/background only feeds it events and carries its output to storage, badge and ports.
 */
import type { Profile } from '../engine/profile.js';
import { DEFAULT_CAP, TabLogs } from '../log/tab-log.js';
import { toReportEntry } from '../report/entry.js';
import type { CaptureMode, Report, ReportEntry } from '../report/types.js';
import type { CaptureEvent, ErrorEvent } from './events.js';
import { sameOriginString, urlFacts } from '../http/origin.js';
import type { RequestRecord } from './record.js';
import { judge } from './judge.js';
import { proxyOf } from './proxy.js';
import { Tracker } from './tracker.js';

export interface CaptureHooks {
  /** A record of the tab's log is new or changed. */
  changed?(rec: RequestRecord): void;
  /** Records left a tab's log (cap, clear, navigation, tab closed). */
  removed?(tabId: number, recs: RequestRecord[]): void;
}

export interface CaptureOptions {
  profile: Profile;
  browser: 'chromium' | 'firefox';
  cap?: number;
  mode?: (tabId: number) => CaptureMode;
  hooks?: CaptureHooks;
}

const LIGHT_INDEX_MAX = 1_000;
const SAME_REQUEST_MS = 30_000;

function lightKey(rec: RequestRecord): string {
  return `${rec.tabId} ${rec.method} ${rec.hops[0]?.url ?? ''}`;
}

/** Errors that mean "cancelled" (navigation away, abort()), not "failed". */
const ABORTED = new Set(['net::ERR_ABORTED', 'NS_BINDING_ABORTED', 'NS_ERROR_ABORT']);

export class Capture {
  readonly logs: TabLogs;
  readonly tracker: Tracker;
  private readonly opts: CaptureOptions;
  /**
   * Light entries by tab, method and URL, newest last, until a full record of the same request
   * replaces them. A tab switching to full capture can see one request both ways: its failure
   * reached the always-on listener while DevTools' log (relayed a moment later, e.g. after a
   * service-worker restart) or a full set still had it in flight.
   */
  private readonly lightFailures = new Map<string, RequestRecord>();

  constructor(opts: CaptureOptions) {
    this.opts = opts;
    const hooks = opts.hooks ?? {};
    this.logs = new TabLogs({
      added: (rec) => hooks.changed?.(rec),
      updated: (rec) => hooks.changed?.(rec),
      removed: (tabId, recs) => {
        for (const r of recs) this.tracker.forget(r);
        hooks.removed?.(tabId, recs);
      },
    }, opts.cap ?? DEFAULT_CAP);
    this.tracker = new Tracker({
      profile: opts.profile,
      onRecord: (rec) => {
        if (rec.mode === 'full' && this.lightFailures.size > 0) this.supersede(rec);
        this.logs.put(rec);
      },
      ...(opts.mode ? { mode: opts.mode } : {}),
    });
  }

  handle(ev: CaptureEvent): void {
    if (ev.kind === 'before-request' && ev.type === 'main_frame') {
      this.logs.navigated(ev.tabId);
      return;
    }
    this.tracker.handle(ev);
  }

  /**
   * A failure seen by the light mode's lone onErrorOccurred listener. Requests the tracker follows
   * (full-mode tabs, known proxies) get it as usual; others become a `light` entry when the
   * request was cross-origin and really failed (cancellations are not failures).
   */
  failure(ev: ErrorEvent): void {
    if (this.tracker.knows(ev.requestId)) {
      this.tracker.handle(ev);
      return;
    }
    if (ev.tabId < 0 || ev.initiator === null || ev.type === 'main_frame' || ev.type === 'sub_frame') return;
    if (ABORTED.has(ev.error)) return;
    const target = urlFacts(ev.url);
    if (!target || sameOriginString(ev.initiator, target.origin)) return;
    const rec: RequestRecord = {
      id: ev.requestId, requestId: ev.requestId, tabId: ev.tabId, frameId: ev.frameId, type: ev.type, method: ev.method,
      initiator: ev.initiator, startedAt: ev.t, hops: [{ url: ev.url }], wireHeaders: null, error: ev.error, done: true,
      mode: 'light', verdict: 'pending',
    };
    judge(rec, this.opts.profile);
    rec.proxy = proxyOf(rec);
    this.tracker.adopt(rec);
    this.logs.put(rec);
    const key = lightKey(rec);
    this.lightFailures.delete(key);
    this.lightFailures.set(key, rec);
    if (this.lightFailures.size > LIGHT_INDEX_MAX) {
      const oldest = this.lightFailures.keys().next();
      if (!oldest.done) this.lightFailures.delete(oldest.value);
    }
  }

  /** A full record of a request already logged light (same tab, method and URL, close in time) replaces it. */
  private supersede(rec: RequestRecord): void {
    const key = lightKey(rec);
    const light = this.lightFailures.get(key);
    if (!light) return;
    this.lightFailures.delete(key);
    // The light entry is stamped when the request failed, the full one when it started: the same
    // request started before its failure. One started after it is a retry, and both stay.
    const gap = light.startedAt - rec.startedAt;
    if (gap >= 0 && gap <= SAME_REQUEST_MS) this.logs.remove(light);
  }

  tabClosed(tabId: number): void {
    this.tracker.dropTab(tabId);
    this.logs.clear(tabId);
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
      this.logs.put(rec);
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
}
