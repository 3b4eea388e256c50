/**
 * The report: what the background knows about the tab's cross-origin requests. Public contract
 * (`cors-lens/report`, exports, users' scripts): change only by adding fields.
 */
import type { HeaderPair } from '../http/headers.js';
import type { FindingCode } from '../catalogue/codes.js';
import type { CredentialsMode, Finding, UnsafeHeaderReason } from '../engine/types.js';
import type { ProxyInfo } from '../proxy/types.js';

export type EntryVerdict = 'allowed' | 'blocked' | 'failed' | 'pending';

/** How the entry was recorded (issue #7): full capture, or the light failures-only mode. */
export type CaptureMode = 'full' | 'light';

export interface ReportEntry {
  id: string;
  tabId: number;
  /** The URL as first requested. */
  url: string;
  /** The URL of the last hop (differs after redirects). */
  finalUrl: string;
  method: string;
  /** Serialized origin of the page that made the request, or 'null'. */
  initiator: string;
  /** webRequest resource type (`xmlhttprequest`, `font`, …). */
  type: string;
  /** Milliseconds since the epoch. */
  startedAt: number;
  verdict: EntryVerdict;
  reasons: Finding[];
  warnings: Finding[];
  credentials: { mode: CredentialsMode; inferred: boolean };
  /** The preflight that decided (the last one sent), or null when none was on the wire and none was needed. */
  preflight: {
    status: number | null;
    requestHeaders: HeaderPair[];
    responseHeaders: HeaderPair[];
    /** The preflight was needed but served from the browser's preflight cache. */
    cached: boolean;
    /** For a cached preflight: the max-age (seconds) of the preflight that filled the cache, when seen. */
    maxAge?: number | null;
  } | null;
  response: { status: number; headers: HeaderPair[] } | null;
  /**
   * Each redirect followed: its status, where it went, and `method` when it changed the method the
   * request went on with (301/302 turn a POST into a GET, 303 every method but HEAD).
   */
  redirects: { status: number; location: string; method?: string }[];
  /** The CORS proxy the request goes through (issue #5), or null. */
  proxy: ProxyInfo | null;
  /** Additions (issue #3): the network error string when there was one, and the request headers sent. */
  error?: string | null;
  requestHeaders?: HeaderPair[];
  /** Addition (issue #7): how it was recorded. `light` entries carry only the failure. */
  mode?: CaptureMode;
  /**
   * Addition (issue #4): the same request under each browser's rules and the Fetch standard
   * ("would this fail in Firefox too?"), and what would make each one send a preflight.
   */
  browsers?: BrowserViews;
  /**
   * Addition (issue #5): `no-cors` for a request outside CORS mode (a script, style, image or
   * frame) logged only because it goes through a proxy; no CORS check applies to it.
   */
  requestMode?: 'cors' | 'no-cors';
  /** When the request ended (ms since the epoch); null while it is open, or when its end was never seen. */
  endedAt?: number | null;
  /**
   * Set while the request has not ended: `open` (running: waiting for its response, or reading a
   * long body such as a stream), `stalled` (no response and no news for 30 s), `unfinished` (no end
   * seen within 5 minutes: CORS Lens stopped waiting for it). The verdict is what is known.
   */
  progress?: 'open' | 'stalled' | 'unfinished';
}

export interface BrowserView {
  /** Verdict and first reason there; null when the entry cannot be re-judged faithfully (redirects, light capture, pending). */
  outcome: { verdict: EntryVerdict; code: FindingCode | null } | null;
  /** The non-safelisted method and request headers that need a preflight there (none: a simple request). */
  preflight: { method: string | null; headers: { name: string; reason: UnsafeHeaderReason }[] };
}

export type BrowserViews = Record<'chromium' | 'firefox' | 'spec', BrowserView>;

export interface Report {
  schema: 'cors-lens.report/1';
  /** ISO 8601. */
  generatedAt: string;
  browser: 'chromium' | 'firefox';
  entries: ReportEntry[];
}
