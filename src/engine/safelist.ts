/**
 * The request side of CORS: which methods and request headers are safelisted, and so whether a
 * preflight is needed (Fetch #cors-safelisted-method, #cors-safelisted-request-header,
 * #cors-unsafe-request-header-names, #forbidden-request-header).
 */
import type { HeaderList } from '../http/headers.js';
import { trimHttpWhitespace } from '../http/headers.js';
import { mimeEssence } from '../http/mime.js';
import type { Profile } from './profile.js';
import type { PreflightNeed, UnsafeHeaderReason } from './types.js';

export function isSafelistedMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'POST';
}

const NORMALISED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);

/** fetch()/XHR upper-case only these six (Fetch #concept-method-normalize); `patch` stays `patch`. */
export function normaliseMethod(method: string): string {
  const upper = method.toUpperCase();
  return NORMALISED_METHODS.has(upper) ? upper : method;
}

const FORBIDDEN_NAMES = new Set([
  'accept-charset', 'accept-encoding', 'access-control-request-headers', 'access-control-request-method',
  'connection', 'content-length', 'cookie', 'cookie2', 'date', 'dnt', 'expect', 'host', 'keep-alive',
  'origin', 'referer', 'set-cookie', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'via',
]);
const METHOD_OVERRIDE_NAMES = new Set(['x-http-method', 'x-http-method-override', 'x-method-override']);
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

/** Script cannot set these; the browser drops or replaces them, so they never cause a preflight. */
export function isForbiddenRequestHeader(name: string, value: string): boolean {
  const n = name.toLowerCase();
  if (FORBIDDEN_NAMES.has(n) || n.startsWith('proxy-') || n.startsWith('sec-')) return true;
  if (METHOD_OVERRIDE_NAMES.has(n)) {
    return value.split(',').some((m) => FORBIDDEN_METHODS.has(trimHttpWhitespace(m).toUpperCase()));
  }
  return false;
}

/** Fetch #cors-unsafe-request-header-byte. */
function hasUnsafeByte(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return true;
    switch (c) {
      case 0x22: case 0x28: case 0x29: case 0x3a: case 0x3c: case 0x3e: case 0x3f:
      case 0x40: case 0x5b: case 0x5c: case 0x5d: case 0x7b: case 0x7d:
        return true;
    }
  }
  return false;
}

const LANGUAGE_VALUE = /^[0-9A-Za-z *,\-.;=]*$/;
/** A single `bytes=N-` or `bytes=N-M` without whitespace (Fetch #simple-range-header-value). */
const SIMPLE_RANGE = /^bytes=(\d+)-(\d*)$/;
/** Chromium's loose numeric checks for client hints (cors.cc IsSimilarToDoubleABNF / IsSimilarToIntABNF). */
const DOUBLE_LIKE = /^[0-9.]+$/;
const INT_LIKE = /^[0-9]+$/;

export function byteLength(value: string): number {
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? (i++, 4) : 3;
  }
  return n;
}

/** Why one header is not CORS-safelisted, or null when it is. `name` must be lower-cased. */
export function unsafeReason(name: string, value: string, profile: Profile): UnsafeHeaderReason | null {
  if (byteLength(value) > 128) return 'value-too-long';
  switch (name) {
    case 'accept':
      return hasUnsafeByte(value) ? 'unsafe-byte' : null;
    case 'accept-language':
    case 'content-language':
      return LANGUAGE_VALUE.test(value) ? null : 'language-chars';
    case 'content-type': {
      if (hasUnsafeByte(value)) return 'unsafe-byte';
      const essence = mimeEssence(value);
      return essence === 'application/x-www-form-urlencoded' || essence === 'multipart/form-data' || essence === 'text/plain'
        ? null
        : 'content-type';
    }
    case 'range': {
      const m = SIMPLE_RANGE.exec(value);
      if (!m) return 'range';
      return m[2] !== '' && Number(m[1]) > Number(m[2]) ? 'range' : null;
    }
  }
  if (profile.extraSafelistedHeaders) {
    switch (name) {
      case 'device-memory':
      case 'dpr':
      case 'downlink':
        return DOUBLE_LIKE.test(value) ? null : 'not-safelisted';
      case 'width':
      case 'viewport-width':
      case 'rtt':
        return INT_LIKE.test(value) ? null : 'not-safelisted';
      case 'save-data':
        return value.toLowerCase() === 'on' ? null : 'not-safelisted';
      case 'ect':
      case 'intervention':
        return null;
    }
  }
  return 'not-safelisted';
}

/**
 * Fetch #cors-unsafe-request-header-names, forbidden names excluded: what a preflight's
 * Access-Control-Request-Headers lists, lower-cased, de-duplicated, sorted.
 */
export function preflightNeed(method: string, headers: HeaderList, profile: Profile): PreflightNeed {
  const reasons = new Map<string, UnsafeHeaderReason>();
  const safelisted: string[] = [];
  let safelistedBytes = 0;
  for (const [rawName, rawValue] of headers) {
    const value = trimHttpWhitespace(rawValue);
    if (isForbiddenRequestHeader(rawName, value)) continue;
    const name = rawName.toLowerCase();
    const why = unsafeReason(name, value, profile);
    if (why) {
      if (!reasons.has(name)) reasons.set(name, why);
    } else {
      safelisted.push(name);
      safelistedBytes += byteLength(value);
    }
  }
  // More than 1024 bytes of safelisted values make all of them unsafe.
  if (safelistedBytes > 1024) for (const name of safelisted) if (!reasons.has(name)) reasons.set(name, 'total-too-long');
  const names = [...reasons.keys()].sort();
  const unsafeMethod = isSafelistedMethod(method) ? null : method;
  return {
    needed: unsafeMethod !== null || names.length > 0,
    method: unsafeMethod,
    headers: names,
    headerReasons: names.map((name) => ({ name, reason: reasons.get(name) ?? 'not-safelisted' })),
  };
}

/** Author headers with forbidden names removed (what the browser would actually send from script). */
export function withoutForbidden(headers: HeaderList): HeaderList {
  return headers.filter(([n, v]) => !isForbiddenRequestHeader(n, trimHttpWhitespace(v)));
}
