// @vitest-environment happy-dom
/**
 * Header names and values, URLs, methods and reasons come from the network: they must only ever
 * be text. Canaries that would run or load something if parsed as markup must stay inert.
 */
import { cleanup, fireEvent, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { makeFinding } from '../../../src/catalogue/finding.js';
import { entry } from '../support/entries.js';
import { renderPanel, rows } from '../support/render.js';

afterEach(cleanup);

const IMG = '<img src=x onerror="window.__pwned=1">';
const SVG = '<svg onload="window.__pwned=1"></svg>';
const SCRIPT = '<script>window.__pwned=1</script>';

const evil = entry({
  id: 'evil',
  verdict: 'blocked',
  method: `PUT${IMG}`,
  url: `https://api.example/${IMG}?q=${SCRIPT}`,
  initiator: `https://app.example${SVG}`,
  requestHeaders: [[`X-${IMG}`, SCRIPT], ['Origin', SVG]],
  preflight: { status: 204, requestHeaders: [[IMG, IMG]], responseHeaders: [['Access-Control-Allow-Origin', IMG], [SVG, SCRIPT]], cached: false },
  response: { status: 200, headers: [[IMG, SVG]] },
  reasons: [makeFinding('header-not-allowed', {
    parameter: IMG, header: 'access-control-allow-headers', observed: SVG, required: IMG, response: 'preflight',
    fix: { target: 'server', summary: `Set ${IMG}`, changes: [{ response: 'preflight', header: IMG, action: 'set', value: SCRIPT, current: null }], status: null, policy: null },
  })],
  warnings: [makeFinding('missing-vary-origin', { detail: SCRIPT })],
  // The proxy's target and service name come from the URL: text too.
  proxy: { kind: 'known', service: SVG, target: `https://t.example/${IMG}`, risks: ['third-party-sees-traffic'] },
});

function assertInert(): void {
  expect(document.querySelectorAll('img, svg, script').length).toBe(0);
  expect(document.querySelectorAll('[onerror], [onload]').length).toBe(0);
  expect((window as { __pwned?: number }).__pwned).toBeUndefined();
}

describe('untrusted text', () => {
  it('stays text in the list', async () => {
    await renderPanel([evil]);
    assertInert();
    const row = rows()[0];
    expect(row?.querySelector('.c-method')?.textContent).toBe(`PUT${IMG}`);
    expect(row?.querySelector('.c-initiator')?.textContent).toBe(`https://app.example${SVG}`);
  });

  it('stays text in the detail view', async () => {
    await renderPanel([evil]);
    fireEvent.click(rows()[0] as HTMLElement);
    const detail = await screen.findByTestId('detail');
    assertInert();
    expect(screen.getByTestId('reason-parameter').textContent).toBe(IMG);
    expect(detail.textContent).toContain(SCRIPT);
    expect(screen.getByTestId('fix-diff').textContent).toContain(`+ ${IMG}: ${SCRIPT}`);
    const names = [...detail.querySelectorAll('table.headers th')].map((th) => th.textContent);
    expect(names).toContain(IMG);
    expect(names).toContain(SVG);
  });
});
