/**
 * Page benchmark entry (issues #3, #7): a page completing 1,000 cross-origin fetches in Chromium,
 * with no extension, the minimal comparison observers, and CORS Lens (dist/chrome), same run; and
 * with DevTools open on the bench tab or on another tab, with and without CORS Lens (full capture
 * from DevTools' network log). Prints one JSON line per think time × variant, after the human tables.
 *
 * Environment (all optional): CORS_LENS_EXTENSION (another unpacked build), CHROMIUM_PATH,
 * BENCH_PAGE_ROUNDS, BENCH_PAGE_FETCHES, BENCH_PAGE_THINK (comma-separated ms, e.g. `0,20`),
 * BENCH_PAGE_VARIANTS (comma-separated names: a subset; all 13 take ~9.5 minutes here).
 * playwright-core and puppeteer-core are loaded from the current directory's node_modules (run from
 * the project root).
 */
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { writeObservers } from './observers/index.js';
import { devtoolsWindows, openDevtools, runPageBench } from './page-throughput.js';
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

/** Runs `fn` in a CORS Lens extension page (panel.html without a tab: it subscribes to nothing), then closes it. */
async function inExtensionPage<T>(ctx: BenchContext, fn: (page: Page) => Promise<T>): Promise<T> {
  if (!ctx.extensionId) throw new Error('needs the extension');
  const page = await ctx.context.newPage();
  try {
    await page.goto(`chrome-extension://${ctx.extensionId}/panel.html`);
    return await fn(page);
  } finally {
    await page.close();
  }
}

interface TabStateLike { mode?: string; source?: string; recorded?: boolean }

async function tabIdOf(ctx: BenchContext, url: string): Promise<number> {
  if (!ctx.sw) throw new Error('tabIdOf needs the extension');
  const tabId = await ctx.sw.evaluate(async (u: string) => {
    for (let i = 0; i < 50; i++) {
      const tab = (await chrome.tabs.query({})).find((t) => t.url === u);
      if (tab?.id !== undefined) return tab.id;
      await new Promise((r) => setTimeout(r, 100));
    }
    return -1;
  }, url);
  if (tabId < 0) throw new Error(`no tab for ${url}`);
  return tabId;
}

const OTHER_TAB = '?other';

/**
 * DevTools open on the bench tab, or on a second tab (the bench page, idle, at `?other`). With CORS
 * Lens, waits until its devtools page relays that tab (`source: 'devtools'`); without, until the
 * DevTools window exists and has had time to load (nothing else tells).
 */
async function devtoolsOn(ctx: BenchContext, which: 'bench' | 'other'): Promise<void> {
  let url = ctx.benchUrl;
  if (which === 'other') {
    url = `${ctx.benchUrl}${OTHER_TAB}`;
    const other = await ctx.context.newPage();
    await other.goto(url);
  }
  await openDevtools(ctx, url);
  if (ctx.extensionId) {
    const tabId = await tabIdOf(ctx, url);
    const state = await inExtensionPage(ctx, async (page) => {
      let last: TabStateLike = {};
      // A build from before DevTools capture answers without `source`: nothing to wait for there.
      for (let i = 0; i < 150 && last.source !== 'devtools' && (i === 0 || 'source' in last); i++) {
        if (i > 0) await new Promise((r) => setTimeout(r, 100));
        last = (await page.evaluate((t: number) => chrome.runtime.sendMessage({ type: 'cors-lens/tab-state', tabId: t }), tabId)) as TabStateLike;
      }
      return last;
    });
    if ('source' in state && state.source !== 'devtools') throw new Error(`DevTools open on tab ${tabId}, but CORS Lens says ${JSON.stringify(state)}`);
  } else {
    for (let i = 0; i < 50 && (await devtoolsWindows(ctx)) === 0; i++) await new Promise((r) => setTimeout(r, 100));
    if ((await devtoolsWindows(ctx)) === 0) throw new Error('no DevTools window after openDevTools');
  }
  // The front-end keeps loading for a moment after it attached: let it finish before the warm-up.
  await new Promise((r) => setTimeout(r, 1_500));
  await ctx.page.bringToFront();
}

