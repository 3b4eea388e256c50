/**
 * The pairing state machine: webRequest events in, request records out.
 *
 * A CORS preflight is a separate request with its own requestId and no link to the request it
 * guards (research feasibility.md §2.1, §5.2). It is recognised by OPTIONS + an
 * Access-Control-Request-Method header, and paired with the oldest unfinished request of the same
 * tab whose current URL is the preflight's URL and whose method is the one it asks for. Events may
 * come out of order or not at all: a preflight seen before its request waits as an orphan; any
 * event can start a record (a worker restarted mid-request); everything is bounded.
 * (Just over 300 lines: the machine's states and transitions read best in one place.)
 */
import type { Profile } from '../engine/profile.js';
import type { CaptureMode } from '../report/types.js';
import type { CaptureEvent } from './events.js';
import { flatGet, toFlat, type FlatHeaders } from './flat.js';
import { intern } from './intern.js';
import { Fifo } from '../log/fifo.js';
import { judge } from './judge.js';
import { PreflightCacheModel } from './preflight-cache.js';
import { isCancellation, isCorsRequest, type PreflightSnapshot, type RequestRecord } from './record.js';
import { methodAfterRedirect } from '../engine/preflight-check.js';
import { proxiedOutsideCors, proxyOf } from './proxy.js';

export interface TrackerOptions {
  profile: Profile;
  /** Called whenever a record that belongs in the log is new or changed. */
  onRecord: (rec: RequestRecord) => void;
  /** Called when a record that was reported turns out to be a cancelled request (it leaves the log). */
  onCancelled?: (rec: RequestRecord) => void;
  /** Capture mode stamped on new records (issue #7). */
  mode?: (tabId: number) => CaptureMode;
  /** Bounds (defaults suit a busy tab: 10,000 requests in flight). */
  maxInFlight?: number;
  maxOrphans?: number;
  maxPreflightCache?: number;
}

interface Preflight {
  snap: PreflightSnapshot;
  tabId: number;
  frameId: number;
  url: string;
  acrm: string;
  t: number;
  /** Record id of the request it guards, once paired. */
  pairedTo: RequestRecord | null;
  hopIndex: number;
  /** The preflight was redirected, which fails it: later events (at the redirect target) change nothing. */
  redirected?: true;
  /** It completed before its request was seen (DevTools' log reports a preflight before its request). */
  completed?: true;
}

export class Tracker {
  readonly #inFlight = new Map<string, RequestRecord>();
  /** Finished records kept a while for late events (out-of-order delivery). */
  readonly #recent = new Map<string, RequestRecord>();
  readonly #recentOrder = new Fifo();
  readonly #preflights = new Map<string, Preflight>();
  readonly #orphans: Preflight[] = [];
  /** Explains requests whose needed preflight the browser's cache answered. */
  readonly #cache: PreflightCacheModel;
  readonly #visible = new Set<string>();
  readonly #opts: Required<Omit<TrackerOptions, 'mode' | 'onCancelled'>> & Pick<TrackerOptions, 'mode' | 'onCancelled'>;

  constructor(options: TrackerOptions) {
    this.#opts = { maxInFlight: 20_000, maxOrphans: 2_000, maxPreflightCache: 2_000, ...options };
    this.#cache = new PreflightCacheModel(this.#opts.profile, this.#opts.maxPreflightCache);
  }

  /** Records restored from storage (after a service-worker restart) keep receiving events. */
  adopt(rec: RequestRecord): void {
    this.#visible.add(rec.id);
    if (rec.done) this.#remember(rec);
    else this.#inFlight.set(rec.requestId, rec);
  }

