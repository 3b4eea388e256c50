/** Toolbar badge (src/log/badge.ts decides what it shows), coalesced per tab. */
import { badgeFor } from '../../src/log/badge.js';
import { browser } from '../platform.js';

export class Badge {
  #shown = new Map<number, string>();
  #pending = new Set<number>();
  #timer: ReturnType<typeof setTimeout> | null = null;

  readonly #counts: (tabId: number) => { blocked: number; proxied: number };

  constructor(counts: (tabId: number) => { blocked: number; proxied: number }) {
    this.#counts = counts;
  }

  update(tabId: number): void {
    this.#pending.add(tabId);
    if (this.#timer !== null) return;
    this.#timer = setTimeout(() => this.#flush(), 100);
  }

  forget(tabId: number): void {
    this.#shown.delete(tabId);
  }

  #flush(): void {
    this.#timer = null;
    const action = browser.action;
    for (const tabId of this.#pending) {
      const { blocked, proxied } = this.#counts(tabId);
      const state = badgeFor(blocked, proxied);
      const key = `${state.text}|${state.colour ?? ''}`;
      if (this.#shown.get(tabId) === key) continue;
      this.#shown.set(tabId, key);
      // The tab may be gone by now; that is fine.
      action.setBadgeText({ tabId, text: state.text }).catch(() => undefined);
      if (state.colour) action.setBadgeBackgroundColor({ tabId, color: state.colour }).catch(() => undefined);
    }
    this.#pending.clear();
  }
}
