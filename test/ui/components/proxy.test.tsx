// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProxyInfo } from '../../../src/proxy/types.js';
import { entry } from '../support/entries.js';
import { renderPanel, rows } from '../support/render.js';

afterEach(cleanup);

const known: ProxyInfo = { kind: 'known', service: 'corsproxy.io', target: 'https://api.weather.example/now', risks: ['third-party-sees-traffic', 'sends-credentials', 'unreliable-service'] };
const suspected: ProxyInfo = { kind: 'suspected', service: null, target: 'http://169.254.169.254/latest/meta-data/', risks: ['third-party-sees-traffic', 'private-target'] };

describe('proxies in the panel', () => {
  it('marks proxied rows and says in a banner how many requests go through which proxy', async () => {
    await renderPanel([
      entry({ id: 'p1', url: 'https://corsproxy.io/?url=1', proxy: known }),
      entry({ id: 'p2', url: 'https://corsproxy.io/?url=2', proxy: known }),
      entry({ id: 'plain' }),
    ]);
    expect(rows().map((r) => r.querySelector('.c-proxy')?.getAttribute('data-proxy'))).toEqual(['known', 'known', 'no']);
    const banner = screen.getByTestId('proxy-banner');
    expect(banner.dataset.count).toBe('2');
    expect(banner.textContent).toContain('corsproxy.io');
  });

  it('has no banner when nothing goes through a proxy', async () => {
    await renderPanel([entry(), entry({ verdict: 'blocked' })]);
    expect(screen.queryByTestId('proxy-banner')).toBeNull();
  });

  it('explains every risk of the opened request, with the target, and advice for self-hosted proxies', async () => {
    await renderPanel([entry({ url: 'https://relay.example/http://169.254.169.254/latest/meta-data/', proxy: suspected })]);
    const row = rows()[0];
    if (!row) throw new Error('no row');
    fireEvent.click(row);
    const section = await screen.findByTestId('proxy');
    expect(section.dataset.kind).toBe('suspected');
    expect([...section.querySelectorAll('[data-risk]')].map((li) => li.getAttribute('data-risk'))).toEqual(suspected.risks);
    expect(screen.getByTestId('proxy-target').textContent).toBe(suspected.target);
    expect(screen.getByTestId('lock-down').querySelectorAll('li').length).toBeGreaterThanOrEqual(4);
  });

  it('gives no lock-down advice for a known public service (it is not the user\'s)', async () => {
    await renderPanel([entry({ url: 'https://corsproxy.io/?url=1', proxy: known })]);
    const row = rows()[0];
    if (!row) throw new Error('no row');
    fireEvent.click(row);
    expect((await screen.findByTestId('proxy')).dataset.kind).toBe('known');
    expect(screen.queryByTestId('lock-down')).toBeNull();
  });
});
