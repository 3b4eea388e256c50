/**
 * Which response headers script can read (Fetch #cors-safelisted-response-header-name,
 * #http-access-control-expose-headers). Not a blocking error, but a common "CORS" complaint.
 */
import type { HeaderList } from '../http/headers.js';
import { get } from '../http/headers.js';
import { parseTokenList } from './preflight-check.js';
import type { Exposure } from './types.js';

const ALWAYS = new Set(['cache-control', 'content-language', 'content-length', 'content-type', 'expires', 'last-modified', 'pragma']);
const NEVER = new Set(['set-cookie', 'set-cookie2']);

export function exposure(headers: HeaderList, include: boolean): Exposure & { invalid: string | null } {
  const aceh = get(headers, 'access-control-expose-headers');
  const parsed = parseTokenList(aceh);
  const listed = new Set(parsed.items.map((x) => x.toLowerCase()));
  // `*` exposes everything only without credentials; with credentials it names a header called `*`.
  const all = !include && listed.has('*');
  const exposed: string[] = [];
  const hidden: string[] = [];
  const seen = new Set<string>();
  for (const [raw] of headers) {
    const name = raw.toLowerCase();
    if (seen.has(name)) continue;
    seen.add(name);
    if (!NEVER.has(name) && (ALWAYS.has(name) || all || listed.has(name))) exposed.push(name);
    else hidden.push(name);
  }
  return { exposed, hidden, invalid: parsed.bad };
}
