/**
 * Per-tab logs of CORS records: insertion order, a hard cap (oldest dropped), counts for the
 * badge, and the DevTools-like "preserve log" behaviour on navigation.
 */
import type { RequestRecord } from '../capture/record.js';
import { Fifo } from './fifo.js';

export const DEFAULT_CAP = 5_000;

export interface LogEvents {
  added(rec: RequestRecord): void;
  updated(rec: RequestRecord): void;
  removed(tabId: number, recs: RequestRecord[]): void;
}

interface TabState {
  /** Insertion order; a Map keeps it and finds by id in O(1). */
  records: Map<string, RequestRecord>;
  /** Ids of blocked records: verdicts change as requests finish, so count membership, not events. */
  blocked: Set<string>;
  /** Ids of records that go through a CORS proxy (decided when they finish). */
  proxied: Set<string>;
  order: Fifo;
}

export class TabLogs {
  private readonly tabs = new Map<number, TabState>();
  preserveLog = false;

  constructor(private readonly events: LogEvents, private readonly cap = DEFAULT_CAP) {}

  /** A record appeared or changed (from the tracker). */
  put(rec: RequestRecord): void {
    let tab = this.tabs.get(rec.tabId);
    if (!tab) {
      tab = { records: new Map(), blocked: new Set(), proxied: new Set(), order: new Fifo() };
      this.tabs.set(rec.tabId, tab);
    }
    if (rec.verdict === 'blocked') tab.blocked.add(rec.id);
    else tab.blocked.delete(rec.id);
    if (rec.proxy) tab.proxied.add(rec.id);
    else tab.proxied.delete(rec.id);
    if (tab.records.has(rec.id)) {
      this.events.updated(rec);
      return;
    }
    tab.records.set(rec.id, rec);
    tab.order.push(rec.id);
    this.events.added(rec);
    if (tab.records.size > this.cap) {
      const dropped: RequestRecord[] = [];
      const records = tab.records;
      while (records.size > this.cap) {
        const id = tab.order.shift((x) => records.has(x));
        const old = id === undefined ? undefined : records.get(id);
        if (!old) break;
        records.delete(old.id);
        tab.blocked.delete(old.id);
        tab.proxied.delete(old.id);
        dropped.push(old);
      }
      this.events.removed(rec.tabId, dropped);
    }
  }

  /** One record leaves the log (a light entry a full one replaced). */
  remove(rec: RequestRecord): void {
    const tab = this.tabs.get(rec.tabId);
    if (!tab?.records.delete(rec.id)) return;
    tab.blocked.delete(rec.id);
    tab.proxied.delete(rec.id);
    this.events.removed(rec.tabId, [rec]);
  }

  /** Top-level navigation in the tab: the log starts over unless preserved. */
  navigated(tabId: number): void {
    if (!this.preserveLog) this.clear(tabId);
  }

  clear(tabId: number): RequestRecord[] {
    const tab = this.tabs.get(tabId);
    if (!tab) return [];
    this.tabs.delete(tabId);
    const all = [...tab.records.values()];
    this.events.removed(tabId, all);
    return all;
  }

  records(tabId: number): RequestRecord[] {
    return [...(this.tabs.get(tabId)?.records.values() ?? [])];
  }

  tabIds(): number[] {
    return [...this.tabs.keys()];
  }

  blockedCount(tabId: number): number {
    return this.tabs.get(tabId)?.blocked.size ?? 0;
  }

  proxiedCount(tabId: number): number {
    return this.tabs.get(tabId)?.proxied.size ?? 0;
  }

  size(tabId: number): number {
    return this.tabs.get(tabId)?.records.size ?? 0;
  }
}
