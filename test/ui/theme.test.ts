import { describe, expect, it } from 'vitest';
import { panelParams } from '../../src/ui/params.js';
import { resolveTheme, type ThemeInputs } from '../../src/ui/theme.js';

describe('resolveTheme', () => {
  it.each([
    [{ param: 'dark', devtools: 'default', prefersDark: false }, 'dark'],
    [{ param: 'light', devtools: 'dark', prefersDark: true }, 'light'],
    [{ param: null, devtools: 'dark', prefersDark: false }, 'dark'],
    [{ param: null, devtools: 'default', prefersDark: true }, 'light'],
    [{ param: null, devtools: undefined, prefersDark: true }, 'dark'],
    [{ param: 'bogus', devtools: undefined, prefersDark: false }, 'light'],
  ] as [ThemeInputs, string][])('%j → %s', (inputs, theme) => {
    expect(resolveTheme(inputs)).toBe(theme);
  });
});

describe('panelParams', () => {
  it.each([
    ['?tabId=12', undefined, 12, false],
    ['?tabId=12&e2e=1', undefined, 12, false],
    ['?e2e=1', undefined, null, false],
    ['?tabId=abc', undefined, null, false],
    ['', 7, 7, true],
    ['?tabId=3', 7, 7, true],
  ] as const)('%s with DevTools tab %s → tab %s', (search, devtools, tabId, inDevtools) => {
    const p = panelParams(search, devtools);
    expect(p.tabId).toBe(tabId);
    expect(p.inDevtools).toBe(inDevtools);
    expect(p.e2e).toBe(search.includes('e2e=1'));
  });
});
