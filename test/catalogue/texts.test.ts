import { describe, expect, it } from 'vitest';
import {
  CHROMIUM_CORS_ERRORS,
  CHROMIUM_RENAMED,
  CODES,
  FINDING_CODES,
  FIREFOX_REASONS,
  codeForChromium,
} from '../../src/catalogue/codes.js';
import { TEXTS } from '../../src/catalogue/texts.js';

/**
 * Every Chromium `Network.CorsError` name listed in the research notes (cors-errors.md §1a current
 * values, §1b removed values), plus the pre-rename names. Copied here so the test stays self-contained.
 */
const RESEARCH_CHROMIUM_NAMES = [
  // §1a current
  'DisallowedByMode',
  'InvalidResponse',
  'WildcardOriginNotAllowed',
  'MissingAllowOriginHeader',
  'MultipleAllowOriginValues',
  'InvalidAllowOriginValue',
  'AllowOriginMismatch',
  'InvalidAllowCredentials',
  'CorsDisabledScheme',
  'PreflightInvalidStatus',
  'PreflightDisallowedRedirect',
  'PreflightWildcardOriginNotAllowed',
  'PreflightMissingAllowOriginHeader',
  'PreflightMultipleAllowOriginValues',
  'PreflightInvalidAllowOriginValue',
  'PreflightAllowOriginMismatch',
  'PreflightInvalidAllowCredentials',
  'PreflightMissingAllowExternal',
  'PreflightInvalidAllowExternal',
  'InvalidAllowMethodsPreflightResponse',
  'InvalidAllowHeadersPreflightResponse',
  'MethodDisallowedByPreflightResponse',
  'HeaderDisallowedByPreflightResponse',
  'RedirectContainsCredentials',
  'InsecureLocalNetwork',
  'InvalidLocalNetworkAccess',
  'NoCorsRedirectModeNotFollow',
  'LocalNetworkAccessPermissionDenied',
  // §1b removed in r1572739
  'PreflightMissingAllowPrivateNetwork',
  'PreflightInvalidAllowPrivateNetwork',
  'UnexpectedPrivateNetworkAccess',
  'PreflightMissingPrivateNetworkAccessId',
  'PreflightMissingPrivateNetworkAccessName',
  'PrivateNetworkAccessPermissionUnavailable',
  'PrivateNetworkAccessPermissionDenied',
  // renamed in r1581282
  'InsecurePrivateNetwork',
  'InvalidPrivateNetworkAccess',
];

const MDN_PREFIX = 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors/';

function textOf(code: string) {
  return (TEXTS as Record<string, (typeof TEXTS)[keyof typeof TEXTS] | undefined>)[code];
}

describe('catalogue texts', () => {
  it('has a complete entry for every finding code', () => {
    for (const code of FINDING_CODES) {
      const text = textOf(code);
      expect(text, code).toBeDefined();
      expect(text?.title.trim(), code).not.toBe('');
      expect(text?.explanation.trim(), code).not.toBe('');
      expect(text?.fix.trim(), code).not.toBe('');
    }
  });

  it('has no entry for an unknown code', () => {
    const known = new Set<string>(FINDING_CODES);
    const extra = Object.keys(TEXTS).filter((code) => !known.has(code));
    expect(extra).toEqual([]);
  });

  it('keeps titles short and unique', () => {
    const seen = new Map<string, string>();
    for (const code of FINDING_CODES) {
      const { title } = TEXTS[code];
      expect(title.length, `${code}: ${title}`).toBeLessThanOrEqual(60);
      expect(seen.get(title), `title of ${code} reused`).toBeUndefined();
      seen.set(title, code);
    }
  });

  it('resolves every Chromium name from the research notes to a code with an entry', () => {
    for (const name of RESEARCH_CHROMIUM_NAMES) {
      const code = codeForChromium(name);
      expect(code, name).not.toBeNull();
      if (code) expect(textOf(code), name).toBeDefined();
    }
  });

  it('resolves every Chromium name in CHROMIUM_CORS_ERRORS and CHROMIUM_RENAMED', () => {
    const names = [...CHROMIUM_CORS_ERRORS, ...Object.keys(CHROMIUM_RENAMED)];
    for (const name of names) {
      const code = codeForChromium(name);
      expect(code, name).not.toBeNull();
      if (code) expect(textOf(code), name).toBeDefined();
    }
  });

  it('knows every name in CHROMIUM_CORS_ERRORS from the research notes', () => {
    const research = new Set<string>(RESEARCH_CHROMIUM_NAMES);
    expect(CHROMIUM_CORS_ERRORS.filter((name) => !research.has(name))).toEqual([]);
  });

  it('uses every Firefox reason id in at least one code', () => {
    const used = new Set<string>();
    for (const code of FINDING_CODES) {
      const firefox = CODES[code].firefox;
      if (firefox) used.add(firefox);
    }
    expect(FIREFOX_REASONS.filter((id) => !used.has(id))).toEqual([]);
  });

  it('links to https pages or to nothing', () => {
    for (const code of FINDING_CODES) {
      const { learnMore } = TEXTS[code];
      if (learnMore === null) continue;
      expect(() => new URL(learnMore), code).not.toThrow();
      expect(new URL(learnMore).protocol, code).toBe('https:');
    }
  });

  it('links codes with a Firefox reason to its MDN page', () => {
    for (const code of FINDING_CODES) {
      const firefox = CODES[code].firefox;
      if (!firefox || firefox === 'CORSAllowHeaderFromPreflightDeprecation') continue;
      expect(TEXTS[code].learnMore, code).toBe(MDN_PREFIX + firefox.replace(/\d+$/, ''));
    }
    expect(TEXTS['authorization-covered-by-wildcard'].learnMore).toBe(
      'https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name',
    );
  });

  it('keeps texts free of markup', () => {
    for (const code of FINDING_CODES) {
      const { title, explanation, fix, learnMore } = TEXTS[code];
      for (const value of [title, explanation, fix, learnMore ?? '']) {
        expect(value, code).not.toContain('<');
      }
    }
  });

  it('says network failures are not CORS problems', () => {
    const network = FINDING_CODES.filter(
      (code) => CODES[code].firefox === 'CORSDidNotSucceed2' && CODES[code].chromium === null,
    );
    expect(network.length).toBeGreaterThan(0);
    for (const code of network) {
      const { explanation } = TEXTS[code];
      expect(explanation, code).toContain('not a CORS problem');
      expect(explanation, code).toContain('Failed to fetch');
      expect(explanation, code).toContain('CORS request did not succeed');
    }
  });

  it('marks obsolete codes as coming from older Chrome versions', () => {
    for (const code of FINDING_CODES) {
      if (CODES[code].observability !== 'obsolete') continue;
      expect(TEXTS[code].explanation, code).toMatch(/old(er)? Chrome/i);
    }
  });
});

describe('titles.ts', () => {
  it('says exactly what texts.ts says', async () => {
    const { TITLES } = await import('../../src/catalogue/titles.js');
    const { TEXTS } = await import('../../src/catalogue/texts.js');
    expect(TITLES).toEqual(Object.fromEntries(Object.entries(TEXTS).map(([code, t]) => [code, t.title])));
  });
});
