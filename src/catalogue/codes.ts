/**
 * The stable finding codes and how each maps onto the browsers' own names.
 * Chromium names are CDP `Network.CorsError` values; Firefox ids are `security.properties` keys
 * (the MDN page id is the same without the numeric suffix). Sources: shared research
 * cors-errors.md §1, Chromium `services/network/public/mojom/cors.mojom`, Gecko
 * `netwerk/protocol/http/nsCORSListenerProxy.cpp`.
 */

export const CHROMIUM_CORS_ERRORS = [
  'DisallowedByMode',
  'InvalidResponse',
  'WildcardOriginNotAllowed',
  'MissingAllowOriginHeader',
  'MultipleAllowOriginValues',
  'InvalidAllowOriginValue',
  'AllowOriginMismatch',
  'InvalidAllowCredentials',
  'CorsDisabledScheme',
  'PreflightInvalidStatus',
  'PreflightDisallowedRedirect',
  'PreflightWildcardOriginNotAllowed',
  'PreflightMissingAllowOriginHeader',
  'PreflightMultipleAllowOriginValues',
  'PreflightInvalidAllowOriginValue',
  'PreflightAllowOriginMismatch',
  'PreflightInvalidAllowCredentials',
  'PreflightMissingAllowExternal',
  'PreflightInvalidAllowExternal',
  'InvalidAllowMethodsPreflightResponse',
  'InvalidAllowHeadersPreflightResponse',
  'MethodDisallowedByPreflightResponse',
  'HeaderDisallowedByPreflightResponse',
  'RedirectContainsCredentials',
  'InsecureLocalNetwork',
  'InvalidLocalNetworkAccess',
  'NoCorsRedirectModeNotFollow',
  'LocalNetworkAccessPermissionDenied',
  // Removed from CDP in r1572739 (2026-01) with Private Network Access; still in older builds and saved HARs.
  'PreflightMissingAllowPrivateNetwork',
  'PreflightInvalidAllowPrivateNetwork',
  'UnexpectedPrivateNetworkAccess',
  'PreflightMissingPrivateNetworkAccessId',
  'PreflightMissingPrivateNetworkAccessName',
  'PrivateNetworkAccessPermissionUnavailable',
  'PrivateNetworkAccessPermissionDenied',
] as const;
export type ChromiumCorsError = (typeof CHROMIUM_CORS_ERRORS)[number];

/** Names Chromium used before a rename (r1581282, 2026-02): old → current. */
export const CHROMIUM_RENAMED: Readonly<Record<string, ChromiumCorsError>> = {
  InsecurePrivateNetwork: 'InsecureLocalNetwork',
  InvalidPrivateNetworkAccess: 'InvalidLocalNetworkAccess',
};

export const FIREFOX_REASONS = [
  'CORSDisabled',
  'CORSDidNotSucceed2',
  'CORSOriginHeaderNotAdded',
  'CORSExternalRedirectNotAllowed',
  'CORSRequestNotHttp',
  'CORSMissingAllowOrigin2',
  'CORSAllowOriginNotMatchingOrigin',
  'CORSNotSupportingCredentials',
  'CORSMultipleAllowOriginNotAllowed',
  'CORSMethodNotFound',
  'CORSMissingAllowCredentials',
  'CORSPreflightDidNotSucceed3',
  'CORSInvalidAllowMethod',
  'CORSInvalidAllowHeader',
  'CORSMissingAllowHeaderFromPreflight2',
  'CORSAllowHeaderFromPreflightDeprecation',
] as const;
export type FirefoxReason = (typeof FIREFOX_REASONS)[number];

export type Severity = 'error' | 'warning' | 'info';
export type FixTargetKind = 'server' | 'page' | 'network' | 'browser' | 'none';
export type ResponseSide = 'preflight' | 'actual' | 'redirect';

/**
 * How the engine can know about a code:
 * - `headers`: decided from what was on the wire;
 * - `browser`: only explained when the browser reports it (no HTTP header shows it);
 * - `obsolete`: no current browser produces it.
 */
export type Observability = 'headers' | 'browser' | 'obsolete';

export interface CodeInfo {
  severity: Severity;
  chromium: ChromiumCorsError | null;
  firefox: FirefoxReason | null;
  fixTarget: FixTargetKind;
  response: ResponseSide | null;
  observability: Observability;
}

const row = (
  severity: Severity,
  chromium: ChromiumCorsError | null,
  firefox: FirefoxReason | null,
  fixTarget: FixTargetKind,
  response: ResponseSide | null,
  observability: Observability = 'headers',
): CodeInfo => ({ severity, chromium, firefox, fixTarget, response, observability });

