/** Public surface of the browser-free core. */
export * from './engine/types.js';
export { diagnose } from './engine/diagnose.js';
export { compareBrowsers, type Comparison, type BrowserOutcome } from './engine/compare.js';
export { CHROMIUM, FIREFOX, SPEC, PROFILES, profileFor, type Profile } from './engine/profile.js';
export { preflightNeed, normaliseMethod, isSafelistedMethod, isForbiddenRequestHeader } from './engine/safelist.js';
export { effectiveMaxAge } from './engine/max-age.js';
export { CODES, FINDING_CODES, codeForChromium, codeInfo, type FindingCode, type ChromiumCorsError, type FirefoxReason } from './catalogue/codes.js';
export { TEXTS } from './catalogue/texts.js';
export { makeFinding } from './catalogue/finding.js';
export { findingForBrowserReport } from './catalogue/browser-report.js';
export { TITLES } from './catalogue/titles.js';
export type { HeaderList, HeaderPair } from './http/headers.js';
