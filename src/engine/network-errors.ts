/**
 * Telling a CORS block from a network failure by the error a browser or Node reports.
 * Chromium's webRequest gives `net::ERR_FAILED` for every CORS failure; Firefox gives
 * `NS_ERROR_DOM_BAD_URI` for a failed preflight (research feasibility.md §2.1, §5.2).
 */
import type { FindingCode } from '../catalogue/codes.js';

/** Errors that mean "the browser's CORS logic refused it", not a network problem. */
export function isCorsSignal(error: string): boolean {
  return error === 'net::ERR_FAILED' || error === 'NS_ERROR_DOM_BAD_URI';
}

const RULES: [RegExp, FindingCode][] = [
  [/CONNECTION_REFUSED|ECONNREFUSED/i, 'connection-refused'],
  [/NAME_NOT_RESOLVED|UNKNOWN_HOST|ENOTFOUND|EAI_AGAIN|NAME_RESOLUTION/i, 'name-not-resolved'],
  [/CERT|SSL|TLS|SEC_ERROR|EPROTO|SELF_SIGNED|UNABLE_TO_VERIFY|CERTIFICATE/i, 'tls-failure'],
  [/EMPTY_RESPONSE|socket hang up|NET_INTERRUPT|NET_PARTIAL_TRANSFER/i, 'empty-response'],
  [/RESET|ECONNRESET|CONNECTION_CLOSED|CONNECTION_ABORTED|EPIPE|NET_RESET/i, 'connection-reset'],
  [/TIMED_OUT|TIMEOUT|ETIMEDOUT/i, 'timed-out'],
  [/TOO_MANY_REDIRECTS|REDIRECT_LOOP/i, 'too-many-redirects'],
  [/UNSAFE_REDIRECT|INVALID_REDIRECT/i, 'unsafe-redirect'],
  [/BLOCKED_BY_CLIENT|BLOCKED_BY_ADMINISTRATOR|NS_ERROR_ABORT/i, 'blocked-by-client'],
  [/LOCAL_NETWORK_ACCESS/i, 'local-network-permission-denied'],
];

/** Our code for a network error string (Chromium `net::…`, Gecko `NS_…`, Node `E…`). */
export function classifyNetworkError(error: string): FindingCode {
  for (const [re, code] of RULES) if (re.test(error)) return code;
  return 'network-error';
}
