/** Proxy use in the tab, for the panel's banner: which proxy hosts, how many requests each. */
import type { ReportEntry } from '../../report/types.js';
import { hostOf } from './url.js';

export interface ProxyUse {
  /** The proxy's host (with port when there is one). */
  host: string;
  kind: 'known' | 'suspected';
  service: string | null;
  count: number;
}

/** Most-used first; a host counts as `known` if any of its requests matched the catalogue. */
export function proxyUses(entries: readonly ReportEntry[]): ProxyUse[] {
  const by = new Map<string, ProxyUse>();
  for (const e of entries) {
    const p = e.proxy;
    if (!p) continue;
    const host = hostOf(e.url) || e.url;
    const use = by.get(host);
    if (use) {
      use.count++;
      if (p.kind === 'known') {
        use.kind = 'known';
        use.service ??= p.service;
      }
    } else {
      by.set(host, { host, kind: p.kind, service: p.service, count: 1 });
    }
  }
  return [...by.values()].sort((a, b) => b.count - a.count || (a.host < b.host ? -1 : 1));
}

/** "3 requests go through api.allorigins.win", "5 requests go through 2 CORS proxies: a (3), b (2)". */
export function proxyBannerText(uses: readonly ProxyUse[]): string {
  const total = uses.reduce((n, u) => n + u.count, 0);
  const requests = `${total} ${total === 1 ? 'request goes' : 'requests go'}`;
  const [first] = uses;
  if (!first) return '';
  if (uses.length === 1) return `${requests} through ${first.host}${first.kind === 'known' ? ', a public CORS proxy' : ', which looks like a CORS proxy'}.`;
  const shown = uses.slice(0, 3).map((u) => `${u.host} (${u.count})`).join(', ');
  return `${requests} through ${uses.length} CORS proxies: ${shown}${uses.length > 3 ? ', …' : ''}.`;
}
