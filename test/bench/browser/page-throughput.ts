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
 *
 * Besides the page's wall time, each round also records the CPU time the variant's whole browser
 * (all its processes: browser, network service, renderers, extension) spent during the batch, read
 * from /proc (Linux). On a shared 2-core machine wall time moves with whatever else runs; CPU time
 * moves much less, so the two together tell a real cost from noise.
 *
 * DevTools (issue #7): every browser is started with `--remote-debugging-port=0` (a listening socket,
 * no client), so that a variant can open DevTools on a tab (`openDevtools`): puppeteer-core connects to
 * that port just long enough to call CDP `Target.openDevTools` (Playwright cannot), then disconnects;
 * the DevTools window stays open. The variants' `compare` lists name the pairs worth a ratio
 * (e.g. DevTools on another tab with vs without CORS Lens, so that DevTools' own cost cancels).
 *
 * Between rounds the harness waits until the browser that just ran is quiet (its processes' CPU below
 * 5 % over 250 ms, at most 5 s): DevTools and an extension may keep working after the page's batch
 * ended, and that work must not land in the next browser's round. That trailing CPU is reported
 * too (`cpuTailMs`): the page does not wait for it, but it is work the variant caused.
 *
 * Caveats: Chromium keeps at most 6 HTTP/1.1 connections to B, so at most 6 of the `concurrency`
 * fetches are on the wire (the rest queue in the browser; with think time that caps throughput).
 * Playwright's own CDP network tracking is per-request work in every variant alike (roughly a
 * quarter of the no-extension wall time in a rough check against a Chromium with no CDP client), which
 * dilutes every ratio somewhat.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, BrowserType, Page, Worker } from 'playwright-core';
import type { PuppeteerNode } from 'puppeteer-core';
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

/** puppeteer-core, loaded like playwright-core (it opens DevTools: Playwright cannot). */
function puppeteerNode(): PuppeteerNode {
  const req = createRequire(join(process.cwd(), 'package.json'));
  return (req('puppeteer-core') as { default?: PuppeteerNode } & PuppeteerNode).default ?? (req('puppeteer-core') as PuppeteerNode);
}

/** The remote-debugging port of a variant's browser (`--remote-debugging-port=0` writes it to DevToolsActivePort). */
async function debuggingPort(ctx: BenchContext): Promise<number> {
  const file = join(ctx.userDataDir, 'DevToolsActivePort');
  for (let i = 0; i < 100; i++) {
    try {
      const port = Number(readFileSync(file, 'utf8').split('\n')[0]);
      if (Number.isInteger(port) && port > 0) return port;
    } catch {
      // Not written yet.
    }
    await sleep(50);
  }
  throw new Error(`no ${file}: was the browser started with --remote-debugging-port=0?`);
}

/**
 * Opens DevTools (docked, as a user would) on the tab showing `url` (exactly): puppeteer-core connects
 * to the browser's remote-debugging port, calls CDP Target.openDevTools through `page.openDevTools()`
 * and disconnects; the DevTools window stays open. Its own network tracking is off while connected.
 */
export async function openDevtools(ctx: BenchContext, url: string): Promise<void> {
  const port = await debuggingPort(ctx);
  const browser = await puppeteerNode().connect({ browserURL: `http://127.0.0.1:${port}`, defaultViewport: null, networkEnabled: false, issuesEnabled: false });
  try {
    const pages = await browser.pages();
    const page = pages.find((p) => p.url() === url);
    if (!page) throw new Error(`openDevtools: no tab at ${url} (tabs: ${pages.map((p) => p.url()).join(', ')})`);
    await page.openDevTools();
  } finally {
    await browser.disconnect();
  }
}

/** How many DevTools windows are open in the variant's browser (the remote-debugging port's /json/list). */
export async function devtoolsWindows(ctx: BenchContext): Promise<number> {
  const port = await debuggingPort(ctx);
  const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { url?: string }[];
  return list.filter((t) => t.url?.startsWith('devtools://devtools/') === true).length;
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
  /** The browser's profile directory (its DevToolsActivePort file names the remote-debugging port). */
  userDataDir: string;
}

