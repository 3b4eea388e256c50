/** curl commands that replay what the checker sent, byte for byte as far as the shell allows. */
import type { SentRequest } from './check.js';

/** POSIX single-quoting: safe for any byte string (a ' becomes '\''). */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function curlFor(r: SentRequest): string {
  const parts = ['curl', '-si', '-X', shellQuote(r.method), shellQuote(r.url)];
  for (const [n, v] of r.headers) parts.push('-H', shellQuote(`${n}: ${v}`));
  if (r.body !== null) parts.push('--data-binary', shellQuote(r.body));
  return parts.join(' ');
}

export function formatCurl(requests: readonly SentRequest[]): string {
  return requests
    .filter((r) => r.kind !== 'probe')
    .map((r) => `# ${r.kind === 'preflight' ? 'preflight' : 'request'}: ${r.status ?? r.error ?? ''}\n${curlFor(r)}`)
    .join('\n\n');
}
