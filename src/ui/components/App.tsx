/** The CORS panel: toolbar, capture bar, virtualised list and the detail of the opened request. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { CLEAR, RECORD_TAB, REPORT, SETTINGS, TAB_STATE, type Settings, type TabState } from '../../messages.js';
import type { Report } from '../../report/types.js';
import type { Backend, PanelOptions } from '../backend.js';
import { applyFilter, narrows, NO_FILTER, type FilterState } from '../filter.js';
import type { ReportEntry } from '../../report/types.js';
import { exportFilename, reportJson, reportMarkdown } from '../format/export.js';
import { proxyBannerText, proxyUses } from '../format/proxy.js';
import { useStoreVersion } from '../hooks.js';
import { startLive } from '../live.js';
import { LogStore } from '../store.js';
import { CaptureBar } from './CaptureBar.js';
import { Detail } from './Detail.js';
import { EmptyState } from './EmptyState.js';
import { DEFAULT_SERVER } from './FixView.js';
import { RequestList } from './RequestList.js';
import { Toolbar } from './Toolbar.js';

export const SERVER_PREF = 'cors-lens.server';

export interface AppProps {
  backend: Backend;
  options: PanelOptions;
  /** Injected by tests and the bench; otherwise the app makes its own. */
  store?: LogStore;
  /** false: do not open the live channel (tests that feed the store directly). */
  live?: boolean;
}

function isEditable(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'SELECT' || el.tagName === 'TEXTAREA' || el.isContentEditable === true);
}

