/**
 * A model of the browser's preflight cache (Fetch #cors-preflight-cache), kept only to explain a
 * request that needed a preflight and sent none: which passing preflight, and its max-age, let
 * it skip one. Keyed like the browser's (initiator origin + URL; the partition key is the tab's).
 */
import { flatGet } from './flat.js';
import { effectiveMaxAge } from '../engine/max-age.js';
import type { Profile } from '../engine/profile.js';
import { Fifo } from '../log/fifo.js';
import type { PreflightSnapshot, RequestRecord } from './record.js';

export class PreflightCacheModel {
  readonly #entries = new Map<string, number>();
  readonly #order = new Fifo();

  readonly #profile: Profile;
  readonly #max: number;

  constructor(profile: Profile, max = 2_000) {
    this.#profile = profile;
    this.#max = max;
  }

  /** A preflight for `initiator` → `url` passed: remember how long the browser may reuse it. */
  passed(initiator: string | null, url: string, snap: PreflightSnapshot): void {
    const status = snap.status;
    if (status === null || status < 200 || status > 299) return;
    const key = `${initiator} ${url}`;
    const fresh = !this.#entries.has(key);
    this.#entries.set(key, effectiveMaxAge(flatGet(snap.responseHeaders, 'access-control-max-age'), this.#profile).seconds);
    if (!fresh) return;
    this.#order.push(key);
    if (this.#entries.size > this.#max) {
      const entries = this.#entries;
      const oldest = this.#order.shift((k) => entries.has(k));
      if (oldest !== undefined) entries.delete(oldest);
    }
  }

  /** Marks the hops of a finished request that needed a preflight the cache answered. */
  explain(rec: RequestRecord): void {
    for (const hop of rec.hops) {
      if (hop.preflight || hop.cachedMaxAge !== undefined || hop.status === undefined) continue;
      const maxAge = this.#entries.get(`${rec.initiator} ${hop.url}`);
      if (maxAge !== undefined) hop.cachedMaxAge = maxAge;
    }
  }
}
