import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CorsPolicy } from '../../src/engine/types.js';
import { decodedPath, PLACEHOLDER_ORIGIN } from '../../src/fix/servers/plan.js';
import { renderAllSnippets, renderSnippet, SERVERS, type ServerId } from '../../src/fix/snippets.js';
import {
  apacheHeaderText, caddyLines, caddyRuntime, jsSyntaxErrors, parseApache, parseNginx, scanCLike, scanJs,
  type Directive,
} from './models.js';

const policy = (overrides: Partial<CorsPolicy> = {}): CorsPolicy => ({
  origin: 'https://app.example',
  credentials: false,
  methods: [],
  requestHeaders: [],
  exposeHeaders: [],
  maxAge: null,
  preflight: false,
  path: '/api/items',
  ...overrides,
});

const CASES: [string, CorsPolicy][] = [
  ['wildcard GET', policy({ origin: '*' })],
  ['credentialed PUT', policy({
    credentials: true, methods: ['PUT'], requestHeaders: ['authorization', 'x-request-id'],
    exposeHeaders: ['x-total-count', 'etag'], maxAge: 600, preflight: true,
  })],
  ['lower-case patch from an opaque origin', policy({
    origin: 'null', methods: ['patch'], requestHeaders: ['content-type'], maxAge: 0, preflight: true,
  })],
  ['DELETE on the root path', policy({ origin: 'http://localhost:3000', methods: ['DELETE'], preflight: true, path: '/' })],
  ['a dotted path', policy({ methods: ['PUT'], preflight: true, path: '/api/v1.0/items.json' })],
];

const HOSTILE: [string, CorsPolicy][] = [
  ['quote breakout', policy({
    origin: 'https://a.example"; evil()', credentials: true, methods: ['PUT'], requestHeaders: ["x-a'b", 'x-$host'],
    exposeHeaders: ['x-}'], maxAge: 5, preflight: true, path: '/api/"items"',
  })],
  ['newlines and braces', policy({
    origin: "https://a.example'\n}); evil(); ({", methods: ['X\nY'], requestHeaders: ['x-a\r\nset-cookie: a=b'],
    exposeHeaders: ['${HOME}', '{$HOME}'], preflight: true, path: '/a b/{x}/$host\n/*',
  })],
  ['backslashes and format characters', policy({
    origin: 'https://a.example\\', methods: ['P\\"UT'], requestHeaders: ['x-%t', 'x-\\n', 'x-`'],
    exposeHeaders: ['expr=%{REMOTE_ADDR}'], preflight: true, path: '/%E2%82%AC/\\u0022/${PATH}',
  })],
  ['unicode', policy({
    origin: 'https://a.example\u2028\u00e9\ud83d\ude00\ud800', methods: ['\u041f\u0423\u0422'],
    requestHeaders: ['x-\u2029'], preflight: true, path: '/caf%C3%A9',
  })],
];

const ALL = [...CASES, ...HOSTILE];
const ids = SERVERS.map((s) => s.id);

/** What every snippet must carry, derived from the policy independently of the renderers. */
function want(p: CorsPolicy) {
  const uniq = (xs: string[]): string[] => [...new Set(xs.filter((x) => x !== ''))];
  const age = p.maxAge;
  return {
    origin: p.credentials && p.origin === '*' ? PLACEHOLDER_ORIGIN : p.origin,
    methods: uniq(['GET', 'HEAD', 'POST', ...p.methods]),
    headers: uniq(p.requestHeaders),
    expose: uniq(p.exposeHeaders),
    maxAge: age === null || !Number.isFinite(age) ? null : Math.min(Math.max(Math.floor(age), 0), 2147483647),
    path: p.path.startsWith('/') ? p.path : `/${p.path}`,
  };
}

/** The CORS response headers the policy calls for, in snippet order. */
function headerPairs(p: CorsPolicy): [string, string][] {
  const w = want(p);
  const out: [string, string][] = [['Access-Control-Allow-Origin', w.origin]];
  if (p.credentials) out.push(['Access-Control-Allow-Credentials', 'true']);
  out.push(['Access-Control-Allow-Methods', w.methods.join(', ')]);
  if (w.headers.length > 0) out.push(['Access-Control-Allow-Headers', w.headers.join(', ')]);
  if (w.expose.length > 0) out.push(['Access-Control-Expose-Headers', w.expose.join(', ')]);
  if (w.maxAge !== null) out.push(['Access-Control-Max-Age', String(w.maxAge)]);
  return out;
}

