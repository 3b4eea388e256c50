/**
 * Capture modes per tab (issue #7). Watching is not free: the cost is per dispatched webRequest
 * event, so tabs nobody looks at get a light mode (failures, plus known proxies) and only tabs
 * with an open panel, DevTools, or that the user chose to record, get full capture.
 *
 * Full capture has two sources. In Chromium, a tab whose DevTools is open is captured from
 * DevTools' own network log (`devtools` source: the devtools page relays it), which costs other
 * tabs nothing; a webRequest listener with `extraHeaders` slows every tab of the browser. So
 * webRequest full sets exist only for tabs the user chose to record (or all tabs), for tabs whose
 * panel is open without DevTools' log (a panel popped out or opened as a page), and in Firefox for
 * tabs whose DevTools is open (its devtools page asks for full capture but relays nothing: Firefox
 * has no `extraHeaders` cost, and its DevTools has no HAR events to relay).
 *
 * Every change of a tab's source is written to a SourceTimeline with the time it happened, so
 * that events arriving late are routed by the source their request started under (router.ts).
 */
import type { CaptureMode } from '../report/types.js';
import { SourceTimeline, type CaptureSource } from './timeline.js';

export type { CaptureSource } from './timeline.js';

/** Which full listener sets should exist: one for every tab, or one per listed tab. */
export interface ListenerPlan {
  all: boolean;
  tabs: number[];
}

export class Modes {
  private readonly panels = new Map<number, number>();
  /** Tabs whose DevTools relays its network log (counted: two DevTools may watch one tab). */
  private readonly relays = new Map<number, number>();
  /** Tabs whose DevTools is open but relays nothing (Firefox): full capture through webRequest. */
  private readonly devtoolsAsks = new Map<number, number>();
  /**
   * After a service-worker restart: tabs whose relay was live when the worker stopped, kept as
   * `devtools` until their relay says hello again or the expiry passes (the relay reconnects in
   * ~0.1 s; its queued events then keep their place).
   */
  private readonly expected = new Map<number, number>();
  private readonly recorded = new Set<number>();
  recordAllTabs = false;
  readonly timeline = new SourceTimeline();

  constructor(
    private readonly onChange: (plan: ListenerPlan) => void = () => undefined,
    private readonly clock: () => number = Date.now,
  ) {}

  mode(tabId: number): CaptureMode {
    return this.source(tabId) === 'light' ? 'light' : 'full';
  }

  source(tabId: number): CaptureSource {
    if (this.recordAllTabs) return 'webrequest';
    return this.ownSource(tabId);
  }

  /** Is a DevTools relay connected for the tab (or expected back after a restart)? */
  relayed(tabId: number): boolean {
    return this.relays.has(tabId) || this.expected.has(tabId);
  }

  panelOpened(tabId: number): void {
    this.change(tabId, () => count(this.panels, tabId, 1));
  }

  panelClosed(tabId: number): void {
    this.change(tabId, () => count(this.panels, tabId, -1));
  }

  /** DevTools opened on the tab: `relays` when its devtools page sends the network log (Chromium). */
  devtoolsOpened(tabId: number, relays = true): void {
    this.change(tabId, () => {
      if (relays) {
        this.expected.delete(tabId);
        count(this.relays, tabId, 1);
      } else {
        count(this.devtoolsAsks, tabId, 1);
      }
    });
  }

  devtoolsClosed(tabId: number, relays = true): void {
    this.change(tabId, () => count(relays ? this.relays : this.devtoolsAsks, tabId, -1));
  }

  /** After a restart: these tabs' relays were live; keep them `devtools` until `until` (ms) unless they say hello. */
  expectRelays(tabIds: Iterable<number>, until: number): void {
    for (const tabId of tabIds) this.change(tabId, () => this.expected.set(tabId, until));
  }

  /** Relays expected back that did not come by `now`: DevTools was closed while the worker was stopped. */
  expireRelays(now: number): void {
    for (const [tabId, until] of [...this.expected]) {
      if (until <= now) this.change(tabId, () => this.expected.delete(tabId));
    }
  }

  get expecting(): boolean {
    return this.expected.size > 0;
  }

  setRecorded(tabId: number, on: boolean): void {
    this.change(tabId, () => {
      if (on) this.recorded.add(tabId);
      else this.recorded.delete(tabId);
    });
  }

  setRecordAll(on: boolean): void {
    if (this.recordAllTabs === on) return;
    this.recordAllTabs = on;
    this.timeline.setAll(on, this.clock());
    this.onChange(this.plan());
  }

  tabClosed(tabId: number): void {
    this.panels.delete(tabId);
    this.relays.delete(tabId);
    this.devtoolsAsks.delete(tabId);
    this.expected.delete(tabId);
    this.recorded.delete(tabId);
    this.timeline.forget(tabId);
    this.onChange(this.plan());
  }

  recordedTabs(): number[] {
    return [...this.recorded];
  }

  /** Tabs relayed now (persisted, so that a restarted worker routes their events to the relay). */
  relayedTabs(): number[] {
    return [...new Set([...this.relays.keys(), ...this.expected.keys()])];
  }

  isRecorded(tabId: number): boolean {
    return this.recorded.has(tabId);
  }

  plan(): ListenerPlan {
    if (this.recordAllTabs) return { all: true, tabs: [] };
    const tabs = new Set<number>();
    for (const t of [...this.recorded, ...this.panels.keys(), ...this.devtoolsAsks.keys()]) {
      if (this.ownSource(t) === 'webrequest') tabs.add(t);
    }
    return { all: false, tabs: [...tabs].sort((a, b) => a - b) };
  }

  private ownSource(tabId: number): CaptureSource {
    if (this.recorded.has(tabId)) return 'webrequest';
    if (this.relayed(tabId)) return 'devtools';
    return this.panels.has(tabId) || this.devtoolsAsks.has(tabId) ? 'webrequest' : 'light';
  }

  private change(tabId: number, mutate: () => void): void {
    mutate();
    this.timeline.set(tabId, this.ownSource(tabId), this.clock());
    this.onChange(this.plan());
  }
}

function count(m: Map<number, number>, tabId: number, delta: number): void {
  const n = (m.get(tabId) ?? 0) + delta;
  if (n > 0) m.set(tabId, n);
  else m.delete(tabId);
}
