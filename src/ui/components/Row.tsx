import type { ProxyInfo } from '../../proxy/types.js';
import type { ReportEntry } from '../../report/types.js';
import { clockTime, splitUrl } from '../format/url.js';
import { StatusIcon } from './StatusIcon.js';

export const ROW_HEIGHT = 20;

export type PreflightMarker = 'sent' | 'cached' | 'none';

export function preflightMarker(e: ReportEntry): PreflightMarker {
  if (!e.preflight) return 'none';
  return e.preflight.cached ? 'cached' : 'sent';
}

function proxyTitle(p: ProxyInfo): string {
  return `${p.kind === 'known' ? `Public CORS proxy ${p.service ?? ''}` : 'Looks like a CORS proxy'}${p.target ? ` → ${p.target}` : ''}`;
}

const MARKER_TEXT: Record<PreflightMarker, string> = { sent: 'sent', cached: 'cached', none: '—' };

const PROGRESS_TEXT: Record<NonNullable<ReportEntry['progress']>, string> = { open: 'open…', stalled: 'no response yet', unfinished: 'never finished' };

export interface RowProps {
  entry: ReportEntry;
  selected: boolean;
  onSelect: (id: string) => void;
}

/** One list row. Every value is a text node. */
export function Row({ entry: e, selected, onSelect }: RowProps) {
  const { origin, path } = splitUrl(e.url);
  const reason = e.reasons[0]?.title ?? (e.warnings[0] ? `⚠ ${e.warnings[0].title}` : e.progress ? PROGRESS_TEXT[e.progress] : '');
  const marker = preflightMarker(e);
  return (
    <div
      role="option"
      id={`row-${e.id}`}
      aria-selected={selected}
      class={`row${selected ? ' selected' : ''} v-${e.verdict}${e.mode === 'light' ? ' light' : ''}`}
      data-testid="row"
      data-id={e.id}
      data-verdict={e.verdict}
      data-progress={e.progress ?? ''}
      onClick={() => onSelect(e.id)}
    >
      <span class="c-status"><StatusIcon verdict={e.verdict} /></span>
      <span class="c-method">{e.method}</span>
      <span class="c-url" title={e.url}>
        <span class="host">{origin}</span>
        <span class="path">{path}</span>
      </span>
      <span class="c-initiator" title={e.initiator}>{e.initiator}</span>
      <span class="c-reason" data-code={e.reasons[0]?.code ?? ''}>{reason}</span>
      <span class={`c-preflight pf-${marker}`} data-preflight={marker}>{MARKER_TEXT[marker]}</span>
      <span class="c-proxy" data-proxy={e.proxy ? e.proxy.kind : 'no'} title={e.proxy ? proxyTitle(e.proxy) : undefined}>{e.proxy ? (e.proxy.kind === 'known' ? '⚠ proxy' : '⚠ proxy?') : ''}</span>
      <span class="c-time">{clockTime(e.startedAt)}</span>
    </div>
  );
}