/** As a config writing raw response headers must carry them: CTLs other than HTAB cannot be sent. */
const headerValues = (p: CorsPolicy): [string, string][] =>
  headerPairs(p).map(([n, v]) => [n, v.replace(/[\x00-\x08\x0a-\x1f\x7f]/g, '')]);

/** A `?` in a server path pattern matches any one character except `/`. */
function patternMatches(pattern: string, path: string): boolean {
  const [pat, str] = [[...pattern], [...path]];
  return pat.length === str.length && pat.every((c, i) => c === str[i] || (c === '?' && str[i] !== '/'));
}

const stripImports = (code: string): string => code.replace(/^import .*;$/gm, '');

type Options = Record<string, unknown>;

/** Runs a JS snippet against stubs and checks what the server library would receive. */
async function checkJs(server: 'express' | 'fastify' | 'koa' | 'cloudflare', p: CorsPolicy): Promise<void> {
  const code = renderSnippet(server, p);
  expect(jsSyntaxErrors(code)).toEqual([]);
  const scan = scanJs(code);
  expect(scan.identifiers.has('evil')).toBe(false);
  const w = want(p);
  const options: Options = {
    origin: w.origin,
    methods: w.methods,
    ...(w.headers.length > 0 ? { allowedHeaders: w.headers } : {}),
    ...(w.expose.length > 0 ? { exposedHeaders: w.expose } : {}),
    ...(w.maxAge !== null ? { maxAge: w.maxAge } : {}),
    ...(p.credentials ? { credentials: true } : {}),
  };
  const body = stripImports(code);
  if (server === 'express') {
    const uses: [unknown, Options][] = [];
    new Function('cors', 'app', body)((o: Options) => o, { use: (path: unknown, o: Options) => uses.push([path, o]) });
    expect(uses).toHaveLength(1);
    const [path, got] = uses[0] ?? [];
    expect(got).toEqual(options);
    if (typeof path === 'string') expect(path).toBe(w.path);
    else {
      expect(path).toBeInstanceOf(RegExp);
      expect((path as RegExp).test(w.path)).toBe(true);
      expect((path as RegExp).test(`${w.path}x`)).toBe(false);
    }
  } else if (server === 'koa') {
    let got: Options = {};
    const uses: ((ctx: { path: string }, next: () => string) => string)[] = [];
    new Function('cors', 'app', body)((o: Options) => { got = o; return () => 'cors'; }, { use: (mw: never) => uses.push(mw) });
    const { allowedHeaders, exposedHeaders, methods, ...rest } = options;
    expect(got).toEqual({
      ...rest,
      allowMethods: methods,
      ...(allowedHeaders ? { allowHeaders: allowedHeaders } : {}),
      ...(exposedHeaders ? { exposeHeaders: exposedHeaders } : {}),
      ...(w.maxAge !== null ? { maxAge: String(w.maxAge) } : {}),
    });
    const mw = uses[0];
    expect(mw?.({ path: w.path }, () => 'next')).toBe('cors');
    expect(mw?.({ path: `${w.path}x` }, () => 'next')).toBe('next');
  } else if (server === 'fastify') {
    const registered: unknown[] = [];
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...a: string[]) => (...b: unknown[]) => Promise<void>;
    await new AsyncFunction('cors', 'fastify', body)('cors-plugin', { register: async (plugin: unknown, o: unknown) => { registered.push(plugin, o); } });
    expect(registered[0]).toBe('cors-plugin');
    const delegator = (registered[1] as () => (req: { url: string }, cb: (e: unknown, o: Options) => void) => void)();
    const decide = (url: string): Options => {
      let out: Options = {};
      delegator({ url }, (_e, o) => { out = o; });
      return out;
    };
    // A raw `?` can't be in a request path: it starts the query.
    if (!w.path.includes('?')) expect(decide(`${w.path}?page=2`)).toEqual(options);
    expect(decide(`${w.path}x`)).toEqual({ origin: false });
  } else {
    const consts = new Function(body.replace(/export default \{[\s\S]*$/, 'return { CORS_PATH, CORS_HEADERS, PREFLIGHT_HEADERS };'))() as Options;
    expect(consts['CORS_PATH']).toBe(w.path);
    expect({ ...(consts['CORS_HEADERS'] as Options), ...(consts['PREFLIGHT_HEADERS'] as Options) })
      .toEqual(Object.fromEntries(headerPairs(p)));
  }
}

