/**
 * Page benchmark entry (issues #3, #7): a page completing 1,000 cross-origin fetches in Chromium,
 * with no extension, the minimal comparison observers, and CORS Lens (dist/chrome), same run.
 * Prints one JSON line per think time × variant, after the human table.
 *
 * Environment (all optional): CORS_LENS_EXTENSION (another unpacked build), CHROMIUM_PATH,
 * BENCH_PAGE_ROUNDS, BENCH_PAGE_FETCHES, BENCH_PAGE_THINK (comma-separated ms, e.g. `0,20`).
 * playwright-core is loaded from the current directory's node_modules (run from the project root).
 */
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeObservers } from './observers/index.js';
import { runPageBench } from './page-throughput.js';
import type { BenchContext, Variant } from './page-throughput.js';

declare const chrome: { tabs: { query(q: object): Promise<{ id?: number; url?: string }[]> }; runtime: { sendMessage(m: unknown): Promise<unknown> } };

/**
 * Issue #3 asks for 1,000 fetches; on this 2-core machine 5 browsers × 2 think times × (5 rounds +
 * warm-up) of 1,000 fetches take 4–7 minutes, so the default is 500 fetches per round (ratios
 * barely change with the batch size; BENCH_PAGE_FETCHES=1000 gives the full-size run).
 */
const ROUNDS = 5;
const FETCHES = 500;
const WARMUP_FETCHES = 200;

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return n;
}

function envThink(): number[] {
  const raw = process.env.BENCH_PAGE_THINK;
  if (raw === undefined || raw === '') return [0, 20];
  const list = raw.split(',').map((s) => Number(s.trim()));
  if (list.some((n) => !Number.isFinite(n) || n < 0)) throw new Error(`BENCH_PAGE_THINK must be comma-separated ms, got ${JSON.stringify(raw)}`);
  return list;
}

/** Opens CORS Lens's panel page for the bench tab or for another tab, and waits until it is in full mode. */
async function openPanel(ctx: BenchContext, which: 'bench' | 'other'): Promise<void> {
  if (!ctx.sw || !ctx.extensionId) throw new Error('openPanel needs the extension');
  let target = ctx.page;
  if (which === 'other') {
    target = await ctx.context.newPage();
    await target.goto(ctx.benchUrl);
  }
  const url = target.url();
  const tabId = await ctx.sw.evaluate(async (u: string) => {
    for (let i = 0; i < 50; i++) {
      const tab = (await chrome.tabs.query({})).find((t) => t.url === u);
      if (tab?.id !== undefined) return tab.id;
      await new Promise((r) => setTimeout(r, 100));
    }
    return -1;
  }, url);
  if (tabId < 0) throw new Error(`no tab for ${url}`);
  const panel = await ctx.context.newPage();
  await panel.goto(`chrome-extension://${ctx.extensionId}/panel.html?tabId=${tabId}`);
  for (let i = 0; i < 50; i++) {
    const state = (await panel.evaluate((t: number) => chrome.runtime.sendMessage({ type: 'cors-lens/tab-state', tabId: t }), tabId)) as { mode?: string };
    if (state.mode === 'full') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await ctx.page.bringToFront();
}

/** "Record this tab" for the bench tab: full capture with no panel open. */
async function recordTab(ctx: BenchContext): Promise<void> {
  if (!ctx.sw || !ctx.extensionId) throw new Error('recordTab needs the extension');
  const url = ctx.page.url();
  const tabId = await ctx.sw.evaluate(async (u: string) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id ?? -1, url);
  if (tabId < 0) throw new Error(`no tab for ${url}`);
  const page = await ctx.context.newPage();
  await page.goto(`chrome-extension://${ctx.extensionId}/panel.html`);
  const state = (await page.evaluate((t: number) => chrome.runtime.sendMessage({ type: 'cors-lens/record-tab', tabId: t, on: true }), tabId)) as { mode?: string };
  if (state.mode !== 'full') throw new Error(`record-tab did not switch tab ${tabId} to full: ${JSON.stringify(state)}`);
  await page.close();
  await ctx.page.bringToFront();
}

export async function run(): Promise<void> {
  const extensionDir = resolve(process.env.CORS_LENS_EXTENSION ?? join(process.cwd(), 'dist', 'chrome'));
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`page bench: the extension is not built (no ${join(extensionDir, 'manifest.json')}); run \`npm run build\` first`);
  }
  const started = performance.now();
  const dir = await mkdtemp(join(tmpdir(), 'cors-lens-pagebench-ext-'));
  try {
    const observers = await writeObservers(dir);
    // A snapshot, so that a concurrent `npm run build` cannot change the extension mid-run.
    const corsLens = join(dir, 'cors-lens');
    await cp(extensionDir, corsLens, { recursive: true });
    const variants: Variant[] = [
      { name: 'none', extensionDir: null },
      { name: 'minimal-extra', extensionDir: observers['minimal-extra'] },
      { name: 'minimal-plain', extensionDir: observers['minimal-plain'] },
      { name: 'errors-only', extensionDir: observers['errors-only'] },
      // Issue #7: the bench tab in light mode (no panel anywhere) …
      { name: 'cors-lens', extensionDir: corsLens },
      // … in full mode (its panel open: the panel page subscribes to it on the live port) …
      { name: 'cors-lens-full', extensionDir: corsLens, setup: (ctx) => openPanel(ctx, 'bench') },
      // … in full mode through "Record this tab" (no panel page drawing entries on the same 2 cores) …
      { name: 'cors-lens-recorded', extensionDir: corsLens, setup: (ctx) => recordTab(ctx) },
      // … and light while another tab is in full mode.
      { name: 'cors-lens-light-other-full', extensionDir: corsLens, setup: (ctx) => openPanel(ctx, 'other') },
    ];
    // BENCH_PAGE_VARIANTS=none,minimal-extra,cors-lens-recorded runs a subset.
    const only = process.env.BENCH_PAGE_VARIANTS?.split(',').map((v) => v.trim()).filter(Boolean);
    if (only && only.length > 0) variants.splice(0, variants.length, ...variants.filter((v) => only.includes(v.name)));
    const fetches = envInt('BENCH_PAGE_FETCHES', FETCHES);
    const results = await runPageBench({
      variants,
      rounds: envInt('BENCH_PAGE_ROUNDS', ROUNDS),
      fetches,
      warmupFetches: Math.min(WARMUP_FETCHES, fetches),
      thinkMs: envThink(),
    });
    const round = (x: number | null): number | null => (x === null ? null : Math.round(x * 1000) / 1000);
    for (const r of results) {
      console.log(
        JSON.stringify({
          bench: r.bench,
          think: r.think,
          variant: r.variant,
          fetches,
          medianMs: Math.round(r.medianMs * 10) / 10,
          vsNone: round(r.vsNone),
          vsMinimal: round(r.vsMinimal),
          pairedVsNone: round(r.pairedVsNone),
          pairedVsMinimal: round(r.pairedVsMinimal),
          cpuMs: r.cpuMs === null ? null : Math.round(r.cpuMs),
          cpuVsNone: round(r.cpuVsNone),
          cpuVsMinimal: round(r.cpuVsMinimal),
          roundsMs: r.roundsMs.map((x) => Math.round(x)),
          eventsPerRound: r.eventsPerRound,
        }),
      );
    }
    console.log(`# cors-lens = snapshot of ${extensionDir}`);
    console.log(`# page bench took ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
