/** The detail's proxy section: which proxy, the target, each risk in plain words, what to do instead. */
import { PROXY_ADVICE, RISK_TEXTS } from '../../proxy/risks.js';
import type { ProxyInfo } from '../../proxy/types.js';

export function ProxyView({ proxy: p, host }: { proxy: ProxyInfo; host: string }) {
  const what = p.kind === 'known'
    ? `This request goes through ${p.service ?? host}, a public CORS proxy.`
    : `This request seems to go through a CORS proxy at ${host}.`;
  return (
    <section class="proxy" data-testid="proxy" data-kind={p.kind}>
      <h3>CORS proxy</h3>
      <p>{what}{p.target ? <> Real target: <code data-testid="proxy-target">{p.target}</code></> : null}</p>
      <ul class="risks">
        {p.risks.map((r) => (
          <li key={r} data-risk={r}>
            <strong>{RISK_TEXTS[r].title}.</strong> {RISK_TEXTS[r].explanation} <span class="instead">{RISK_TEXTS[r].instead}</span>
          </li>
        ))}
      </ul>
      <h4>Instead</h4>
      <ul>{PROXY_ADVICE.instead.map((t) => <li key={t}>{t}</li>)}</ul>
      {p.kind === 'suspected' ? (
        <>
          <h4>If this proxy is your own, lock it down</h4>
          <ul data-testid="lock-down">{PROXY_ADVICE.lockDown.map((t) => <li key={t}>{t}</li>)}</ul>
        </>
      ) : null}
    </section>
  );
}
