/**
 * Header names and most values repeat across requests (User-Agent, sec-ch-ua, Accept-Language,
 * Access-Control-*). Keeping one copy of each makes a stored entry cost pointers, not bytes.
 */
const MAX_LENGTH = 256;
const MAX_SIZE = 4096;
let table = new Map<string, string>();

export function intern(s: string): string {
  if (s.length > MAX_LENGTH) return s;
  const known = table.get(s);
  if (known !== undefined) return known;
  // Bounded: start over rather than grow without limit (old copies stay valid, just unshared).
  if (table.size >= MAX_SIZE) table = new Map();
  table.set(s, s);
  return s;
}
