import { defineConfig } from 'vite';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import pkg from './package.json' with { type: 'json' };
import baseManifest from './manifest.json' with { type: 'json' };

// One manifest.json for every browser; the version always comes from package.json.
const manifest = { ...baseManifest, version: pkg.version } as ManifestV3Export;

export default defineConfig({
  plugins: [preact(), crx({ manifest })],
  build: {
    outDir: 'dist/chrome',
    emptyOutDir: true,
    target: 'chrome120',
  },
  logLevel: 'warn',
});
