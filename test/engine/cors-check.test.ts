import { describe, expect, it } from 'vitest';
import { corsCheck, type CorsCheckKind } from '../../src/engine/cors-check.js';
import { CHROMIUM, FIREFOX, SPEC } from '../../src/engine/profile.js';
import type { HeaderPair } from '../../src/http/headers.js';

const O = 'https://app.example';
const acao = (...values: string[]): HeaderPair[] => values.map((v) => ['Access-Control-Allow-Origin', v]);

// [name, headers, include, chromium kind, firefox kind]
const TABLE: [string, HeaderPair[], boolean, CorsCheckKind | null, CorsCheckKind | null][] = [
  ['exact', acao(O), false, null, null],
  ['exact with surrounding spaces', acao(` ${O} `), false, null, null],
  ['*', acao('*'), false, null, null],
  ['* with credentials', acao('*'), true, 'wildcard', 'wildcard'],
  ['absent', [], false, 'missing', 'missing'],
  ['two lines', acao(O, O), false, 'multiple', 'multiple'],
  ['two * lines', acao('*', '*'), false, 'multiple', 'multiple'],
  ['comma list', acao(`${O}, https://b.example`), false, 'multiple', 'multiple'],
  ['space inside', acao(`${O} x`), false, 'multiple', 'multiple'],
  ['null', acao('null'), false, 'mismatch', 'mismatch'],
  ['bare host', acao('app.example'), false, 'invalid', 'invalid'],
  ['other origin', acao('https://b.example'), false, 'mismatch', 'mismatch'],
  ['credentials, no ACAC', acao(O), true, 'credentials', 'credentials'],
  ['credentials, ACAC "true"', [...acao(O), ['Access-Control-Allow-Credentials', 'true']], true, null, null],
  ['credentials, ACAC True', [...acao(O), ['Access-Control-Allow-Credentials', 'True']], true, 'credentials', 'credentials'],
  ['credentials, ACAC twice', [...acao(O), ['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Allow-Credentials', 'true']], true, 'credentials', 'credentials'],
];

describe('CORS check', () => {
  it.each(TABLE)('%s', (_n, headers, include, chromium, firefox) => {
    expect(corsCheck(headers, O, include, CHROMIUM)?.kind ?? null).toBe(chromium);
    expect(corsCheck(headers, O, include, SPEC)?.kind ?? null).toBe(chromium);
    expect(corsCheck(headers, O, include, FIREFOX)?.kind ?? null).toBe(firefox);
  });
  it('a null origin is matched by ACAO null', () => {
    expect(corsCheck(acao('null'), 'null', false, CHROMIUM)).toBeNull();
    expect(corsCheck(acao('*'), 'null', false, CHROMIUM)).toBeNull();
  });
  it('says which Firefox message this exact response gets', () => {
    expect(corsCheck(acao(O, O), O, false, CHROMIUM)?.firefox).toBe('CORSMultipleAllowOriginNotAllowed');
    expect(corsCheck(acao(`${O},x`), O, false, CHROMIUM)?.firefox).toBe('CORSAllowOriginNotMatchingOrigin');
  });
  it('reports the value as failedParameter, the whole joined value for lists', () => {
    expect(corsCheck(acao(O, 'https://b.example'), O, false, CHROMIUM)?.parameter).toBe(`${O}, https://b.example`);
    expect(corsCheck([], O, false, CHROMIUM)?.parameter).toBe('');
  });
});
