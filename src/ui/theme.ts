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
