/**
 * Capture modes per tab. Watching is not free: the cost is per dispatched webRequest event, so
 * tabs nobody looks at get a light mode (failures, plus known proxies) and only tabs with an open
 * panel, DevTools, or that the user chose to record, get full capture.
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
 * After a service-worker restart, the panels and relays that watched a tab are expected back for a
 * few seconds (their ports reconnect): until they say so or the wait is over, the tab keeps the
 * source they gave it, so that nothing falls between the old worker and the new.
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
  readonly #panels = new Map<number, number>();
  /** Tabs whose DevTools relays its network log (counted: two DevTools may watch one tab). */
  readonly #relays = new Map<number, number>();
  /** Tabs whose DevTools is open but relays nothing (Firefox): full capture through webRequest. */
  readonly #devtoolsAsks = new Map<number, number>();
  /** After a restart: relays and panels the previous worker had, until they come back or this passes (ms). */
  readonly #expectedRelays = new Map<number, number>();
  readonly #expectedPanels = new Map<number, number>();
  readonly #recorded = new Set<number>();
  recordAllTabs = false;
  readonly timeline = new SourceTimeline();
  /** Until the saved state is read back, changes are not history (resync() writes what holds then). */
  #writing = true;

  readonly #onChange: (plan: ListenerPlan) => void;
  readonly #clock: () => number;

  constructor(onChange: (plan: ListenerPlan) => void = () => undefined, clock: () => number = Date.now) {
    this.#onChange = onChange;
    this.#clock = clock;
  }

  mode(tabId: number): CaptureMode {
    return this.source(tabId) === 'light' ? 'light' : 'full';
  }

  source(tabId: number): CaptureSource {
    if (this.recordAllTabs) return 'webrequest';
    return this.#ownSource(tabId);
  }

  /** Is a DevTools relay connected for the tab (or expected back after a restart)? */
  relayed(tabId: number): boolean {
    return this.#relays.has(tabId) || this.#expectedRelays.has(tabId);
  }

  /** Has a relay said hello for the tab (not only expected back after a restart)? */
  relayConnected(tabId: number): boolean {
    return this.#relays.has(tabId);
  }

  panelOpened(tabId: number): void {
    this.#change(tabId, () => {
      this.#expectedPanels.delete(tabId);
      count(this.#panels, tabId, 1);
    });
  }

  panelClosed(tabId: number): void {
    this.#change(tabId, () => count(this.#panels, tabId, -1));
  }

  /** DevTools opened on the tab: `relays` when its devtools page sends the network log (Chromium). */
  devtoolsOpened(tabId: number, relays = true): void {
    this.#change(tabId, () => {
      if (relays) {
        this.#expectedRelays.delete(tabId);
        count(this.#relays, tabId, 1);
      } else {
        count(this.#devtoolsAsks, tabId, 1);
      }
    });
  }

  devtoolsClosed(tabId: number, relays = true): void {
    this.#change(tabId, () => count(relays ? this.#relays : this.#devtoolsAsks, tabId, -1));
  }

  /** After a restart: these tabs had relays / panels; they count until they come back or `until` passes. */
  expect(relays: Iterable<number>, panels: Iterable<number>, until: number): void {
    for (const tabId of relays) this.#change(tabId, () => this.#expectedRelays.set(tabId, until));
    for (const tabId of panels) this.#change(tabId, () => this.#expectedPanels.set(tabId, until));
  }

  /** Relays and panels expected back that did not come by `now` (closed while the worker was stopped). */
  expireExpected(now: number): void {
    for (const m of [this.#expectedRelays, this.#expectedPanels]) {
      for (const [tabId, until] of [...m]) if (until <= now) this.#change(tabId, () => m.delete(tabId));
    }
  }

  get expecting(): boolean {
    return this.#expectedRelays.size > 0 || this.#expectedPanels.size > 0;
  }

  /**
   * The saved state is read back (timeline, recorded tabs, expected watchers): from now on changes
   * are history, starting with what holds now for every tab.
   */
  resync(): void {
    this.#writing = true;
    const now = this.#clock();
    const tabs = new Set([
      ...this.timeline.tabIds(), ...this.#recorded, ...this.#panels.keys(), ...this.#relays.keys(), ...this.#devtoolsAsks.keys(),
      ...this.#expectedRelays.keys(), ...this.#expectedPanels.keys(),
    ]);
    for (const tabId of tabs) this.timeline.set(tabId, this.#ownSource(tabId), now);
    this.timeline.setAll(this.recordAllTabs, now);
  }

  /** A new worker, before its saved state is read back: keep changes out of the history until resync(). */
  holdHistory(): void {
    this.#writing = false;
  }

  setRecorded(tabId: number, on: boolean): void {
    this.#change(tabId, () => {
      if (on) this.#recorded.add(tabId);
      else this.#recorded.delete(tabId);
    });
  }

  setRecordAll(on: boolean): void {
    if (this.recordAllTabs === on) return;
    this.recordAllTabs = on;
    if (this.#writing) this.timeline.setAll(on, this.#clock());
    this.#onChange(this.plan());
  }

  tabClosed(tabId: number): void {
    this.#panels.delete(tabId);
    this.#relays.delete(tabId);
    this.#devtoolsAsks.delete(tabId);
    this.#expectedRelays.delete(tabId);
    this.#expectedPanels.delete(tabId);
    this.#recorded.delete(tabId);
    this.timeline.forget(tabId);
    this.#onChange(this.plan());
  }

  recordedTabs(): number[] {
    return [...this.#recorded];
  }

  /** Tabs relayed now (persisted, so that a restarted worker routes their events to the relay). */
  relayedTabs(): number[] {
    return [...new Set([...this.#relays.keys(), ...this.#expectedRelays.keys()])];
  }

  /** Tabs a panel watches now (persisted likewise). */
  panelTabs(): number[] {
    return [...new Set([...this.#panels.keys(), ...this.#expectedPanels.keys()])];
  }

  isRecorded(tabId: number): boolean {
    return this.#recorded.has(tabId);
  }

  plan(): ListenerPlan {
    if (this.recordAllTabs) return { all: true, tabs: [] };
    const tabs = new Set<number>();
    for (const t of [...this.#recorded, ...this.#panels.keys(), ...this.#expectedPanels.keys(), ...this.#devtoolsAsks.keys()]) {
      // A relay only expected back (worker restarted) may never return: until it does, a panel's tab
      // keeps its webRequest set, whose requests are stand-ins for DevTools' records (router.ts).
      if (this.#ownSource(t) === 'webrequest' || (this.#expectedRelays.has(t) && !this.#relays.has(t))) tabs.add(t);
    }
    return { all: false, tabs: [...tabs].sort((a, b) => a - b) };
  }

  #ownSource(tabId: number): CaptureSource {
    if (this.#recorded.has(tabId)) return 'webrequest';
    if (this.relayed(tabId)) return 'devtools';
    return this.#panels.has(tabId) || this.#expectedPanels.has(tabId) || this.#devtoolsAsks.has(tabId) ? 'webrequest' : 'light';
  }

  #change(tabId: number, mutate: () => void): void {
    mutate();
    if (this.#writing) this.timeline.set(tabId, this.#ownSource(tabId), this.#clock());
    this.#onChange(this.plan());
  }
}

function count(m: Map<number, number>, tabId: number, delta: number): void {
  const n = (m.get(tabId) ?? 0) + delta;
  if (n > 0) m.set(tabId, n);
  else m.delete(tabId);
}
