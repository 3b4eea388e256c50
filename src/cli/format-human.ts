/** Short, human output: the verdict, why, and what to change. */
import { TEXTS } from '../catalogue/texts.js';
import type { Finding } from '../engine/types.js';
import { renderSnippet, SERVERS, type ServerId } from '../fix/snippets.js';
import type { CheckReport } from './check.js';
import { PROXY_ADVICE, RISK_TEXTS } from '../proxy/risks.js';
import type { ProxyInfo } from '../proxy/types.js';

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
export const COLOUR: Style = { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39) };
export const PLAIN: Style = { bold: (s) => s, dim: (s) => s, red: (s) => s, green: (s) => s, yellow: (s) => s };

/** Header values come from the network: show control characters escaped, never raw. */
export function printable(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function formatHuman(r: CheckReport, method: string, url: string, origin: string, style: Style, server: ServerId | null): string {
  const out: string[] = [];
  const mark = r.verdict === 'allowed' ? style.green('✔ allowed') : r.verdict === 'blocked' ? style.red('✖ blocked') : style.yellow('! failed');
  out.push(`${mark}  ${printable(method)} ${printable(url)}  ${style.dim(`from ${printable(origin)} (${r.browser})`)}`);
  const reason = r.reasons[0];
  if (reason) out.push(...finding(reason, style));
  if (r.verdict === 'failed') out.push(style.dim('  This is not a CORS problem: the request never got an answer. Browsers show it as a CORS-looking "Failed to fetch".'));
  if (r.serverError !== null) out.push(style.yellow(`  The server answered ${r.serverError}; error responses usually skip the CORS middleware, so fix the error too.`));

  const pf = r.preflight;
  if (pf) {
    if (pf.needed) {
      const why = [pf.method ? `method ${pf.method}` : '', pf.headers.length ? `headers ${pf.headers.join(', ')}` : ''].filter(Boolean).join('; ');
      const got = pf.status !== null ? `answered ${pf.status}` : pf.error ? `failed: ${pf.error}` : 'not sent';
      out.push(style.dim(`  Preflight: needed (${printable(why)}), ${got}${pf.maxAge !== null ? `, cacheable ${pf.maxAge}s` : ''}.`));
    } else {
      out.push(style.dim('  Preflight: none needed (a simple request: safelisted method and headers).'));
    }
  }
  for (const rd of r.redirects) out.push(style.dim(`  Redirect: ${rd.status} → ${printable(rd.location)}`));
  if (reason && reason.fix.summary) out.push('', `  ${style.bold('Fix:')} ${printable(reason.fix.summary)}`);
  else if (reason) out.push('', `  ${style.bold('Fix:')} ${TEXTS[reason.code].fix}`);
  for (const w of r.warnings) out.push(`  ${style.yellow('warning')} ${w.title}: ${printable(w.detail)}`);
  if (r.exposure && r.exposure.hidden.length > 0) {
    out.push(style.dim(`  Hidden from script (not in Access-Control-Expose-Headers): ${r.exposure.hidden.map(printable).join(', ')}`));
  }
  for (const [id, o] of Object.entries(r.otherBrowsers)) {
    if (id === r.browser || o.verdict === r.verdict) continue;
    out.push(`  ${style.yellow('note')} ${id === 'spec' ? 'The Fetch standard' : id[0]?.toUpperCase() + id.slice(1)} would say ${o.verdict}${o.code ? ` (${o.code})` : ''}.`);
  }
  if (r.proxy) out.push('', ...proxyLines(r.proxy, style));
  const policy = reason?.fix.policy;
  if (server && policy) {
    const label = SERVERS.find((s) => s.id === server)?.label ?? server;
    out.push('', style.bold(`  ${label}:`), ...renderSnippet(server, policy).split('\n').map((l) => `    ${l}`));
  } else if (policy) {
    out.push(style.dim(`  (--server ${SERVERS.map((s) => s.id).join('|')} prints a config snippet)`));
  }
  return out.join('\n');
}

/** A proxied URL is flagged whatever the verdict: proxies are used because they make requests work. */
function proxyLines(p: ProxyInfo, style: Style): string[] {
  const what = p.kind === 'known' ? `the public CORS proxy ${p.service ?? 'service'}` : 'what looks like a CORS proxy';
  const out = [`  ${style.yellow('proxy')} This URL goes through ${printable(what)}${p.target ? ` to ${printable(p.target)}` : ''}.`];
  for (const risk of p.risks) out.push(`    ${style.yellow('•')} ${RISK_TEXTS[risk].title} (${risk})`);
  out.push(style.dim('    Instead:'), ...PROXY_ADVICE.instead.map((t) => style.dim(`      - ${t}`)));
  return out;
}

function finding(f: Finding, style: Style): string[] {
  const ids = [f.chromium, f.firefox].filter(Boolean).join(' / ');
  const param = f.parameter ? `: ${printable(f.parameter)}` : '';
  return [`  ${style.bold(f.title)}  ${style.dim(`[${ids}${param}]`)}`, `  ${printable(f.detail)}`];
}
