import type { HeaderPair } from '../http/headers.js';

/** Header values that are secrets: never shown or exported unless asked for explicitly. */
const SECRET = new Set(['cookie', 'set-cookie', 'authorization', 'proxy-authorization']);
export const REDACTED = '[redacted]';

export function redactHeaders(headers: readonly HeaderPair[], redact: boolean): HeaderPair[] {
  if (!redact) return headers.map(([n, v]) => [n, v]);
  return headers.map(([n, v]) => [n, SECRET.has(n.toLowerCase()) ? REDACTED : v]);
}
