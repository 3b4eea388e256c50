/** The selected request, explained: verdict, why (not) preflighted, timeline, headers, fix, copies. */
import { TEXTS } from '../../catalogue/texts.js';
import type { ReportEntry } from '../../report/types.js';
import { curlFor } from '../format/curl.js';
import { fetchFor } from '../format/fetch-code.js';
import { entryMarkdown } from '../format/markdown.js';
import { preflightWhy, reasonWords } from '../format/preflight.js';
import { hostOf, splitUrl } from '../format/url.js';
import { openFor, verdictSentence, whatHappened } from '../format/verdict.js';
import { useNow } from '../hooks.js';
import { BrowserNoteView } from './BrowserNoteView.js';
import { FixView } from './FixView.js';
import { HeaderTables } from './HeaderTables.js';
import { ProxyView } from './ProxyView.js';
import { StatusIcon } from './StatusIcon.js';
import { Timeline } from './Timeline.js';

export interface DetailProps {
  entry: ReportEntry;
  browser: 'chromium' | 'firefox';
  server: string;
  onServer: (id: string) => void;
  onCopy: (what: string, text: string) => void;
  onClose: () => void;
  onReload: () => void;
}

export function Detail({ entry: e, browser, server, onServer, onCopy, onClose, onReload }: DetailProps) {
  const reason = e.reasons[0];
  const really = whatHappened(e);
  const why = preflightWhy(e, browser);
  const { origin, path } = splitUrl(e.url);
  const learnMore = reason ? TEXTS[reason.code].learnMore : null;
  const now = useNow(e.progress === 'open' || e.progress === 'stalled');
  const open = openFor(e, now);
  return (
    <section class="detail" data-testid="detail" data-id={e.id} data-verdict={e.verdict} role="region" aria-label="Request details">
      <header class="detail-head">
        <StatusIcon verdict={e.verdict} />
        <span class="method">{e.method}</span>
        <span class="url" title={e.url}><span class="host">{origin}</span><span class="path">{path}</span></span>
        <button type="button" class="close" data-testid="close-detail" aria-label="Close details" title="Close (Esc)" onClick={onClose}>✕</button>
      </header>
      <div class="detail-body">
        <div class="actions">
          <button type="button" data-testid="copy-curl" onClick={() => onCopy('curl', curlFor(e))}>Copy as curl</button>
          <button type="button" data-testid="copy-fetch" onClick={() => onCopy('fetch', fetchFor(e))}>Copy as fetch</button>
          <button type="button" data-testid="copy-markdown" onClick={() => onCopy('Markdown', entryMarkdown(e, browser))}>Copy as Markdown</button>
        </div>

        <p class="verdict" data-testid="verdict">{verdictSentence(e)}</p>
        {open ? <p class="open-for" data-testid="open-for" data-progress={e.progress}>{open}</p> : null}
        {really ? <p class="really" data-testid="what-happened">{really}</p> : null}
        {e.mode === 'light' ? (
          <p class="light-note" data-testid="light-note">
            Only the failure was noted (the panel was closed).{' '}
            <button type="button" onClick={onReload}>Reload to see why</button>
          </p>
        ) : null}

        {reason ? (
          <section class="reason" data-code={reason.code}>
            <h3>
              <span data-testid="reason-title">{reason.title}</span>
              {reason.parameter ? <> <code data-testid="reason-parameter">{reason.parameter}</code></> : null}
            </h3>
            <p class="ids">
              <code>{reason.code}</code>
              {reason.chromium ? <> · Chromium <code>{reason.chromium}</code></> : null}
              {reason.firefox ? <> · Firefox <code>{reason.firefox}</code></> : null}
            </p>
            {reason.detail ? <p class="finding-detail">{reason.detail}</p> : null}
            <p>{TEXTS[reason.code].explanation}</p>
            {learnMore ? <p><a href={learnMore} target="_blank" rel="noreferrer noopener">Learn more</a></p> : null}
          </section>
        ) : null}

        {e.proxy ? <ProxyView proxy={e.proxy} host={hostOf(e.url)} /> : null}

        <BrowserNoteView entry={e} browser={browser} />

        <section class="preflight-why" data-testid="preflight-why" data-kind={why.kind}>
          <h3>Preflight</h3>
          <p>{why.text}</p>
          {why.headers.some((h) => h.reason) ? (
            <ul>
              {why.headers.map((h) => (
                <li key={h.name}>
                  <code>{h.name}</code>{h.value !== null ? <>: <code>{h.value}</code></> : null}
                  {h.reason ? <span class="why"> — {reasonWords(h.reason)}</span> : null}
                </li>
              ))}
            </ul>
          ) : null}
        </section>

        <section>
          <h3>Timeline</h3>
          <Timeline entry={e} />
        </section>

        {reason ? <FixView finding={reason} server={server} onServer={onServer} onCopy={onCopy} /> : null}

        {e.warnings.length > 0 ? (
          <section class="warnings" data-testid="warnings">
            <h3>Warnings</h3>
            <ul>
              {e.warnings.map((w, i) => (
                <li key={i} data-code={w.code} class={`sev-${w.severity}`}>
                  <strong>{w.title}</strong>
                  {w.detail ? <span>: {w.detail}</span> : null}
                  {w.fix.summary ? <div class="warning-fix">{w.fix.summary}</div> : null}
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        <section>
          <h3>Headers</h3>
          <HeaderTables entry={e} />
        </section>
      </div>
    </section>
  );
}
