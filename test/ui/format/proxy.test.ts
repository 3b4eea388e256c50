import { describe, expect, it } from 'vitest';
import type { ProxyInfo } from '../../../src/proxy/types.js';
import { proxyBannerText, proxyUses } from '../../../src/ui/format/proxy.js';
import { entry } from '../support/entries.js';

const known: ProxyInfo = { kind: 'known', service: 'AllOrigins', target: 'https://a.example/', risks: ['third-party-sees-traffic'] };
const suspected: ProxyInfo = { ...known, kind: 'suspected', service: null };

describe('proxyUses', () => {
  it('groups by proxy host, most used first, known wins over suspected', () => {
    const uses = proxyUses([
      entry({ url: 'https://relay.example/https://x.example/1', proxy: suspected }),
      entry({ url: 'https://api.allorigins.win/raw?url=1', proxy: known }),
      entry({ url: 'https://api.allorigins.win/raw?url=2', proxy: suspected }),
      entry({ url: 'https://api.example/plain' }),
    ]);
    expect(uses).toEqual([
      { host: 'api.allorigins.win', kind: 'known', service: 'AllOrigins', count: 2 },
      { host: 'relay.example', kind: 'suspected', service: null, count: 1 },
    ]);
  });

  it('is empty without proxies', () => {
    expect(proxyUses([entry(), entry()])).toEqual([]);
    expect(proxyBannerText([])).toBe('');
  });
});

describe('proxyBannerText', () => {
  it.each([
    [[{ host: 'api.allorigins.win', kind: 'known' as const, service: 'AllOrigins', count: 3 }], /^3 requests go through api\.allorigins\.win/],
    [[{ host: 'a.example', kind: 'suspected' as const, service: null, count: 1 }], /^1 request goes through a\.example/],
    [[1, 2, 3, 4].map((i) => ({ host: `p${i}.example`, kind: 'known' as const, service: null, count: 5 - i })), /^10 requests go through 4 CORS proxies: p1\.example \(4\), p2\.example \(3\), p3\.example \(2\), …/],
  ])('%#', (uses, pattern) => {
    expect(proxyBannerText(uses)).toMatch(pattern);
  });
});
