/**
 * In-browser page benchmark: how much an extension slows a busy page.
 *
 * A page on loopback origin A runs `fetches` cross-origin fetches to loopback origin B, `concurrency`
 * at a time; a `preflightShare` of them are PUTs with a custom header (so they are preflighted: B
 * answers the OPTIONS correctly with `Access-Control-Max-Age: 0`, and every URL is unique, so every
 * one really preflights), the others simple GETs. B waits `thinkMs` before every response (preflights
 * included). The page times the whole batch itself (performance.now()).
 *
 * For each think time every variant gets its own Chromium, all launched alike (same flags, fresh
 * profile, only the extension differs), kept open for the whole phase. After one warm-up round per
 * variant, `rounds` rounds run interleaved (A, B, C, A, B, C…) so drift hits all variants alike; each
 * round is a fresh navigation of the same tab, and the machine is left to settle between rounds so
 * one browser's trailing work (an extension flushing its log…) does not land in the next one's round.
 * The server checks every round: all requests arrived, every preflight was sent.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, BrowserType, Page, Worker } from 'playwright-core';
import type { ObserverGlobals } from './observers/index.js';

/**
 * playwright-core is loaded at run time from the project (cwd), not bundled: it does not survive
 * esbuild bundling (it requires its own package.json), and a bundle written to a temp dir cannot
 * resolve a bare import of it.
 */