export interface Variant {
  name: string;
  /** Unpacked extension to load, or null for a browser without extension. */
  extensionDir: string | null;
  /** Runs once after launch, with the bench tab open, before the warm-up round (e.g. open a panel port). */
  setup?: (ctx: BenchContext) => Promise<void>;
  /** Other variants to compare this one with (paired wall time and CPU ratios in `vs`), when they ran. */
  compare?: string[];
  /** Runs after the last round: facts that show the variant measured what it claims (printed in the JSON line). */
  verify?: (ctx: BenchContext) => Promise<Record<string, unknown>>;
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
  /** Pause at least this long after each round, then until the browser is quiet, so trailing work finishes before the next browser's round (default 300 ms). */
  settleMs?: number;
  /** Fetches in the warm-up round (default: `fetches`). */
  warmupFetches?: number;
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
  /**
   * Median over rounds of (this round / the same round of `none`), resp. of `minimal-extra`: rounds k
   * of all variants run back to back, so a slow spell of the machine cancels out better here.
   */
  pairedVsNone: number | null;
  pairedVsMinimal: number | null;
  /** Median CPU time of the variant's whole browser per round, ms (null where /proc is unavailable). */
  cpuMs: number | null;
  roundsCpuMs: number[];
  /** cpuMs / cpuMs of `none`, and of `minimal-extra`, when present. */
  cpuVsNone: number | null;
  cpuVsMinimal: number | null;
  /** webRequest events per measured round the observer counted (comparison extensions only), else null. */
  eventsPerRound: Record<string, number> | null;
  /** Median CPU time of the whole browser after the batch until it was quiet again, ms (null where /proc is unavailable). */
  cpuTailMs: number | null;
  roundsCpuTailMs: number[];
  /** Ratios to the variants named in `compare` (those that ran): medians, paired (median of per-round ratios), CPU, CPU with tail. */
  vs: Record<string, Comparison>;
  /** What `verify` found, or null. */
  verified: Record<string, unknown> | null;
}

export interface Comparison {
  wall: number | null;
  paired: number | null;
  cpu: number | null;
  /** CPU during the batch plus the trailing CPU until quiet, vs the same for the other variant. */
  cpuWithTail: number | null;
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
    if (req.url === '/bench.html' || req.url?.startsWith('/bench.html?') === true) {
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

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on every common Linux build). */
const USER_HZ = 100;

interface ProcInfo {
  ppid: number;
  ticks: number;
}

function readProcs(): Map<number, ProcInfo> | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  const procs = new Map<number, ProcInfo>();
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      // Fields after "(comm)": state ppid … utime(12th) stime cutime cstime.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
      procs.set(Number(e), { ppid: Number(f[1]), ticks: Number.isFinite(ticks) ? ticks : 0 });
    } catch {
      // Gone meanwhile.
    }
  }
  return procs;
}

/** The browser process of the Chromium using `userDataDir` (the topmost process naming it). */
function findBrowserPid(userDataDir: string): number | null {
  const procs = readProcs();
  if (!procs) return null;
  const flag = `--user-data-dir=${userDataDir}`;
  const named = new Set<number>();
  for (const pid of procs.keys()) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(flag)) named.add(pid);
    } catch {
      // Gone meanwhile.
    }
  }
  for (const pid of named) if (!named.has(procs.get(pid)?.ppid ?? -1)) return pid;
  return null;
}

/** CPU time (ms) of `root` and all its descendants, reaped children included. */
function treeCpuMs(root: number | null): number | null {
  if (root === null) return null;
  const procs = readProcs();
  if (!procs?.has(root)) return null;
  const children = new Map<number, number[]>();
  for (const [pid, p] of procs) {
    const list = children.get(p.ppid);
    if (list) list.push(pid);
    else children.set(p.ppid, [pid]);
  }
  let ticks = 0;
  const todo = [root];
  for (let guard = 0; todo.length > 0 && guard < 100_000; guard++) {
    const pid = todo.pop() as number;
    ticks += procs.get(pid)?.ticks ?? 0;
    todo.push(...(children.get(pid) ?? []));
  }
  return (ticks * 1000) / USER_HZ;
}