/**
 * After the rounds: DevTools still open; with CORS Lens, each tab's capture source and the bench
 * tab's log (the last round's requests: navigations clear it), by where its entries came from
 * (`dt…` ids: DevTools' log through the relay; others: webRequest).
 */
async function verifyDevtools(ctx: BenchContext): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = { devtoolsWindows: await devtoolsWindows(ctx) };
  if (!ctx.extensionId) return out;
  const benchTab = await tabIdOf(ctx, ctx.benchUrl);
  const otherTab = ctx.context.pages().some((p) => p.url() === `${ctx.benchUrl}${OTHER_TAB}`) ? await tabIdOf(ctx, `${ctx.benchUrl}${OTHER_TAB}`) : null;
  return inExtensionPage(ctx, async (page) => {
    const ask = (m: unknown): Promise<unknown> => page.evaluate((msg) => chrome.runtime.sendMessage(msg), m as never);
    const bench = (await ask({ type: 'cors-lens/tab-state', tabId: benchTab })) as TabStateLike;
    out.bench = { mode: bench.mode, source: bench.source, recorded: bench.recorded };
    if (otherTab !== null) {
      const other = (await ask({ type: 'cors-lens/tab-state', tabId: otherTab })) as TabStateLike;
      out.other = { mode: other.mode, source: other.source };
    }
    const report = (await ask({ type: 'cors-lens/report', tabId: benchTab, redact: false })) as { entries: { id: string; verdict: string; mode?: string }[] };
    out.benchEntries = {
      total: report.entries.length,
      fromDevtools: report.entries.filter((e) => /^dt[0-9a-z]+:/.test(e.id)).length,
      allowed: report.entries.filter((e) => e.verdict === 'allowed').length,
      light: report.entries.filter((e) => e.mode === 'light').length,
    };
    return out;
  });
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
      // … and light while another tab is in full mode (its panel page: webRequest with extraHeaders).
      { name: 'cors-lens-light-other-full', extensionDir: corsLens, setup: (ctx) => openPanel(ctx, 'other'), compare: ['cors-lens'] },
      // Issue #7, full capture from DevTools' network log: DevTools open on another tab, without and
      // with CORS Lens (whose devtools page then relays that tab): DevTools' own cost cancels.
      { name: 'none-devtools-other', extensionDir: null, setup: (ctx) => devtoolsOn(ctx, 'other'), compare: ['none'], verify: verifyDevtools },
      {
        name: 'cors-lens-light-devtools-other',
        extensionDir: corsLens,
        setup: (ctx) => devtoolsOn(ctx, 'other'),
        compare: ['none-devtools-other', 'cors-lens', 'none'],
        verify: verifyDevtools,
      },
      // The inspected tab itself: DevTools alone; with CORS Lens capturing from DevTools' log; and the
      // old way, "Record this tab" (webRequest with extraHeaders; the relay's events are then ignored).
      { name: 'none-devtools', extensionDir: null, setup: (ctx) => devtoolsOn(ctx, 'bench'), compare: ['none'], verify: verifyDevtools },
      {
        name: 'cors-lens-devtools',
        extensionDir: corsLens,
        setup: (ctx) => devtoolsOn(ctx, 'bench'),
        compare: ['none-devtools', 'cors-lens-devtools-recorded', 'none'],
        verify: verifyDevtools,
      },
      {
        name: 'cors-lens-devtools-recorded',
        extensionDir: corsLens,
        setup: async (ctx) => {
          await devtoolsOn(ctx, 'bench');
          await recordTab(ctx);
        },
        compare: ['none-devtools', 'none'],
        verify: verifyDevtools,
      },
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
          cpuTailMs: r.cpuTailMs === null ? null : Math.round(r.cpuTailMs),
          ...(Object.keys(r.vs).length > 0 ? { vs: Object.fromEntries(Object.entries(r.vs).map(([k, c]) => [k, { wall: round(c.wall), paired: round(c.paired), cpu: round(c.cpu), cpuWithTail: round(c.cpuWithTail) }])) } : {}),
          ...(r.verified ? { verified: r.verified } : {}),
        }),
      );
    }
    console.log(`# cors-lens = snapshot of ${extensionDir}`);
    console.log(`# page bench took ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