export function App({ backend, options, store: given, live = true }: AppProps) {
  const store = useMemo(() => given ?? new LogStore(), [given]);
  const version = useStoreVersion(store);
  const { tabId } = options;
  const [connected, setConnected] = useState<boolean | null>(null);
  const [tabState, setTabState] = useState<TabState | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [hostOk, setHostOk] = useState<boolean | null>(null);
  const [filter, setFilter] = useState<FilterState>(NO_FILTER);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [server, setServer] = useState<string>(() => backend.loadPref(SERVER_PREF) ?? DEFAULT_SERVER);
  const [notice, setNotice] = useState('');
  const filterRef = useRef<HTMLInputElement>(null);

  const refreshTabState = useCallback(() => {
    backend.send({ type: TAB_STATE, tabId }).then(setTabState, () => undefined);
  }, [backend, tabId]);

  useEffect(() => {
    backend.send({ type: SETTINGS }).then(setSettings, () => undefined);
    backend.hasHostPermission().then(setHostOk, () => setHostOk(null));
    const unwatchHost = backend.onHostPermissionChange?.(setHostOk);
    refreshTabState();
    if (!live) return unwatchHost;
    const stopLive = startLive({
      connect: () => backend.connect(),
      tabId,
      onMessage: (msg) => {
        store.apply(msg);
        if (msg.type === 'snapshot') refreshTabState();
      },
      onStatus: setConnected,
    });
    return () => {
      unwatchHost?.();
      stopLive();
    };
  }, [backend, tabId, store, live, refreshTabState]);

  const all = store.entries();
  // `version` is the store's change counter: the list array is updated in place. While the log
  // does not change, a keystroke that only narrows the filter filters the previous result.
  const last = useRef<{ version: number; filter: FilterState; shown: readonly ReportEntry[] } | null>(null);
  const shown = useMemo(() => {
    const prev = last.current;
    const base = prev && prev.version === version && narrows(prev.filter, filter) ? prev.shown : all;
    const result = applyFilter(base, filter);
    last.current = { version, filter, shown: result };
    return result;
  }, [version, filter, all]);
  const lightCount = useMemo(() => all.reduce((n, e) => n + (e.mode === 'light' ? 1 : 0), 0), [version, all]);
  const blockedCount = useMemo(() => all.reduce((n, e) => n + (e.verdict === 'blocked' ? 1 : 0), 0), [version, all]);
  const proxies = useMemo(() => proxyUses(all), [version, all]);
  const opened = openId !== null ? store.get(openId) ?? null : null;

  const say = (text: string) => setNotice(text);
  useEffect(() => {
    if (notice === '') return;
    const t = setTimeout(() => setNotice(''), 3000);
    return () => clearTimeout(t);
  }, [notice]);

  const copy = useCallback((what: string, text: string) => {
    backend.copy(text).then(() => say(`Copied ${what}`), () => say(`Could not copy ${what}`));
  }, [backend]);

  const select = useCallback((id: string) => {
    setSelectedId(id);
    setOpenId(id);
  }, []);

  const move = (delta: number) => {
    if (shown.length === 0) return;
    const i = selectedId === null ? -1 : shown.findIndex((e) => e.id === selectedId);
    const next = i < 0 ? (delta > 0 ? 0 : shown.length - 1) : Math.min(shown.length - 1, Math.max(0, i + delta));
    const id = shown[next]?.id ?? null;
    setSelectedId(id);
    if (openId !== null) setOpenId(id);
  };

  const onKey = (ev: KeyboardEvent) => {
    if ((ev.ctrlKey || ev.metaKey) && !ev.altKey && ev.key.toLowerCase() === 'f') {
      ev.preventDefault();
      filterRef.current?.focus();
      filterRef.current?.select();
      return;
    }
    if (ev.key === 'Escape') {
      if (openId !== null) {
        ev.preventDefault();
        setOpenId(null);
      }
      return;
    }
    if (isEditable(ev.target)) return;
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      move(ev.key === 'ArrowDown' ? 1 : -1);
    } else if (ev.key === 'Enter' && selectedId !== null && (ev.target as HTMLElement | null)?.tagName !== 'BUTTON') {
      ev.preventDefault();
      setOpenId(selectedId);
    }
  };
  const keyRef = useRef(onKey);
  keyRef.current = onKey;
  useEffect(() => {
    const h = (ev: KeyboardEvent) => keyRef.current(ev);
    document.addEventListener('keydown', h);
    return () => document.removeEventListener('keydown', h);
  }, []);

  const clear = () => {
    store.clear();
    setOpenId(null);
    setSelectedId(null);
    backend.send({ type: CLEAR, tabId }).then(() => refreshTabState(), () => undefined);
  };

  const exportLog = async (format: 'json' | 'md') => {
    let report: Report;
    try {
      report = await backend.send({ type: REPORT, tabId, redact: true });
    } catch {
      // The background is away (restarting): export what the panel has (entries arrive redacted).
      report = { schema: 'cors-lens.report/1', generatedAt: new Date().toISOString(), browser: options.browser, entries: [...store.entries()] };
    }
    const text = format === 'json' ? reportJson(report) : reportMarkdown(report);
    await backend.save(exportFilename(tabId, format), format === 'json' ? 'application/json' : 'text/markdown', text);
    say(`Exported ${report.entries.length} requests as ${format === 'json' ? 'JSON' : 'Markdown'}`);
  };

  // Synchronous from the click: Firefox grants only inside a user input handler.
  const grantHostAccess = () => {
    const asked = backend.requestHostPermission?.();
    asked?.then((granted) => {
      setHostOk(granted);
      if (!granted) say('Access to sites was not granted');
    }, (error: unknown) => say(`Could not ask for access: ${error instanceof Error ? error.message : String(error)}`));
  };

  const chooseServer = (id: string) => {
    setServer(id);
    backend.savePref(SERVER_PREF, id);
  };

  return (
    <div class={`app${opened ? ' with-detail' : ''}`}>
      <Toolbar
        filter={filter}
        onFilter={setFilter}
        filterRef={filterRef}
        preserveLog={settings ? settings.preserveLog : null}
        onPreserveLog={(on) => backend.send({ type: SETTINGS, set: { preserveLog: on } }).then(setSettings, () => undefined)}
        onClear={clear}
        onExport={(f) => void exportLog(f).catch(() => say('Export failed'))}
        onPopOut={backend.popOut}
      />
      <CaptureBar
        state={tabState}
        lightCount={lightCount}
        onRecordTab={(on) => backend.send({ type: RECORD_TAB, tabId, on }).then(setTabState, () => undefined)}
        onRecordAll={(on) => backend.send({ type: SETTINGS, set: { recordAllTabs: on } }).then((s) => { setSettings(s); refreshTabState(); }, () => undefined)}
        onReload={() => void backend.reload()}
      />
      {hostOk === false ? (
        <div class="banner warn" data-testid="permission" role="alert">
          CORS Lens may not see this site's requests: it lacks permission to read them.{' '}
          {backend.requestHostPermission ? (
            <button type="button" data-testid="grant-permission" onClick={grantHostAccess}>Grant access to all sites</button>
          ) : backend.popOut ? (
            // Firefox's DevTools panels cannot ask: the same panel in a window of its own can.
            <>
              <button type="button" data-testid="grant-elsewhere" onClick={backend.popOut}>Open in a window to grant access</button>
              {' '}or allow it in the browser's extension settings.
            </>
          ) : (
            'Allow it in the browser\'s extension settings.'
          )}
        </div>
      ) : null}
      {proxies.length > 0 ? (
        <div class="banner proxy-banner" data-testid="proxy-banner" data-count={proxies.reduce((n, u) => n + u.count, 0)} role="status">
          ⚠ {proxyBannerText(proxies)} A proxy reads and can change everything sent through it; open a marked request to see the risks.
        </div>
      ) : null}
      {connected === false ? (
        <div class="banner" data-testid="reconnecting" role="status">The extension's background restarted: reconnecting… The log is kept.</div>
      ) : null}
      <div class="main">
        <div class="list-pane">
          {shown.length === 0 ? <EmptyState filtered={all.length > 0} /> : <RequestList entries={shown} selectedId={selectedId} onSelect={select} compact={opened !== null} />}
        </div>
        {opened ? (
          <Detail
            entry={opened}
            browser={options.browser}
            server={server}
            onServer={chooseServer}
            onCopy={copy}
            onClose={() => setOpenId(null)}
            onReload={() => void backend.reload()}
          />
        ) : null}
      </div>
      <div class="status-bar" data-testid="status-bar">
        <span data-testid="count" data-shown={shown.length} data-total={all.length}>
          {shown.length === all.length ? `${all.length} requests` : `${shown.length} / ${all.length} requests`} · {blockedCount} blocked
        </span>
        <span class="notice" role="status" aria-live="polite" data-testid="notice">{notice}</span>
      </div>
    </div>
  );
}
