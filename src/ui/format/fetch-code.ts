/** "Copy as fetch": the page's request as script would make it, to run from the page's origin. */
import type { HeaderPair } from '../../http/headers.js';
import { authorHeaders } from '../../capture/record.js';
import type { ReportEntry } from '../../report/types.js';
import { actualRequestHeaders } from './curl.js';

const js = (s: string): string => JSON.stringify(s);
const oneLine = (s: string): string => s.replace(/[\r\n\u2028\u2029]+/g, ' ');

export function fetchFor(e: ReportEntry): string {
  const { headers: all, rebuilt } = actualRequestHeaders(e);
  // Only what script sets: the browser adds Origin, Sec-Fetch-*, cookies… itself.
  const headers: HeaderPair[] = authorHeaders(all);
  const lines = [`// Run in the DevTools console of a page on ${oneLine(e.initiator)} to reproduce.`];
  if (rebuilt) lines.push('// The request was never sent (its preflight failed): header values are placeholders.');
  lines.push(`await fetch(${js(e.url)}, {`);
  lines.push(`  method: ${js(e.method)},`);
  if (headers.length > 0) {
    lines.push('  headers: [');
    for (const [n, v] of headers) lines.push(`    [${js(n)}, ${js(v)}],`);
    lines.push('  ],');
  }
  const mode = e.credentials.mode;
  if (mode === 'include' || mode === 'omit') lines.push(`  credentials: ${js(mode)},`);
  lines.push("  mode: 'cors',");
  lines.push('});');
  return lines.join('\n');
}
