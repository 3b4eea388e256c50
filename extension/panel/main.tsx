/**
 * The panel page: opened by DevTools as the "CORS" panel, or directly as panel.html?tabId=N (tests,
 * "Pop out"). Without a tab to inspect (e.g. the e2e helper page panel.html?e2e=1) it subscribes
 * to nothing. All UI lives in src/ui; this file only mounts it.
 */
import { render } from 'preact';
import { App } from '../../src/ui/components/App.js';
import { panelParams } from '../../src/ui/params.js';
import { followTheme, type DevtoolsThemeSource } from '../../src/ui/theme.js';
import { api as browser, browserName } from './api.js';
import { extensionBackend, inspectedWindow } from './backend.js';

interface DevtoolsPanels { chrome?: { devtools?: { panels?: DevtoolsThemeSource } } }

const params = panelParams(location.search, inspectedWindow()?.tabId);
const panels = (globalThis as DevtoolsPanels).chrome?.devtools?.panels ?? (browser.devtools?.panels as DevtoolsThemeSource | undefined);

// In DevTools, DevTools' theme (and its changes); in a tab (where Firefox has no devtools.* at all), the OS's.
followTheme({
  param: params.theme,
  devtools: params.inDevtools ? panels : undefined,
  dark: typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null,
  apply: (theme) => {
    document.documentElement.dataset.theme = theme;
  },
});

const root = document.getElementById('app') as HTMLElement;
if (params.tabId === null) {
  root.textContent = 'No tab to inspect: open this panel from DevTools, or add ?tabId=N.';
} else {
  const backend = extensionBackend({ tabId: params.tabId, e2e: params.e2e, inDevtools: params.inDevtools });
  render(<App backend={backend} options={{ tabId: params.tabId, browser: browserName }} />, root);
}
