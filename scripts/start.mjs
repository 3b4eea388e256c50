// `npm start` (until the DevTools panel lands): builds, starts a small loopback API with common
// CORS mistakes, and runs the `cors-lens` checker against each so you see the engine at work.
import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const PAGE = 'http://127.0.0.1:5173';
const cases = {
  '/ok': { title: 'a correct endpoint', args: [], respond: (req, res) => res.writeHead(200, { 'Access-Control-Allow-Origin': req.headers.origin, Vary: 'Origin' }).end('{}') },
  '/no-cors': { title: 'no CORS headers at all', args: [], respond: (_req, res) => res.writeHead(200).end('{}') },
  '/crash': { title: 'a 500 from an error handler', args: [], respond: (_req, res) => res.writeHead(500).end('oops') },
  '/put': {
    title: 'PUT with a custom header, preflight forgets the header',
    args: ['-X', 'PUT', '-H', 'X-Request-Id: 42'],
    respond: (req, res) => res.writeHead(req.method === 'OPTIONS' ? 204 : 200, { 'Access-Control-Allow-Origin': req.headers.origin, 'Access-Control-Allow-Methods': 'GET, PUT', Vary: 'Origin' }).end(),
  },
  '/auth': {
    title: 'OPTIONS hits the auth middleware',
    args: ['-H', 'Authorization: Bearer token'],
    respond: (req, res) => res.writeHead(req.headers.authorization ? 200 : 401, { 'Access-Control-Allow-Origin': '*' }).end(),
  },
  '/cookies': { title: 'credentials with a wildcard', args: ['--credentials'], respond: (_req, res) => res.writeHead(200, { 'Access-Control-Allow-Origin': '*' }).end() },
};

const server = http.createServer((req, res) => {
  const c = cases[(req.url ?? '/').split('?')[0]];
  if (c) c.respond(req, res);
  else res.writeHead(404).end();
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const api = `http://127.0.0.1:${server.address().port}`;
console.log(`\nDemo API on ${api}; the page is pretended to be ${PAGE}.\n`);

for (const [path, c] of Object.entries(cases)) {
  console.log(`── ${c.title}`);
  const argv = ['bin/cors-lens.js', 'check', `${api}${path}`, '--origin', PAGE, '--no-probe', ...c.args];
  console.log(`$ cors-lens ${argv.slice(1).map((a) => (/[\s'"]/.test(a) ? `'${a}'` : a)).join(' ')}`);
  // Asynchronous on purpose: the demo server lives in this process and must keep answering.
  await new Promise((resolve) => {
    const child = spawn(process.execPath, argv, { stdio: 'inherit' });
    child.on('exit', (code) => { console.log(`(exit ${code})\n`); resolve(); });
  });
}
server.close();
console.log('The DevTools panel (npm start with Chromium and a demo site) comes with the panel issue; see README.');
