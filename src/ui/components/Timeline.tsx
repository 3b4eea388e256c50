import type { ReportEntry } from '../../report/types.js';
import { timeline } from '../format/timeline.js';
import { splitUrl } from '../format/url.js';

const LABEL = { preflight: 'Preflight', request: 'Request', redirect: 'Redirected request' } as const;

export function Timeline({ entry }: { entry: ReportEntry }) {
  const steps = timeline(entry);
  return (
    <ol class="timeline" data-testid="timeline">
      {steps.map((s, i) => (
        <li key={i} class={`step o-${s.outcome}`} data-kind={s.kind} data-outcome={s.outcome} data-status={s.status ?? ''}>
          <span class="label">{LABEL[s.kind]}</span>
          <span class="method">{s.method}</span>
          <span class="path" title={s.url}>{splitUrl(s.url).path}</span>
          <span class="code">{s.status ?? ''}</span>
          {s.note ? <span class="note">{s.note}</span> : null}
        </li>
      ))}
    </ol>
  );
}
