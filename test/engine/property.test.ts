/**
 * Hostile and random input: the engine always answers, never throws, never hangs.
 * 100,000 random exchanges per run (issue #2); kept fast by small header sets.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { diagnose } from '../../src/engine/diagnose.js';
import { compareBrowsers } from '../../src/engine/compare.js';
import { PROFILES } from '../../src/engine/profile.js';
import type { Exchange, Hop, PreflightObservation } from '../../src/engine/types.js';

const NAMES = [
  'Access-Control-Allow-Origin', 'access-control-allow-credentials', 'Access-Control-Allow-Methods', 'Access-Control-Allow-Headers',
  'Access-Control-Max-Age', 'Access-Control-Expose-Headers', 'Vary', 'Location', 'Set-Cookie', 'Content-Type', 'Authorization',
  'Cookie', 'X-Test', 'Accept', 'Range', 'DPR', 'Content-Language',
];
const VALUES = ['*', 'null', 'https://app.example', 'https://app.example/', 'true', 'TRUE', '', ' ', 'GET, PUT', 'x-test, *', '"x"',
  'PUT', 'patch', '-1', '99999999999999999999', 'bytes=0-1', 'text/plain', 'application/json', '\u0000\r\n', 'é'.repeat(70), ',,,'];

const name = fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 12 }));
const value = fc.oneof(fc.constantFrom(...VALUES), fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }));
const headers = fc.array(fc.tuple(name, value), { maxLength: 6 });
const url = fc.oneof(
  fc.constantFrom('https://api.example/x', 'https://app.example/y', 'http://api.example:8080/', 'file:///x', 'data:,x', 'https://u:p@api.example/', 'nonsense', ''),
  fc.webUrl(),
  fc.string({ maxLength: 30 }),
);
const response = fc.record({ status: fc.integer({ min: 0, max: 999 }), headers });
const preflight: fc.Arbitrary<PreflightObservation | undefined> = fc.oneof(
  fc.constant(undefined),
  response.map((r) => ({ kind: 'sent' as const, response: r })),
  fc.string({ maxLength: 20 }).map((error) => ({ kind: 'error' as const, error })),
  fc.constant({ kind: 'cached' as const }),
);
const hop: fc.Arbitrary<Hop> = fc.record({ url, preflight, response: fc.option(response, { nil: undefined }), error: fc.option(fc.string({ maxLength: 30 }), { nil: undefined }) })
  .map((h) => {
    const out: Hop = { url: h.url };
    if (h.preflight) out.preflight = h.preflight;
    if (h.response) out.response = h.response;
    if (h.error !== undefined) out.error = h.error;
    return out;
  });
const exchange: fc.Arbitrary<Exchange> = fc.record({
  origin: fc.oneof(fc.constantFrom('https://app.example', 'null', 'http://localhost:3000'), fc.string({ maxLength: 20 })),
  method: fc.oneof(fc.constantFrom('GET', 'POST', 'PUT', 'patch', 'OPTIONS', 'DELETE'), fc.string({ maxLength: 10 })),
  headers,
  credentials: fc.constantFrom('include', 'same-origin', 'omit', 'unknown'),
  hops: fc.array(hop, { minLength: 0, maxLength: 4 }),
  wireHeaders: headers,
  browserFailed: fc.boolean(),
  mode: fc.constantFrom('cors', 'same-origin', 'no-cors'),
});

describe('engine on random input', () => {
  it('always returns a verdict, with a reason when not allowed', () => {
    fc.assert(
      fc.property(exchange, fc.constantFrom('chromium', 'firefox', 'spec'), (ex, browser) => {
        const d = diagnose(ex, PROFILES[browser as 'chromium']);
        expect(['allowed', 'blocked', 'failed', 'pending']).toContain(d.verdict);
        if (d.verdict === 'blocked' || d.verdict === 'failed') expect(d.reasons.length).toBeGreaterThan(0);
        else expect(d.reasons).toEqual([]);
        for (const f of [...d.reasons, ...d.warnings]) {
          expect(typeof f.title).toBe('string');
          expect(f.title.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 100_000 },
    );
  }, 240_000);

  it('summary mode reaches the same verdict and reason as a full diagnosis', () => {
    fc.assert(fc.property(exchange, (ex) => {
      const full = diagnose(ex);
      const summary = diagnose(ex, undefined, { summary: true });
      expect(summary.verdict).toBe(full.verdict);
      expect(summary.reasons.map((r) => [r.code, r.parameter])).toEqual(full.reasons.map((r) => [r.code, r.parameter]));
      expect(summary.warnings).toEqual([]);
    }), { numRuns: 20_000 });
  }, 120_000);

  it('compares browsers without throwing', () => {
    fc.assert(fc.property(exchange, (ex) => {
      const c = compareBrowsers(ex);
      expect(Object.keys(c.outcomes).sort()).toEqual(['chromium', 'firefox', 'spec']);
    }), { numRuns: 2_000 });
  });

  it('a long redirect chain ends', () => {
    const hops = Array.from({ length: 10_000 }, (_, i) => ({ url: `https://api.example/${i}`, response: { status: 302, headers: [['Location', `/${i + 1}`], ['Access-Control-Allow-Origin', '*']] as [string, string][] } }));
    const d = diagnose({ origin: 'https://app.example', method: 'GET', headers: [], credentials: 'omit', hops });
    expect(d.verdict).toBe('failed');
  });
});
