import type { BrowserId } from './types.js';

/** The rules on which browsers differ (research cors-errors.md §3.13). */
export interface Profile {
  id: BrowserId;
  /**
   * `Access-Control-Allow-Headers: *` and `Authorization`. The spec never lets `*` cover it
   * (#cors-non-wildcard-request-header-name). Chromium still does (feature
   * CorsNonWildcardRequestHeadersSupport is off by default); Firefox does and warns
   * (pref network.cors_preflight.authorization_covered_by_wildcard, default true since 115).
   */
  authorizationUnderWildcard: 'blocked' | 'allowed' | 'allowed-with-warning';
  /** Preflight cache: seconds when the header is absent, the cap, and how values are parsed. */
  maxAgeDefault: number;
  maxAgeCap: number;
  /** chromium: unparsable → default, negative → 0. firefox: anything but digits → not cached. spec: delta-seconds, failure → default. */
  maxAgeParsing: 'chromium' | 'firefox' | 'spec';
  /** Chromium also safelists client hints and a few others (cors.cc IsCorsSafelistedHeader). */
  extraSafelistedHeaders: boolean;
  /**
   * Duplicate Access-Control-Allow-Origin lines: Chromium joins them (", ") and reports
   * MultipleAllowOriginValues when the value has a space or comma; Firefox counts lines.
   */
  allowOriginDuplicates: 'joined' | 'lines';
  /**
   * Order of the preflight checks. chromium (preflight_controller.cc): redirect, CORS check,
   * status, parse ACAM and ACAH, method, headers. firefox (nsCORSListenerProxy.cpp): CORS check,
   * redirect, status, ACAM parse+method, ACAH parse+headers. spec (#cors-preflight-fetch):
   * CORS check and ok status, parse both, method, Authorization, headers.
   */
  preflightOrder: 'chromium' | 'firefox' | 'spec';
  /**
   * The Origin a preflight carries after a tainting redirect. The spec and Chromium send `null`;
   * Firefox 153 sends the page's origin (observed: test/fixtures/events/firefox/preflighted-redirect-tainted.json).
   */
  preflightOriginAfterTaint: 'null' | 'origin';
  /**
   * A redirect to a URL with userinfo. Chromium: the CORS error RedirectContainsCredentials. Firefox
   * 153 follows it and fails on the network ("CORS request did not succeed"): not a CORS verdict.
   */
  redirectCredentials: 'blocked' | 'failed';
}

export const CHROMIUM: Profile = {
  id: 'chromium',
  authorizationUnderWildcard: 'allowed',
  maxAgeDefault: 5,
  maxAgeCap: 7200,
  maxAgeParsing: 'chromium',
  extraSafelistedHeaders: true,
  allowOriginDuplicates: 'joined',
  preflightOrder: 'chromium',
  preflightOriginAfterTaint: 'null',
  redirectCredentials: 'blocked',
};

export const FIREFOX: Profile = {
  id: 'firefox',
  authorizationUnderWildcard: 'allowed-with-warning',
  maxAgeDefault: 5,
  maxAgeCap: 86400,
  maxAgeParsing: 'firefox',
  extraSafelistedHeaders: false,
  allowOriginDuplicates: 'lines',
  preflightOrder: 'firefox',
  preflightOriginAfterTaint: 'origin',
  redirectCredentials: 'failed',
};

/** The Fetch standard as written. Its cache cap is the strictest shipping one (WebKit, 600 s). */
export const SPEC: Profile = {
  id: 'spec',
  authorizationUnderWildcard: 'blocked',
  maxAgeDefault: 5,
  maxAgeCap: 600,
  maxAgeParsing: 'spec',
  extraSafelistedHeaders: false,
  allowOriginDuplicates: 'joined',
  preflightOrder: 'spec',
  preflightOriginAfterTaint: 'null',
  redirectCredentials: 'blocked',
};

export const PROFILES: Readonly<Record<BrowserId, Profile>> = { chromium: CHROMIUM, firefox: FIREFOX, spec: SPEC };

export function profileFor(id: BrowserId): Profile {
  return PROFILES[id];
}
