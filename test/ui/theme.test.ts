import { describe, expect, it } from 'vitest';
import { panelParams } from '../../src/ui/params.js';
import { followTheme, resolveTheme, type DarkQuery, type DevtoolsThemeSource, type Theme, type ThemeInputs } from '../../src/ui/theme.js';

describe('resolveTheme', () => {
  it.each([
    [{ param: 'dark', devtools: 'default', prefersDark: false }, 'dark'],
    [{ param: 'light', devtools: 'dark', prefersDark: true }, 'light'],
    [{ param: null, devtools: 'dark', prefersDark: false }, 'dark'],
    [{ param: null, devtools: 'default', prefersDark: true }, 'light'],
    // Firefox names its themes light / dark ("auto" arrives resolved).
    [{ param: null, devtools: 'light', prefersDark: true }, 'light'],
    [{ param: null, devtools: undefined, prefersDark: true }, 'dark'],
    [{ param: 'bogus', devtools: undefined, prefersDark: false }, 'light'],
  ] as [ThemeInputs, string][])('%j → %s', (inputs, theme) => {
    expect(resolveTheme(inputs)).toBe(theme);
  });
});

class FakeDark implements DarkQuery {
  private listeners: (() => void)[] = [];
  constructor(public matches: boolean) {}
  addEventListener(_type: 'change', l: () => void): void {
    this.listeners.push(l);
  }
  set(matches: boolean): void {
    this.matches = matches;
    for (const l of this.listeners) l();
  }
}

function follow(param: string | null, devtools: DevtoolsThemeSource | undefined, dark: FakeDark): Theme[] {
  const applied: Theme[] = [];
  followTheme({ param, devtools, dark, apply: (t) => applied.push(t) });
  return applied;
}

describe('followTheme', () => {
  it('in a tab, follows the OS preference as it changes', () => {
    const dark = new FakeDark(false);
    const applied = follow(null, undefined, dark);
    dark.set(true);
    dark.set(false);
    expect(applied).toEqual(['light', 'dark', 'light']);
  });

  it('in a Firefox DevTools panel, follows devtools.panels.onThemeChanged over the OS preference', () => {
    let fire: (name: string) => void = () => undefined;
    const devtools: DevtoolsThemeSource = { themeName: 'light', onThemeChanged: { addListener: (l) => (fire = l) } };
    const dark = new FakeDark(true);
    const applied = follow(null, devtools, dark);
    fire('dark');
    dark.set(false);
    fire('light');
    expect(applied).toEqual(['light', 'dark', 'dark', 'light']);
  });

  it('in a Chromium DevTools panel, follows setThemeChangeHandler', () => {
    let fire: (name: string) => void = () => undefined;
    const applied = follow(null, { themeName: 'default', setThemeChangeHandler: (h) => (fire = h) }, new FakeDark(false));
    fire('dark');
    expect(applied).toEqual(['light', 'dark']);
  });

  it('?theme= pins it: no listener is added', () => {
    const dark = new FakeDark(false);
    let listened = false;
    const applied = follow('dark', { themeName: 'light', onThemeChanged: { addListener: () => (listened = true) } }, dark);
    dark.set(false);
    expect(applied).toEqual(['dark']);
    expect(listened).toBe(false);
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
