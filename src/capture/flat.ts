/**
 * Header lists as stored in records: one flat array `[name0, value0, name1, value1, …]` with
 * interned strings. A pair array costs ~64 bytes per header in V8; a flat one ~16. The engine
 * still gets pairs, made on demand.
 */
import type { HeaderPair } from '../http/headers.js';
import { intern } from './intern.js';

export type FlatHeaders = string[];

export function toFlat(pairs: readonly (readonly [string, string])[]): FlatHeaders {
  const out: string[] = new Array(pairs.length * 2);
  for (let i = 0; i < pairs.length; i++) {
    const p = pairs[i] as readonly [string, string];
    out[2 * i] = intern(p[0]);
    out[2 * i + 1] = intern(p[1]);
  }
  return out;
}

export function fromFlat(flat: FlatHeaders | null | undefined): HeaderPair[] {
  if (!flat) return [];
  const out: HeaderPair[] = new Array(flat.length >> 1);
  for (let i = 0; i + 1 < flat.length; i += 2) out[i >> 1] = [flat[i] as string, flat[i + 1] as string];
  return out;
}

/** First value of a header (name compared case-insensitively), or null. */
export function flatGet(flat: FlatHeaders | null | undefined, lowerName: string): string | null {
  if (!flat) return null;
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const n = flat[i] as string;
    if (n.length === lowerName.length && n.toLowerCase() === lowerName) return (flat[i + 1] as string).trim();
  }
  return null;
}
