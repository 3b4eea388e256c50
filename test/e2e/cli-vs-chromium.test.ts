/**
 * The CLI must diagnose exactly as Chromium does. Every scenario runs twice against the same loopback
 * servers: once as fetch() in headless Chromium (CDP is the truth), once as `cors-lens check --json`
 * (with its own unique URL). Verdict, CorsError name, failedParameter and exit status must agree.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import type { ChromiumHandle } from './support/chromium.js';
import { describeResult, formatTable, openOracle, runAll } from './support/oracle.js';
import type { Oracle, OracleResult, OracleVerdict } from './support/oracle.js';
import { startServers } from './support/servers.js';
import type { Servers } from './support/servers.js';
import { scenarioUrl, scenarios } from './scenarios.js';
import type { Scenario } from './scenarios.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** CORS_LENS_BIN may point at another build of the CLI (then dist/ is not checked). */
const BIN = process.env.CORS_LENS_BIN ?? join(ROOT, 'bin', 'cors-lens.js');
/** One CLI run may take this long before it is killed. */
const CLI_TIMEOUT_MS = 15_000;
/** All CLI runs together: scenarios not started by then are reported as not run (keeps the suite bounded). */
const CLI_BUDGET_MS = 90_000;
const CLI_CONCURRENCY = 4;
const EXIT: Record<OracleVerdict, number> = { allowed: 0, blocked: 1, failed: 2 };

/** Why the CLI cannot run, or null when it is built. */
function cliProblem(): string | null {
  const missing: string[] = [];
  if (!existsSync(BIN)) missing.push(BIN);
  if (process.env.CORS_LENS_BIN === undefined && !existsSync(join(ROOT, 'dist', 'cli', 'cors-lens.js'))) {
    missing.push('dist/cli/cors-lens.js');
  }
  return missing.length === 0
    ? null
    : `cors-lens CLI is not built (missing ${missing.join(' and ')}): run \`npm run build\` before the e2e tests`;
}

interface CliFinding {
  chromium: string | null;
  parameter: string;
}

interface CliRun {
  args: string[];
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Set when the output was not the documented JSON. */
  error?: string;
  verdict?: string;
  reasons: CliFinding[];
}

function asFinding(value: unknown): CliFinding | null {
  if (typeof value !== 'object' || value === null) return null;
  const chromium: unknown = Reflect.get(value, 'chromium');
  const parameter: unknown = Reflect.get(value, 'parameter');
  return {
    chromium: typeof chromium === 'string' ? chromium : null,
    parameter: typeof parameter === 'string' ? parameter : String(parameter),
  };
}

function cliArgs(scenario: Scenario, url: string, origin: string): string[] {
  const args = [BIN, 'check', url, '--origin', origin, '-X', scenario.request.method];
  for (const [name, value] of Object.entries(scenario.request.headers)) args.push('-H', `${name}: ${value}`);
  if (scenario.request.credentials === 'include') args.push('--credentials');
  args.push('--browser', 'chromium', '--json');
  return args;
}

function runCli(args: string[]): Promise<CliRun> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), CLI_TIMEOUT_MS);
    const finish = (exitCode: number | null, spawnError?: Error): void => {
      clearTimeout(timer);
      const run: CliRun = { args: args.slice(1), exitCode, stdout, stderr, reasons: [] };
      if (spawnError) {
        run.error = `spawn failed: ${spawnError.message}`;
      } else if (exitCode === null) {
        run.error = `killed after ${CLI_TIMEOUT_MS} ms`;
      } else {
        try {
          const parsed: unknown = JSON.parse(stdout);
          if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object');
          const verdict: unknown = Reflect.get(parsed, 'verdict');
          const reasons: unknown = Reflect.get(parsed, 'reasons');
          run.verdict = typeof verdict === 'string' ? verdict : undefined;
          run.reasons = Array.isArray(reasons)
            ? reasons.map(asFinding).filter((f): f is CliFinding => f !== null)
            : [];
          if (!Array.isArray(reasons)) run.error = 'JSON output has no reasons array';
        } catch (error) {
          run.error = `stdout is not the JSON object (${String(error)})`;
        }
      }
      resolvePromise(run);
    };
    child.on('error', (error) => finish(null, error));
    child.on('close', (code) => finish(code));
  });
}

async function runCliAll(list: readonly Scenario[], argsFor: (s: Scenario) => string[]): Promise<Map<string, CliRun>> {
  const out = new Map<string, CliRun>();
  const deadline = Date.now() + CLI_BUDGET_MS;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < list.length) {
      const scenario = list[next++];
      if (!scenario) break;
      const args = argsFor(scenario);
      if (Date.now() > deadline) {
        out.set(scenario.id, {
          args: args.slice(1),
          exitCode: null,
          stdout: '',
          stderr: '',
          reasons: [],
          error: `not run: the CLI runs used up their ${CLI_BUDGET_MS} ms budget`,
        });
        continue;
      }
      out.set(scenario.id, await runCli(args));
    }
  };
  await Promise.all(Array.from({ length: CLI_CONCURRENCY }, worker));
  return out;
}

function describeCli(run: CliRun | undefined): string {
  if (!run) return '(not run)';
  if (run.error) return `error: ${run.error}`;
  const first = run.reasons[0];
  if (run.verdict === 'allowed' || !first) return `${run.verdict ?? '?'} (exit ${run.exitCode ?? '?'})`;
  if (run.verdict === 'failed') return `failed ${first.parameter}`;
  return first.parameter ? `${first.chromium ?? 'null'} [${first.parameter}]` : (first.chromium ?? 'null');
}

