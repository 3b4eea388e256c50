/**
 * Issue #4's size budgets, on the built extension: every JavaScript file the panel page can load
 * (lazy chunks included) ≤ 40 KB gzip, the background ≤ 30 KB gzip (issue #11; 25 KB before). KB = 1,000 bytes here, the
 * stricter reading. The CSS is reported apart (docs/PERFORMANCE.md).
 */
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { bundleSizes } from '../../scripts/bundle-size.mjs';

describe.each(['chrome', 'firefox'])('dist/%s', (target) => {
  const sizes = bundleSizes(resolve('dist', target));

  it('panel JavaScript ≤ 40 KB gzip, in a few files', () => {
    expect(sizes.panel.js).toBeLessThanOrEqual(40_000);
    // The walk found the page's script and its lazy chunk (a broken walk would pass the budget).
    expect(sizes.panel.parts.filter((p) => p.file.endsWith('.js')).length).toBeGreaterThanOrEqual(2);
    expect(sizes.panel.js).toBeGreaterThan(10_000);
  });

  it('background ≤ 30 KB gzip', () => {
    expect(sizes.background.js).toBeLessThanOrEqual(30_000);
    expect(sizes.background.js).toBeGreaterThan(5_000);
  });
});
