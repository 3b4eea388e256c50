/** Toolbar badge: blocked requests in the tab, red; empty when none. Coalesced per tab. */
import { browser } from '../platform.js';

const BLOCKED_COLOUR = '#d93025';

export class Badge {
  private shown = new Map<number, string>();
  private pending = new Set<number>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly count: (tabId: number) => number) {}

  update(tabId: number): void {
    this.pending.add(tabId);
    if (this.timer !== null) return;
    this.timer = setTimeout(() => this.flush(), 100);
  }

  forget(tabId: number): void {
    this.shown.delete(tabId);
  }

  private flush(): void {
    this.timer = null;
    const action = browser.action;
    for (const tabId of this.pending) {
      const n = this.count(tabId);
      const text = n === 0 ? '' : n > 999 ? '999+' : String(n);
      if (this.shown.get(tabId) === text) continue;
      this.shown.set(tabId, text);
      // The tab may be gone by now; that is fine.
      action.setBadgeText({ tabId, text }).catch(() => undefined);
      if (text) action.setBadgeBackgroundColor({ tabId, color: BLOCKED_COLOUR }).catch(() => undefined);
    }
    this.pending.clear();
  }
}
