/**
 * Access-Control-Max-Age and the preflight cache lifetime (Fetch #cors-preflight-cache, step 6 of
 * #cors-preflight-fetch). Chromium: preflight_result.cc (unparsable → 5 s, negative → 0, cap 2 h).
 * Firefox: nsCORSListenerProxy.cpp AddResultToCache (digits only, else no caching; cap 24 h).
 */
import type { Profile } from './profile.js';

export interface MaxAge {
  /** The header value as seen, or null when absent. */
  raw: string | null;
  /** Seconds this browser will reuse the preflight for (0 = not cached). */
  seconds: number;
  /** False when the value does not parse as delta-seconds (the browser falls back or refuses). */
  valid: boolean;
  /** The value asked for more than the browser allows and was clamped. */
  clamped: boolean;
}

const DIGITS = /^\d+$/;
const SIGNED = /^-?\d+$/;

export function effectiveMaxAge(raw: string | null, profile: Profile): MaxAge {
  if (raw === null || (profile.maxAgeParsing === 'firefox' && raw === '')) {
    return { raw, seconds: profile.maxAgeDefault, valid: true, clamped: false };
  }
  const value = raw.trim();
  const clamp = (n: number): MaxAge => ({ raw, seconds: Math.min(n, profile.maxAgeCap), valid: true, clamped: n > profile.maxAgeCap });
  switch (profile.maxAgeParsing) {
    case 'chromium':
      if (!SIGNED.test(value)) return { raw, seconds: profile.maxAgeDefault, valid: false, clamped: false };
      return value.startsWith('-') ? { raw, seconds: 0, valid: false, clamped: false } : clamp(Number(value));
    case 'firefox':
      return DIGITS.test(value) ? clamp(Number(value)) : { raw, seconds: 0, valid: false, clamped: false };
    case 'spec':
      return DIGITS.test(value) ? clamp(Number(value)) : { raw, seconds: profile.maxAgeDefault, valid: false, clamped: false };
  }
}
