/** Which colour scheme the panel uses: ?theme= (screenshots) > DevTools' theme > the OS preference. */
export type Theme = 'dark' | 'light';

export interface ThemeInputs {
  /** `?theme=` value, if any. */
  param: string | null;
  /** DevTools' panel theme name ('dark' / 'default'), passed in by extension/; undefined outside DevTools. */
  devtools: string | undefined;
  /** `prefers-color-scheme: dark` matches. */
  prefersDark: boolean;
}

export function resolveTheme({ param, devtools, prefersDark }: ThemeInputs): Theme {
  if (param === 'dark' || param === 'light') return param;
  if (devtools !== undefined) return devtools === 'dark' ? 'dark' : 'light';
  return prefersDark ? 'dark' : 'light';
}

/** DevTools' theme as the extension APIs expose it (`devtools.panels`). */
export interface DevtoolsThemeSource {
  themeName?: string;
  /** Firefox: fires when the user switches the DevTools theme (an "auto" theme arrives resolved). */
  onThemeChanged?: { addListener(listener: (themeName: string) => void): void };
  /** Chromium's equivalent. */
  setThemeChangeHandler?: (handler: (themeName: string) => void) => void;
}

/** The part of a MediaQueryList used here. */
export interface DarkQuery {
  readonly matches: boolean;
  addEventListener(type: 'change', listener: () => void): void;
}

export interface FollowThemeOptions {
  param: string | null;
  /** DevTools' panels API when the page is a DevTools panel, otherwise undefined. */
  devtools: DevtoolsThemeSource | undefined;
  /** `prefers-color-scheme: dark`, or null without matchMedia. */
  dark: DarkQuery | null;
  apply(theme: Theme): void;
}

/**
 * Applies the theme now and again whenever what decides it changes: DevTools' theme in a DevTools
 * panel (both browsers), the OS preference in a tab. `?theme=` pins it.
 */
export function followTheme({ param, devtools, dark, apply }: FollowThemeOptions): void {
  let devtoolsName = devtools?.themeName;
  const update = (): void => apply(resolveTheme({ param, devtools: devtoolsName, prefersDark: dark?.matches === true }));
  update();
  if (param === 'dark' || param === 'light') return;
  const changed = (name: string): void => {
    devtoolsName = name;
    update();
  };
  if (devtools?.onThemeChanged) devtools.onThemeChanged.addListener(changed);
  else if (typeof devtools?.setThemeChangeHandler === 'function') devtools.setThemeChangeHandler(changed);
  dark?.addEventListener('change', update);
}
