/** The fix: header diff for the exact response, a remembered server choice and its snippet. */
import { TEXTS } from '../../catalogue/texts.js';
import type { Finding, ResponseKind } from '../../engine/types.js';
import { fixDiff } from '../format/markdown.js';
import { snippetsModule, useLazy } from '../lazy.js';

export const DEFAULT_SERVER = 'express';

const DIFF_ON: Record<ResponseKind, string> = {
  preflight: 'Change on the OPTIONS (preflight) response:',
  actual: 'Change on the actual response:',
  redirect: 'Change on the redirect response:',
};

function diffResponse(f: Finding): ResponseKind {
  return f.fix.status?.response ?? f.fix.changes[0]?.response ?? f.response ?? 'actual';
}

export interface FixViewProps {
  finding: Finding;
  /** A server id (validated here: it may come from storage). */
  server: string;
  onServer: (id: string) => void;
  onCopy: (what: string, text: string) => void;
}

export function FixView({ finding: f, server, onServer, onCopy }: FixViewProps) {
  const snippets = useLazy(snippetsModule);
  const diff = fixDiff(f.fix);
  const policy = f.fix.policy;
  const id = snippets && snippets.isServerId(server) ? server : DEFAULT_SERVER;
  const snippet = snippets && policy && snippets.isServerId(id) ? snippets.renderSnippet(id, policy) : null;
  return (
    <section class="fix" data-testid="fix" data-target={f.fix.target}>
      <h3>Fix</h3>
      <p>{f.fix.summary || TEXTS[f.code].fix}</p>
      {diff ? <p class="diff-on" data-response={diffResponse(f)}>{DIFF_ON[diffResponse(f)]}</p> : null}
      {diff ? <pre class="diff" data-testid="fix-diff">{diff.split('\n').map((l, i) => <span key={i} class={l.startsWith('+') ? 'add' : 'del'}>{l}{'\n'}</span>)}</pre> : null}
      {snippets && snippet !== null ? (
        <div class="snippet-box">
          <label>
            Server{' '}
            <select data-testid="server-select" value={id} onChange={(ev) => onServer((ev.currentTarget as HTMLSelectElement).value)}>
              {snippets.SERVERS.map((s) => <option key={s.id} value={s.id}>{s.label}</option>)}
            </select>
          </label>
          <button type="button" data-testid="copy-snippet" onClick={() => onCopy('snippet', snippet)}>Copy snippet</button>
          <pre class="snippet" data-testid="snippet">{snippet}</pre>
        </div>
      ) : null}
    </section>
  );
}
