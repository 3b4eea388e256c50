/**
 * The CORS check (Fetch #cors-check) on one response, classified as each browser classifies it.
 * Chromium: services/network/public/cpp/cors/cors.cc CheckAccess. Firefox:
 * netwerk/protocol/http/nsCORSListenerProxy.cpp CheckRequestApproved.
 */
import type { HeaderList } from '../http/headers.js';
import { getAll, get } from '../http/headers.js';
import { parsesAsUrl } from '../http/origin.js';
import type { FirefoxReason } from '../catalogue/codes.js';
import type { Profile } from './profile.js';

export type CorsCheckKind = 'wildcard' | 'missing' | 'multiple' | 'invalid' | 'mismatch' | 'credentials';

export interface CorsCheckFailure {
  kind: CorsCheckKind;
  /** As Chromium's failedParameter. */
  parameter: string;
  header: 'access-control-allow-origin' | 'access-control-allow-credentials';
  observed: string | null;
  required: string;
  /** Firefox's reason for this exact response (it can differ from the code's usual one). */
  firefox: FirefoxReason;
}

const ACAO = 'access-control-allow-origin';
const ACAC = 'access-control-allow-credentials';

/** The name Gecko compares header lines against, byte for byte, when it counts ACAO lines. */
const ACAO_CANONICAL = 'Access-Control-Allow-Origin';

/**
 * Does Firefox see two or more Access-Control-Allow-Origin lines? It counts lines whose name is
 * exactly `Access-Control-Allow-Origin` (case-sensitive: two `access-control-allow-origin` lines, as
 * Node writes them and as every HTTP/2 response has them, are joined and compared as one value;
 * measured in Firefox ESR 153.8, research feasibility.md §7.13). When the lines arrived already
 * joined (Firefox's webRequest), a joined value of identical parts under the exact name most likely
 * was repeated canonical lines (an app and a proxy both adding the header); that is the guess, and it
 * is wrong for one canonical plus one lower-case line, which Firefox joins (the two cannot be told
 * apart from its webRequest).
 */
function firefoxCountsMultiple(headers: HeaderList, lines: readonly string[], value: string | null, joined: boolean): boolean {
  let exact = 0;
  for (const [name] of headers) if (name === ACAO_CANONICAL) exact++;
  if (exact >= 2) return true;
  return joined && exact === 1 && lines.length === 1 && value !== null && looksRepeated(value);
}

/**
 * @param originSent the serialized origin the request carried (`null` after a tainting redirect)
 * @param include whether the request's credentials mode is "include"
 * @param joined repeated lines arrived joined into one (ObservedResponse.joined)
 */
export function corsCheck(headers: HeaderList, originSent: string, include: boolean, profile: Profile, joined = false): CorsCheckFailure | null {
  const lines = getAll(headers, ACAO);
  const value = lines.length === 0 ? null : lines.join(', ');
  const fail = (kind: CorsCheckKind, firefox: FirefoxReason, parameter = value ?? ''): CorsCheckFailure => ({
    kind,
    parameter,
    header: ACAO,
    observed: value,
    required: originSent,
    firefox,
  });

  if (profile.allowOriginDuplicates === 'lines') {
    // Gecko visits the raw header lines first: two or more canonical ones is its own reason; other
    // repeats are joined with ", " and compared as one value below (nsCORSListenerProxy.cpp).
    if (firefoxCountsMultiple(headers, lines, value, joined)) return fail('multiple', 'CORSMultipleAllowOriginNotAllowed');
    if (value === null) return fail('missing', 'CORSMissingAllowOrigin2', '');
    if (include && value === '*') return fail('wildcard', 'CORSNotSupportingCredentials', '');
    if ((include || value !== '*') && value !== originSent) {
      return fail(classifyMismatch(value), 'CORSAllowOriginNotMatchingOrigin');
    }
  } else {
    if (value === '*') {
      if (include) return fail('wildcard', 'CORSNotSupportingCredentials', '');
      return null; // ACAC is not consulted when `*` passes.
    }
    if (value === null) return fail('missing', 'CORSMissingAllowOrigin2', '');
    if (value !== originSent) {
      const kind = classifyMismatch(value);
      return fail(kind, firefoxCountsMultiple(headers, lines, value, joined) ? 'CORSMultipleAllowOriginNotAllowed' : 'CORSAllowOriginNotMatchingOrigin');
    }
  }
  if (!include) return null;
  const acac = get(headers, ACAC);
  if (acac === 'true') return null;
  return {
    kind: 'credentials',
    parameter: acac ?? '',
    header: ACAC,
    observed: acac,
    required: 'true',
    firefox: 'CORSMissingAllowCredentials',
  };
}

function looksRepeated(value: string): boolean {
  const parts = value.split(', ');
  return parts.length > 1 && parts.every((p) => p === parts[0]);
}

/** Chromium's split of a non-matching value: a list, a non-URL, or a well-formed other origin. */
function classifyMismatch(value: string): CorsCheckKind {
  if (/[ ,]/.test(value)) return 'multiple';
  if (value === 'null') return 'mismatch';
  if (!parsesAsUrl(value)) return 'invalid';
  return 'mismatch';
}
