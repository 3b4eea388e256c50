// Builds everything `npm run build` promises: the CLI bundle and the Chrome extension.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { readFile } from 'node:fs/promises';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
const started = performance.now();

await esbuild({
  entryPoints: ['src/cli/bin.ts'],
  outfile: 'dist/cli/cors-lens.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  define: { __VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
});

// Both extension builds from the one manifest.json (see vite.config.ts).
// Each directory: the manifest's parts (background, devtools page), then the panel page on its own.
for (const dir of ['chrome', 'firefox', 'firefox-e2e']) {
  for (const mode of [dir, `${dir}:panel`]) await viteBuild({ configFile: 'vite.config.ts', mode });
}

console.log(`built dist/cli, dist/chrome, dist/firefox (and dist/firefox-e2e for tests) in ${Math.round(performance.now() - started)} ms`);
