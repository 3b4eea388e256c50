/**
 * Per-tab logs of CORS records: insertion order, a hard cap (oldest dropped), counts for the
 * badge, and the DevTools-like "preserve log" behaviour on navigation.
 *
 * A navigation is a boundary in time: when the tab's new top-level document arrives, the log
 * starts over, and a record of a request the previous page made is never put into it later, even
 * when its end is reported after the navigation (DevTools' log reports requests when they end; an
 * old page's request may end, or be cancelled, after the new page is shown). A request belongs to
 * the previous page when it started before the boundary, or when its document (Chromium's
 * `documentId`) was seen before it. DevTools' log has its own clock, so a relayed request is placed
 * by the page its relay counted it on instead (RelayedEntry.page): each relay tells its navigations
 * in order with its entries, and at each boundary the relay's current page, or the one it is about
 * to announce, becomes the first one the log accepts from it.
 */
import type { RequestRecord } from '../capture/record.js';
import { Fifo } from './fifo.js';

export const DEFAULT_CAP = 5_000;
/**
 * DevTools' log dates a request a few ms before webRequest does (router.ts EPS); a new page's
 * first request starts after the document committed, which is after the boundary (its response):
 * so a relayed request without a page number (an older devtools page) counts as the previous page's
 * only when it started this much earlier.
 */
const RELAYED_SLACK = 50;
const RELAYS_PER_TAB = 8;
const DOCS_PER_TAB = 64;
const MAX_TABS = 1_000;

export interface LogEvents {
  added(rec: RequestRecord): void;
  updated(rec: RequestRecord): void;
  removed(tabId: number, recs: RequestRecord[]): void;
  /** What tells pages apart changed (worth persisting: a restarted worker needs it). */
  pagesChanged?(): void;
}

/** Page boundaries as persisted across a worker restart. */
export interface PagesState {
  /** `since`, `lastAt`: null for "never" (JSON has no -Infinity). */
  tabs: [tabId: number, since: number | null, old: string[], current: string[]][];
  relays: [tabId: number, relay: string, last: number, lastAt: number | null, floor: number][];
}

const toJson = (t: number): number | null => (Number.isFinite(t) ? t : null);

interface TabState {
  /** Insertion order; a Map keeps it and finds by id in O(1). */
  records: Map<string, RequestRecord>;
  /** Ids of blocked records: verdicts change as requests finish, so count membership, not events. */
  blocked: Set<string>;
  /** Ids of records that go through a CORS proxy (decided when they finish). */
  proxied: Set<string>;
  order: Fifo;
}

/** What the tab's last navigation left behind: when it happened, and the documents it replaced. */
/** A relay's pages, as it numbers them. */
interface RelayPages {
  /** The page its last navigation message announced, and when (its clock). */
  last: number;
  lastAt: number;
  /** Entries from pages below this belong to pages the tab has left. */
  floor: number;
}

interface Page {
  since: number;
  /** Documents seen before the last navigation (theirs are the previous page's requests). */
  old: Set<string>;
  /** Documents seen since. */
  current: Set<string>;
  last: string;
}

export class TabLogs {
  readonly #tabs = new Map<number, TabState>();
  readonly #pages = new Map<number, Page>();
  readonly #relays = new Map<number, Map<string, RelayPages>>();
  preserveLog = false;

  readonly #events: LogEvents;
  readonly #cap: number;

  constructor(events: LogEvents, cap = DEFAULT_CAP) {
    this.#events = events;
    this.#cap = cap;
  }

