/**
 * One route per request. Events reach the background through several channels that can see the
 * same request: webRequest full sets (`webrequest`), the always-on set for known proxies (`proxy`),
 * and DevTools' network log relayed by one or more devtools pages (`devtools`, own request ids).
 * The route of a request is decided once, from its first event, by the source its tab had when
 * the request started (SourceTimeline), and kept for its whole life, preflight and redirects
 * included; events of the other channels for it are dropped.
 *
 * - webRequest ids are shared by the `webrequest` and `proxy` channels: the source at the start
 *   says which owns the id (`webrequest` source → full set; `light` → proxy set; `devtools` →
 *   neither, DevTools' log has it).
 * - A request first seen mid-flight by a full set (capture switched on, or the worker restarted,
 *   while it ran) is taken up there; where DevTools may report it too, its record is a stand-in
 *   that DevTools' record replaces (light-match.ts).
 * - DevTools' log has its own ids and its own clock (HAR `startedDateTime`, a few ms before
 *   webRequest's `timeStamp`, measured 0.7–20 ms). So a relayed request defers to webRequest when
 *   webRequest kept a request with the same method and URL started within EPS of it, which is what
 *   decides right at a switch; away from switches the source decides. Two relays of one tab
 *   (undocked DevTools, reloaded extension) report the same request with the same start time: the
 *   first relay to report it keeps it.
 *
 * Light failures (the lone onErrorOccurred listener) are matched separately (light-match.ts).
 */
import type { CaptureEvent } from './events.js';
import type { CaptureSource } from './timeline.js';

export type Channel = 'webrequest' | 'proxy' | 'devtools';

/** Who owns a request id: a channel, or nobody (`drop`: another channel reports it). */
type Owner = Channel | 'drop';

/** ms: DevTools' clock vs webRequest's for the same request (measured max 20 ms, under a fetch storm). */
export const EPS = 100;

const MAX_OWNERS = 40_000;
const STARTS_PER_TAB = 256;
const KEYS_PER_TAB = 2_000;
const MAX_TABS = 1_000;

export interface RouterView {
  /** The tab's source at time t. */
  source(tabId: number, t: number): CaptureSource;
  /** Did the tab's source change within eps of t? */
  switchedNear(tabId: number, t: number, eps: number): boolean;
  /** Is a DevTools relay connected for the tab now (or expected back after a worker restart)? */
  relayed(tabId: number): boolean;
  /** Is one connected now (its hello came)? */
  relayConnected(tabId: number): boolean;
}

export class Router {
  readonly #owners = new Map<string, Owner>();
  /** Per tab: `method url` → start times of requests webRequest (full or proxy set) kept, newest last. */
  readonly #webStarts = new Map<number, Map<string, number[]>>();
  /** Per tab: `method url start` of relayed requests → the relay that reported it first. */
  readonly #relayedKeys = new Map<number, Map<string, string>>();
  /** webRequest ids taken as stand-ins: DevTools may report them too (light-match.ts). */
  readonly #standIns = new Set<string>();

  readonly #view: RouterView;

  constructor(view: RouterView) {
    this.#view = view;
  }

