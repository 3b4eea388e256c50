/**
 * The background as a browser-free object: modes, routing, capture, and what must survive a
 * service-worker restart. extension/background/index.ts only connects browser events and APIs to
 * it; the property test (test/capture/routing.property.test.ts) drives the very same object through
 * random interleavings of every source, restarts included.
 *
 * Inputs are events tagged with the channel that saw them, control changes (DevTools relays,
 * panels, recording), navigations and the passing of time. Outputs go through `ServicePorts`:
 * which webRequest full sets must exist (the listener plan), and the routing state to persist.
 */
import type { Profile } from '../engine/profile.js';
import type { Report, ReportEntry } from '../report/types.js';
import { Capture, type CaptureHooks } from './capture.js';
import type { CaptureEvent, ErrorEvent, HeadersReceivedEvent } from './events.js';
import { Modes, type CaptureSource, type ListenerPlan } from './modes.js';
import { isNewDocument } from './navigation.js';
import { isCancellation, type RequestRecord } from './record.js';
import type { Channel } from './router.js';
import type { TimelineState } from './timeline.js';
import type { PagesState } from '../log/tab-log.js';
import type { StandIn } from './light-match.js';

/** How an event reached the background. */
export type Arrival = Channel | 'failure' | 'document';

export interface ServicePorts {
  /** Make exactly these webRequest full sets exist. */
  applyPlan(plan: ListenerPlan): void;
  /** Persist this (storage.session) so that a restarted worker routes as this one did. */
  saveRouting(state: RoutingState): void;
}

/** What a restarted worker needs to route the events it wakes up to. */
export interface RoutingState {
  timeline: TimelineState;
  /** Tabs whose DevTools relayed when this was written. */
  relayed: number[];
  /** Tabs a panel watched when this was written. */
  panels?: number[];
  /** Page boundaries: which requests belong to pages the tabs have left. */
  pages?: PagesState;
  /** Stand-ins held for DevTools' record of them (light-match.ts). */
  held?: StandIn[];
}

export interface Restored {
  records?: unknown;
  preserveLog?: unknown;
  recordAllTabs?: unknown;
  recordedTabs?: unknown;
  routing?: unknown;
}

export interface ServiceOptions {
  profile: Profile;
  browser: 'chromium' | 'firefox';
  ports: ServicePorts;
  hooks?: CaptureHooks;
  clock?: () => number;
  cap?: number;
}

/** A full set the plan dropped while requests it follows were in flight stays this long at most. */
export const DRAIN_MS = 60_000;
/** How long a restarted worker waits for a relay it knew to say hello again (relays retry after 0.1 s). */
export const RELAY_BACK_MS = 5_000;
const EARLY_MAX = 10_000;

export class CaptureService {
  readonly modes: Modes;
  readonly capture: Capture;
  #ready = false;
  readonly #early: [Arrival, CaptureEvent, string][] = [];
  readonly #pendingMarkers: [number, string, number, number][] = [];
  /** Tabs whose full set stays while requests it follows end: until when. */
  readonly #draining = new Map<number, number>();
  #applied: ListenerPlan = { all: true, tabs: [] };
  readonly #clock: () => number;

  readonly #opts: ServiceOptions;

