// Bundle sizes as users' browsers load them (issue #4's budgets): every JavaScript file reachable
// from an entry (static and dynamic imports, so lazy chunks count too), gzip level 9 each, summed.
// `node scripts/bundle-size.mjs [dist/chrome]` prints JSON; `bundleSizes(dir)` is used by tests and bench.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s*)["'`]([^"'`]+\.js)["'`]/g;
const HTML_ASSET = /(?:src|href)="([^"]+\.(?:js|css))"/g;

function gz(file) {
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

/** Files reachable from `entries` (absolute paths), following relative imports in JS. */
function closure(entries) {
  const seen = new Set();
  const todo = [...entries];
  while (todo.length > 0) {
    const file = todo.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.endsWith('.js')) continue;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) if (m[1].startsWith('.')) todo.push(resolve(dirname(file), m[1]));
  }
  return [...seen];
}

function fromHtml(dir, html) {
  const text = readFileSync(join(dir, html), 'utf8');
  return [...text.matchAll(HTML_ASSET)].map((m) => resolve(dir, m[1].replace(/^\//, '')));
}

function measure(dir, files) {
  const parts = files.map((f) => ({ file: relative(dir, f), gzip: gz(f) })).sort((a, b) => b.gzip - a.gzip);
  const js = parts.filter((p) => p.file.endsWith('.js')).reduce((s, p) => s + p.gzip, 0);
  const css = parts.filter((p) => p.file.endsWith('.css')).reduce((s, p) => s + p.gzip, 0);
  return { js, css, parts };
}

export function bundleSizes(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const bg = manifest.background?.service_worker ?? manifest.background?.scripts?.[0];
  return {
    panel: measure(dir, closure(fromHtml(dir, 'panel.html'))),
    background: measure(dir, closure([resolve(dir, bg)])),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = resolve(process.argv[2] ?? 'dist/chrome');
  console.log(JSON.stringify(bundleSizes(dir), null, 2));
}
