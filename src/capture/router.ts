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
 * - A request first seen mid-flight by a full set (capture switched on while it ran) is taken up
 *   there only if no DevTools relay could be reporting it.
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
  /** Is a DevTools relay connected for the tab now? */
  relayed(tabId: number): boolean;
}

export class Router {
  private readonly owners = new Map<string, Owner>();
  /** Per tab: `method url` → start times of requests webRequest (full or proxy set) kept, newest last. */
  private readonly webStarts = new Map<number, Map<string, number[]>>();
  /** Per tab: `method url start` of relayed requests → the relay that reported it first. */
  private readonly relayedKeys = new Map<number, Map<string, string>>();

  constructor(private readonly view: RouterView) {}

  /** Whether this event belongs to the request's route (and so goes to the tracker). */
  accept(channel: Channel, ev: CaptureEvent, relay = ''): boolean {
    const known = this.owners.get(ev.requestId);
    if (known !== undefined) return known === channel;
    const owner = channel === 'devtools' ? this.decideRelayed(ev, relay) : this.decideWeb(channel, ev);
    this.own(ev.requestId, owner);
    return owner === channel;
  }

  /** The channel that owns a webRequest id, if decided (light failures of dropped ids need matching). */
  ownerOf(requestId: string): Owner | undefined {
    return this.owners.get(requestId);
  }

  /** A request's events are over for good (its record left the log): forget its id. */
  forget(requestId: string): void {
    this.owners.delete(requestId);
  }

  dropTab(tabId: number): void {
    this.webStarts.delete(tabId);
    this.relayedKeys.delete(tabId);
  }

  get size(): { owners: number; tabs: number } {
    return { owners: this.owners.size, tabs: Math.max(this.webStarts.size, this.relayedKeys.size) };
  }

  private decideWeb(channel: Channel, ev: CaptureEvent): Owner {
    const source = this.view.source(ev.tabId, ev.t);
    let owner: Owner = source === 'webrequest' ? 'webrequest' : source === 'light' ? 'proxy' : 'drop';
    // Mid-flight (no onBeforeRequest seen): the request started before this channel looked. A
    // full set takes it up unless a relay may report it (the tab was DevTools-captured).
    if (ev.kind !== 'before-request' && owner === 'webrequest' && this.view.relayed(ev.tabId)) owner = 'drop';
    if (owner === channel) this.noteWebStart(ev);
    return owner;
  }

  private decideRelayed(ev: CaptureEvent, relay: string): Owner {
    // The relay's first event of a request is its onBeforeRequest; anything else continues one
    // this route never saw (or a forged id): nothing to attach it to.
    if (ev.kind !== 'before-request') return 'drop';
    const keys = this.tabMap(this.relayedKeys, ev.tabId);
    const key = `${ev.method} ${ev.url} ${ev.t}`;
    const first = keys.get(key);
    if (first !== undefined && first !== relay) return 'drop';
    const near = this.view.switchedNear(ev.tabId, ev.t, EPS);
    const webOwns = (!near && this.view.source(ev.tabId, ev.t) === 'webrequest') || this.webStarted(ev);
    if (webOwns) return 'drop';
    if (first === undefined) {
      keys.set(key, relay);
      if (keys.size > KEYS_PER_TAB) keys.delete(keys.keys().next().value as string);
    }
    return 'devtools';
  }

  private noteWebStart(ev: CaptureEvent): void {
    const starts = this.tabMap(this.webStarts, ev.tabId);
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

  private webStarted(ev: CaptureEvent): boolean {
    const list = this.webStarts.get(ev.tabId)?.get(`${ev.method} ${ev.url}`);
    return list !== undefined && list.some((t) => Math.abs(t - ev.t) <= EPS);
  }

  private own(requestId: string, owner: Owner): void {
    this.owners.set(requestId, owner);
    if (this.owners.size > MAX_OWNERS) this.owners.delete(this.owners.keys().next().value as string);
  }

  private tabMap<V>(maps: Map<number, Map<string, V>>, tabId: number): Map<string, V> {
    let m = maps.get(tabId);
    if (!m) {
      if (maps.size >= MAX_TABS) maps.delete(maps.keys().next().value as number);
      m = new Map();
      maps.set(tabId, m);
    }
    return m;
  }
}
