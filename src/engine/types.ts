import type { HeaderList } from '../http/headers.js';
import type { ChromiumCorsError, FindingCode, FirefoxReason } from '../catalogue/codes.js';

export type BrowserId = 'chromium' | 'firefox' | 'spec';
/** `pending`: the exchange is not complete yet (no response and no error seen). */
export type Verdict = 'allowed' | 'blocked' | 'failed' | 'pending';
export type CredentialsMode = 'include' | 'same-origin' | 'omit' | 'unknown';
export type RequestMode = 'cors' | 'same-origin' | 'no-cors';

export interface ObservedResponse {
  status: number;
  headers: HeaderList;
  /**
   * Repeated header lines reached us joined into one pair, named as the first line was (Firefox's
   * webRequest does this): how many lines there were, and the case of the others' names, is lost.
   */
  joined?: boolean;
}

/** What was seen of the preflight at one hop. */
export type PreflightObservation =
  /** An OPTIONS went on the wire and headers came back. */
  | { kind: 'sent'; requestHeaders?: HeaderList; response: ObservedResponse }
  /** An OPTIONS went on the wire and failed before any response headers (reset, refused…). */
  | { kind: 'error'; error: string }
  /** No OPTIONS on the wire although one was needed: the preflight cache answered. */
  | { kind: 'cached'; maxAge?: number };

/** One URL of the request's URL list: the first request, then one per followed redirect. */
export interface Hop {
  url: string;
  preflight?: PreflightObservation;
  response?: ObservedResponse;
  /** Network error of the actual request at this hop (e.g. `net::ERR_CONNECTION_REFUSED`, `ECONNREFUSED`). */
  error?: string;
}

/** Everything seen of one cross-origin fetch, as the engine's input. */
export interface Exchange {
  /** Serialized origin of the page that made the request (`null` for opaque origins). */
  origin: string;
  /** Method as the page passed it (normalised here as fetch() does). */
  method: string;
  /** Request headers the page set (author headers). Browser-added ones may be mixed in; forbidden names are ignored. */
  headers: HeaderList;
  credentials: CredentialsMode;
  /** Headers actually sent on the first hop, when seen (Cookie there is evidence for credentials). */
  wireHeaders?: HeaderList;
  mode?: RequestMode;
  hops: Hop[];
  /**
   * A second answer of the same server to the same request from a foreign Origin, when someone
   * asked (the CLI's probe). It tells an allowlist from an origin reflected back to anyone.
   */
  probe?: { origin: string; response: ObservedResponse };
  /** The browser's own outcome when known: true = it failed the request (e.g. `net::ERR_FAILED`). */
  browserFailed?: boolean;
}

export type Severity = 'error' | 'warning' | 'info';
export type ResponseKind = 'preflight' | 'actual' | 'redirect';

/** One header change the server (or page) must make. */
export interface HeaderChange {
  response: ResponseKind;
  header: string;
  action: 'set' | 'remove';
  value: string | null;
  current: string | null;
}

/** The CORS configuration that would let this exact request through; input to the server snippets. */
export interface CorsPolicy {
  /** Exact origin to allow (`null` after a tainting redirect), or `*` when credentials are not needed. */
  origin: string;
  credentials: boolean;
  /** Non-safelisted methods to allow, as sent (method matching is case-sensitive). */
  methods: string[];
  /** Request header names to allow, lower-cased. */
  requestHeaders: string[];
  /** Response headers the page must be able to read. */
  exposeHeaders: string[];
  /** Preflight cache lifetime to advertise, seconds; null = leave unset. */
  maxAge: number | null;
  /** Whether the request is preflighted (the server must answer OPTIONS). */
  preflight: boolean;
  /** Path of the URL the policy protects, e.g. `/api/items`. */
  path: string;
}

export type FixTarget = 'server' | 'page' | 'network' | 'browser' | 'none';

export interface Fix {
  target: FixTarget;
  /** One sentence: what to change. */
  summary: string;
  changes: HeaderChange[];
  /** A status the response must have instead (e.g. the preflight must answer 2xx), or null. */
  status: { response: ResponseKind; current: number; required: number } | null;
  /** Present when the server can fix it; snippets are rendered from it on demand (see fix/snippets.ts). */
  policy: CorsPolicy | null;
  /** Filled only by callers that ask for them (CLI --json): server id → snippet text. */
  snippets?: Record<string, string>;
}

export interface Finding {
  code: FindingCode;
  severity: Severity;
  /** Chromium's `Network.CorsError` name when one exists. */
  chromium: ChromiumCorsError | null;
  /** Firefox's `security.properties` reason id when one exists. */
  firefox: FirefoxReason | null;
  title: string;
  /** Observed vs required, in words. */
  detail: string;
  /** As Chromium's `failedParameter`: the failing method, header name or value; '' when none. */
  parameter: string;
  /** The header that decides it, lower-cased; null when none. */
  header: string | null;
  /** Combined value seen (null = absent). */
  observed: string | null;
  /** Value needed (null = should be absent / not applicable). */
  required: string | null;
  response: ResponseKind | null;
  /** Index into `Exchange.hops`. */
  hop: number;
  fix: Fix;
}

export type UnsafeHeaderReason =
  | 'not-safelisted'
  | 'value-too-long'
  | 'unsafe-byte'
  | 'content-type'
  | 'range'
  | 'language-chars'
  | 'total-too-long';

export interface PreflightNeed {
  needed: boolean;
  /** The method that needs a preflight (not GET/HEAD/POST), or null. */
  method: string | null;
  /** CORS-unsafe request-header names (lower-cased, sorted): what Access-Control-Request-Headers lists. */
  headers: string[];
  /** Why each header is unsafe. */
  headerReasons: { name: string; reason: UnsafeHeaderReason }[];
}

export interface HopAnalysis {
  url: string;
  method: string;
  /** Request headers the page's request carries at this hop (forbidden ones removed; redirects drop some). */
  requestHeaders: HeaderList;
  /** The Origin header value sent at this hop (`null` after a tainting redirect); null when none. */
  originSent: string | null;
  /** Whether the CORS protocol applies at this hop (cross-origin, or tainting already "cors"). */
  cors: boolean;
  preflight: PreflightNeed;
  /** Effective preflight cache lifetime in seconds for the profile, when a preflight passed. */
  maxAge: number | null;
  preflightCached: boolean;
}

export interface Exposure {
  /** Response header names script can read. */
  exposed: string[];
  /** Response header names present but hidden from script. */
  hidden: string[];
}

export interface CredentialsInfo {
  mode: CredentialsMode;
  inferred: boolean;
  evidence: 'declared' | 'cookie-header' | 'authorization-header' | 'failure' | 'none';
}

export interface Diagnosis {
  browser: BrowserId;
  verdict: Verdict;
  reasons: Finding[];
  warnings: Finding[];
  credentials: CredentialsInfo;
  hops: HopAnalysis[];
  /** Exposure of the final response's headers, when it was allowed. */
  exposure: Exposure | null;
  /** Status of a 4xx/5xx answer that also lacked CORS headers ("is this even CORS?"), else null. */
  serverError: number | null;
}
