/** Building findings: catalogue facts (codes.ts, texts.ts) plus what this exchange showed. */
import type { FirefoxReason, FindingCode } from './codes.js';
import { codeInfo } from './codes.js';
import { TITLES } from './titles.js';
import type { Finding, Fix, ResponseKind } from '../engine/types.js';

export interface FindingFacts {
  parameter?: string;
  header?: string | null;
  observed?: string | null;
  required?: string | null;
  response?: ResponseKind | null;
  hop?: number;
  /** Overrides the code's usual Firefox id when Firefox names this exact case differently. */
  firefox?: FirefoxReason | null;
  detail?: string;
  fix?: Fix;
}

const NO_FIX: Fix = { target: 'none', summary: '', changes: [], status: null, policy: null };

export function makeFinding(code: FindingCode, facts: FindingFacts = {}): Finding {
  const info = codeInfo(code);
  const header = facts.header ?? null;
  const observed = facts.observed ?? null;
  const required = facts.required ?? null;
  return {
    code,
    severity: info.severity,
    chromium: info.chromium,
    firefox: facts.firefox === undefined ? info.firefox : facts.firefox,
    title: TITLES[code],
    detail: facts.detail ?? describe(code, header, observed, required),
    parameter: facts.parameter ?? '',
    header,
    observed,
    required,
    response: facts.response ?? info.response,
    hop: facts.hop ?? 0,
    fix: facts.fix ?? { ...NO_FIX, target: info.fixTarget },
  };
}

const HEADER_NAMES: Record<string, string> = {
  'access-control-allow-origin': 'Access-Control-Allow-Origin',
  'access-control-allow-credentials': 'Access-Control-Allow-Credentials',
  'access-control-allow-methods': 'Access-Control-Allow-Methods',
  'access-control-allow-headers': 'Access-Control-Allow-Headers',
  'access-control-max-age': 'Access-Control-Max-Age',
  'access-control-expose-headers': 'Access-Control-Expose-Headers',
  location: 'Location',
  vary: 'Vary',
};

export function displayHeader(name: string): string {
  return HEADER_NAMES[name] ?? name;
}

function q(v: string | null): string {
  return v === null ? 'absent' : `"${v}"`;
}

/** Observed vs required, in words. Values are quoted and never interpreted. */
function describe(code: FindingCode, header: string | null, observed: string | null, required: string | null): string {
  const h = header ? displayHeader(header) : '';
  switch (code) {
    case 'method-not-allowed':
      return `${h} is ${q(observed)}; it does not list the method ${q(required)} (matching is case-sensitive).`;
    case 'header-not-allowed':
      return `${h} is ${q(observed)}; it does not list the request header ${q(required)}.`;
    case 'invalid-allow-methods':
    case 'invalid-allow-headers':
      return `${h} is ${q(observed)}, which is not a comma-separated list of tokens.`;
    case 'preflight-invalid-status':
      return `The preflight was answered with status ${observed ?? '?'}; it must be 2xx (200-299).`;
    case 'preflight-redirect':
      return `The preflight was redirected to ${q(observed)}; preflights must not redirect.`;
    case 'redirect-contains-credentials':
      return `The redirect Location ${q(observed)} contains a username or password.`;
  }
  if (header && required !== null) return `${h} is ${q(observed)}; it must be ${q(required)}.`;
  if (header) return `${h} is ${q(observed)}.`;
  return observed ?? '';
}
