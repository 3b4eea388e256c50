/**
 * Capture modes per tab (issue #7). Watching is not free: the cost is per dispatched webRequest
 * event, so tabs nobody looks at get a light mode (failures, plus known proxies) and only tabs
 * with an open panel, or that the user chose to record, get full capture.
 */
import type { CaptureMode } from '../report/types.js';

/** Which full listener sets should exist: one for every tab, or one per listed tab. */
export interface ListenerPlan {
  all: boolean;
  tabs: number[];
}

export class Modes {
  private readonly panels = new Map<number, number>();
  private readonly recorded = new Set<number>();
  recordAllTabs = false;

  constructor(private readonly onChange: (plan: ListenerPlan) => void = () => undefined) {}

  mode(tabId: number): CaptureMode {
    return this.recordAllTabs || this.recorded.has(tabId) || (this.panels.get(tabId) ?? 0) > 0 ? 'full' : 'light';
  }

  panelOpened(tabId: number): void {
    this.panels.set(tabId, (this.panels.get(tabId) ?? 0) + 1);
    this.changed();
  }

  panelClosed(tabId: number): void {
    const n = (this.panels.get(tabId) ?? 0) - 1;
    if (n > 0) this.panels.set(tabId, n);
    else this.panels.delete(tabId);
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
    const tabs = new Set([...this.recorded, ...this.panels.keys()]);
    return { all: false, tabs: [...tabs].sort((a, b) => a - b) };
  }

  private changed(): void {
    this.onChange(this.plan());
  }
}
