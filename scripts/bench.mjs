// `npm run bench`: bundles the benchmarks (TypeScript) with esbuild and runs them in this Node.
import { build } from 'esbuild';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = await mkdtemp(join(tmpdir(), 'cors-lens-bench-'));
try {
  const outfile = join(dir, 'engine.bench.mjs');
  await build({ entryPoints: ['test/bench/engine.bench.ts'], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
  const { run } = await import(outfile);
  console.log(`# node ${process.version}, ${process.arch}`);
  run();
} finally {
  await rm(dir, { recursive: true, force: true });
}
