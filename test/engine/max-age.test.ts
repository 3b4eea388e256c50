import { describe, expect, it } from 'vitest';
import { effectiveMaxAge } from '../../src/engine/max-age.js';
import { CHROMIUM, FIREFOX, SPEC } from '../../src/engine/profile.js';

// [raw, chromium seconds, firefox seconds, spec seconds]
const TABLE: [string | null, number, number, number][] = [
  [null, 5, 5, 5],
  ['0', 0, 0, 0],
  ['60', 60, 60, 60],
  ['7200', 7200, 7200, 600],
  ['86400', 7200, 86400, 600],
  ['999999', 7200, 86400, 600],
  ['-1', 0, 0, 5],
  ['10s', 5, 0, 5],
  ['1.5', 5, 0, 5],
  ['', 5, 5, 5],
];

describe('Access-Control-Max-Age', () => {
  it.each(TABLE)('%j', (raw, chromium, firefox, spec) => {
    expect(effectiveMaxAge(raw, CHROMIUM).seconds).toBe(chromium);
    expect(effectiveMaxAge(raw, FIREFOX).seconds).toBe(firefox);
    expect(effectiveMaxAge(raw, SPEC).seconds).toBe(spec);
  });
  it('flags clamping and invalid values', () => {
    expect(effectiveMaxAge('86400', CHROMIUM)).toMatchObject({ clamped: true, valid: true });
    expect(effectiveMaxAge('abc', CHROMIUM)).toMatchObject({ clamped: false, valid: false });
  });
});
