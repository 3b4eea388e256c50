// `npm run bench`: bundles the benchmarks (TypeScript) with esbuild and runs them in this Node:
// the engine and the background's capture in Node, then the page benchmark in Chromium
// (skip it with BENCH_SKIP_BROWSER=1). Prints JSON lines; docs/PERFORMANCE.md records them.
import { build } from 'esbuild';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = await mkdtemp(join(tmpdir(), 'cors-lens-bench-'));
try {
  console.log(`# node ${process.version}, ${process.arch}`);
  const benches = ['test/bench/engine.bench.ts', 'test/bench/capture.bench.ts'];
  if (process.env.BENCH_SKIP_BROWSER !== '1') benches.push('test/bench/browser/main.ts');
  for (const entry of benches) {
    const outfile = join(dir, `${entry.replace(/[/.]/g, '_')}.mjs`);
    // Packages stay external (playwright-core cannot be bundled); they resolve from the project.
    await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning', packages: 'external', absWorkingDir: process.cwd() });
    const { run } = await import(outfile);
    await run();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
