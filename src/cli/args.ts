/** Command-line arguments of `cors-lens`. A public contract: change only by adding. */
import type { HeaderPair } from '../http/headers.js';
import { normaliseOriginArg, parseUrl } from '../http/origin.js';
import type { BrowserId } from '../engine/types.js';
import { SERVERS, type ServerId } from '../fix/snippets.js';

export interface CheckArgs {
  command: 'check';
  url: string;
  origin: string;
  method: string;
  headers: HeaderPair[];
  credentials: boolean;
  browser: BrowserId;
  json: boolean;
  curl: boolean;
  probe: boolean;
  insecure: boolean;
  timeoutMs: number;
  data: string | null;
  server: ServerId | null;
}

export type ParsedArgs = CheckArgs | { command: 'help' } | { command: 'version' } | { command: 'error'; message: string };

export const USAGE = `Usage: cors-lens check <url> --origin <origin> [options]

Sends the request the way a browser would (preflight first when one is needed, redirects
followed by hand with the CORS rules at each hop) and explains the browser's verdict.

Options:
  --origin <origin>        the page's origin, e.g. https://app.example (required)
  -X, --request <method>   request method (default GET)
  -H, --header 'Name: v'   request header the page sets (repeatable)
  -d, --data <body>        request body
  --credentials            the page uses credentials: 'include' (cookies, HTTP auth)
  --browser <name>         chromium (default), firefox or spec
  --json                   print one JSON object
  --curl                   print curl commands that reproduce the exchange
  --server <name>          print the fix as a snippet for: ${SERVERS.map((s) => s.id).join(', ')}
  --no-probe               don't send the extra request that checks for a reflected origin
  -k, --insecure           accept any TLS certificate
  --timeout <seconds>      per request (default 10)
  -h, --help               this text
  --version                the version

Exit status: 0 allowed, 1 blocked by CORS, 2 failed (network error) or bad usage.`;

const BROWSERS: readonly BrowserId[] = ['chromium', 'firefox', 'spec'];

export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.length === 0 || argv[0] === '-h' || argv[0] === '--help' || argv[0] === 'help') return { command: 'help' };
  if (argv[0] === '--version' || argv[0] === '-V') return { command: 'version' };
  if (argv[0] !== 'check') return { command: 'error', message: `unknown command '${argv[0]}'` };
  const out: CheckArgs = {
    command: 'check', url: '', origin: '', method: 'GET', headers: [], credentials: false, browser: 'chromium',
    json: false, curl: false, probe: true, insecure: false, timeoutMs: 10_000, data: null, server: null,
  };
  const positional: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string | null => {
      if (eq > 0) return arg.slice(eq + 1);
      const v = argv[i + 1];
      if (v === undefined) return null;
      i++;
      return v;
    };
    const need = (name: string): string | { error: string } => value() ?? { error: `${name} needs a value` };
    let v: string | { error: string };
    switch (flag) {
      case '--origin':
        v = need('--origin');
        if (typeof v !== 'string') return { command: 'error', message: v.error };
        out.origin = v;
        break;
      case '-X': case '--request':
        v = need(flag);
        if (typeof v !== 'string') return { command: 'error', message: v.error };
        out.method = v;
        break;
      case '-H': case '--header': {
        v = need(flag);
        if (typeof v !== 'string') return { command: 'error', message: v.error };
        const colon = v.indexOf(':');
        if (colon <= 0) return { command: 'error', message: `bad header '${v}': expected 'Name: value'` };
        out.headers.push([v.slice(0, colon).trim(), v.slice(colon + 1).trim()]);
        break;
      }
      case '-d': case '--data':
        v = need(flag);
        if (typeof v !== 'string') return { command: 'error', message: v.error };
        out.data = v;
        break;
      case '--browser':
        v = need('--browser');
        if (typeof v !== 'string') return { command: 'error', message: v.error };
        if (!BROWSERS.includes(v as BrowserId)) return { command: 'error', message: `--browser must be one of ${BROWSERS.join(', ')}` };
        out.browser = v as BrowserId;
        break;
      case '--server':
        v = need('--server');
        if (typeof v !== 'string') return { command: 'error', message: v.error };
        if (!SERVERS.some((s) => s.id === v)) return { command: 'error', message: `--server must be one of ${SERVERS.map((s) => s.id).join(', ')}` };
        out.server = v as ServerId;
        break;
      case '--timeout': {
        v = need('--timeout');
        if (typeof v !== 'string') return { command: 'error', message: v.error };
        const s = Number(v);
        if (!Number.isFinite(s) || s <= 0 || s > 600) return { command: 'error', message: '--timeout takes seconds between 0 and 600' };
        out.timeoutMs = Math.round(s * 1000);
        break;
      }
      case '--credentials': out.credentials = true; break;
      case '--json': out.json = true; break;
      case '--curl': out.curl = true; break;
      case '--no-probe': out.probe = false; break;
      case '-k': case '--insecure': out.insecure = true; break;
      case '-h': case '--help': return { command: 'help' };
      default:
        if (arg.startsWith('-') && arg !== '-') return { command: 'error', message: `unknown option '${arg}'` };
        positional.push(arg);
    }
  }
  if (positional.length !== 1) return { command: 'error', message: positional.length === 0 ? 'missing <url>' : `unexpected argument '${positional[1]}'` };
  const url = parseUrl(positional[0] ?? '');
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return { command: 'error', message: `not an http(s) URL: '${positional[0]}'` };
  out.url = url.href;
  if (out.origin === '') return { command: 'error', message: 'missing --origin (the origin of the page that makes the request)' };
  const origin = normaliseOriginArg(out.origin);
  if (origin === null) return { command: 'error', message: `bad --origin '${out.origin}': expected scheme://host[:port] or null` };
  out.origin = origin;
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(out.method)) return { command: 'error', message: `bad method '${out.method}'` };
  for (const [n, val] of out.headers) {
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(n)) return { command: 'error', message: `bad header name '${n}'` };
    if (/[\0\r\n]/.test(val)) return { command: 'error', message: `bad value for header '${n}'` };
  }
  return out;
}
