/**
 * "Copy as Markdown" (a bug report for the backend team) and the tab's Markdown export. Every value
 * from the network goes through md.ts: code spans and fences, never raw.
 */
import { TEXTS } from '../../catalogue/texts.js';
import { RISK_TEXTS } from '../../proxy/risks.js';
import type { HeaderPair } from '../../http/headers.js';
import type { Finding, Fix } from '../../engine/types.js';
import type { Report, ReportEntry } from '../../report/types.js';
import { curlFor } from './curl.js';
import { block, code, text } from './md.js';
import { pathOf } from './url.js';
import { verdictSentence, whatHappened } from './verdict.js';

const BROWSER_NAMES = { chromium: 'Chromium', firefox: 'Firefox' } as const;

function headerBlock(status: number | null, headers: readonly HeaderPair[]): string {
  const lines = headers.map(([n, v]) => `${n}: ${v}`);
  if (status !== null) lines.unshift(`HTTP ${status}`);
  return block(lines.length > 0 ? lines.join('\n') : '(none seen)', 'http');
}

export function fixDiff(fix: Fix): string {
  const lines: string[] = [];
  if (fix.status) lines.push(`- HTTP ${fix.status.current}`, `+ HTTP ${fix.status.required}`);
  for (const c of fix.changes) {
    if (c.current !== null) lines.push(`- ${c.header}: ${c.current}`);
    if (c.action === 'set' && c.value !== null) lines.push(`+ ${c.header}: ${c.value}`);
  }
  return lines.join('\n');
}

function findingLine(f: Finding): string {
  const ids = [f.chromium ? `Chromium ${code(f.chromium)}` : '', f.firefox ? `Firefox ${code(f.firefox)}` : ''].filter(Boolean).join(', ');
  return `${code(f.code)}: ${text(f.title)}${ids ? ` (${ids})` : ''}`;
}

export function entryTitle(e: ReportEntry): string {
  const r = e.reasons[0];
  return `CORS: ${e.method} ${pathOf(e.url)} ${e.verdict}${r ? ` — ${r.title}` : ''}`;
}

export function entryMarkdown(e: ReportEntry, browser: 'chromium' | 'firefox', level = 2): string {
  const h = '#'.repeat(level);
  const out: string[] = [];
  const r = e.reasons[0];
  out.push(`${h} ${text(entryTitle(e))}`, '');
  out.push(`**What happens:** ${text(verdictSentence(e))}`);
  const really = whatHappened(e);
  if (really) out.push('', `**What really happened:** ${text(really)}`);
  out.push('', '| | |', '| --- | --- |');
  out.push(`| Page origin | ${code(e.initiator)} |`);
  out.push(`| Request | ${code(`${e.method} ${e.url}`)} |`);
  if (e.finalUrl !== e.url) out.push(`| Final URL | ${code(e.finalUrl)} |`);
  out.push(`| Browser | ${BROWSER_NAMES[browser]} |`);
  out.push(`| Verdict | ${e.verdict} |`);
  if (r) out.push(`| Reason | ${findingLine(r)} |`);
  if (r?.parameter) out.push(`| Failed parameter | ${code(r.parameter)} |`);
  out.push(`| Credentials | ${e.credentials.mode}${e.credentials.inferred ? ' (inferred)' : ''} |`);
  out.push(`| Time | ${new Date(e.startedAt).toISOString()} |`);
  if (r) {
    out.push('', `${h}# What the server must change`, '');
    if (r.fix.summary) out.push(text(r.fix.summary), '');
    const diff = fixDiff(r.fix);
    if (diff) out.push(block(diff, 'diff'), '');
    out.push(text(TEXTS[r.code].explanation));
    const more = TEXTS[r.code].learnMore;
    if (more) out.push('', `More: <${more}>`);
  }
  if (e.proxy) {
    const p = e.proxy;
    out.push('', `${h}# Through a CORS proxy`, '');
    out.push(`${p.kind === 'known' ? `Public CORS proxy ${text(p.service ?? '')}` : 'Looks like a CORS proxy'}${p.target ? `; real target ${code(p.target)}` : ''}.`, '');
    for (const r of p.risks) out.push(`- ${code(r)}: ${text(RISK_TEXTS[r].title)}`);
  }
  if (e.warnings.length > 0) {
    out.push('', `${h}# Warnings`, '');
    for (const w of e.warnings) out.push(`- ${findingLine(w)}: ${text(w.detail)}`);
  }
  const pf = e.preflight;
  if (pf && !pf.cached) {
    out.push('', `${h}# Preflight`, '', 'Request:', headerBlock(null, pf.requestHeaders), '', 'Response:', headerBlock(pf.status, pf.responseHeaders));
  } else if (pf?.cached) {
    out.push('', `${h}# Preflight`, '', `Served from the browser's preflight cache${typeof pf.maxAge === 'number' ? ` (max-age ${pf.maxAge} s)` : ''}.`);
  }
  out.push('', `${h}# Actual request`, '', 'Request:', headerBlock(null, e.requestHeaders ?? []));
  if (e.redirects.length > 0) {
    out.push('', 'Redirects:');
    for (const rd of e.redirects) out.push(`- ${rd.status} → ${code(rd.location)}`);
  }
  out.push('', 'Response:', e.response ? headerBlock(e.response.status, e.response.headers) : text(e.error ? `No response: ${e.error}` : 'No response.'));
  out.push('', `${h}# Reproduce`, '', block(curlFor(e), 'sh'), '', '_Report made with CORS Lens._');
  return out.join('\n');
}

function cell(s: string): string {
  return text(s).replace(/\|/g, '\\|');
}

export function reportMarkdown(report: Report): string {
  const es = report.entries;
  const count = (v: string) => es.filter((e) => e.verdict === v).length;
  const out = [
    '# CORS Lens report',
    '',
    `Generated ${report.generatedAt} in ${BROWSER_NAMES[report.browser]}: ${es.length} cross-origin requests, ${count('blocked')} blocked, ${count('failed')} failed, ${count('allowed')} allowed.`,
    '',
    '| # | Verdict | Method | URL | Reason |',
    '| --- | --- | --- | --- | --- |',
  ];
  es.forEach((e, i) => out.push(`| ${i + 1} | ${e.verdict} | ${cell(e.method)} | ${code(e.url).replace(/\|/g, '\\|')} | ${cell(e.reasons[0]?.title ?? '')} |`));
  const detailed = es.filter((e) => e.verdict === 'blocked' || e.verdict === 'failed' || e.warnings.length > 0);
  for (const e of detailed) out.push('', entryMarkdown(e, report.browser, 2));
  return out.join('\n');
}