  constructor(opts: ServiceOptions) {
    this.#opts = opts;
    this.#clock = opts.clock ?? Date.now;
    this.modes = new Modes(() => this.#changed(), this.#clock);
    // Until storage is read back, what this new worker learns is not yet history (restore merges it).
    this.modes.holdHistory();
    const hooks = opts.hooks ?? {};
    this.capture = new Capture({
      profile: opts.profile,
      browser: opts.browser,
      modes: this.modes,
      ...(opts.cap ? { cap: opts.cap } : {}),
      hooks: {
        changed: (rec) => {
          hooks.changed?.(rec);
          // A request a draining set followed ended: maybe the set can go now.
          if (rec.done && this.#draining.has(rec.tabId)) this.#applyPlan();
        },
        removed: (tabId, recs) => hooks.removed?.(tabId, recs),
        pagesChanged: () => {
          if (this.#ready) this.#opts.ports.saveRouting(this.routingState());
        },
      },
    });
  }

  get isReady(): boolean {
    return this.#ready;
  }

  /**
   * What storage gave back after a (re)start, then events that waited are routed by their own
   * times. Call once; events before it are buffered.
   */
  /** @param quietly wraps the reading back of stored records (the caller need not store them again) */
  restore(saved: Restored, quietly: (load: () => void) => void = (load) => load()): void {
    const now = this.#clock();
    if (saved.preserveLog === true || saved.preserveLog === false) this.capture.logs.preserveLog = saved.preserveLog;
    // Written by the previous worker (storage.session): trusted in shape, but a failure to read it
    // back only costs what it would have told.
    const routing = (typeof saved.routing === 'object' && saved.routing !== null ? saved.routing : {}) as Partial<RoutingState>;
    try {
      if (routing.timeline) this.modes.timeline.restore(routing.timeline);
      if (routing.pages) this.capture.logs.restorePages(routing.pages);
      // Before the records: a restored relayed record may be what a restored stand-in waited for.
      if (Array.isArray(routing.held)) this.capture.restoreHeld(routing.held, now);
    } catch {
      // Started without them.
    }
    if (saved.recordAllTabs === true) this.modes.setRecordAll(true);
    if (Array.isArray(saved.recordedTabs)) for (const t of saved.recordedTabs) if (Number.isInteger(t)) this.modes.setRecorded(t as number, true);
    const tabs = (v: unknown): number[] => (Array.isArray(v) ? v.filter((t): t is number => Number.isInteger(t)).slice(0, 1_000) : []);
    this.modes.expect(tabs(routing?.relayed), tabs(routing?.panels), now + RELAY_BACK_MS);
    this.modes.resync();
    if (Array.isArray(saved.records)) {
      const records = (saved.records as unknown[]).filter(isRecord);
      records.sort((a, b) => a.startedAt - b.startedAt);
      quietly(() => this.capture.restore(records));
    }
    this.#ready = true;
    this.#applyPlan();
    this.#opts.ports.saveRouting(this.routingState());
    for (const [tabId, session, page, t] of this.#pendingMarkers.splice(0)) this.capture.relayNavigated(tabId, session, page, t);
    for (const [channel, ev, relay] of this.#early.splice(0)) this.#dispatch(channel, ev, relay);
  }

  /** An event from a listener set or a relay. */
  event(channel: Arrival, ev: CaptureEvent, relay = ''): void {
    if (!this.#ready) {
      if (this.#early.length < EARLY_MAX) this.#early.push([channel, ev, relay]);
      return;
    }
    this.#dispatch(channel, ev, relay);
  }

  /** Time passes (call about once a second while `tick` says something waits). */
  tick(now: number = this.#clock()): boolean {
    const waiting = this.capture.tick(now);
    if (this.#draining.size > 0) this.#applyPlan();
    return waiting || this.#draining.size > 0;
  }

  /**
   * A devtools page says hello for the tab: `relays` when it sends DevTools' log (Chromium), else it
   * only asks for full capture through webRequest (Firefox).
   */
  relayOpened(tabId: number, session: string, relays: boolean, page?: number, pageAt?: number): void {
    if (relays) this.capture.relayOpened(tabId, session, page, pageAt);
    this.modes.devtoolsOpened(tabId, relays);
  }

  relayClosed(tabId: number, relays: boolean): void {
    this.modes.devtoolsClosed(tabId, relays);
  }

  /** A relay saw the tab navigate: its entries after this are of its page `page`. */
  relayNavigated(tabId: number, session: string, page: number, t: number): void {
    if (!this.#ready) {
      this.#pendingMarkers.push([tabId, session, page, t]);
      return;
    }
    this.capture.relayNavigated(tabId, session, page, t);
  }

  tabClosed(tabId: number): void {
    this.capture.tabClosed(tabId);
    this.#draining.delete(tabId);
    this.modes.tabClosed(tabId);
  }

  source(tabId: number): CaptureSource {
    return this.modes.source(tabId);
  }

  report(tabId: number | undefined, redact = true): Report {
    return this.capture.report(tabId, redact, this.#clock());
  }

  entries(tabId: number, redact = true): ReportEntry[] {
    return this.capture.entries(tabId, redact);
  }

  routingState(): RoutingState {
    return {
      timeline: this.modes.timeline.state(), relayed: this.modes.relayedTabs(), panels: this.modes.panelTabs(),
      pages: this.capture.logs.pagesState(), held: this.capture.heldStandIns(),
    };
  }

  #dispatch(channel: Arrival, ev: CaptureEvent, relay: string): void {
    if (channel === 'failure') {
      const failure = ev as ErrorEvent;
      // A top-level load that failed shows an error page: a new document (unless it was cancelled).
      if (failure.type === 'main_frame') {
        if (!isCancellation(failure.error)) this.capture.navigated(failure.tabId, failure.t);
        return;
      }
      this.capture.failure(failure, this.#clock());
    } else if (channel === 'document') {
      const doc = ev as HeadersReceivedEvent;
      if (doc.kind === 'headers-received' && doc.tabId >= 0 && isNewDocument(doc.status, doc.headers)) this.capture.navigated(doc.tabId, doc.t);
    } else {
      this.capture.ingest(channel, ev, relay);
    }
  }

  #changed(): void {
    this.#applyPlan();
    if (this.#ready) this.#opts.ports.saveRouting(this.routingState());
  }

  /**
   * The plan Modes wants, plus the sets of tabs it just dropped whose requests in flight those sets
   * follow: a request keeps its route to its end, so its set stays until then (DRAIN_MS at most).
   */
  #applyPlan(): void {
    if (!this.#ready) return;
    const plan = this.modes.plan();
    const now = this.#clock();
    if (plan.all) {
      this.#draining.clear();
    } else {
      const gone = this.#applied.all ? this.capture.tabsWithOpenWebRequests() : this.#applied.tabs.filter((t) => !plan.tabs.includes(t));
      for (const t of gone) if (!this.#draining.has(t) && this.capture.hasOpenWebRequests(t)) this.#draining.set(t, now + DRAIN_MS);
      for (const [t, until] of this.#draining) {
        if (until <= now || plan.tabs.includes(t) || !this.capture.hasOpenWebRequests(t)) this.#draining.delete(t);
      }
      plan.tabs = [...new Set([...plan.tabs, ...this.#draining.keys()])].sort((a, b) => a - b);
    }
    if (plan.all === this.#applied.all && sameTabs(plan.tabs, this.#applied.tabs)) return;
    this.#applied = plan;
    this.#opts.ports.applyPlan(plan);
  }

  /** The plan last handed to the ports (tests). */
  get plan(): ListenerPlan {
    return this.#applied;
  }
}

function sameTabs(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

function isRecord(v: unknown): v is RequestRecord {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Partial<RequestRecord>;
  return typeof r.id === 'string' && typeof r.requestId === 'string' && typeof r.tabId === 'number' && Array.isArray(r.hops) && typeof r.startedAt === 'number';
}