  /** A record appeared or changed (from the tracker). False when it belongs to a page the tab left. */
  put(rec: RequestRecord): boolean {
    if (this.isPrevious(rec)) {
      if (this.#tabs.get(rec.tabId)?.records.has(rec.id)) this.remove(rec);
      return false;
    }
    let tab = this.#tabs.get(rec.tabId);
    if (!tab) {
      tab = { records: new Map(), blocked: new Set(), proxied: new Set(), order: new Fifo() };
      this.#tabs.set(rec.tabId, tab);
    }
    if (rec.verdict === 'blocked') tab.blocked.add(rec.id);
    else tab.blocked.delete(rec.id);
    if (rec.proxy) tab.proxied.add(rec.id);
    else tab.proxied.delete(rec.id);
    if (tab.records.has(rec.id)) {
      this.#events.updated(rec);
      return true;
    }
    tab.records.set(rec.id, rec);
    tab.order.push(rec.id);
    this.#events.added(rec);
    if (tab.records.size > this.#cap) {
      const dropped: RequestRecord[] = [];
      const records = tab.records;
      while (records.size > this.#cap) {
        const id = tab.order.shift((x) => records.has(x));
        const old = id === undefined ? undefined : records.get(id);
        if (!old) break;
        records.delete(old.id);
        tab.blocked.delete(old.id);
        tab.proxied.delete(old.id);
        dropped.push(old);
      }
      this.#events.removed(rec.tabId, dropped);
    }
    return true;
  }

  /** One record leaves the log (a light entry a full one replaced, a cancelled request). */
  remove(rec: RequestRecord): void {
    const tab = this.#tabs.get(rec.tabId);
    if (!tab?.records.delete(rec.id)) return;
    tab.blocked.delete(rec.id);
    tab.proxied.delete(rec.id);
    this.#events.removed(rec.tabId, [rec]);
  }

  /** A request of the tab was made by `documentId` (cheap when it is the same as the last one). */
  sawDocument(tabId: number, documentId: string): void {
    let page = this.#pages.get(tabId);
    if (page?.last === documentId) return;
    if (!page) {
      if (this.#pages.size >= MAX_TABS) this.#pages.delete(this.#pages.keys().next().value as number);
      page = { since: -Infinity, old: new Set(), current: new Set(), last: documentId };
      this.#pages.set(tabId, page);
    }
    page.last = documentId;
    if (page.old.has(documentId) || page.current.has(documentId)) return;
    page.current.add(documentId);
    if (page.current.size > DOCS_PER_TAB) page.current.delete(page.current.values().next().value as string);
    this.#events.pagesChanged?.();
  }

  /**
   * A relay (re)connected: it is on its page `page`, which began at `pageAt` (its clock). A tab that
   * navigated after that has left the page: the relay will announce the next one.
   */
  relayOpened(tabId: number, relay: string, page = 0, pageAt = -Infinity): void {
    const r = this.#relayPages(tabId, relay);
    if (page >= r.last) {
      r.last = page;
      r.lastAt = pageAt;
    }
    const since = this.#pages.get(tabId)?.since ?? -Infinity;
    r.floor = Math.max(r.floor, since > pageAt ? page + 1 : page);
    this.#events.pagesChanged?.();
  }

  /** A relay saw the tab navigate: entries it sends from now on are from `page` (on or after `t`). */
  relayNavigated(tabId: number, relay: string, page: number, t: number): void {
    const r = this.#relayPages(tabId, relay);
    if (page < r.last) return;
    r.last = page;
    r.lastAt = t;
    this.#events.pagesChanged?.();
  }

  /** The tab's new top-level document arrived at `t`: the log starts over unless preserved. */
  navigated(tabId: number, t: number): void {
    // Each relay announces the navigation a moment after it happened (after the commit, so at or
    // after `t`); if its announcement is already here, its current page is the new one.
    for (const r of this.#relays.get(tabId)?.values() ?? []) r.floor = Math.max(r.floor, r.lastAt >= t ? r.last : r.last + 1);
    const page = this.#pages.get(tabId) ?? { since: -Infinity, old: new Set<string>(), current: new Set<string>(), last: '' };
    page.since = Math.max(page.since, t);
    for (const d of page.current) page.old.add(d);
    while (page.old.size > DOCS_PER_TAB) page.old.delete(page.old.values().next().value as string);
    page.current = new Set();
    page.last = '';
    this.#pages.set(tabId, page);
    this.#events.pagesChanged?.();
    if (!this.preserveLog) this.clear(tabId);
  }

  pagesState(): PagesState {
    const tabs: PagesState['tabs'] = [...this.#pages].map(([id, p]) => [id, toJson(p.since), [...p.old], [...p.current]]);
    const relays: PagesState['relays'] = [];
    for (const [tabId, m] of this.#relays) for (const [relay, r] of m) relays.push([tabId, relay, r.last, toJson(r.lastAt), r.floor]);
    return { tabs, relays };
  }

  /** After a restart: the boundaries the previous worker knew (storage.session, its own writing). */
  restorePages(state: PagesState): void {
    for (const [tabId, since, old, current] of state.tabs.slice(-MAX_TABS)) {
      this.#pages.set(tabId, { since: since ?? -Infinity, old: new Set(old), current: new Set(current), last: '' });
    }
    for (const [tabId, relay, last, lastAt, floor] of state.relays) {
      const p = this.#relayPages(tabId, relay);
      p.last = last;
      p.lastAt = lastAt ?? -Infinity;
      p.floor = floor;
    }
  }

  /** Did the tab navigate away from the page that made this request (and the log is not preserved)? */
  isPrevious(rec: RequestRecord): boolean {
    if (this.preserveLog) return false;
    const page = this.#pages.get(rec.tabId);
    if (!page) return false;
    if (rec.documentId !== undefined && page.old.has(rec.documentId)) return true;
    if (rec.via === 'devtools') {
      if (rec.page !== undefined && rec.relay !== undefined) return rec.page < (this.#relays.get(rec.tabId)?.get(rec.relay)?.floor ?? 0);
      return rec.startedAt < page.since - RELAYED_SLACK;
    }
    return rec.startedAt < page.since;
  }

  #relayPages(tabId: number, relay: string): RelayPages {
    let m = this.#relays.get(tabId);
    if (!m) {
      if (this.#relays.size >= MAX_TABS) this.#relays.delete(this.#relays.keys().next().value as number);
      m = new Map();
      this.#relays.set(tabId, m);
    }
    let r = m.get(relay);
    if (!r) {
      if (m.size >= RELAYS_PER_TAB) m.delete(m.keys().next().value as string);
      r = { last: 0, lastAt: -Infinity, floor: 0 };
      m.set(relay, r);
    }
    return r;
  }


  clear(tabId: number): RequestRecord[] {
    const tab = this.#tabs.get(tabId);
    if (!tab) return [];
    this.#tabs.delete(tabId);
    const all = [...tab.records.values()];
    this.#events.removed(tabId, all);
    return all;
  }

  /** The tab is gone: forget its navigation history too. */
  forgetTab(tabId: number): void {
    this.#pages.delete(tabId);
    this.#relays.delete(tabId);
  }

  records(tabId: number): RequestRecord[] {
    return [...(this.#tabs.get(tabId)?.records.values() ?? [])];
  }

  tabIds(): number[] {
    return [...this.#tabs.keys()];
  }

  blockedCount(tabId: number): number {
    return this.#tabs.get(tabId)?.blocked.size ?? 0;
  }

  proxiedCount(tabId: number): number {
    return this.#tabs.get(tabId)?.proxied.size ?? 0;
  }

  size(tabId: number): number {
    return this.#tabs.get(tabId)?.records.size ?? 0;
  }

  total(): number {
    let n = 0;
    for (const t of this.#tabs.values()) n += t.records.size;
    return n;
  }
}