let servers: Servers;
let browser: ChromiumHandle;
let oracle: Oracle;
const problem = cliProblem();
const chromiumResults = new Map<string, OracleResult>();
let cliResults = new Map<string, CliRun>();
const tags = new Map<string, { chromium: string; cli: string }>();

beforeAll(async () => {
  const started = Date.now();
  servers = await startServers({ routes: scenarios });
  browser = await launchChromium();
  oracle = await openOracle(browser.context, servers.origins);
  const run = `${process.pid}-${Date.now().toString(36)}`;
  for (const s of scenarios) tags.set(s.id, { chromium: `chr-${run}-${s.id}`, cli: `cli-${run}-${s.id}` });
  const results = await runAll(oracle, scenarios, (s) => tags.get(s.id)?.chromium ?? s.id);
  for (const r of results) chromiumResults.set(r.scenarioId, r);
  const chromiumMs = Date.now() - started;

  if (problem === null) {
    cliResults = await runCliAll(scenarios, (s) =>
      cliArgs(s, scenarioUrl(s, servers.origins, tags.get(s.id)?.cli ?? s.id), servers.origins.page),
    );
  }
  const rows = scenarios.map((s) => {
    const chr = chromiumResults.get(s.id);
    const chrText = chr ? describeResult(chr) : '(none)';
    const cliText = problem === null ? describeCli(cliResults.get(s.id)) : '(CLI not built)';
    return [s.id, chrText, cliText, differences(chr, cliResults.get(s.id))];
  });
  console.log(
    `\nCLI vs Chromium: ${scenarios.length} scenarios; Chromium ${chromiumMs} ms, total ${Date.now() - started} ms\n` +
      formatTable(['scenario', 'chromium', 'cli', ''], rows),
  );
}, 150_000);

afterAll(async () => {
  await oracle?.close();
  await browser?.close();
  await servers?.close();
});

/** What is compared, per scenario: the same shape derived from Chromium and from the CLI. */
interface Comparable {
  verdict: string | undefined;
  chromium: string | null | undefined;
  parameter: string | null | undefined;
  exitCode: number | null;
  preflightSent: boolean;
}

function fromChromium(r: OracleResult, preflightSent: boolean): Comparable {
  return {
    verdict: r.verdict,
    chromium: r.corsError,
    // For network failures the CLI's parameter is its own raw error code: not comparable.
    parameter: r.verdict === 'blocked' ? r.failedParameter : undefined,
    exitCode: EXIT[r.verdict],
    preflightSent,
  };
}

function fromCli(run: CliRun, preflightSent: boolean): Comparable {
  const first = run.reasons[0];
  return {
    verdict: run.verdict,
    chromium: run.verdict === 'allowed' ? null : first?.chromium,
    parameter: run.verdict === 'blocked' ? first?.parameter : undefined,
    exitCode: run.exitCode,
    preflightSent,
  };
}

/** Whether an OPTIONS for this tag reached the first server. */
function sentPreflight(tag: string | undefined): boolean {
  if (tag === undefined) return false;
  return servers.requestsFor(tag).some((e) => e.method === 'OPTIONS' && !e.target.includes('hop='));
}

/** '' when the CLI agrees with Chromium, else `DIFF:` and the fields that differ. */
function differences(chr: OracleResult | undefined, cli: CliRun | undefined): string {
  if (!chr || !cli) return '';
  if (cli.error) return 'DIFF: output';
  const t = tags.get(chr.scenarioId);
  const a = fromChromium(chr, sentPreflight(t?.chromium));
  const b = fromCli(cli, sentPreflight(t?.cli));
  const fields = (Object.keys(a) as (keyof Comparable)[]).filter((k) => a[k] !== b[k]);
  return fields.length === 0 ? '' : `DIFF: ${fields.join(', ')}`;
}

/** POSIX-shell quoting, so a failing command line can be pasted into a terminal. */
function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}

describe('cors-lens check agrees with headless Chromium', () => {
  it('the CLI is built', () => {
    expect(problem, problem ?? '').toBeNull();
  });

  it.for(scenarios.map((s) => [s.id, s.title] as const))('%s: %s', ([id]) => {
    if (problem !== null) throw new Error(problem);
    const chr = chromiumResults.get(id);
    const cli = cliResults.get(id);
    if (!chr) throw new Error(`no Chromium result for ${id}`);
    if (!cli) throw new Error(`no CLI result for ${id}`);
    const context = `node bin/cors-lens.js ${cli.args.map(shellQuote).join(' ')}\nexit ${cli.exitCode ?? 'none'}\nstdout: ${cli.stdout.slice(0, 2000)}\nstderr: ${cli.stderr.slice(0, 2000)}`;
    expect(cli.error, context).toBeUndefined();
    const t = tags.get(id);
    expect(fromCli(cli, sentPreflight(t?.cli)), context).toEqual(fromChromium(chr, sentPreflight(t?.chromium)));
  });

  it('the scenario set keeps its coverage', () => {
    const results = [...chromiumResults.values()];
    expect(results.length).toBe(scenarios.length);
    const corsErrors = new Set(results.flatMap((r) => (r.corsError === null ? [] : [r.corsError])));
    expect(corsErrors.size, `distinct Chromium CorsError values: ${[...corsErrors].join(', ')}`).toBeGreaterThanOrEqual(15);
    expect(results.filter((r) => r.verdict !== 'allowed').length).toBeGreaterThanOrEqual(30);
  });
});
