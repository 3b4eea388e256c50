import { defineConfig } from 'vite';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import pkg from './package.json' with { type: 'json' };
import base from './manifest.json' with { type: 'json' };

export type Target = 'chrome' | 'firefox';

/**
 * One manifest.json for both browsers (paths relative to extension/); the version always comes
 * from package.json. Firefox gets background scripts instead of a service worker, and its gecko
 * settings (crxjs writes only one background key per build: research feasibility.md §6).
 */
export function manifestFor(target: Target): ManifestV3Export {
  const common = { ...base, version: pkg.version };
  if (target === 'chrome') return common as ManifestV3Export;
  const { minimum_chrome_version: _unused, ...rest } = common;
  return {
    ...rest,
    background: { scripts: [base.background.service_worker], type: 'module' },
    browser_specific_settings: {
      gecko: { id: 'cors-lens@cors-lens.dev', strict_min_version: '128.0', data_collection_permissions: { required: ['none'] } },
    },
  } as unknown as ManifestV3Export;
}

/**
 * `e2e` builds (dist/<target>-e2e, never shipped) open the panel page in a tab at start-up, the only
 * extension page WebDriver BiDi lets a test script in Firefox (research feasibility.md §5.1), and
 * answer the test-only journal message.
 */
export function configFor(target: Target, e2e = false) {
  const root = fileURLToPath(new URL('./extension', import.meta.url));
  return defineConfig({
    root,
    define: { __CORS_LENS_E2E__: JSON.stringify(e2e) },
    plugins: [preact(), crx({ manifest: manifestFor(target), browser: target })],
    build: {
      outDir: fileURLToPath(new URL(`./dist/${target}${e2e ? '-e2e' : ''}`, import.meta.url)),
      emptyOutDir: true,
      target: target === 'chrome' ? 'chrome120' : 'firefox128',
      rollupOptions: { input: { panel: `${root}/panel.html` } },
    },
    logLevel: 'warn',
  });
}

// `vite build --mode firefox` builds dist/firefox, `--mode firefox-e2e` dist/firefox-e2e; otherwise dist/chrome.
export default defineConfig(({ mode }) => configFor(mode.startsWith('firefox') ? 'firefox' : 'chrome', mode.endsWith('-e2e')));