  /** The tab is gone (or its log was cleared): forget what is in flight for it. */
  dropTab(tabId: number): void {
    for (const [id, rec] of this.#inFlight) if (rec.tabId === tabId) { this.#inFlight.delete(id); this.#visible.delete(rec.id); }
    for (const [id, rec] of this.#recent) if (rec.tabId === tabId) { this.#recent.delete(id); this.#visible.delete(rec.id); }
    for (const [id, pf] of this.#preflights) if (pf.tabId === tabId) this.#preflights.delete(id);
    for (let i = this.#orphans.length - 1; i >= 0; i--) if (this.#orphans[i]?.tabId === tabId) this.#orphans.splice(i, 1);
  }

  /** A record left the log (cap, clear): stop reporting it. */
  forget(rec: RequestRecord): void {
    this.#visible.delete(rec.id);
    this.#recent.delete(rec.requestId);
  }

  knows(requestId: string): boolean {
    return this.#inFlight.has(requestId) || this.#recent.has(requestId) || this.#preflights.has(requestId);
  }

  get size(): { inFlight: number; recent: number; preflights: number; orphans: number } {
    return { inFlight: this.#inFlight.size, recent: this.#recent.size, preflights: this.#preflights.size, orphans: this.#orphans.length };
  }

  /**
   * @param mode how a record this event starts is captured (default: the `mode` option's answer)
   * @param relay the DevTools relay session the event comes from (DevTools' log: its own ids and clock)
   */
  handle(ev: CaptureEvent, mode?: CaptureMode, relay?: string): void {
    if (ev.tabId < 0) return; // not attributable to a tab (browser, extensions, some workers)
    const pf = this.#preflights.get(ev.requestId);
    if (pf) {
      this.#onPreflightEvent(pf, ev);
      return;
    }
    const rec = this.#inFlight.get(ev.requestId) ?? this.#recent.get(ev.requestId) ?? this.#start(ev, mode, relay);
    if (!rec) return;
    if (!rec.done) {
      rec.lastEventAt = ev.t;
      if (rec.stalled) delete rec.stalled;
    }
    switch (ev.kind) {
      case 'before-request':
        break;
      case 'before-send-headers':
      case 'send-headers': {
        // onSendHeaders is final; onBeforeSendHeaders only fills in when it is all we get.
        // (registered without 'requestHeaders', it usually has none: then it says nothing).
        if (ev.kind === 'before-send-headers' && (rec.wireHeaders !== null || ev.headers.length === 0)) break;
        const headers = toFlat(ev.headers);
        if (rec.method === 'OPTIONS' && flatGet(headers, 'access-control-request-method') !== null) {
          this.#becomePreflight(rec, ev, headers);
          return;
        }
        if (rec.hops.length === 1) rec.wireHeaders = headers;
        else {
          const hop = rec.hops[rec.hops.length - 1];
          const sent = ['cookie', 'authorization'].filter((n) => flatGet(headers, n) !== null);
          if (hop && sent.length > 0) hop.sentCredentials = sent;
        }
        break;
      }
      case 'headers-received': {
        const hop = rec.hops[rec.hops.length - 1];
        if (hop) {
          hop.status = ev.status;
          hop.headers = toFlat(ev.headers);
        }
        break;
      }
      case 'before-redirect': {
        const hop = rec.hops[rec.hops.length - 1];
        if (hop) {
          hop.status = ev.status;
          // onHeadersReceived already gave them; an empty list here adds nothing.
          if (ev.headers && (ev.headers.length > 0 || !hop.headers)) hop.headers = toFlat(ev.headers);
          else hop.headers ??= [];
        }
        // 301/302 turn a POST into a GET, 303 anything but HEAD (Fetch #http-redirect-fetch step 12):
        // a preflight for the next hop asks for the new method.
        const before = currentMethod(rec);
        const next = methodAfterRedirect(ev.status, before);
        rec.hops.push(next === rec.method ? { url: ev.redirectUrl } : { url: ev.redirectUrl, method: intern(next) });
        if (rec.answered) delete rec.answered;
        this.#adoptOrphan(rec);
        break;
      }
      case 'response-started':
        if (!rec.done) rec.answered = true;
        break;
      case 'completed': {
        const hop = rec.hops[rec.hops.length - 1];
        if (hop && hop.status === undefined) {
          hop.status = ev.status;
          hop.headers = ev.headers ? toFlat(ev.headers) : [];
        }
        this.#finish(rec, ev.t);
        break;
      }
      case 'error':
        if (isCancellation(ev.error)) {
          // Cancelled after its response arrived (Chromium cancels every successful HEAD fetch
          // right after its 200; a page may stop reading a body): the browser delivered the
          // response, so it is judged as completed. Cancelled before any response (navigation,
          // abort()): not a failure and not a CORS matter, so it leaves the log.
          const hop = rec.hops[rec.hops.length - 1];
          if (hop?.status !== undefined && !rec.done) {
            this.#finish(rec, ev.t);
            break;
          }
          if (rec.error === null && !rec.done) {
            this.#cancel(rec);
            return;
          }
          break;
        }
        rec.error = ev.error;
        this.#finish(rec, ev.t);
        break;
    }
    this.#update(rec);
  }

  /** Records still open, for stall detection (Capture.tick). */
  openRecords(): IterableIterator<RequestRecord> {
    return this.#inFlight.values();
  }

  /** No end came within the bound: stop waiting for it (it stays in the log as unfinished). */
  giveUp(rec: RequestRecord): void {
    if (rec.done) return;
    rec.unfinished = true;
    delete rec.stalled;
    this.#finish(rec);
    this.#update(rec);
  }

  /** Open, silent, no response yet: say so (the record is re-reported). */
  markStalled(rec: RequestRecord): void {
    if (rec.done || rec.stalled) return;
    rec.stalled = true;
    if (this.#visible.has(rec.id)) this.#opts.onRecord(rec);
  }

  #cancel(rec: RequestRecord): void {
    rec.done = true;
    this.#inFlight.delete(rec.requestId);
    for (const [id, pf] of this.#preflights) if (pf.pairedTo === rec) this.#preflights.delete(id);
    if (this.#visible.delete(rec.id)) this.#opts.onCancelled?.(rec);
  }

  #start(ev: CaptureEvent, mode?: CaptureMode, relay?: string): RequestRecord | null {
    // Navigations are never CORS; the log is told about them separately.
    if (ev.type === 'main_frame' || ev.type === 'sub_frame') return null;
    const rec: RequestRecord = {
      id: ev.requestId,
      requestId: ev.requestId,
      tabId: ev.tabId,
      frameId: ev.frameId,
      // Shared strings: the same few values repeat across every request of a page.
      type: intern(ev.type),
      method: intern(ev.method),
      initiator: ev.initiator === null ? null : intern(ev.initiator),
      startedAt: ev.t,
      hops: [{ url: ev.url }],
      wireHeaders: null,
      error: null,
      done: false,
      mode: mode ?? this.#opts.mode?.(ev.tabId) ?? 'full',
      verdict: 'pending',
    };
    if (ev.documentId !== undefined) rec.documentId = intern(ev.documentId);
    if (ev.kind !== 'before-request') rec.startMissed = true;
    if (relay !== undefined) {
      rec.via = 'devtools';
      rec.relay = intern(relay);
      if (ev.page !== undefined) rec.page = ev.page;
    }
    if (this.#inFlight.size >= this.#opts.maxInFlight) {
      // Oldest first (Map keeps insertion order): a request silent for that long is lost anyway.
      const oldest = this.#inFlight.keys().next();
      if (!oldest.done) this.#inFlight.delete(oldest.value);
    }
    this.#inFlight.set(ev.requestId, rec);
    this.#adoptOrphan(rec);
    return rec;
  }

  #becomePreflight(rec: RequestRecord, ev: CaptureEvent, headers: FlatHeaders): void {
    this.#inFlight.delete(rec.requestId);
    const pf: Preflight = {
      snap: { requestId: rec.requestId, requestHeaders: headers, status: null, responseHeaders: [], error: null },
      tabId: rec.tabId,
      frameId: rec.frameId,
      url: rec.hops[0]?.url ?? ev.url,
      acrm: flatGet(headers, 'access-control-request-method') ?? '',
      t: rec.startedAt,
      pairedTo: null,
      hopIndex: 0,
    };
    if (this.#preflights.size >= this.#opts.maxInFlight) {
      // Bounded like requests in flight: a preflight silent for that long (no end event) is dropped.
      const oldest = this.#preflights.keys().next();
      if (!oldest.done) this.#preflights.delete(oldest.value);
    }
    this.#preflights.set(rec.requestId, pf);
    const target = this.#findRequestFor(pf);
    if (target) this.#pair(pf, target);
    else this.#addOrphan(pf);
  }

  #onPreflightEvent(pf: Preflight, ev: CaptureEvent): void {
    switch (ev.kind) {
      case 'headers-received':
        if (pf.redirected) return;
        pf.snap.status = ev.status;
        pf.snap.responseHeaders = toFlat(ev.headers);
        break;
      case 'before-redirect':
        // A redirected preflight fails (Fetch #cors-preflight-fetch: status must be ok). Firefox 153
        // may still send onResponseStarted and onErrorOccurred at the redirect target afterwards: the
        // preflight stays known (redirected) so those do not start a record of their own.
        if (pf.redirected) return;
        pf.snap.status ??= ev.status;
        if (ev.headers && ev.headers.length > 0) pf.snap.responseHeaders = toFlat(ev.headers);
        pf.redirected = true;
        break;
      case 'completed':
        if (pf.redirected) {
          this.#preflights.delete(ev.requestId);
          return;
        }
        if (pf.snap.status === null) {
          pf.snap.status = ev.status;
          if (ev.headers) pf.snap.responseHeaders = toFlat(ev.headers);
        }
        if (pf.pairedTo) this.#cache.passed(pf.pairedTo.initiator, pf.url, pf.snap);
        else pf.completed = true;
        this.#preflights.delete(ev.requestId);
        break;
      case 'error':
        this.#preflights.delete(ev.requestId);
        if (pf.redirected) return;
        pf.snap.error = ev.error;
        break;
      default:
        return;
    }
    if (pf.pairedTo) this.#update(pf.pairedTo);
  }

  #findRequestFor(pf: Preflight): RequestRecord | null {
    let best: RequestRecord | null = null;
    for (const rec of this.#inFlight.values()) {
      if (rec.tabId !== pf.tabId || rec.done || currentMethod(rec) !== pf.acrm) continue;
      const hop = rec.hops[rec.hops.length - 1];
      if (!hop || hop.url !== pf.url || hop.preflight || hop.status !== undefined) continue;
      // Same frame first, then the oldest (requests start before their preflight).
      if (!best || (rec.frameId === pf.frameId && best.frameId !== pf.frameId) || (rec.frameId === best.frameId && rec.startedAt < best.startedAt)) best = rec;
    }
    return best;
  }

  #pair(pf: Preflight, rec: RequestRecord): void {
    const hopIndex = rec.hops.length - 1;
    const hop = rec.hops[hopIndex];
    if (!hop) return;
    pf.pairedTo = rec;
    pf.hopIndex = hopIndex;
    hop.preflight = pf.snap;
    if (pf.completed) this.#cache.passed(rec.initiator, pf.url, pf.snap);
    this.#update(rec);
  }

  #addOrphan(pf: Preflight): void {
    if (this.#orphans.length >= this.#opts.maxOrphans) this.#orphans.shift();
    this.#orphans.push(pf);
  }

  #adoptOrphan(rec: RequestRecord): void {
    if (this.#orphans.length === 0) return;
    const hop = rec.hops[rec.hops.length - 1];
    if (!hop || hop.preflight) return;
    const method = hop.method ?? rec.method;
    const i = this.#orphans.findIndex((pf) => pf.tabId === rec.tabId && pf.url === hop.url && pf.acrm === method);
    if (i < 0) return;
    const [pf] = this.#orphans.splice(i, 1);
    if (pf) this.#pair(pf, rec);
  }

  #finish(rec: RequestRecord, t?: number): void {
    rec.done = true;
    if (t !== undefined) rec.endedAt = t;
    this.#inFlight.delete(rec.requestId);
    this.#remember(rec);
  }

  #remember(rec: RequestRecord): void {
    if (this.#recent.has(rec.requestId)) {
      this.#recent.set(rec.requestId, rec);
      return;
    }
    if (this.#recent.size >= 2_000) {
      const recent = this.#recent;
      const oldest = this.#recentOrder.shift((id) => recent.has(id));
      if (oldest !== undefined) recent.delete(oldest);
    }
    this.#recent.set(rec.requestId, rec);
    this.#recentOrder.push(rec.requestId);
  }

  /** Re-judges a record and reports it when it belongs in the log. */
  #update(rec: RequestRecord): void {
    if (!this.#visible.has(rec.id)) {
      const cors = isCorsRequest(rec);
      // Outside CORS mode only a proxied request is logged, decided once, when it is over: every
      // event of every image and script of the page passes here.
      if (cors === false && rec.done && proxiedOutsideCors(rec)) rec.noCors = true;
      else if (cors !== true) return;
      this.#visible.add(rec.id);
    }
    if (rec.done) {
      this.#cache.explain(rec);
      judge(rec, this.#opts.profile);
      rec.proxy = proxyOf(rec);
    }
    this.#opts.onRecord(rec);
  }
}

/** The method the request's current hop is sent with (a redirect may have changed it). */
function currentMethod(rec: RequestRecord): string {
  return rec.hops[rec.hops.length - 1]?.method ?? rec.method;
}