interface Running {
  variant: Variant;
  ctx: BenchContext;
  userDataDir: string;
  browserPid: number | null;
  warmupMs: number;
  roundsMs: number[];
  roundsCpuMs: number[];
  roundsCpuTailMs: number[];
  countsAfterWarmup: Record<string, number> | null;
}

async function launch(variant: Variant, servers: Servers): Promise<Running> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'cors-lens-pagebench-'));
  // Every browser alike: a remote-debugging port lets a variant open DevTools (openDevtools).
  const args = [...BENCH_ARGS, '--remote-debugging-port=0'];
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
    const ctx: BenchContext = { context, page, sw, extensionId: sw ? new URL(sw.url()).host : null, originA: servers.originA, originB: servers.originB, benchUrl, userDataDir };
    await page.goto(benchUrl, { timeout: 15_000 });
    if (variant.setup) await withTimeout(variant.setup(ctx), 60_000, 'setup');
    return { variant, userDataDir, browserPid: findBrowserPid(userDataDir), warmupMs: NaN, roundsMs: [], roundsCpuMs: [], roundsCpuTailMs: [], countsAfterWarmup: null, ctx };
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

interface RoundSpec {
  fetches: number;
  concurrency: number;
  preflightShare: number;
}

async function round(r: Running, servers: Servers, tag: string, spec: RoundSpec): Promise<{ ms: number; cpuMs: number | null; cpuEnd: number | null }> {
  const { page, benchUrl, originB } = r.ctx;
  const where = `variant ${r.variant.name}, round ${tag}`;
  await page.goto(benchUrl, { timeout: 15_000 });
  const args = { base: originB, n: spec.fetches, conc: spec.concurrency, share: spec.preflightShare, tag };
  const cpu0 = treeCpuMs(r.browserPid);
  const out = await withTimeout(page.evaluate((a) => (window as unknown as BenchWindow).runBatch(a), args), 180_000, where);
  const cpu1 = treeCpuMs(r.browserPid);
  if (out.failed > 0 || out.ok !== spec.fetches) throw new Error(`${where}: ${out.failed} of ${spec.fetches} fetches failed (first: ${out.firstError ?? 'HTTP error'})`);
  const c = servers.counts.get(tag) ?? { options: 0, get: 0, put: 0 };
  const pre = preflightedCount(spec.fetches, spec.preflightShare);
  if (c.put !== pre || c.get !== spec.fetches - pre || c.options !== pre) {
    throw new Error(`${where}: server got ${c.get} GET, ${c.put} PUT, ${c.options} OPTIONS; expected ${spec.fetches - pre}, ${pre}, ${pre} (preflight cached?)`);
  }
  servers.counts.delete(tag);
  return { ms: out.ms, cpuMs: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0, cpuEnd: cpu1 };
}

/** Quiet: the browser's processes used less than this share of one core over a window. */
const QUIET_SHARE = 0.05;
const QUIET_WINDOW_MS = 250;
const QUIET_MAX_MS = 5_000;

/**
 * After a round: wait at least `minMs`, then until the browser is quiet (bounded). Returns the CPU it
 * used since `cpuEnd` (the end of the batch), or null without /proc, and how long the wait took.
 */
async function settle(pid: number | null, cpuEnd: number | null, minMs: number): Promise<{ tailMs: number | null; waitedMs: number }> {
  const started = performance.now();
  await sleep(minMs);
  let last = treeCpuMs(pid);
  if (last === null || cpuEnd === null) return { tailMs: null, waitedMs: performance.now() - started };
  while (performance.now() - started < QUIET_MAX_MS) {
    await sleep(QUIET_WINDOW_MS);
    const now = treeCpuMs(pid);
    if (now === null) break;
    const used = now - last;
    last = now;
    if (used < QUIET_SHARE * QUIET_WINDOW_MS) break;
  }
  return { tailMs: last - cpuEnd, waitedMs: performance.now() - started };
}

async function observerCounts(r: Running): Promise<Record<string, number> | null> {
  if (!r.ctx.sw) return null;
  return withTimeout(r.ctx.sw.evaluate(() => ({ ...((globalThis as ObserverGlobals).__benchCounts ?? {}) })), 10_000, `variant ${r.variant.name}: reading counts`);
}

