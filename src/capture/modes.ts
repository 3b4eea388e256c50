/**
 * Capture modes per tab (issue #7). Watching is not free: the cost is per dispatched webRequest
 * event, so tabs nobody looks at get a light mode (failures, plus known proxies) and only tabs
 * with an open panel, or that the user chose to record, get full capture.
 *
 * Full capture has two sources. In Chromium, a tab whose DevTools is open is captured from
 * DevTools' own network log (`devtools` source: the devtools page relays it), which costs other
 * tabs nothing; a webRequest listener with `extraHeaders` slows every tab of the browser. So
 * webRequest full sets exist only for tabs the user chose to record (or all tabs), and for tabs
 * whose panel is open without DevTools' log (a panel popped out or opened as a page, Firefox).
 */
import type { CaptureMode } from '../report/types.js';

/** Where a tab's requests come from: webRequest full sets, DevTools' network log, or light mode. */
export type CaptureSource = 'webrequest' | 'devtools' | 'light';

/** Which full listener sets should exist: one for every tab, or one per listed tab. */
export interface ListenerPlan {
  all: boolean;
  tabs: number[];
}

export class Modes {
  private readonly panels = new Map<number, number>();
  /** Tabs whose DevTools relays its network log (counted: several DevTools windows may watch a tab). */
  private readonly devtools = new Map<number, number>();
  private readonly recorded = new Set<number>();
  recordAllTabs = false;

  constructor(private readonly onChange: (plan: ListenerPlan) => void = () => undefined) {}

  mode(tabId: number): CaptureMode {
    return this.source(tabId) === 'light' ? 'light' : 'full';
  }

  source(tabId: number): CaptureSource {
    if (this.recordAllTabs || this.recorded.has(tabId)) return 'webrequest';
    if (this.devtools.has(tabId)) return 'devtools';
    return this.panels.has(tabId) ? 'webrequest' : 'light';
  }

  panelOpened(tabId: number): void {
    count(this.panels, tabId, 1);
    this.changed();
  }

  panelClosed(tabId: number): void {
    count(this.panels, tabId, -1);
    this.changed();
  }

  devtoolsOpened(tabId: number): void {
    count(this.devtools, tabId, 1);
    this.changed();
  }

  devtoolsClosed(tabId: number): void {
    count(this.devtools, tabId, -1);
    this.changed();
  }

  setRecorded(tabId: number, on: boolean): void {
    if (on) this.recorded.add(tabId);
    else this.recorded.delete(tabId);
    this.changed();
  }

  setRecordAll(on: boolean): void {
    this.recordAllTabs = on;
    this.changed();
  }

  tabClosed(tabId: number): void {
    this.panels.delete(tabId);
    this.devtools.delete(tabId);
    this.recorded.delete(tabId);
    this.changed();
  }

  recordedTabs(): number[] {
    return [...this.recorded];
  }

  isRecorded(tabId: number): boolean {
    return this.recorded.has(tabId);
  }

  plan(): ListenerPlan {
    if (this.recordAllTabs) return { all: true, tabs: [] };
    const tabs = new Set([...this.recorded, ...[...this.panels.keys()].filter((t) => !this.devtools.has(t))]);
    return { all: false, tabs: [...tabs].sort((a, b) => a - b) };
  }

  private changed(): void {
    this.onChange(this.plan());
  }
}

function count(m: Map<number, number>, tabId: number, delta: number): void {
  const n = (m.get(tabId) ?? 0) + delta;
  if (n > 0) m.set(tabId, n);
  else m.delete(tabId);
}
