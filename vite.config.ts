import { defineConfig, type Plugin } from 'vite';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pkg from './package.json' with { type: 'json' };
import base from './manifest.json' with { type: 'json' };

export type Target = 'chrome' | 'firefox';

/**
 * The proxy catalogue (src/proxy/catalogue.json) documents every entry with an example, a status
 * and a source: two thirds of its size, and nothing detection reads. The extension ships the
 * entries without them (the background's 25 KB gzip budget); tests and the CLI read the full file.
 */
const SHIPPED_PROXY_FIELDS = ['host', 'service', 'unreliable', 'pathPrefix', 'shape', 'param', 'defaultScheme'];

function slimProxyCatalogue(): Plugin {
  return {
    name: 'cors-lens:slim-proxy-catalogue',
    enforce: 'pre',
    transform(code, id) {
      if (!id.replace(/\\/g, '/').endsWith('/src/proxy/catalogue.json')) return null;
      const entries = JSON.parse(code) as Record<string, unknown>[];
      // Values equal to catalogue.ts's defaults (service = host, unreliable false, prefix '/', shape query) are left out too.
      const isDefault = (e: Record<string, unknown>, k: string): boolean =>
        (k === 'service' && e[k] === e.host) || (k === 'unreliable' && e[k] === false) || (k === 'pathPrefix' && e[k] === '/') || (k === 'shape' && e[k] === 'query');
      const slim = entries.map((e) => Object.fromEntries(SHIPPED_PROXY_FIELDS.filter((k) => k in e && !isDefault(e, k)).map((k) => [k, e[k]])));
      return { code: JSON.stringify(slim), map: null };
    },
  };
}

/**
 * One manifest.json for both browsers (paths relative to extension/); the version always comes
 * from package.json. Firefox gets background scripts instead of a service worker, and its gecko
 * settings (crxjs writes only one background key per build: research feasibility.md §6).
 *
 * Gecko: `data_collection_permissions` (required on addons.mozilla.org for new add-ons) is read by
 * Firefox 140 and later (Firefox for Android 142), so 140.0 is the minimum: the ESR 140 line and
 * newer. No `gecko_android`: it would list the add-on for Android on AMO, which has no DevTools
 * (README, "Packaging for the stores", explains the linter's remaining Android warning).
 */
export function manifestFor(target: Target): ManifestV3Export {
  const common = { ...base, version: pkg.version };
  if (target === 'chrome') return common as ManifestV3Export;
  const { minimum_chrome_version: _unused, ...rest } = common;
  return {
    ...rest,
    background: { scripts: [base.background.service_worker], type: 'module' },
    browser_specific_settings: {
      gecko: { id: 'cors-lens@cors-lens.dev', strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } },
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
    define: { __CORS_LENS_E2E__: JSON.stringify(e2e), __FIREFOX__: JSON.stringify(target === 'firefox') },
    plugins: [slimProxyCatalogue(), preact(), crx({ manifest: withoutDevtoolsPage(manifestFor(target)), browser: target })],
    build: {
      outDir: outDirFor(target, e2e),
      emptyOutDir: true,
      target: targetFor(target),
    },
    logLevel: 'warn',
  });
}

/**
 * The extension pages (panel.html, and devtools.html) are a second build into the same directory,
 * after the manifest's (background). Built together, Rollup put every module a page and the
 * background both use into shared chunks carrying the background's whole use of them: the panel
 * then loaded 4.9 KB gzip it never ran, and the background lost compression to a split. So crxjs
 * builds the manifest without `devtools_page` and this build puts it back (`addDevtoolsPage`).
 */
export function panelConfigFor(target: Target, e2e = false) {
  const root = fileURLToPath(new URL('./extension', import.meta.url));
  return defineConfig({
    root,
    define: { __CORS_LENS_E2E__: JSON.stringify(e2e), __FIREFOX__: JSON.stringify(target === 'firefox') },
    plugins: [preact(), addDevtoolsPage(outDirFor(target, e2e))],
    build: {
      outDir: outDirFor(target, e2e),
      emptyOutDir: false,
      target: targetFor(target),
      // Extension pages run in Chrome 120+ / Firefox 140+, which preload modules natively.
      modulePreload: { polyfill: false },
      rollupOptions: { input: { panel: `${root}/panel.html`, devtools: `${root}/${DEVTOOLS_PAGE}` } },
    },
    logLevel: 'warn',
  });
}

const DEVTOOLS_PAGE = base.devtools_page;

function withoutDevtoolsPage(m: ManifestV3Export): ManifestV3Export {
  const { devtools_page: _built, ...rest } = m as { devtools_page?: string };
  return rest as ManifestV3Export;
}

function addDevtoolsPage(outDir: string): Plugin {
  return {
    name: 'cors-lens:add-devtools-page',
    writeBundle() {
      const file = `${outDir}/manifest.json`;
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      writeFileSync(file, `${JSON.stringify({ ...manifest, devtools_page: DEVTOOLS_PAGE }, null, 2)}\n`);
    },
  };
}

function outDirFor(target: Target, e2e: boolean): string {
  return fileURLToPath(new URL(`./dist/${target}${e2e ? '-e2e' : ''}`, import.meta.url));
}

function targetFor(target: Target): string {
  return target === 'chrome' ? 'chrome120' : 'firefox140';
}

/**
 * `vite build --mode firefox` builds dist/firefox, `--mode firefox-e2e` dist/firefox-e2e, otherwise
 * dist/chrome; a mode ending in `:panel` builds that directory's panel page (scripts/build.mjs runs both).
 */
export default defineConfig(({ mode }) => {
  const [name = '', part] = mode.split(':');
  const target: Target = name.startsWith('firefox') ? 'firefox' : 'chrome';
  const e2e = name.endsWith('-e2e');
  return part === 'panel' ? panelConfigFor(target, e2e) : configFor(target, e2e);
});
