import type { Ref } from 'preact';
import type { FilterState } from '../filter.js';

export interface ToolbarProps {
  filter: FilterState;
  onFilter: (f: FilterState) => void;
  filterRef: Ref<HTMLInputElement>;
  preserveLog: boolean | null;
  onPreserveLog: (on: boolean) => void;
  onClear: () => void;
  onExport: (format: 'json' | 'md') => void;
  onPopOut: (() => void) | undefined;
}

export function Toolbar({ filter, onFilter, filterRef, preserveLog, onPreserveLog, onClear, onExport, onPopOut }: ToolbarProps) {
  return (
    <div class="toolbar" role="toolbar" aria-label="Request log">
      <button type="button" class="icon-button" data-testid="clear" title="Clear the log" aria-label="Clear" onClick={onClear}>⊘</button>
      <input
        ref={filterRef}
        type="search"
        class="filter"
        data-testid="filter"
        placeholder="Filter (URL, method, reason)"
        aria-label="Filter"
        value={filter.text}
        onInput={(ev) => onFilter({ ...filter, text: (ev.currentTarget as HTMLInputElement).value })}
      />
      <label title="Only requests that were blocked or failed">
        <input type="checkbox" data-testid="blocked-only" checked={filter.blockedOnly} onChange={(ev) => onFilter({ ...filter, blockedOnly: (ev.currentTarget as HTMLInputElement).checked })} />
        Blocked only
      </label>
      <label title="Off: hide allowed requests without warnings">
        <input type="checkbox" data-testid="all-cross-origin" checked={filter.allCrossOrigin} onChange={(ev) => onFilter({ ...filter, allCrossOrigin: (ev.currentTarget as HTMLInputElement).checked })} />
        All cross-origin
      </label>
      <span class="divider" />
      <label title="Keep the log when the page navigates">
        <input type="checkbox" data-testid="preserve-log" checked={preserveLog === true} disabled={preserveLog === null} onChange={(ev) => onPreserveLog((ev.currentTarget as HTMLInputElement).checked)} />
        Preserve log
      </label>
      <span class="grow" />
      <button type="button" data-testid="export-json" title="Export this tab's log as JSON (secrets redacted)" onClick={() => onExport('json')}>Export JSON</button>
      <button type="button" data-testid="export-markdown" title="Export this tab's log as Markdown" onClick={() => onExport('md')}>Export Markdown</button>
      {onPopOut ? <button type="button" data-testid="pop-out" title="Open in a window of its own" onClick={onPopOut}>Pop out</button> : null}
    </div>
  );
}