function chromiumType(): BrowserType {
  const req = createRequire(join(process.cwd(), 'package.json'));
  return (req('playwright-core') as { chromium: BrowserType }).chromium;
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags every browser of the benchmark gets (the extension flags are added for extension variants). */
export const BENCH_ARGS: readonly string[] = [
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/** What a variant's `setup` hook gets: its browser, the bench tab (already on the bench page), its extension. */
export interface BenchContext {
  context: BrowserContext;
  /** The tab the rounds run in (navigated afresh each round; the tab, hence its tabId, stays the same). */
  page: Page;
  /** The extension's service worker, or null for a browser without extension. */
  sw: Worker | null;
  extensionId: string | null;
  /** The page's origin (A) and the API's origin (B). */
  originA: string;
  originB: string;
  benchUrl: string;
}

export interface Variant {
  name: string;
  /** Unpacked extension to load, or null for a browser without extension. */
  extensionDir: string | null;
  /** Runs once after launch, with the bench tab open, before the warm-up round (e.g. open a panel port). */
  setup?: (ctx: BenchContext) => Promise<void>;
}

export interface PageBenchOptions {
  variants: Variant[];
  /** Measured rounds per variant and think time, after one warm-up round (default 5). */
  rounds?: number;
  /** Fetches per round (default 1000). */
  fetches?: number;
  /** Fetches in flight at once (default 32). */
  concurrency?: number;
  /** Share of the fetches that are preflighted PUTs (default 0.3). */
  preflightShare?: number;
  /** Server think time per response, one phase each (default [0, 20]). */
  thinkMs?: number[];
  /** Pause after each round so trailing work finishes before the next browser's round (default 300 ms). */
  settleMs?: number;
  /** Print the human table (default true). */
  print?: boolean;
}

export interface Result {
  bench: 'page.fetches';
  think: number;
  variant: string;
  /** Median of the measured rounds, ms (the page's own performance.now() around the batch). */
  medianMs: number;
  roundsMs: number[];
  warmupMs: number;
  /** (max − min) / median over the measured rounds. */
  spread: number;
  /** medianMs / medianMs of `none`, when that variant is present. */
  vsNone: number | null;
  /** medianMs / medianMs of `minimal-extra`, when that variant is present. */
  vsMinimal: number | null;
  /** webRequest events per round the observer counted (comparison extensions only), else null. */
  eventsPerRound: Record<string, number> | null;
}

interface RoundOutcome {
  ms: number;
  ok: number;
  failed: number;
  firstError: string | null;
}

interface BenchWindow {
  runBatch(args: { base: string; n: number; conc: number; share: number; tag: string }): Promise<RoundOutcome>;
}

/** Request i is preflighted iff floor((i+1)·share) > floor(i·share): exactly floor(n·share), evenly spread. */
export function preflightedCount(n: number, share: number): number {
  let count = 0;
  for (let i = 0; i < n; i++) if (Math.floor((i + 1) * share) > Math.floor(i * share)) count++;
  return count;
}

const PAGE_HTML = `<!doctype html>
<meta charset="utf-8">
<title>CORS Lens page benchmark</title>
<p id="status">ready</p>
<script>
window.runBatch = async ({ base, n, conc, share, tag }) => {
  let next = 0, ok = 0, failed = 0, firstError = null;
  const one = async (i) => {
    const url = base + '/r/' + tag + '/' + i;
    const pre = Math.floor((i + 1) * share) > Math.floor(i * share);
    try {
      const res = pre ? await fetch(url, { method: 'PUT', headers: { 'X-Bench': '1' } }) : await fetch(url);
      await res.text();
      if (res.ok) ok++; else failed++;
    } catch (e) {
      failed++;
      if (firstError === null) firstError = String(e);
    }
  };
  const worker = async () => {
    for (let i = next++; i < n; i = next++) await one(i);
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(conc, n) }, worker));
  const ms = performance.now() - t0;
  document.getElementById('status').textContent = 'done ' + tag;
  return { ms, ok, failed, firstError };
};
</script>
`;

interface TagCounts {
  options: number;
  get: number;
  put: number;
}

/** Origins A (page) and B (API) on 127.0.0.1; B counts what it got per round tag. */
class Servers {
  thinkMs = 0;
  readonly counts = new Map<string, TagCounts>();
  private a: Server | null = null;
  private b: Server | null = null;
  originA = '';
  originB = '';

  async start(): Promise<void> {
    this.a = createServer((req, res) => this.page(req, res));
    this.b = createServer((req, res) => this.api(req, res));
    this.originA = await listen(this.a);
    this.originB = await listen(this.b);
  }

  async stop(): Promise<void> {
    for (const s of [this.a, this.b]) {
      if (s === null) continue;
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
    this.a = this.b = null;
  }

  private page(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    if (req.url === '/bench.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(PAGE_HTML);
    } else {
      res.writeHead(req.url === '/favicon.ico' ? 204 : 404, { 'cache-control': 'no-store' });
      res.end();
    }
  }

  private api(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    const m = /^\/r\/([^/]+)\/\d+$/.exec(req.url ?? '');
    const tag = m?.[1];
    if (tag === undefined) {
      res.writeHead(404, { 'access-control-allow-origin': this.originA });
      res.end();
      return;
    }
    let c = this.counts.get(tag);
    if (!c) this.counts.set(tag, (c = { options: 0, get: 0, put: 0 }));
    let status = 200;
    const headers: Record<string, string> = { 'access-control-allow-origin': this.originA, vary: 'Origin' };
    if (req.method === 'OPTIONS') {
      c.options++;
      status = 204;
      headers['access-control-allow-methods'] = 'PUT';
      headers['access-control-allow-headers'] = 'x-bench';
      headers['access-control-max-age'] = '0';
    } else {
      if (req.method === 'PUT') c.put++;
      else c.get++;
      headers['content-type'] = 'text/plain';
      headers['cache-control'] = 'no-store';
    }
    const send = (): void => {
      res.writeHead(status, headers);
      res.end(status === 200 ? 'ok' : undefined);
    };
    if (this.thinkMs > 0) setTimeout(send, this.thinkMs);
    else send();
  }
}

function listen(server: Server): Promise<string> {
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  if (s.length === 0) return NaN;
  return s.length % 2 === 1 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

interface Running {
  variant: Variant;
  ctx: BenchContext;
  userDataDir: string;
  warmupMs: number;
  roundsMs: number[];
}

async function launch(variant: Variant, servers: Servers): Promise<Running> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'cors-lens-pagebench-'));
  const args = [...BENCH_ARGS];
  if (variant.extensionDir !== null) {
    // Playwright always passes --disable-extensions; both flags are needed to load ours.
    args.push(`--disable-extensions-except=${variant.extensionDir}`, `--load-extension=${variant.extensionDir}`);
  }
  let context: BrowserContext;
  try {
    context = await chromiumType().launchPersistentContext(userDataDir, { executablePath: CHROMIUM_PATH, headless: true, args, timeout: 30_000 });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw new Error(`variant ${variant.name}: could not launch Chromium at ${CHROMIUM_PATH}: ${String(error)}`);
  }
  try {
    let sw: Worker | null = null;
    if (variant.extensionDir !== null) {
      const isExt = (w: Worker): boolean => w.url().startsWith('chrome-extension://');
      sw = context.serviceWorkers().find(isExt) ?? (await context.waitForEvent('serviceworker', { predicate: isExt, timeout: 15_000 }));
      const errors = await sw.evaluate(() => (globalThis as ObserverGlobals).__benchErrors ?? []);
      if (errors.length > 0) throw new Error(`its listeners failed to register: ${errors.join('; ')}`);
    }
    const page = context.pages()[0] ?? (await context.newPage());
    const benchUrl = `${servers.originA}/bench.html`;
    const ctx: BenchContext = { context, page, sw, extensionId: sw ? new URL(sw.url()).host : null, originA: servers.originA, originB: servers.originB, benchUrl };
    await page.goto(benchUrl, { timeout: 15_000 });
    if (variant.setup) await withTimeout(variant.setup(ctx), 60_000, 'setup');
    return { variant, userDataDir, warmupMs: NaN, roundsMs: [], ctx };
  } catch (error) {
    await closeBrowser(context, userDataDir);
    throw new Error(`variant ${variant.name} (${variant.extensionDir ?? 'no extension'}): ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function closeBrowser(context: BrowserContext, userDataDir: string): Promise<void> {
  try {
    await withTimeout(context.close(), 30_000, 'closing Chromium');
  } finally {
    await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 });
  }
}

async function round(r: Running, servers: Servers, tag: string, o: Required<Omit<PageBenchOptions, 'variants' | 'print' | 'thinkMs'>>): Promise<number> {
  const { page, benchUrl, originB } = r.ctx;
  await page.goto(benchUrl, { timeout: 15_000 });
  const args = { base: originB, n: o.fetches, conc: o.concurrency, share: o.preflightShare, tag };
  const out = await withTimeout(
    page.evaluate((a) => (window as unknown as BenchWindow).runBatch(a), args),
    180_000,
    `variant ${r.variant.name}, round ${tag}`,
  );
  const where = `variant ${r.variant.name}, round ${tag}`;
  if (out.failed > 0 || out.ok !== o.fetches) throw new Error(`${where}: ${out.failed} of ${o.fetches} fetches failed (first: ${out.firstError ?? 'HTTP error'})`);
  const c = servers.counts.get(tag) ?? { options: 0, get: 0, put: 0 };
  const pre = preflightedCount(o.fetches, o.preflightShare);
  if (c.put !== pre || c.get !== o.fetches - pre || c.options !== pre) {
    throw new Error(`${where}: server got ${c.get} GET, ${c.put} PUT, ${c.options} OPTIONS; expected ${o.fetches - pre}, ${pre}, ${pre} (preflight cached?)`);
  }
  servers.counts.delete(tag);
  return out.ms;
}

const fmt = (x: number | null, digits = 2): string => (x === null || !Number.isFinite(x) ? '-' : x.toFixed(digits));

export function formatTable(results: Result[]): string {
  const rows = [['think', 'variant', 'median ms', 'min–max ms', 'spread', 'vs none', 'vs minimal-extra']];
  for (const r of results) {
    rows.push([
      `${r.think} ms`,
      r.variant,
      fmt(r.medianMs, 0),
      `${fmt(Math.min(...r.roundsMs), 0)}–${fmt(Math.max(...r.roundsMs), 0)}`,
      `${fmt(r.spread * 100, 0)}%`,
      r.vsNone === null ? '-' : `${fmt(r.vsNone)}×`,
      r.vsMinimal === null ? '-' : `${fmt(r.vsMinimal)}×`,
    ]);
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ')).join('\n');
}

export async function runPageBench(opts: PageBenchOptions): Promise<Result[]> {
  const o = {
    rounds: opts.rounds ?? 5,
    fetches: opts.fetches ?? 1000,
    concurrency: opts.concurrency ?? 32,
    preflightShare: opts.preflightShare ?? 0.3,
    settleMs: opts.settleMs ?? 300,
  };
  const thinks = opts.thinkMs ?? [0, 20];
  const names = new Set(opts.variants.map((v) => v.name));
  if (names.size !== opts.variants.length) throw new Error('runPageBench: variant names must be unique');
  if (opts.variants.length === 0 || o.rounds < 1 || o.fetches < 1 || o.concurrency < 1) throw new Error('runPageBench: need variants, rounds ≥ 1, fetches ≥ 1, concurrency ≥ 1');

  const servers = new Servers();
  await servers.start();
  const results: Result[] = [];
  let runId = 0;
  try {
    for (const think of thinks) {
      servers.thinkMs = think;
      const running: Running[] = [];
      try {
        // Launched one after the other, alike; all stay open for the whole phase.
        for (const v of opts.variants) running.push(await launch(v, servers));
        if (opts.print !== false && think === thinks[0]) {
          const ua = await running[0]?.ctx.page.evaluate(() => navigator.userAgent);
          console.log(`# page bench: ${ua ?? '?'}; ${o.fetches} fetches, ${o.concurrency} at a time, ${Math.round(o.preflightShare * 100)}% preflighted, ${o.rounds} rounds + 1 warm-up`);
          console.log(`# ${cpus().length} cpus, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} (other work on the machine makes the numbers noisy)`);
        }
        for (let rnd = -1; rnd < o.rounds; rnd++) {
          for (const r of running) {
            const ms = await round(r, servers, `t${think}-${r.variant.name.replace(/[^\w-]/g, '_')}-${rnd < 0 ? 'warm' : rnd}-${runId++}`, o);
            if (rnd < 0) r.warmupMs = ms;
            else r.roundsMs.push(ms);
            await sleep(o.settleMs);
          }
        }
        const byName = new Map<string, number>();
        for (const r of running) byName.set(r.variant.name, median(r.roundsMs));
        const none = byName.get('none') ?? null;
        const minimal = byName.get('minimal-extra') ?? null;
        for (const r of running) {
          const med = median(r.roundsMs);
          let eventsPerRound: Record<string, number> | null = null;
          const counts = r.ctx.sw ? await r.ctx.sw.evaluate(() => (globalThis as ObserverGlobals).__benchCounts ?? null) : null;
          if (counts) {
            eventsPerRound = {};
            for (const [k, v] of Object.entries(counts)) eventsPerRound[k] = Math.round(v / (o.rounds + 1));
          }
          results.push({
            bench: 'page.fetches',
            think,
            variant: r.variant.name,
            medianMs: med,
            roundsMs: r.roundsMs,
            warmupMs: r.warmupMs,
            spread: (Math.max(...r.roundsMs) - Math.min(...r.roundsMs)) / med,
            vsNone: none === null ? null : med / none,
            vsMinimal: minimal === null ? null : med / minimal,
            eventsPerRound,
          });
        }
      } finally {
        for (const r of running) await closeBrowser(r.ctx.context, r.userDataDir).catch(() => undefined);
      }
    }
  } finally {
    await servers.stop();
  }
  if (opts.print !== false) console.log(formatTable(results));
  return results;
}
