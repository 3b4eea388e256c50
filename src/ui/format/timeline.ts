/** The request's steps in order: preflight → actual request → redirects, each with its outcome. */
import type { ReportEntry } from '../../report/types.js';

export type StepKind = 'preflight' | 'request' | 'redirect';
export type StepOutcome = 'ok' | 'bad' | 'none';

export interface Step {
  kind: StepKind;
  method: string;
  url: string;
  /** HTTP status, or null (cached, not sent, network error, pending). */
  status: number | null;
  outcome: StepOutcome;
  /** Extra words: "from the preflight cache", the network error, "not sent"… */
  note: string;
}

export function timeline(e: ReportEntry): Step[] {
  const steps: Step[] = [];
  const reason = e.reasons[0];
  const pf = e.preflight;
  if (pf) {
    if (pf.cached) {
      steps.push({ kind: 'preflight', method: 'OPTIONS', url: e.url, status: null, outcome: 'ok', note: `from the preflight cache${typeof pf.maxAge === 'number' ? ` (max-age ${pf.maxAge} s)` : ''}` });
    } else {
      const bad = reason?.response === 'preflight' || pf.status === null || pf.status < 200 || pf.status > 299;
      steps.push({ kind: 'preflight', method: 'OPTIONS', url: e.url, status: pf.status, outcome: bad ? 'bad' : 'ok', note: pf.status === null ? (e.error ?? 'no response') : '' });
    }
  }
  const preflightFailed = steps[0]?.outcome === 'bad';
  if (preflightFailed && e.response === null && e.redirects.length === 0) {
    steps.push({ kind: 'request', method: e.method, url: e.url, status: null, outcome: 'none', note: 'not sent: the preflight failed' });
    return steps;
  }
  const urls = [e.url, ...e.redirects.map((r) => r.location)];
  let method = e.method;
  urls.forEach((url, i) => {
    const redirect = e.redirects[i];
    const last = i === urls.length - 1;
    const kind: StepKind = i === 0 ? 'request' : 'redirect';
    if (!last && redirect) {
      const changed = redirect.method !== undefined && redirect.method !== method ? `; the ${redirect.status} turned ${method} into ${redirect.method}` : '';
      steps.push({ kind, method, url, status: redirect.status, outcome: reason?.response === 'redirect' && reason.hop === i ? 'bad' : 'ok', note: `redirected to ${redirect.location}${changed}` });
      method = redirect.method ?? method;
      return;
    }
    const status = e.response?.status ?? null;
    let outcome: StepOutcome = 'ok';
    let note = '';
    if (status === null) {
      outcome = e.verdict === 'pending' ? 'none' : 'bad';
      note = e.verdict === 'pending' ? (e.progress === 'unfinished' ? 'never finished' : e.progress === 'stalled' ? 'no response yet' : 'pending') : (e.error ?? 'no response');
    } else if (e.progress === 'open' || e.progress === 'unfinished') {
      note = e.progress === 'open' ? 'response still arriving' : 'its end was never seen';
    } else if (e.verdict === 'blocked' || e.verdict === 'failed') {
      outcome = 'bad';
      note = e.verdict === 'blocked' ? 'response blocked by the browser' : (e.error ?? '');
    }
    steps.push({ kind, method, url, status, outcome, note });
  });
  return steps;
}
