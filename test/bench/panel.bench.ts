/**
 * Panel benchmark (issue #4): the App with 10,000 entries, first render, filter keystrokes and a
 * burst of live entries. Targets: render < 200 ms, keystroke < 30 ms. Prints JSON lines.
 *
 * - happy-dom in Node: Preact + our code only (no style, layout or paint) and a slow JS DOM, so it
 *   is noisy and not the number to judge by.
 * - Chromium (the real measurement): the same code bundled into a page with the panel's CSS, with
 *   a forced layout after each step. Runs when a Chromium is found (CHROMIUM_PATH, default
 *   /usr/bin/chromium) unless BENCH_SKIP_BROWSER=1. `runInChromium()` can be called on its own.
 */
import { existsSync, readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { Window } from 'happy-dom';
import { measurePanel, summarise, syntheticEntries } from './panel/measure.js';

const ENTRIES = 10_000;
const RUNS = 5;
const WARMUP = 3;

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export function runInHappyDom(): object[] {
  const win = new Window({ url: 'https://panel.test/panel.html?tabId=1' });
  const g = globalThis as Record<string, unknown>;
  const names = ['window', 'document', 'navigator', 'Event', 'KeyboardEvent', 'HTMLElement', 'Node', 'ResizeObserver', 'requestAnimationFrame', 'cancelAnimationFrame', 'localStorage'];
  const saved = names.map((n) => [n, Object.getOwnPropertyDescriptor(g, n)] as const);
  for (const n of names) Object.defineProperty(g, n, { value: (win as unknown as Record<string, unknown>)[n], configurable: true, writable: true });
  try {
    const doc = win.document as unknown as Document;
    const log = syntheticEntries(ENTRIES);
    for (let i = 0; i < WARMUP; i++) measurePanel(doc, log);
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      gc();
      runs.push(measurePanel(doc, log));
    }
    return summarise('happy-dom', runs);
  } finally {
    for (const [n, d] of saved) {
      if (d) Object.defineProperty(g, n, d);
      else delete g[n];
    }
    void win.happyDOM.close();
  }
}

export async function runInChromium(executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'): Promise<object[]> {
  const bundle = await build({
    stdin: {
      contents: `import { measurePanel, summarise, syntheticEntries } from './test/bench/panel/measure.js';
        globalThis.benchPanel = (n, runs, warmup) => {
          const log = syntheticEntries(n);
          for (let i = 0; i < warmup; i++) measurePanel(document, log, true);
          const out = [];
          for (let i = 0; i < runs; i++) out.push(measurePanel(document, log, true));
          return summarise('chromium', out);
        };`,
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    bundle: true, write: false, format: 'iife', platform: 'browser', target: 'chrome120', minify: true, logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const script = bundle.outputFiles[0]?.text ?? '';
  const css = readFileSync('extension/panel/panel.css', 'utf8');
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.setContent(`<!doctype html><html data-theme="light"><head><style>${css}</style></head><body></body></html>`);
    await page.addScriptTag({ content: script });
    return (await page.evaluate(([n, r, w]) => (globalThis as unknown as { benchPanel: (n: number, r: number, w: number) => object[] }).benchPanel(n, r, w), [ENTRIES, RUNS, WARMUP] as const));
  } finally {
    await browser.close();
  }
}

export async function run(): Promise<void> {
  for (const line of runInHappyDom()) console.log(JSON.stringify(line));
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (process.env.BENCH_SKIP_BROWSER === '1' || !existsSync(path)) {
    console.log(JSON.stringify({ bench: 'panel', dom: 'chromium', skipped: true, reason: 'no Chromium (set CHROMIUM_PATH) or BENCH_SKIP_BROWSER=1' }));
    return;
  }
  for (const line of await runInChromium(path)) console.log(JSON.stringify(line));
}
