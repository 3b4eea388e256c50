/**
 * Light failures (the always-on onErrorOccurred listener) against requests DevTools' log reports.
 *
 * The two have no id in common, so "the same request" means: same tab and method, the failure's
 * URL is one of the request's hops, both failed, and the failure happened while the request ran
 * (between its start and its end, with slack for the two clocks). Not merely "same method and URL":
 * a retry of a failed request is another request.
 *
 * In a tab whose DevTools relays its log, a failure the tracker does not know is held for a moment
 * (HOLD_MS: the relay reports a request ~5–100 ms after it ends) so that the full record replaces
 * it before it is ever shown; if none comes, it is logged light. A full record that arrives later
 * still replaces a light entry it matches. Everything here is bounded.
 */
import type { ErrorEvent } from './events.js';
import type { RequestRecord } from './record.js';

/** How long a light failure of a relayed tab waits for DevTools' record of it. */
export const HOLD_MS = 2_000;
/** DevTools' start time vs webRequest's (ms, see router.ts EPS), and its end vs onErrorOccurred's. */
const START_SLACK = 100;
const END_SLACK = 1_000;
const PER_TAB = 256;
const MAX_HELD = 2_000;

interface Full {
  rec: RequestRecord;
  claimed: boolean;
}

interface Held {
  ev: ErrorEvent;
  until: number;
}

export class LightMatcher {
  /** Relayed records that ended in failure, per tab, newest last. */
  private readonly full = new Map<number, Full[]>();
  /** Light entries in the log, per tab, newest last. */
  private readonly light = new Map<number, RequestRecord[]>();
  private held: Held[] = [];

  /** A failure nobody follows: true if a relayed record already has it (nothing to log). */
  claimedByFull(ev: ErrorEvent): boolean {
    const list = this.full.get(ev.tabId);
    if (!list) return false;
    for (let i = list.length - 1; i >= 0; i--) {
      const f = list[i] as Full;
      if (!f.claimed && matches(f.rec, ev)) {
        f.claimed = true;
        return true;
      }
    }
    return false;
  }

  hold(ev: ErrorEvent, now: number): void {
    if (this.held.length >= MAX_HELD) this.held.shift();
    this.held.push({ ev, until: now + HOLD_MS });
  }

  /** Failures whose wait is over: log them light. */
  due(now: number): ErrorEvent[] {
    if (this.held.length === 0 || (this.held[0] as Held).until > now) return [];
    const out: ErrorEvent[] = [];
    const keep: Held[] = [];
    for (const h of this.held) {
      if (h.until <= now) out.push(h.ev);
      else keep.push(h);
    }
    this.held = keep;
    return out;
  }

  get heldCount(): number {
    return this.held.length;
  }

  lightLogged(rec: RequestRecord): void {
    push(this.light, rec.tabId, rec);
  }

  /**
   * A relayed record ended. Returns the light entries it replaces; held failures it matches are
   * dropped. A record that ended without failure matches nothing (onErrorOccurred never fired).
   */
  fullEnded(rec: RequestRecord): RequestRecord[] {
    if (rec.error === null) return [];
    const entry: Full = { rec, claimed: false };
    for (let i = 0; i < this.held.length; i++) {
      const h = this.held[i] as Held;
      if (matches(rec, h.ev)) {
        this.held.splice(i, 1);
        entry.claimed = true;
        break;
      }
    }
    const replaced: RequestRecord[] = [];
    if (!entry.claimed) {
      const lights = this.light.get(rec.tabId);
      if (lights) {
        for (let i = 0; i < lights.length; i++) {
          const l = lights[i] as RequestRecord;
          if (matches(rec, lightAsEvent(l))) {
            lights.splice(i, 1);
            replaced.push(l);
            entry.claimed = true;
            break;
          }
        }
      }
    }
    push(this.full, rec.tabId, entry);
    return replaced;
  }

  /** A record left the log: it can no longer replace or be replaced. */
  forget(rec: RequestRecord): void {
    const lights = this.light.get(rec.tabId);
    const i = lights ? lights.indexOf(rec) : -1;
    if (lights && i >= 0) lights.splice(i, 1);
  }

  dropTab(tabId: number): void {
    this.full.delete(tabId);
    this.light.delete(tabId);
    this.held = this.held.filter((h) => h.ev.tabId !== tabId);
  }

  get size(): { full: number; light: number; held: number } {
    let full = 0;
    let light = 0;
    for (const l of this.full.values()) full += l.length;
    for (const l of this.light.values()) light += l.length;
    return { full, light, held: this.held.length };
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

function lightAsEvent(l: RequestRecord): ErrorEvent {
  return {
    kind: 'error', requestId: l.requestId, tabId: l.tabId, frameId: l.frameId, url: l.hops[0]?.url ?? '', method: l.method,
    type: l.type, initiator: l.initiator, t: l.startedAt, error: l.error ?? '',
  };
}

/** Is `ev` (a failure seen by onErrorOccurred) the end of the relayed record `rec`? */
export function matches(rec: RequestRecord, ev: ErrorEvent): boolean {
  if (rec.tabId !== ev.tabId || rec.error === null || ev.error === '') return false;
  if (rec.method !== ev.method && !rec.hops.some((h) => h.method === ev.method)) return false;
  if (!rec.hops.some((h) => h.url === ev.url)) return false;
  const end = rec.endedAt ?? rec.startedAt;
  return ev.t >= rec.startedAt - START_SLACK && ev.t <= end + END_SLACK;
}
