#!/usr/bin/env node
// The CLI is bundled by `npm run build` into dist/cli/cors-lens.js.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/cli/cors-lens.js', import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write('cors-lens: not built yet; run `npm run build` first\n');
  process.exit(2);
}
await import(bundle.href);
