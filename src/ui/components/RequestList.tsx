/**
 * The virtualised request list: fixed 20 px rows, only the visible ones (plus overscan) in the DOM.
 * It sticks to the bottom (newest) while the user is there, and keeps the selected row in view.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ReportEntry } from '../../report/types.js';
import { Row, ROW_HEIGHT } from './Row.js';

/** Rows rendered beyond the visible ones on each side (smooth fast scrolling, find-in-page nearby). */
const OVERSCAN = 20;
/** happy-dom and hidden panels report 0: assume a typical panel height then. */
const FALLBACK_HEIGHT = 600;

export interface RequestListProps {
  entries: readonly ReportEntry[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  compact: boolean;
}

export function visibleRange(count: number, scrollTop: number, height: number): [number, number] {
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(count, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  return [first, Math.max(first, last)];
}

export function RequestList({ entries, selectedId, onSelect, compact }: RequestListProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(FALLBACK_HEIGHT);
  const stick = useRef(true);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setHeight(el.clientHeight || FALLBACK_HEIGHT);
    measure();
    if (typeof ResizeObserver !== 'function') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Newest at the bottom: follow new entries while the user is at the bottom.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || !stick.current) return;
    const bottom = Math.max(0, entries.length * ROW_HEIGHT - (el.clientHeight || FALLBACK_HEIGHT));
    if (el.scrollTop !== bottom) el.scrollTop = bottom;
    setScrollTop(el.scrollTop);
  }, [entries.length]);

  // Keep the selected row visible (keyboard navigation).
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || selectedId === null) return;
    const i = entries.findIndex((e) => e.id === selectedId);
    if (i < 0) return;
    const h = el.clientHeight || FALLBACK_HEIGHT;
    const top = i * ROW_HEIGHT;
    let next = el.scrollTop;
    if (top < next) next = top;
    else if (top + ROW_HEIGHT > next + h) next = top + ROW_HEIGHT - h;
    if (next !== el.scrollTop) {
      el.scrollTop = next;
      setScrollTop(el.scrollTop);
    }
  }, [selectedId]);

  const onScroll = () => {
    const el = ref.current;
    if (!el) return;
    stick.current = el.scrollTop + (el.clientHeight || FALLBACK_HEIGHT) >= entries.length * ROW_HEIGHT - ROW_HEIGHT;
    setScrollTop(el.scrollTop);
  };

  const [first, last] = visibleRange(entries.length, scrollTop, height);
  const rows = [];
  for (let i = first; i < last; i++) {
    const e = entries[i];
    // Keyed by position, not id: rows hold no state, so after a filter keystroke Preact patches
    // the text of the rows on screen instead of replacing all of them.
    if (e) rows.push(<Row key={i} entry={e} selected={e.id === selectedId} onSelect={onSelect} />);
  }
  return (
    <div class={`list${compact ? ' compact' : ''}`}>
      <div class="row head" aria-hidden="true">
        <span class="c-status">Status</span>
        <span class="c-method">Method</span>
        <span class="c-url">URL</span>
        <span class="c-initiator">Initiator</span>
        <span class="c-reason">Reason</span>
        <span class="c-preflight">Preflight</span>
        <span class="c-proxy">Proxy</span>
        <span class="c-time">Time</span>
      </div>
      <div
        class="scroller"
        ref={ref}
        role="listbox"
        aria-label="Cross-origin requests"
        tabIndex={0}
        data-testid="list"
        aria-activedescendant={selectedId !== null ? `row-${selectedId}` : undefined}
        onScroll={onScroll}
      >
        <div class="spacer" style={{ height: `${entries.length * ROW_HEIGHT}px` }}>
          <div class="window" style={{ transform: `translateY(${first * ROW_HEIGHT}px)` }}>{rows}</div>
        </div>
      </div>
    </div>
  );
}