describe('SERVERS', () => {
  it('lists the twelve servers in order, with labels', () => {
    expect(ids).toEqual(['express', 'fastify', 'koa', 'nginx', 'apache', 'caddy', 'django', 'flask', 'spring', 'aspnet', 's3', 'cloudflare']);
    for (const s of SERVERS) expect(s.label.length).toBeGreaterThan(0);
  });

  it('renders all of them at once', () => {
    const p = CASES[1]?.[1] ?? policy();
    const all = renderAllSnippets(p);
    expect(Object.keys(all)).toEqual(ids);
    for (const id of ids) expect(all[id]).toBe(renderSnippet(id, p));
  });

  it('refuses an unknown server id', () => {
    expect(() => renderSnippet('iis' as ServerId, policy())).toThrow(/Unknown server/);
  });
});

describe.each(CASES)('%s', (_name, p) => {
  const w = want(p);
  const wildcardMarker: Partial<Record<ServerId, RegExp>> = {
    django: /^CORS_ALLOW_ALL_ORIGINS = True$/m,
    aspnet: /\.AllowAnyOrigin\(\)/,
  };

  it.each(ids)('%s mentions the origin, every method, header, exposed header and max-age', (id) => {
    const s = renderSnippet(id, p);
    const marker = wildcardMarker[id];
    if (w.origin === '*' && marker) expect(s).toMatch(marker);
    else expect(s).toContain(w.origin);
    for (const m of w.methods) if (id !== 's3' || ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'].includes(m)) expect(s).toContain(m);
    for (const h of w.headers) expect(s).toContain(h);
    for (const h of w.expose) expect(s).toContain(h);
    if (w.expose.length === 0) expect(s).not.toMatch(/expose/i);
    if (w.maxAge === null) expect(s).not.toMatch(/max.?age/i);
    else expect(s).toMatch(new RegExp(`\\b${w.maxAge}\\b`));
  });

  it.each(['nginx', 'apache', 'caddy', 'cloudflare'] as const)('%s adds Vary: Origin only for a named origin', (id) => {
    const s = renderSnippet(id, p);
    if (w.origin === '*') expect(s).not.toMatch(/Vary/);
    else expect(s).toMatch(/Vary['"]?,? ['"]?Origin/);
  });

  it.each(['nginx', 'apache', 'caddy'] as const)('%s answers OPTIONS only when the request is preflighted', (id) => {
    const answers = /return 204|R=204|respond @corsPreflight 204/.test(renderSnippet(id, p));
    expect(answers).toBe(p.preflight);
  });
});

describe('credentials', () => {
  const credentialed = [
    policy({ credentials: true, methods: ['PUT'], preflight: true }),
    policy({ origin: 'null', credentials: true }),
    // Not a valid policy, but must still never produce a wildcard.
    policy({ origin: '*', credentials: true }),
  ];
  const switches: Record<ServerId, RegExp | null> = {
    express: /credentials: true/, fastify: /credentials: true/, koa: /credentials: true/,
    nginx: /Access-Control-Allow-Credentials "true"/, apache: /Access-Control-Allow-Credentials "true"/,
    caddy: /Access-Control-Allow-Credentials "true"/, cloudflare: /'Access-Control-Allow-Credentials': 'true'/,
    django: /CORS_ALLOW_CREDENTIALS = True/, flask: /'supports_credentials': True/,
    spring: /\.allowCredentials\(true\)/, aspnet: /\.AllowCredentials\(\)/,
    s3: null, // S3 sends Allow-Credentials itself for a rule naming its origin.
  };

  it.each(ids)('%s never allows * with credentials and always sets Allow-Credentials', (id) => {
    for (const p of credentialed) {
      const s = renderSnippet(id, p);
      expect(s).not.toMatch(/["'`]\*["'`]|AllowAnyOrigin|ALLOW_ALL_ORIGINS/);
      const sw = switches[id];
      if (sw) expect(s).toMatch(sw);
    }
  });

  it('replaces a credentialed * with a placeholder and says so', () => {
    for (const id of ids) {
      const s = renderSnippet(id, policy({ origin: '*', credentials: true }));
      expect(s).toContain(PLACEHOLDER_ORIGIN);
      expect(s).toMatch(/Note: Credentialed requests cannot use/);
    }
  });
});

describe('JavaScript snippets parse, run and keep every value intact', () => {
  const servers = ['express', 'fastify', 'koa', 'cloudflare'] as const;
  for (const [name, p] of ALL) {
    it.each(servers)(`%s: ${name.replace(/%/g, '%%')}`, async (id) => checkJs(id, p));
  }

  it.each(HOSTILE)('keeps hostile string values as single literals: %s', (_name, p) => {
    const w = want(p);
    const { strings } = scanJs(renderSnippet('cloudflare', p));
    expect(strings).toContain(w.origin);
    expect(strings).toContain(w.path);
  });

  it('has a Worker that answers the preflight and decorates the upstream response', async () => {
    const p = CASES[1]?.[1] ?? policy();
    const body = stripImports(renderSnippet('cloudflare', p)).replace('export default {', 'return {');
    const upstream = new Response('ok', { headers: { Vary: 'Accept-Encoding', 'X-Total-Count': '3' } });
    const worker = new Function('fetch', body)(async () => upstream) as { fetch(r: Request): Promise<Response> };
    const pre = await worker.fetch(new Request('https://api.example/api/items', {
      method: 'OPTIONS', headers: { Origin: 'https://app.example', 'Access-Control-Request-Method': 'PUT' },
    }));
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-methods')).toBe('GET, HEAD, POST, PUT');
    expect(pre.headers.get('access-control-allow-headers')).toBe('authorization, x-request-id');
    expect(pre.headers.get('access-control-max-age')).toBe('600');
    const res = await worker.fetch(new Request('https://api.example/api/items', { method: 'PUT' }));
    expect(await res.text()).toBe('ok');
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-expose-headers')).toBe('x-total-count, etag');
    expect(res.headers.get('vary')).toBe('Accept-Encoding, Origin');
    const other = await worker.fetch(new Request('https://api.example/other'));
    expect(other).toBe(upstream);
  });
});

/** S3 output: optional `//` notes, then JSON. */
function parseS3(s: string): { notes: string[]; rules: Options[] } {
  const notes = s.split('\n').filter((l) => l.startsWith('//'));
  const json = s.split('\n').filter((l) => !l.startsWith('//')).join('\n');
  return { notes, rules: (JSON.parse(json) as { CORSRules: Options[] }).CORSRules };
}

function checkS3(p: CorsPolicy): void {
  const w = want(p);
  const { notes, rules } = parseS3(renderSnippet('s3', p));
  const supported = ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'];
  expect(rules).toEqual([{
    AllowedOrigins: [w.origin],
    AllowedMethods: w.methods.filter((m) => supported.includes(m)),
    ...(w.headers.length > 0 ? { AllowedHeaders: w.headers } : {}),
    ...(w.expose.length > 0 ? { ExposeHeaders: w.expose } : {}),
    ...(w.maxAge !== null ? { MaxAgeSeconds: w.maxAge } : {}),
  }]);
  expect(notes.some((n) => /S3 only allows/.test(n))).toBe(w.methods.some((m) => !supported.includes(m)));
}

describe('S3', () => {
  it.each(ALL)('is JSON whose CORSRules match the policy: %s', (_name, p) => checkS3(p));

  it('always allows the safelisted methods and notes an unsupported one', () => {
    const { notes, rules } = parseS3(renderSnippet('s3', policy({ methods: ['PATCH', 'DELETE'], preflight: true })));
    expect(rules[0]?.['AllowedMethods']).toEqual(['GET', 'HEAD', 'POST', 'DELETE']);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('(PATCH)');
  });

  it('does not echo a hostile method into its note', () => {
    const { notes } = parseS3(renderSnippet('s3', policy({ methods: ['X\n}'] })));
    expect(notes).toHaveLength(1);
    expect(notes[0]).not.toContain('X');
  });
});

function names(tree: Directive[]): string[] {
  return tree.flatMap((d) => [d.args[0] ?? '', ...names(d.block ?? [])]);
}

function checkNginx(p: CorsPolicy): void {
  const w = want(p);
  const tree = parseNginx(renderSnippet('nginx', p));
  expect(new Set(names(tree))).toEqual(new Set([
    ...(tree.some((d) => d.args[0] === 'geo') ? ['geo', 'default'] : []),
    'location', 'add_header', ...(p.preflight ? ['if', 'return'] : []),
  ]));
  const loc = tree.find((d) => d.args[0] === 'location');
  expect(loc?.args).toEqual(['location', '=', decodedPath(w.path)]);
  const added = (loc?.block ?? []).filter((d) => d.args[0] === 'add_header').map((d) => {
    const [, name = '', value = '', always] = d.args;
    // Every `$` must be the geo variable holding a literal dollar: nothing else may interpolate.
    expect(value.replaceAll('${cors_lens_dollar}', '')).not.toContain('$');
    expect(always).toBe('always');
    return [name, value.replaceAll('${cors_lens_dollar}', '$')];
  });
  const vary = w.origin === '*' ? [] : [['Vary', 'Origin']];
  expect(added).toEqual([...headerValues(p), ...vary]);
  if (added.some(([, v]) => v?.includes('$'))) {
    expect(tree[0]).toEqual({ args: ['geo', '$cors_lens_dollar'], block: [{ args: ['default', '$'] }] });
  }
  const ifs = loc?.block?.find((d) => d.args[0] === 'if');
  if (p.preflight) expect(ifs).toEqual({ args: ['if', '($request_method', '=', 'OPTIONS)'], block: [{ args: ['return', '204'] }] });
}

function checkApache(p: CorsPolicy): void {
  const w = want(p);
  const s = renderSnippet('apache', p);
  const lines = parseApache(s);
  const [open, ...rest] = lines;
  expect(open?.[0]).toBe('<Location');
  expect(open).toHaveLength(2);
  expect(patternMatches(open?.[1] ?? '', decodedPath(w.path))).toBe(true);
  expect(rest.at(-1)).toEqual(['</Location']);
  const got: [string, string][] = [];
  for (const l of rest.slice(0, -1)) {
    expect(['Header', 'RewriteEngine', 'RewriteCond', 'RewriteRule']).toContain(l[0]);
    if (l[0] === 'Header' && l[2] === 'set') {
      expect(l).toHaveLength(5);
      got.push([l[3] ?? '', apacheHeaderText(l[4] ?? '')]);
    }
  }
  // A value httpd would expand (${VAR}) or evaluate (expr=) is left out, with a note.
  const unwritable = (v: string): boolean => v.includes('${') || /^expr=/i.test(v);
  const expected = headerValues(p);
  expect(got).toEqual(expected.filter(([, v]) => !unwritable(v)));
  expect(/cannot be written safely/.test(s)).toBe(expected.some(([, v]) => unwritable(v)));
  expect(lines.some((l) => l[0] === 'Header' && l[2] === 'merge')).toBe(w.origin !== '*');
  expect(lines.some((l) => l[0] === 'RewriteRule')).toBe(p.preflight);
}

function checkCaddy(p: CorsPolicy): void {
  const w = want(p);
  const s = renderSnippet('caddy', p);
  const ls = caddyLines(s);
  const [matcher, open, ...rest] = ls;
  expect(matcher?.slice(0, 2)).toEqual(['@cors', 'path']);
  expect(matcher).toHaveLength(3);
  expect(patternMatches(caddyRuntime(matcher?.[2] ?? ''), w.path)).toBe(true);
  expect(open).toEqual(['header', '@cors', '{']);
  const close = rest.findIndex((l) => l[0] === '}');
  const fields = rest.slice(0, close);
  expect(fields.at(-1)).toEqual(['defer']);
  const got = fields.slice(0, -1).filter((l) => l[0] !== '+Vary').map((l) => {
    expect(l).toHaveLength(2);
    return [l[0], caddyRuntime(l[1] ?? '')];
  });
  const unwritable = (v: string): boolean => v.includes('{$') || (/\\"|\\$/.test(v.replace(/[{}]/g, '\\$&')) && v.includes('`'));
  const expected = headerValues(p);
  expect(got).toEqual(expected.filter(([, v]) => !unwritable(v)));
  expect(/cannot be written safely/.test(s)).toBe(expected.some(([, v]) => unwritable(v)));
  expect(fields.some((l) => l[0] === '+Vary')).toBe(w.origin !== '*');
  const after = rest.slice(close + 1);
  if (p.preflight) {
    expect(after).toEqual([['@corsPreflight', '{'], ['path', matcher?.[2]], ['method', 'OPTIONS'], ['}'], ['respond', '@corsPreflight', '204']]);
  } else expect(after).toEqual([]);
}

function checkAspnet(p: CorsPolicy): void {
  const w = want(p);
  const { literals, skeleton } = scanCLike(renderSnippet('aspnet', p));
  expect(literals).toEqual([
    'CorsLens', ...(w.origin === '*' ? [] : [w.origin]), ...w.methods, ...w.headers, ...w.expose, decodedPath(w.path), 'CorsLens',
  ]);
  expect(skeleton).not.toContain('evil');
}

function checkSpringLiterals(p: CorsPolicy): void {
  const w = want(p);
  const { literals, skeleton } = scanCLike(renderSnippet('spring', p));
  expect(patternMatches(literals[0] ?? '', decodedPath(w.path))).toBe(true);
  expect(literals.slice(1)).toEqual([w.origin, ...w.methods, ...w.headers, ...w.expose]);
  expect(skeleton).not.toContain('evil');
}

describe('config files keep every value inside its string', () => {
  describe.each(ALL)('%s', (_name, p) => {
    it('nginx', () => checkNginx(p));
    it('apache', () => checkApache(p));
    it('caddy', () => checkCaddy(p));
    it('aspnet', () => checkAspnet(p));
    it('spring', () => checkSpringLiterals(p));
  });

  it('nginx gets a literal $ from a geo variable', () => {
    const s = renderSnippet('nginx', policy({ requestHeaders: ['x-$host'], preflight: true }));
    expect(s).toContain('geo $cors_lens_dollar { default "$"; }');
    expect(s).toContain('"x-${cors_lens_dollar}host"');
  });

  it('nginx and Apache match the decoded path; Caddy and Express the encoded one', () => {
    const p = policy({ path: '/caf%C3%A9' });
    expect(renderSnippet('nginx', p)).toContain('location = "/caf\u00e9" {');
    expect(renderSnippet('apache', p)).toContain('<Location "/caf\u00e9">');
    expect(renderSnippet('caddy', p)).toContain('@cors path "/caf%C3%A9"');
    expect(renderSnippet('express', p)).toContain("app.use('/caf%C3%A9', cors({");
  });
});

const hasPython = spawnSync('python3', ['--version']).status === 0;
const hasJava = spawnSync('java', ['-version']).status === 0;

/** Executes Django settings and Flask setup code against stubs, reporting what they configure. */
const PYTHON_HARNESS = String.raw`
import ast, json, re, sys, types

def matches(m, value):
    return bool(m.match(value)) if isinstance(m, re.Pattern) else m == value

def exact(m, value):
    return matches(m, value) and not matches(m, value + 'x')

out = []
for case in json.load(sys.stdin):
    code, kind = case['code'], case['kind']
    stmts = [type(s).__name__ for s in ast.parse(code).body]
    if kind == 'django':
        ns = {}
        exec(code, ns)
        out.append({
            'stmts': stmts,
            'names': sorted(k for k in ns if not k.startswith('__')),
            'urls': exact(re.compile(ns['CORS_URLS_REGEX']), case['path']),
            'sibling': bool(case['sibling']) and matches(re.compile(ns['CORS_URLS_REGEX']), case['sibling']),
            'origins': ns.get('CORS_ALLOWED_ORIGINS'),
            'all': ns.get('CORS_ALLOW_ALL_ORIGINS'),
            'credentials': ns.get('CORS_ALLOW_CREDENTIALS'),
            'methods': ns.get('CORS_ALLOW_METHODS'),
            'headers': ns.get('CORS_ALLOW_HEADERS'),
            'expose': ns.get('CORS_EXPOSE_HEADERS'),
            'maxAge': ns.get('CORS_PREFLIGHT_MAX_AGE'),
        })
        continue
    captured = {}
    hooks = []
    flask = types.ModuleType('flask')
    flask.request = types.SimpleNamespace(method='OPTIONS', path='')
    flask_cors = types.ModuleType('flask_cors')
    flask_cors.CORS = lambda app, resources=None: captured.update(resources)
    sys.modules['flask'], sys.modules['flask_cors'] = flask, flask_cors
    app = types.SimpleNamespace(after_request=lambda f: hooks.append(f) or f)
    exec(code, {'app': app})
    [(key, opts)] = captured.items()
    def run_hooks(path):
        flask.request.path = path
        resp = types.SimpleNamespace(headers={})
        for h in hooks:
            resp = h(resp)
        return resp.headers.get('Access-Control-Allow-Methods')
    out.append({
        'stmts': stmts,
        'key': exact(key, case['path']),
        'sibling': bool(case['sibling']) and matches(key, case['sibling']),
        'origins': opts['origins'] if opts['origins'] == '*' else [exact(o, case['origin']) for o in opts['origins']],
        'sendWildcard': opts.get('send_wildcard'),
        'credentials': opts.get('supports_credentials'),
        'methods': opts['methods'],
        'headers': [exact(h, v) for h, v in zip(opts.get('allow_headers', []), case['headers'])],
        'headerCount': len(opts.get('allow_headers', [])),
        'expose': opts.get('expose_headers'),
        'maxAge': opts.get('max_age'),
        'hookMethods': run_hooks(case['path']) if hooks else None,
        'hookOther': run_hooks(case['path'] + 'x') if hooks else None,
    })
print(json.dumps(out))
`;

function runPython(cases: CorsPolicy[]): void {
  const input = cases.flatMap((p) => {
    const w = want(p);
    const path = decodedPath(w.path);
    // A path differing only where a regex metacharacter was: it must not match.
    const sibling = path.replace(/[.*+?^$()[\]{}|\\]/, '\u00a7');
    const common = { path, sibling: sibling === path ? '' : sibling, origin: w.origin, headers: w.headers };
    return [
      { kind: 'django', code: renderSnippet('django', p), ...common },
      { kind: 'flask', code: renderSnippet('flask', p), ...common },
    ];
  });
  const r = spawnSync('python3', ['-c', PYTHON_HARNESS], { input: JSON.stringify(input), encoding: 'utf8' });
  expect(r.stderr).toBe('');
  const results = JSON.parse(r.stdout) as Options[];
  cases.forEach((p, i) => {
    const w = want(p);
    const any = w.origin === '*';
    const django = results[2 * i];
    const flask = results[2 * i + 1];
    expect(django).toEqual({
      stmts: expect.arrayContaining(['Assign']) as unknown,
      names: [
        any ? 'CORS_ALLOW_ALL_ORIGINS' : 'CORS_ALLOWED_ORIGINS',
        ...(p.credentials ? ['CORS_ALLOW_CREDENTIALS'] : []),
        ...(w.headers.length > 0 ? ['CORS_ALLOW_HEADERS'] : []),
        'CORS_ALLOW_METHODS',
        ...(w.expose.length > 0 ? ['CORS_EXPOSE_HEADERS'] : []),
        ...(w.maxAge !== null ? ['CORS_PREFLIGHT_MAX_AGE'] : []),
        'CORS_URLS_REGEX',
      ].sort(),
      urls: true,
      sibling: false,
      origins: any ? null : [w.origin],
      all: any ? true : null,
      credentials: p.credentials ? true : null,
      methods: w.methods,
      headers: w.headers.length > 0 ? w.headers : null,
      expose: w.expose.length > 0 ? w.expose : null,
      maxAge: w.maxAge,
    });
    expect(new Set(django?.['stmts'] as string[])).toEqual(new Set(['Assign']));
    const exactCase = w.methods.some((m) => m !== m.toUpperCase());
    expect(flask).toEqual({
      stmts: expect.any(Array) as unknown,
      key: true,
      sibling: false,
      origins: any ? '*' : [true],
      sendWildcard: any ? true : null,
      credentials: p.credentials ? true : null,
      methods: w.methods,
      headers: w.headers.map(() => true),
      headerCount: w.headers.length,
      expose: w.expose.length > 0 ? w.expose : null,
      maxAge: w.maxAge,
      hookMethods: exactCase ? w.methods.join(', ') : null,
      hookOther: null,
    });
    const allowed = ['Import', 'ImportFrom', 'FunctionDef', 'Expr'];
    for (const st of flask?.['stmts'] as string[]) expect(allowed).toContain(st);
  });
}

/** Compiles every Spring snippet against stub Spring types and reports what it registers. */
function runJava(cases: CorsPolicy[]): void {
  const classes = cases.map((p, i) =>
    stripImports(renderSnippet('spring', p)).replace('public class CorsConfig {', `static class CorsConfig${i} {`));
  const src = String.raw`
import java.util.*;
public class Check {
  @interface Configuration {}
  @interface Bean {}
  interface WebMvcConfigurer { default void addCorsMappings(CorsRegistry registry) {} }
  static String q(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c < 0x20 || c > 0x7e) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.append('"').toString();
  }
  static String q(String[] v) {
    StringJoiner j = new StringJoiner(",", "[", "]");
    for (String s : v) j.add(q(s));
    return j.toString();
  }
  static class CorsRegistration {
    final StringJoiner json = new StringJoiner(",", "{", "}");
    CorsRegistration(String p) { json.add("\"path\":" + q(p)); }
    CorsRegistration allowedOrigins(String... v) { json.add("\"origins\":" + q(v)); return this; }
    CorsRegistration allowedMethods(String... v) { json.add("\"methods\":" + q(v)); return this; }
    CorsRegistration allowedHeaders(String... v) { json.add("\"headers\":" + q(v)); return this; }
    CorsRegistration exposedHeaders(String... v) { json.add("\"expose\":" + q(v)); return this; }
    CorsRegistration allowCredentials(boolean b) { json.add("\"credentials\":" + b); return this; }
    CorsRegistration maxAge(long s) { json.add("\"maxAge\":" + s); return this; }
  }
  static class CorsRegistry {
    final List<CorsRegistration> all = new ArrayList<>();
    CorsRegistration addMapping(String p) { CorsRegistration r = new CorsRegistration(p); all.add(r); return r; }
  }
  ${classes.join('\n')}
  public static void main(String[] args) {
    StringJoiner out = new StringJoiner(",", "[", "]");
    ${cases.map((_, i) => `{ CorsRegistry r = new CorsRegistry(); new CorsConfig${i}().corsConfigurer().addCorsMappings(r); for (CorsRegistration x : r.all) out.add(x.json.toString()); }`).join('\n    ')}
    System.out.println(out);
  }
}
`;
  const dir = mkdtempSync(join(tmpdir(), 'cors-lens-java-'));
  try {
    writeFileSync(join(dir, 'Check.java'), src);
    const r = spawnSync('java', [join(dir, 'Check.java')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const got = JSON.parse(r.stdout) as Options[];
    expect(got).toHaveLength(cases.length);
    cases.forEach((p, i) => {
      const w = want(p);
      const { path, ...rest } = got[i] ?? {};
      expect(patternMatches(String(path), decodedPath(w.path))).toBe(true);
      expect(rest).toEqual({
        origins: [w.origin],
        methods: w.methods,
        ...(w.headers.length > 0 ? { headers: w.headers } : {}),
        ...(w.expose.length > 0 ? { expose: w.expose } : {}),
        ...(p.credentials ? { credentials: true } : {}),
        ...(w.maxAge !== null ? { maxAge: w.maxAge } : {}),
      });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('Python and Java snippets run and keep every value intact', () => {
  it.skipIf(!hasPython)('Django and Flask, executed by python3 against stubs', () => runPython(ALL.map(([, p]) => p)), 60_000);
  it.skipIf(!hasJava)('Spring, compiled and run by java against stub Spring types', () => runJava(ALL.map(([, p]) => p)), 120_000);
});

// Property tests: arbitrary strings in every field, with extra weight on characters that matter somewhere.
const nasty = fc.string({
  unit: fc.constantFrom('a', 'Z', '0', '-', '/', '.', ':', ' ', '"', "'", '`', '\\', '\n', '\r', '\t', '\0', '$', '{', '}',
    '%', '#', ';', '*', '?', '[', ']', '(', ')', '|', '^', '+', '<', ',', '\u2028', '\u0085', '\u00e9',
    '\ud83d\ude00', '\ud800', '{$', '${', 'expr=', '\\u0022', '*/', '%%', '%2F', '%0A'),
  maxLength: 12,
});
const text = fc.oneof(nasty, fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ maxLength: 12 }));
const arbPolicy: fc.Arbitrary<CorsPolicy> = fc.record({
  origin: fc.oneof(fc.constantFrom('*', 'null', 'https://app.example'), text),
  credentials: fc.boolean(),
  methods: fc.array(fc.oneof(fc.constantFrom('PUT', 'DELETE', 'PATCH', 'patch'), text), { maxLength: 3 }),
  requestHeaders: fc.array(text, { maxLength: 3 }),
  exposeHeaders: fc.array(text, { maxLength: 3 }),
  maxAge: fc.oneof(fc.constant(null), fc.integer(), fc.double()),
  preflight: fc.boolean(),
  path: fc.oneof(fc.constant('/api/items'), text),
});

describe('properties', () => {
  it('renderSnippet never throws and always says something', () => {
    fc.assert(fc.property(arbPolicy, fc.constantFrom(...ids), (p, id) => {
      expect(renderSnippet(id, p).length).toBeGreaterThan(0);
    }), { numRuns: 500 });
  });

  it('JavaScript snippets stay parseable and carry the exact values', async () => {
    await fc.assert(fc.asyncProperty(arbPolicy, fc.constantFrom('express', 'fastify', 'koa', 'cloudflare' as const),
      (p, id) => checkJs(id, p)), { numRuns: 300 });
  });

  it('S3 stays JSON with the exact values', () => {
    fc.assert(fc.property(arbPolicy, checkS3), { numRuns: 300 });
  });

  it('nginx, Apache, Caddy, ASP.NET and Spring keep values inside their strings', () => {
    fc.assert(fc.property(arbPolicy, (p) => {
      checkNginx(p);
      checkApache(p);
      checkCaddy(p);
      checkAspnet(p);
      checkSpringLiterals(p);
    }), { numRuns: 300 });
  });

  it.skipIf(!hasPython)('Django and Flask stay valid Python with the exact values', () => {
    runPython(fc.sample(arbPolicy, { numRuns: 150, seed: 1 }));
  }, 60_000);

  it.skipIf(!hasJava)('Spring stays valid Java with the exact values', () => {
    runJava(fc.sample(arbPolicy, { numRuns: 60, seed: 2 }));
  }, 120_000);
});
