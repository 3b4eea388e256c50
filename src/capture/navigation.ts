/**
 * Top-level navigations, as the always-on main-frame listener sees them. The tab's log starts over
 * when the new document's response arrives, not when the navigation starts: until then the old page
 * still runs and makes requests. A response that puts no new document in the tab is no navigation:
 * a redirect (the next hop will be), 204/205 (Fetch: the browser keeps the current document), and a
 * download (`Content-Disposition: attachment`).
 */
type HeaderPair = readonly [string, string];

export function isNewDocument(status: number, headers: readonly HeaderPair[] | null): boolean {
  if (status === 204 || status === 205) return false;
  let location = false;
  for (const [name, value] of headers ?? []) {
    const n = name.toLowerCase();
    if (n === 'location') location = true;
    else if (n === 'content-disposition' && /^\s*attachment\b/i.test(value)) return false;
  }
  return !(status >= 300 && status < 400 && location);
}
