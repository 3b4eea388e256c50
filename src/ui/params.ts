/** The panel page's inputs: DevTools' inspected tab, or `?tabId=N` when opened in a tab. */
export interface PanelParams {
  /** null: nothing to inspect (e.g. the e2e helper page): the panel must not subscribe. */
  tabId: number | null;
  /** `?e2e=1`: copies are also exposed on document.body.dataset for browser tests. */
  e2e: boolean;
  theme: string | null;
  /** Opened by DevTools (not in a tab of its own). */
  inDevtools: boolean;
}

export function panelParams(search: string, devtoolsTabId: number | undefined): PanelParams {
  const q = new URLSearchParams(search);
  const raw = q.get('tabId');
  const fromQuery = raw !== null && /^\d{1,10}$/.test(raw) ? Number(raw) : null;
  const inDevtools = typeof devtoolsTabId === 'number';
  return { tabId: inDevtools ? devtoolsTabId : fromQuery, e2e: q.get('e2e') === '1', theme: q.get('theme'), inDevtools };
}
