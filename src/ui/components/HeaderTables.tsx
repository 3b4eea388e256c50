/** Request and response headers side by side; CORS headers highlighted, required values shown. */
import type { HeaderPair } from '../../http/headers.js';
import type { ReportEntry } from '../../report/types.js';
import { changesFor, requestRows, responseRows, type HeaderRow, type Side } from '../format/header-rows.js';

function Table({ rows, caption, empty }: { rows: HeaderRow[]; caption: string; empty: string }) {
  return (
    <table class="headers">
      <caption>{caption}</caption>
      <tbody>
        {rows.length === 0 ? (
          <tr><td class="none" colSpan={2}>{empty}</td></tr>
        ) : (
          rows.map((r, i) => (
            <tr key={i} class={`${r.cors ? 'cors' : ''}${r.required !== null || r.remove ? ' differs' : ''}`} data-header={r.name.toLowerCase()}>
              <th scope="row">{r.name}</th>
              <td>
                {r.value === null ? <span class="absent">(absent)</span> : <span class="value">{r.value}</span>}
                {r.required !== null ? (
                  <span class="required" data-testid="required">required: <span class="value">{r.required}</span></span>
                ) : null}
                {r.remove ? <span class="required" data-testid="required">must be removed</span> : null}
              </td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

function Pair({ title, side, request, status, response, e }: { title: string; side: Side; request: readonly HeaderPair[]; status: number | null; response: readonly HeaderPair[]; e: ReportEntry }) {
  return (
    <div class="pair" data-testid={`headers-${side}`}>
      <h4>{title}</h4>
      <div class="side-by-side">
        <Table rows={requestRows(request)} caption="Request headers" empty="none seen" />
        <Table rows={responseRows(response, changesFor(e, side))} caption={status === null ? 'Response headers' : `Response headers (${status})`} empty="no response" />
      </div>
    </div>
  );
}

export function HeaderTables({ entry: e }: { entry: ReportEntry }) {
  const pf = e.preflight;
  return (
    <>
      {pf && !pf.cached ? <Pair title="Preflight (OPTIONS)" side="preflight" request={pf.requestHeaders} status={pf.status} response={pf.responseHeaders} e={e} /> : null}
      <Pair title={`Request (${e.method})`} side="actual" request={e.requestHeaders ?? []} status={e.response?.status ?? null} response={e.response?.headers ?? []} e={e} />
    </>
  );
}
