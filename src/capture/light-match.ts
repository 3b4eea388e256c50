/**
 * Stand-ins against the requests DevTools' log reports. A stand-in is what webRequest saw of a
 * request no route followed from its start: a failure seen only by the always-on onErrorOccurred
 * listener (a light entry), or a request a full set first saw mid-flight (capture switched on, or
 * a worker restarted, while it ran). In a tab whose DevTools relays its log, the same request may
 * come from DevTools too, with its own id.
 *
 * "The same request" means: same tab and method, the stand-in's URL is one of the request's hops,
 * both failed or both did not, and the stand-in was seen while the request ran (between its start
 * and its end, with slack for the two clocks). Not merely "same method and URL": a retry is another
 * request.
 *
 * In a relayed tab a stand-in is held for a moment (HOLD_MS: the relay reports a request ~5–100 ms
 * after it ends) so that DevTools' record replaces it before it is ever shown; if none comes, it is
 * logged. A DevTools record that arrives later still replaces a stand-in it matches. Bounded.
 */
import type { ErrorEvent } from './events.js';
import type { RequestRecord } from './record.js';

/** How long a stand-in of a relayed tab waits for DevTools' record of it. */
export const HOLD_MS = 2_000;
/** DevTools' start time vs webRequest's (ms, see router.ts EPS), and its end vs onErrorOccurred's. */
const START_SLACK = 100;
const END_SLACK = 1_000;
const PER_TAB = 256;
const MAX_HELD = 2_000;

/** A light failure, or a record first seen mid-flight. */
export type StandIn = ErrorEvent | RequestRecord;

interface Full {
  rec: RequestRecord;
  claimed: boolean;
}

interface Held {
  item: StandIn;
  until: number;
}

/** What matching reads of a stand-in. */
interface Seen {
  tabId: number;
  method: string;
  url: string;
  t: number;
  failed: boolean;
}

function seen(s: StandIn): Seen {
  if ('kind' in s) return { tabId: s.tabId, method: s.method, url: s.url, t: s.t, failed: true };
  return { tabId: s.tabId, method: s.method, url: s.hops[0]?.url ?? '', t: s.startedAt, failed: s.error !== null };
}

export class LightMatcher {
  /** Relayed records that ended, per tab, newest last. */
  readonly #full = new Map<number, Full[]>();
  /** Stand-ins in the log, per tab, newest last. */
  readonly #shown = new Map<number, RequestRecord[]>();
  #held: Held[] = [];

  /** A stand-in: true if a relayed record already has it (nothing to log). */
  claimedByFull(s: StandIn): boolean {
    const list = this.#full.get(s.tabId);
    if (!list) return false;
    const x = seen(s);
    for (let i = list.length - 1; i >= 0; i--) {
      const f = list[i] as Full;
      if (!f.claimed && matchesSeen(f.rec, x)) {
        f.claimed = true;
        return true;
      }
    }
    return false;
  }

  hold(s: StandIn, now: number): void {
    if (this.#held.length >= MAX_HELD) this.#held.shift();
    this.#held.push({ item: s, until: now + HOLD_MS });
  }

  /** Stand-ins whose wait is over: log them. */
  due(now: number): StandIn[] {
    if (this.#held.length === 0 || !this.#held.some((h) => h.until <= now)) return [];
    const out: StandIn[] = [];
    const keep: Held[] = [];
    for (const h of this.#held) {
      if (h.until <= now) out.push(h.item);
      else keep.push(h);
    }
    this.#held = keep;
    return out;
  }

  get heldCount(): number {
    return this.#held.length;
  }

  /** What waits (persisted: a worker stopped meanwhile must not lose it). */
  heldItems(): StandIn[] {
    return this.#held.map((h) => h.item);
  }

  /** A stand-in went into the log: DevTools' record of the same request may still replace it. */
  shownInLog(rec: RequestRecord): void {
    push(this.#shown, rec.tabId, rec);
  }

  /**
   * A relayed record ended. Returns the stand-ins in the log it replaces; held ones it matches are
   * dropped.
   */
  fullEnded(rec: RequestRecord): RequestRecord[] {
    const entry: Full = { rec, claimed: false };
    for (let i = 0; i < this.#held.length; i++) {
      const h = this.#held[i] as Held;
      if (matchesSeen(rec, seen(h.item))) {
        this.#held.splice(i, 1);
        entry.claimed = true;
        break;
      }
    }
    const replaced: RequestRecord[] = [];
    if (!entry.claimed) {
      const list = this.#shown.get(rec.tabId);
      if (list) {
        for (let i = 0; i < list.length; i++) {
          const l = list[i] as RequestRecord;
          if (matchesSeen(rec, seen(l))) {
            list.splice(i, 1);
            replaced.push(l);
            entry.claimed = true;
            break;
          }
        }
      }
    }
    push(this.#full, rec.tabId, entry);
    return replaced;
  }

  /** A record left the log: it can no longer replace or be replaced. */
  forget(rec: RequestRecord): void {
    const list = this.#shown.get(rec.tabId);
    const i = list ? list.indexOf(rec) : -1;
    if (list && i >= 0) list.splice(i, 1);
  }

  dropTab(tabId: number): void {
    this.#full.delete(tabId);
    this.#shown.delete(tabId);
    this.#held = this.#held.filter((h) => h.item.tabId !== tabId);
  }
}

function push<T>(m: Map<number, T[]>, tabId: number, v: T): void {
  let list = m.get(tabId);
  if (!list) {
    list = [];
    m.set(tabId, list);
  }
  list.push(v);
  if (list.length > PER_TAB) list.shift();
}

function matchesSeen(rec: RequestRecord, x: Seen): boolean {
  if (rec.tabId !== x.tabId || (rec.error !== null) !== x.failed) return false;
  if (rec.method !== x.method && !rec.hops.some((h) => h.method === x.method)) return false;
  if (!rec.hops.some((h) => h.url === x.url)) return false;
  const end = rec.endedAt ?? rec.startedAt;
  return x.t >= rec.startedAt - START_SLACK && x.t <= end + END_SLACK;
}
