import { isToken } from './tokens.js';
import { trimHttpWhitespace } from './headers.js';

/**
 * The essence (`type/subtype`, lower-cased) of a MIME type, per the WHATWG MIME Sniffing
 * "parse a MIME type" algorithm (§4.4), or null on failure. Parameters never make it fail,
 * so only the essence matters for the CORS safelist (Fetch #cors-safelisted-request-header).
 */
export function mimeEssence(input: string): string | null {
  const s = trimHttpWhitespace(input);
  const slash = s.indexOf('/');
  if (slash <= 0) return null;
  const type = s.slice(0, slash);
  if (!isToken(type)) return null;
  const semi = s.indexOf(';', slash + 1);
  const subtype = (semi === -1 ? s.slice(slash + 1) : s.slice(slash + 1, semi)).replace(/[\t\n\r ]+$/, '');
  if (subtype === '' || !isToken(subtype)) return null;
  return `${type}/${subtype}`.toLowerCase();
}
