/**
 * The panel page: opened by DevTools as the "CORS" panel, or directly as panel.html?tabId=N (tests,
 * "Pop out"). Without a tab to inspect (e.g. the e2e helper page panel.html?e2e=1) it subscribes
 * to nothing. All UI lives in src/ui; this file only mounts it.
 */
import { render } from 'preact';
import { App } from '../../src/ui/components/App.js';
import { panelParams } from '../../src/ui/params.js';
import { resolveTheme } from '../../src/ui/theme.js';
import { api as browser, browserName } from './api.js';
import { extensionBackend, inspectedWindow } from './backend.js';

interface DevtoolsPanels { chrome?: { devtools?: { panels?: { themeName?: string } } } }

const params = panelParams(location.search, inspectedWindow()?.tabId);
const devtoolsTheme = params.inDevtools ? ((globalThis as DevtoolsPanels).chrome?.devtools?.panels?.themeName ?? browser.devtools?.panels?.themeName) : undefined;
const dark = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;

function applyTheme(): void {
  document.documentElement.dataset.theme = resolveTheme({ param: params.theme, devtools: devtoolsTheme, prefersDark: dark?.matches === true });
}
applyTheme();
if (!params.inDevtools && params.theme === null) dark?.addEventListener('change', applyTheme);

const root = document.getElementById('app') as HTMLElement;
if (params.tabId === null) {
  root.textContent = 'No tab to inspect: open this panel from DevTools, or add ?tabId=N.';
} else {
  const backend = extensionBackend({ tabId: params.tabId, e2e: params.e2e, inDevtools: params.inDevtools });
  render(<App backend={backend} options={{ tabId: params.tabId, browser: browserName }} />, root);
}
