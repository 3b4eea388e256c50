import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { main } from '../../src/cli/main.js';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
interface Seen { method: string; path: string; origin: string | undefined; headers: http.IncomingHttpHeaders }

const seen: Seen[] = [];
const routes = new Map<string, Handler>();
const servers: http.Server[] = [];
let A = '';
let B = '';
let closedPort = 0;

function listen(host: string): Promise<string> {
  const s = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    seen.push({ method: req.method ?? '', path, origin: req.headers.origin, headers: req.headers });
    const h = routes.get(path);
    if (h) h(req, res);
    else res.writeHead(404).end();
  });
  servers.push(s);
  return new Promise((resolve) => s.listen(0, host, () => resolve(`http://${host}:${(s.address() as AddressInfo).port}`)));
}

const PAGE = 'http://127.0.0.1:1';
const echo = (req: http.IncomingMessage): Record<string, string> => ({ 'Access-Control-Allow-Origin': req.headers.origin ?? '', Vary: 'Origin' });

beforeAll(async () => {
  A = await listen('127.0.0.1');
  B = await listen('127.0.0.2');
  const tmp = http.createServer();
  await new Promise<void>((r) => tmp.listen(0, '127.0.0.1', () => r()));
  closedPort = (tmp.address() as AddressInfo).port;
  await new Promise((r) => tmp.close(r));

  routes.set('/ok-put', (req, res) => {
    if (req.method === 'OPTIONS') res.writeHead(204, { ...echo(req), 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'x-test', 'Access-Control-Max-Age': '600' }).end();
    else res.writeHead(200, echo(req)).end('ok');
  });
  routes.set('/no-acam', (req, res) => {
    if (req.method === 'OPTIONS') res.writeHead(204, echo(req)).end();
    else res.writeHead(200, echo(req)).end();
  });
  // A self-hosted CORS proxy's shape: the target URL in the path, ACAO * for anyone.
  routes.set('/https://api.partner.example/v1/orders', (req, res) => {
    if (req.method === 'OPTIONS') res.writeHead(204, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'authorization' }).end();
    else res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Set-Cookie': 'sid=1' }).end('[]');
  });
  routes.set('/hop', (_req, res) => res.writeHead(302, { Location: `${B}/final`, 'Access-Control-Allow-Origin': '*' }).end());
  routes.set('/final', (req, res) => res.writeHead(200, { 'Access-Control-Allow-Origin': req.headers.origin === 'null' ? 'null' : 'nope' }).end());
  routes.set('/reflect', (req, res) => res.writeHead(200, { ...echo(req), 'Access-Control-Allow-Credentials': 'true' }).end());
  // Node refuses to send control characters in headers; a hostile server writes raw bytes.
  routes.set('/hostile', (req) => {
    req.socket.end('HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: \u001b[31mred\r\nX-Evil: <img src=x onerror=alert(1)>\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  });
  routes.set('/error500', (_req, res) => res.writeHead(500).end('boom'));
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = { write: (s: string) => (stdout += s), isTTY: false };
  const err = { write: (s: string) => (stderr += s) };
  const code = await main(argv, out, err);
  return { code, stdout, stderr };
}

const json = async (argv: string[]) => {
  const r = await run([...argv, '--json']);
  return { code: r.code, report: JSON.parse(r.stdout) };
};

describe('cors-lens check against a loopback server', () => {
  it('sends the preflight, then the request, and says allowed (exit 0)', async () => {
    const { code, report } = await json(['check', `${A}/ok-put?u=1`, '--origin', PAGE, '-X', 'PUT', '-H', 'X-Test: 1', '--no-probe']);
    expect(code).toBe(0);
    expect(report.verdict).toBe('allowed');
    expect(report.preflight).toMatchObject({ needed: true, method: 'PUT', headers: ['x-test'], status: 204, maxAge: 600 });
    expect(report.requests.map((r: { kind: string; method: string }) => `${r.kind}:${r.method}`)).toEqual(['preflight:OPTIONS', 'actual:PUT']);
    const pf = seen.find((s) => s.path === '/ok-put' && s.method === 'OPTIONS');
    expect(pf?.headers['access-control-request-method']).toBe('PUT');
    expect(pf?.headers['access-control-request-headers']).toBe('x-test');
    expect(pf?.origin).toBe(PAGE);
  });

  it('stops after a failed preflight and names the reason (exit 1)', async () => {
    const before = seen.filter((s) => s.path === '/no-acam' && s.method === 'PUT').length;
    const { code, report } = await json(['check', `${A}/no-acam`, '--origin', PAGE, '-X', 'PUT']);
    expect(code).toBe(1);
    expect(report.reasons[0]).toMatchObject({ code: 'method-not-allowed', chromium: 'MethodDisallowedByPreflightResponse', firefox: 'CORSMethodNotFound', parameter: 'PUT' });
    expect(report.reasons[0].fix.snippets.express).toContain('PUT');
    expect(Object.keys(report.reasons[0].fix.snippets)).toHaveLength(12);
    expect(seen.filter((s) => s.path === '/no-acam' && s.method === 'PUT').length).toBe(before);
  });

  it('follows a redirect by hand and sends Origin: null after the taint', async () => {
    const { code, report } = await json(['check', `${A}/hop`, '--origin', PAGE]);
    expect(code).toBe(0);
    expect(report.redirects).toEqual([{ status: 302, location: `${B}/final` }]);
    expect(seen.filter((s) => s.path === '/final').at(-1)?.origin).toBe('null');
  });

  it('flags an origin reflected with credentials, from a probe with a foreign origin', async () => {
    const { code, report } = await json(['check', `${A}/reflect`, '--origin', PAGE, '--credentials']);
    expect(code).toBe(0);
    expect(report.warnings.map((w: { code: string }) => w.code)).toContain('reflected-origin-with-credentials');
    expect(seen.filter((s) => s.path === '/reflect').at(-1)?.origin).toBe('https://cors-lens-probe.invalid');
  });

  it('a 500 without CORS headers is a server error that also lacks CORS headers', async () => {
    const { code, report } = await json(['check', `${A}/error500`, '--origin', PAGE]);
    expect(code).toBe(1);
    expect(report.serverError).toBe(500);
    expect(report.reasons[0]).toMatchObject({ code: 'error-response-without-cors', chromium: 'MissingAllowOriginHeader' });
  });

  it('an unreachable server is failed, not blocked (exit 2)', async () => {
    const { code, report } = await json(['check', `http://127.0.0.1:${closedPort}/`, '--origin', PAGE]);
    expect(code).toBe(2);
    expect(report.verdict).toBe('failed');
    expect(report.reasons[0]).toMatchObject({ code: 'connection-refused', chromium: null, parameter: 'ECONNREFUSED' });
  });

  // On 127.0.0.2: a proxy on the page's own host (127.0.0.1) would be the site's own route, not flagged.
  it('flags a URL that goes through a CORS proxy, without changing the verdict\'s exit status', async () => {
    const { code, report } = await json(['check', `${B}/https://api.partner.example/v1/orders`, '--origin', PAGE, '-H', 'Authorization: Bearer t', '--no-probe']);
    expect(code).toBe(0);
    expect(report.proxy).toMatchObject({ kind: 'suspected', service: null, target: 'https://api.partner.example/v1/orders' });
    expect(report.proxy.risks).toEqual(['third-party-sees-traffic', 'sends-credentials', 'sets-cookies']);
    const human = await run(['check', `${B}/https://api.partner.example/v1/orders`, '--origin', PAGE, '--no-probe']);
    expect(human.stdout).toContain('(sets-cookies)');
  });

  it('has proxy: null for an ordinary URL', async () => {
    const { report } = await json(['check', `${A}/ok-put?plain=1`, '--origin', PAGE, '--no-probe']);
    expect(report.proxy).toBeNull();
  });

  it('bad usage: one-line error, usage, exit 2', async () => {
    const r = await run(['check', 'https://x.example']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/^cors-lens: /);
    expect(r.stdout).toBe('');
  });

  it('human output escapes control characters from the network and has no colour off a terminal', async () => {
    const r = await run(['check', `${A}/hostile`, '--origin', PAGE]);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout).toContain('\\x1b[31mred');
    expect(r.stdout).toContain('InvalidAllowOriginValue');
  });

  it('--curl prints commands that replay the exchange', async () => {
    const r = await run(['check', `${A}/ok-put?curl=1`, '--origin', PAGE, '-X', 'PUT', '-H', "X-Test: it's", '--curl', '--no-probe']);
    const commands = r.stdout.split('\n').filter((l) => l.startsWith('curl '));
    expect(commands).toHaveLength(2);
    const before = seen.length;
    const { stdout } = await promisify(execFile)('bash', ['-c', commands[0] ?? ''], { timeout: 10_000 });
    expect(stdout).toMatch(/^HTTP\/1\.1 204/);
    const replay = seen.slice(before).find((s) => s.method === 'OPTIONS');
    expect(replay?.headers['access-control-request-method']).toBe('PUT');
    expect(replay?.origin).toBe(PAGE);
    await promisify(execFile)('bash', ['-c', commands[1] ?? ''], { timeout: 10_000 });
    expect(seen.at(-1)?.headers['x-test']).toBe("it's");
  });
});