const fmt = (x: number | null, digits = 2): string => (x === null || !Number.isFinite(x) ? '-' : x.toFixed(digits));
const times = (x: number | null): string => (x === null ? '-' : `${fmt(x)}×`);

export function formatTable(results: Result[]): string {
  const rows = [['think', 'variant', 'median ms', 'min–max ms', 'vs none', 'paired', 'vs minimal-extra', 'paired', 'cpu ms', 'cpu vs none', 'cpu vs minimal-extra', 'tail cpu ms']];
  for (const r of results) {
    rows.push([
      `${r.think} ms`,
      r.variant,
      fmt(r.medianMs, 0),
      `${fmt(Math.min(...r.roundsMs), 0)}–${fmt(Math.max(...r.roundsMs), 0)}`,
      times(r.vsNone),
      times(r.pairedVsNone),
      times(r.vsMinimal),
      times(r.pairedVsMinimal),
      fmt(r.cpuMs, 0),
      times(r.cpuVsNone),
      times(r.cpuVsMinimal),
      fmt(r.cpuTailMs, 0),
    ]);
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ')).join('\n');
}

/** One line per variant × `compare` entry: paired wall time, CPU, CPU with the trailing work. */
export function formatComparisons(results: Result[]): string {
  const rows = [['think', 'variant', 'vs', 'wall', 'paired', 'cpu', 'cpu+tail']];
  for (const r of results) {
    for (const [other, c] of Object.entries(r.vs)) rows.push([`${r.think} ms`, r.variant, other, times(c.wall), times(c.paired), times(c.cpu), times(c.cpuWithTail)]);
  }
  if (rows.length === 1) return '';
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ')).join('\n');
}

const ratio = (x: number | null, base: number | null | undefined): number | null => (x === null || base === null || base === undefined ? null : x / base);

function paired(xs: number[], base: number[] | undefined): number | null {
  if (base === undefined || base.length !== xs.length) return null;
  return median(xs.map((x, i) => x / (base[i] ?? NaN)));
}

export async function runPageBench(opts: PageBenchOptions): Promise<Result[]> {
  const rounds = opts.rounds ?? 5;
  const spec: RoundSpec = { fetches: opts.fetches ?? 1000, concurrency: opts.concurrency ?? 32, preflightShare: opts.preflightShare ?? 0.3 };
  const warmSpec: RoundSpec = { ...spec, fetches: opts.warmupFetches ?? spec.fetches };
  const settleMs = opts.settleMs ?? 300;
  const thinks = opts.thinkMs ?? [0, 20];
  if (new Set(opts.variants.map((v) => v.name)).size !== opts.variants.length) throw new Error('runPageBench: variant names must be unique');
  if (opts.variants.length === 0 || rounds < 1 || spec.fetches < 1 || warmSpec.fetches < 1 || spec.concurrency < 1) {
    throw new Error('runPageBench: need variants, rounds ≥ 1, fetches ≥ 1, concurrency ≥ 1');
  }
  if (!(spec.preflightShare >= 0 && spec.preflightShare <= 1)) throw new Error('runPageBench: preflightShare must be in [0, 1]');

  const servers = new Servers();
  await servers.start();
  const results: Result[] = [];
  const settleWaits: number[] = [];
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
          console.log(`# page bench: ${ua ?? '?'}; ${spec.fetches} fetches, ${spec.concurrency} at a time, ${Math.round(spec.preflightShare * 100)}% preflighted; ${rounds} interleaved rounds after a ${warmSpec.fetches}-fetch warm-up`);
          console.log(`# ${cpus().length} cpus, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} (other work on the machine makes wall times noisy)`);
        }
        for (let rnd = -1; rnd < rounds; rnd++) {
          for (const r of running) {
            const tag = `t${think}-${r.variant.name.replace(/[^\w-]/g, '_')}-${rnd < 0 ? 'warm' : rnd}-${runId++}`;
            const out = await round(r, servers, tag, rnd < 0 ? warmSpec : spec);
            const quiet = await settle(r.browserPid, out.cpuEnd, settleMs);
            if (rnd < 0) {
              r.warmupMs = out.ms;
              r.countsAfterWarmup = await observerCounts(r);
            } else {
              r.roundsMs.push(out.ms);
              if (out.cpuMs !== null) r.roundsCpuMs.push(out.cpuMs);
              if (quiet.tailMs !== null) r.roundsCpuTailMs.push(quiet.tailMs);
              settleWaits.push(quiet.waitedMs);
            }
          }
        }
        const roundsOf = new Map(running.map((r) => [r.variant.name, r.roundsMs] as const));
        const medMs = new Map<string, number>();
        const medCpu = new Map<string, number | null>();
        const medCpuWithTail = new Map<string, number | null>();
        for (const r of running) {
          medMs.set(r.variant.name, median(r.roundsMs));
          medCpu.set(r.variant.name, r.roundsCpuMs.length === rounds ? median(r.roundsCpuMs) : null);
          const withTail = r.roundsCpuTailMs.length === rounds && r.roundsCpuMs.length === rounds ? r.roundsCpuMs.map((c, i) => c + (r.roundsCpuTailMs[i] ?? NaN)) : null;
          medCpuWithTail.set(r.variant.name, withTail ? median(withTail) : null);
        }
        for (const r of running) {
          const med = median(r.roundsMs);
          const cpu = medCpu.get(r.variant.name) ?? null;
          const before = r.countsAfterWarmup;
          const after = await observerCounts(r);
          let eventsPerRound: Record<string, number> | null = null;
          if (before && after && Object.keys(after).length > 0) {
            eventsPerRound = {};
            for (const [k, v] of Object.entries(after)) eventsPerRound[k] = Math.round((v - (before[k] ?? 0)) / rounds);
          }
          const vs: Record<string, Comparison> = {};
          for (const other of r.variant.compare ?? []) {
            if (!medMs.has(other)) continue;
            vs[other] = {
              wall: ratio(med, medMs.get(other)),
              paired: paired(r.roundsMs, roundsOf.get(other)),
              cpu: ratio(cpu, medCpu.get(other)),
              cpuWithTail: ratio(medCpuWithTail.get(r.variant.name) ?? null, medCpuWithTail.get(other)),
            };
          }
          const verified = r.variant.verify ? await withTimeout(r.variant.verify(r.ctx), 30_000, `variant ${r.variant.name}: verify`) : null;
          results.push({
            bench: 'page.fetches',
            think,
            variant: r.variant.name,
            medianMs: med,
            roundsMs: r.roundsMs,
            warmupMs: r.warmupMs,
            spread: (Math.max(...r.roundsMs) - Math.min(...r.roundsMs)) / med,
            vsNone: ratio(med, medMs.get('none')),
            vsMinimal: ratio(med, medMs.get('minimal-extra')),
            pairedVsNone: paired(r.roundsMs, roundsOf.get('none')),
            pairedVsMinimal: paired(r.roundsMs, roundsOf.get('minimal-extra')),
            cpuMs: cpu,
            roundsCpuMs: r.roundsCpuMs,
            cpuVsNone: ratio(cpu, medCpu.get('none')),
            cpuVsMinimal: ratio(cpu, medCpu.get('minimal-extra')),
            eventsPerRound,
            cpuTailMs: r.roundsCpuTailMs.length === rounds ? median(r.roundsCpuTailMs) : null,
            roundsCpuTailMs: r.roundsCpuTailMs,
            vs,
            verified,
          });
        }
      } finally {
        for (const r of running) await closeBrowser(r.ctx.context, r.userDataDir).catch(() => undefined);
      }
    }
  } finally {
    await servers.stop();
  }
  if (opts.print !== false) {
    console.log(formatTable(results));
    const pairs = formatComparisons(results);
    if (pairs !== '') console.log(pairs);
    console.log(`# settling after each round (until the browser is quiet): median ${fmt(median(settleWaits), 0)} ms, max ${fmt(Math.max(...settleWaits), 0)} ms`);
    console.log(`# "paired": median of per-round ratios; "cpu": CPU time of the whole browser per round. Load average now ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  }
  return results;
}
