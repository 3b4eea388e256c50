// `npm run bench`: bundles the benchmarks (TypeScript) with esbuild and runs them in this Node:
// the engine and the background's capture in Node, then the page benchmark in Chromium
// (skip it with BENCH_SKIP_BROWSER=1). Prints JSON lines; docs/PERFORMANCE.md records them.
import { build } from 'esbuild';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { bundleSizes } from './bundle-size.mjs';

// Inside the project, so that packages kept external (playwright-core, happy-dom, preact) resolve.
await mkdir('node_modules/.cache', { recursive: true });
const dir = await mkdtemp(join('node_modules/.cache', 'cors-lens-bench-'));
try {
  console.log(`# node ${process.version}, ${process.arch}`);
  // Bundle sizes of the build `npm run bench` just made (issue #4: panel JS ≤ 40 KB, background ≤ 25 KB gzip).
  for (const target of ['chrome', 'firefox']) {
    const s = bundleSizes(join('dist', target));
    console.log(JSON.stringify({ bench: 'bundle', target, panelJsGzip: s.panel.js, panelCssGzip: s.panel.css, backgroundGzip: s.background.js }));
  }
  const benches = ['test/bench/engine.bench.ts', 'test/bench/capture.bench.ts', 'test/bench/panel.bench.ts'];
  if (process.env.BENCH_SKIP_BROWSER !== '1') benches.push('test/bench/browser/main.ts');
  for (const entry of benches) {
    const outfile = join(dir, `${entry.replace(/[/.]/g, '_')}.mjs`);
    // Packages stay external (playwright-core cannot be bundled); they resolve from the project.
    await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning', packages: 'external', absWorkingDir: process.cwd() });
    const { run } = await import(join(process.cwd(), outfile));
    await run();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
