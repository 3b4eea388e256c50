import { has } from '../http/headers.js';
import type { CredentialsInfo, Exchange } from './types.js';

/**
 * Credentials mode is not on the wire (research cors-errors.md §5). A Cookie header on a
 * cross-origin request proves "include"; so does an Authorization the page did not set
 * (cached HTTP auth). Absence proves nothing. "failure" evidence is added by diagnose().
 */
export function credentialsFromEvidence(ex: Exchange): CredentialsInfo {
  if (ex.credentials !== 'unknown') return { mode: ex.credentials, inferred: false, evidence: 'declared' };
  const wire = ex.wireHeaders;
  if (!wire || wire.length === 0) return NO_EVIDENCE;
  if (has(wire, 'cookie')) return { mode: 'include', inferred: true, evidence: 'cookie-header' };
  if (has(wire, 'authorization') && !has(ex.headers, 'authorization')) {
    return { mode: 'include', inferred: true, evidence: 'authorization-header' };
  }
  return NO_EVIDENCE;
}

const NO_EVIDENCE: CredentialsInfo = Object.freeze({ mode: 'unknown', inferred: false, evidence: 'none' });
