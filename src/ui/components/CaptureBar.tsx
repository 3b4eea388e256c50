/** The tab's capture mode (issue #7) and how to get full detail. */
import type { TabState } from '../../messages.js';

const SOURCE_TITLE: Record<NonNullable<TabState['source']>, string> = {
  devtools: 'full: every cross-origin request of this tab with its headers, read from DevTools\' network log (costs other tabs nothing)',
  webrequest: 'full: every cross-origin request with its headers (recording costs every tab of the browser a little)',
  light: 'light: failures only, and requests to known CORS proxies',
};

export interface CaptureBarProps {
  state: TabState | null;
  lightCount: number;
  onRecordTab: (on: boolean) => void;
  onRecordAll: (on: boolean) => void;
  onReload: () => void;
}

export function CaptureBar({ state, lightCount, onRecordTab, onRecordAll, onReload }: CaptureBarProps) {
  return (
    <div class="capture-bar">
      <span data-testid="mode" data-mode={state?.mode ?? ''} data-source={state?.source ?? ''} title={SOURCE_TITLE[state?.source ?? 'light']}>
        Capture: {state ? state.mode : '…'}{state?.source === 'devtools' ? ' (from DevTools)' : ''}
      </span>
      <label>
        <input type="checkbox" data-testid="record-tab" checked={state?.recorded === true} disabled={!state} onChange={(ev) => onRecordTab((ev.currentTarget as HTMLInputElement).checked)} />
        Record this tab
      </label>
      <label>
        <input type="checkbox" data-testid="record-all" checked={state?.recordAllTabs === true} disabled={!state} onChange={(ev) => onRecordAll((ev.currentTarget as HTMLInputElement).checked)} />
        Always record all tabs
      </label>
      {lightCount > 0 ? (
        <span class="light-banner" data-testid="light-banner" data-count={lightCount}>
          {lightCount} request{lightCount === 1 ? '' : 's'} failed before DevTools was opened — reload to see why{' '}
          <button type="button" data-testid="reload" onClick={onReload}>Reload</button>
        </span>
      ) : null}
    </div>
  );
}
