/** Entry point of `cors-lens`. Exit status: 0 allowed, 1 blocked, 2 failed or bad usage. */
import { parseArgs, USAGE } from './args.js';
import { runCheck, type CheckReport } from './check.js';
import { COLOUR, formatHuman, PLAIN } from './format-human.js';
import { formatCurl } from './format-curl.js';
import { send } from './http-client.js';
import { renderAllSnippets } from '../fix/snippets.js';
import type { Finding } from '../engine/types.js';

declare const __VERSION__: string;

export interface Output {
  write(s: string): unknown;
  isTTY?: boolean;
}

export async function main(argv: readonly string[], out: Output = process.stdout, err: Output = process.stderr): Promise<number> {
  const args = parseArgs(argv);
  if (args.command === 'help') {
    out.write(`${USAGE}\n`);
    return 0;
  }
  if (args.command === 'version') {
    out.write(`${typeof __VERSION__ === 'string' ? __VERSION__ : 'dev'}\n`);
    return 0;
  }
  if (args.command === 'error') {
    err.write(`cors-lens: ${args.message}\n${USAGE}\n`);
    return 2;
  }
  const report = await runCheck(args, send);
  if (args.json) {
    out.write(`${JSON.stringify(withSnippets(report), null, 2)}\n`);
  } else {
    const colour = out.isTTY === true && !process.env.NO_COLOR;
    out.write(`${formatHuman(report, args.method, args.url, args.origin, colour ? COLOUR : PLAIN, args.server)}\n`);
  }
  if (args.curl) out.write(`\n${formatCurl(report.requests)}\n`);
  return report.verdict === 'allowed' ? 0 : report.verdict === 'blocked' ? 1 : 2;
}

function withSnippets(r: CheckReport): CheckReport {
  const add = (f: Finding): Finding => (f.fix.policy ? { ...f, fix: { ...f.fix, snippets: renderAllSnippets(f.fix.policy) } } : f);
  return { ...r, reasons: r.reasons.map(add), warnings: r.warnings.map(add) };
}