export const CODES = {
  // --- CORS check on the actual response (Fetch #cors-check) ---
  'missing-allow-origin': row('error', 'MissingAllowOriginHeader', 'CORSMissingAllowOrigin2', 'server', 'actual'),
  'error-response-without-cors': row('error', 'MissingAllowOriginHeader', 'CORSMissingAllowOrigin2', 'server', 'actual'),
  'wildcard-origin-with-credentials': row('error', 'WildcardOriginNotAllowed', 'CORSNotSupportingCredentials', 'server', 'actual'),
  'multiple-allow-origin': row('error', 'MultipleAllowOriginValues', 'CORSMultipleAllowOriginNotAllowed', 'server', 'actual'),
  'invalid-allow-origin': row('error', 'InvalidAllowOriginValue', 'CORSAllowOriginNotMatchingOrigin', 'server', 'actual'),
  'allow-origin-mismatch': row('error', 'AllowOriginMismatch', 'CORSAllowOriginNotMatchingOrigin', 'server', 'actual'),
  'invalid-allow-credentials': row('error', 'InvalidAllowCredentials', 'CORSMissingAllowCredentials', 'server', 'actual'),
  // --- the same check on the preflight (Fetch #cors-preflight-fetch) ---
  'preflight-missing-allow-origin': row('error', 'PreflightMissingAllowOriginHeader', 'CORSMissingAllowOrigin2', 'server', 'preflight'),
  'preflight-error-response-without-cors': row('error', 'PreflightMissingAllowOriginHeader', 'CORSMissingAllowOrigin2', 'server', 'preflight'),
  'preflight-wildcard-origin-with-credentials': row('error', 'PreflightWildcardOriginNotAllowed', 'CORSNotSupportingCredentials', 'server', 'preflight'),
  'preflight-multiple-allow-origin': row('error', 'PreflightMultipleAllowOriginValues', 'CORSMultipleAllowOriginNotAllowed', 'server', 'preflight'),
  'preflight-invalid-allow-origin': row('error', 'PreflightInvalidAllowOriginValue', 'CORSAllowOriginNotMatchingOrigin', 'server', 'preflight'),
  'preflight-allow-origin-mismatch': row('error', 'PreflightAllowOriginMismatch', 'CORSAllowOriginNotMatchingOrigin', 'server', 'preflight'),
  'preflight-invalid-allow-credentials': row('error', 'PreflightInvalidAllowCredentials', 'CORSMissingAllowCredentials', 'server', 'preflight'),
  'preflight-invalid-status': row('error', 'PreflightInvalidStatus', 'CORSPreflightDidNotSucceed3', 'server', 'preflight'),
  'preflight-redirect': row('error', 'PreflightDisallowedRedirect', 'CORSExternalRedirectNotAllowed', 'server', 'preflight'),
  'invalid-allow-methods': row('error', 'InvalidAllowMethodsPreflightResponse', 'CORSInvalidAllowMethod', 'server', 'preflight'),
  'invalid-allow-headers': row('error', 'InvalidAllowHeadersPreflightResponse', 'CORSInvalidAllowHeader', 'server', 'preflight'),
  'method-not-allowed': row('error', 'MethodDisallowedByPreflightResponse', 'CORSMethodNotFound', 'server', 'preflight'),
  'header-not-allowed': row('error', 'HeaderDisallowedByPreflightResponse', 'CORSMissingAllowHeaderFromPreflight2', 'server', 'preflight'),
  'invalid-response': row('error', 'InvalidResponse', 'CORSDidNotSucceed2', 'server', 'preflight', 'browser'),
  // --- redirects (Fetch #http-redirect-fetch) ---
  'redirect-contains-credentials': row('error', 'RedirectContainsCredentials', null, 'server', 'redirect'),
  // --- decided by the page or browser, before or beside the network ---
  'disallowed-by-mode': row('error', 'DisallowedByMode', null, 'page', null, 'browser'),
  'cors-disabled-scheme': row('error', 'CorsDisabledScheme', 'CORSRequestNotHttp', 'page', null, 'browser'),
  'no-cors-redirect-mode': row('error', 'NoCorsRedirectModeNotFollow', null, 'page', null, 'browser'),
  'insecure-local-network': row('error', 'InsecureLocalNetwork', null, 'page', null, 'browser'),
  'invalid-local-network-access': row('error', 'InvalidLocalNetworkAccess', null, 'page', null, 'browser'),
  'local-network-permission-denied': row('error', 'LocalNetworkAccessPermissionDenied', null, 'browser', null, 'browser'),
  'cors-disabled': row('error', null, 'CORSDisabled', 'browser', null, 'browser'),
  'origin-header-not-added': row('error', null, 'CORSOriginHeaderNotAdded', 'page', null, 'browser'),
  // --- obsolete Chromium values (kept so old reports and HARs still explain themselves) ---
  'preflight-missing-allow-external': row('error', 'PreflightMissingAllowExternal', null, 'server', 'preflight', 'obsolete'),
  'preflight-invalid-allow-external': row('error', 'PreflightInvalidAllowExternal', null, 'server', 'preflight', 'obsolete'),
  'preflight-missing-allow-private-network': row('error', 'PreflightMissingAllowPrivateNetwork', null, 'server', 'preflight', 'obsolete'),
  'preflight-invalid-allow-private-network': row('error', 'PreflightInvalidAllowPrivateNetwork', null, 'server', 'preflight', 'obsolete'),
  'unexpected-private-network-access': row('error', 'UnexpectedPrivateNetworkAccess', null, 'page', null, 'obsolete'),
  'preflight-missing-private-network-access-id': row('error', 'PreflightMissingPrivateNetworkAccessId', null, 'server', 'preflight', 'obsolete'),
  'preflight-missing-private-network-access-name': row('error', 'PreflightMissingPrivateNetworkAccessName', null, 'server', 'preflight', 'obsolete'),
  'private-network-permission-unavailable': row('error', 'PrivateNetworkAccessPermissionUnavailable', null, 'browser', null, 'obsolete'),
  'private-network-permission-denied': row('error', 'PrivateNetworkAccessPermissionDenied', null, 'browser', null, 'obsolete'),
  // --- not CORS at all: the request failed on the network (verdict "failed") ---
  'connection-refused': row('error', null, 'CORSDidNotSucceed2', 'network', null),
  'name-not-resolved': row('error', null, 'CORSDidNotSucceed2', 'network', null),
  'tls-failure': row('error', null, 'CORSDidNotSucceed2', 'network', null),
  'connection-reset': row('error', null, 'CORSDidNotSucceed2', 'network', null),
  'timed-out': row('error', null, 'CORSDidNotSucceed2', 'network', null),
  'empty-response': row('error', null, 'CORSDidNotSucceed2', 'network', null),
  'too-many-redirects': row('error', null, 'CORSDidNotSucceed2', 'server', 'redirect'),
  'unsafe-redirect': row('error', null, 'CORSDidNotSucceed2', 'server', 'redirect'),
  'blocked-by-client': row('error', null, 'CORSDidNotSucceed2', 'browser', null),
  'network-error': row('error', null, 'CORSDidNotSucceed2', 'network', null),
  // --- the browser blocked it, but what was seen on the wire allows it ---
  'unexplained-block': row('error', null, null, 'none', null, 'browser'),
  // --- seen in light capture mode (issue #7): only the failure, none of the headers ---
  'not-captured': row('error', null, null, 'none', null, 'browser'),
  // --- warnings on traffic that was allowed ---
  'reflected-origin-with-credentials': row('warning', null, null, 'server', 'actual'),
  'null-origin-allowed': row('warning', null, null, 'server', 'actual'),
  'missing-vary-origin': row('warning', null, null, 'server', 'actual'),
  'duplicate-cors-header': row('warning', null, null, 'server', 'actual'),
  'long-max-age': row('info', null, null, 'server', 'preflight'),
  'invalid-max-age': row('warning', null, null, 'server', 'preflight'),
  'wildcard-with-credentials-header': row('warning', null, null, 'server', 'actual'),
  'authorization-covered-by-wildcard': row('warning', null, 'CORSAllowHeaderFromPreflightDeprecation', 'server', 'preflight'),
  'invalid-expose-headers': row('warning', null, null, 'server', 'actual'),
  'forbidden-request-header': row('info', null, null, 'page', null),
} as const satisfies Record<string, CodeInfo>;

export type FindingCode = keyof typeof CODES;
export const FINDING_CODES = Object.keys(CODES) as FindingCode[];

export function codeInfo(code: FindingCode): CodeInfo {
  return CODES[code];
}

const BY_CHROMIUM = new Map<string, FindingCode>();
for (const code of FINDING_CODES) {
  const c = CODES[code].chromium;
  // The first code listed for a Chromium name is its canonical one.
  if (c && !BY_CHROMIUM.has(c)) BY_CHROMIUM.set(c, code);
}

/** Our code for a Chromium CorsError name (current or renamed), or null. */
export function codeForChromium(name: string): FindingCode | null {
  const current = CHROMIUM_RENAMED[name] ?? name;
  return BY_CHROMIUM.get(current) ?? null;
}
