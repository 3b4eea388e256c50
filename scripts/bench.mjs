// `npm run bench`: bundles the benchmarks (TypeScript) with esbuild and runs them in this Node.
import { build } from 'esbuild';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = await mkdtemp(join(tmpdir(), 'cors-lens-bench-'));
try {
  console.log(`# node ${process.version}, ${process.arch}`);
  for (const name of ['engine', 'capture']) {
    const outfile = join(dir, `${name}.bench.mjs`);
    await build({ entryPoints: [`test/bench/${name}.bench.ts`], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
    const { run } = await import(outfile);
    run();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