  /** Whether this event belongs to the request's route (and so goes to the tracker). */
  accept(channel: Channel, ev: CaptureEvent, relay = ''): boolean {
    let owner = this.#owners.get(ev.requestId);
    if (owner === undefined) {
      owner = channel === 'devtools' ? this.#decideRelayed(ev, relay) : this.#decideWeb(channel, ev);
      this.#own(ev.requestId, owner);
    }
    if (owner !== channel) return false;
    // The start of a request webRequest keeps (whichever of its channels saw it first decided for
    // both, and the proxy set sees only proxies' requests): DevTools' copy of it gives way.
    // A stand-in is only provisional: DevTools' record replaces it (light-match.ts), so it is not noted.
    if (channel !== 'devtools' && ev.kind === 'before-request' && !this.#standIns.has(ev.requestId)) this.#noteWebStart(ev);
    return true;
  }

  /** Was this webRequest id taken as a stand-in for what DevTools may report? */
  isStandIn(requestId: string): boolean {
    return this.#standIns.has(requestId);
  }

  /** The channel that owns a webRequest id, if decided (light failures of dropped ids need matching). */
  ownerOf(requestId: string): Owner | undefined {
    return this.#owners.get(requestId);
  }

  /**
   * A record read back after a worker restart: what the previous worker decided about it (a relay
   * reporting it again, or DevTools' copy of a request webRequest kept, must still give way).
   */
  remember(rec: { requestId: string; tabId: number; method: string; startedAt: number; hops: readonly { url: string }[]; via?: 'devtools'; relay?: string; mode: string; startMissed?: true }): void {
    const url = rec.hops[0]?.url;
    if (url === undefined) return;
    if (rec.via === 'devtools') {
      this.#own(rec.requestId, 'devtools');
      const keys = this.#tabMap(this.#relayedKeys, rec.tabId);
      const key = `${rec.method} ${url} ${rec.startedAt}`;
      if (!keys.has(key)) keys.set(key, rec.relay ?? '');
      return;
    }
    this.#own(rec.requestId, rec.mode === 'light' ? 'proxy' : 'webrequest');
    if (!rec.startMissed) this.#noteWebStart({ tabId: rec.tabId, method: rec.method, url, t: rec.startedAt });
  }

  /** A request's events are over for good (its record left the log): forget its id. */
  forget(requestId: string): void {
    this.#owners.delete(requestId);
  }

  dropTab(tabId: number): void {
    this.#webStarts.delete(tabId);
    this.#relayedKeys.delete(tabId);
  }

  get size(): { owners: number; tabs: number; standIns: number } {
    return { owners: this.#owners.size, tabs: Math.max(this.#webStarts.size, this.#relayedKeys.size), standIns: this.#standIns.size };
  }

  #decideWeb(channel: Channel, ev: CaptureEvent): Owner {
    const source = this.#view.source(ev.tabId, ev.t);
    // Mid-flight (no onBeforeRequest seen): the request started before this channel looked, under
    // a source that cannot be known; whichever channel sees it takes it up, as a stand-in.
    if (ev.kind !== 'before-request') return channel;
    // A restarted worker expects the tab's relay back but has not heard from it: DevTools may have
    // been closed meanwhile. The request is taken as a stand-in until DevTools' record comes.
    if (source === 'devtools' && !this.#view.relayConnected(ev.tabId)) {
      this.#standIns.add(ev.requestId);
      if (this.#standIns.size > MAX_OWNERS) this.#standIns.delete(this.#standIns.values().next().value as string);
      return channel;
    }
    return source === 'webrequest' ? 'webrequest' : source === 'light' ? 'proxy' : 'drop';
  }

  #decideRelayed(ev: CaptureEvent, relay: string): Owner {
    // The relay's first event of a request is its onBeforeRequest; anything else continues one
    // this route never saw (or a forged id): nothing to attach it to.
    if (ev.kind !== 'before-request') return 'drop';
    const keys = this.#tabMap(this.#relayedKeys, ev.tabId);
    const key = `${ev.method} ${ev.url} ${ev.t}`;
    const first = keys.get(key);
    if (first !== undefined && first !== relay) return 'drop';
    const near = this.#view.switchedNear(ev.tabId, ev.t, EPS);
    const webOwns = (!near && this.#view.source(ev.tabId, ev.t) === 'webrequest') || this.#webStarted(ev);
    if (webOwns) return 'drop';
    if (first === undefined) {
      keys.set(key, relay);
      if (keys.size > KEYS_PER_TAB) keys.delete(keys.keys().next().value as string);
    }
    return 'devtools';
  }

  #noteWebStart(ev: Pick<CaptureEvent, 'tabId' | 'method' | 'url' | 't'>): void {
    const starts = this.#tabMap(this.#webStarts, ev.tabId);
    const key = `${ev.method} ${ev.url}`;
    const list = starts.get(key);
    if (list) {
      list.push(ev.t);
      if (list.length > 8) list.shift();
      // Most recent last: re-insert so the oldest keys are evicted first.
      starts.delete(key);
      starts.set(key, list);
    } else {
      starts.set(key, [ev.t]);
      if (starts.size > STARTS_PER_TAB) starts.delete(starts.keys().next().value as string);
    }
  }

  #webStarted(ev: CaptureEvent): boolean {
    const list = this.#webStarts.get(ev.tabId)?.get(`${ev.method} ${ev.url}`);
    return list !== undefined && list.some((t) => Math.abs(t - ev.t) <= EPS);
  }

  #own(requestId: string, owner: Owner): void {
    this.#owners.set(requestId, owner);
    if (this.#owners.size > MAX_OWNERS) this.#owners.delete(this.#owners.keys().next().value as string);
  }

  #tabMap<V>(maps: Map<number, Map<string, V>>, tabId: number): Map<string, V> {
    let m = maps.get(tabId);
    if (!m) {
      if (maps.size >= MAX_TABS) maps.delete(maps.keys().next().value as number);
      m = new Map();
      maps.set(tabId, m);
    }
    return m;
  }
}
