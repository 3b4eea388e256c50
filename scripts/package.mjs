// `npm run package` (after the build): the store packages, from dist/chrome and dist/firefox, and
// the sources archive addons.mozilla.org's review asks for.
//
//   node scripts/package.mjs [--out <dir>]      (default: dist/)
//
// Writes cors-lens-chrome-<version>.zip, cors-lens-firefox-<version>.zip and
// cors-lens-sources-<version>.zip. The version is package.json's; packaging fails if a built
// manifest says otherwise (a stale build) or the Firefox manifest lacks its gecko id or
// data-collection declaration. Zips are written by scripts/package/zip.mjs: same inputs, same bytes.
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDate, writeZip } from './package/zip.mjs';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Never in the sources archive, at any depth (mirrors .gitignore, plus .git). */
const EXCLUDED_DIRS = new Set(['.git', 'node_modules', 'dist', 'test-results', 'coverage', '.vite']);
const EXCLUDED_FILE = /\.zip$/i;

export function packageNames(version) {
  return {
    chrome: `cors-lens-chrome-${version}.zip`,
    firefox: `cors-lens-firefox-${version}.zip`,
    sources: `cors-lens-sources-${version}.zip`,
  };
}

function fail(message) {
  throw Object.assign(new Error(message), { packaging: true });
}

function toPosix(path) {
  return sep === '/' ? path : path.split(sep).join('/');
}

function isExcluded(relPath) {
  const parts = relPath.split('/');
  return parts.some((p) => EXCLUDED_DIRS.has(p)) || EXCLUDED_FILE.test(relPath);
}

/** Every file under `dir` (dotfiles too), as sorted forward-slash paths relative to it. Symlinks are refused. */
export function listTree(dir, { skip = () => false } = {}) {
  const out = [];
  const walk = (abs, rel) => {
    for (const ent of readdirSync(abs, { withFileTypes: true })) {
      const r = rel ? `${rel}/${ent.name}` : ent.name;
      if (skip(r)) continue;
      if (ent.isSymbolicLink()) fail(`${join(abs, ent.name)} is a symbolic link; packages hold regular files only`);
      if (ent.isDirectory()) walk(join(abs, ent.name), r);
      else if (ent.isFile()) out.push(r);
    }
  };
  walk(dir, '');
  return out.sort();
}

function gitTopLevel(root) {
  try {
    const top = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return realpathSync(top) === realpathSync(root) ? top : null;
  } catch {
    return null; // no git, or not a checkout
  }
}

function gitList(root, args) {
  return execFileSync('git', ['ls-files', '-z', ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 })
    .split('\0')
    .filter(Boolean);
}

/**
 * The files of the sources archive. In a git checkout: the tracked files (`git ls-files`), as they
 * are in the working tree; untracked files are left out and named. Otherwise: a walk of the tree
 * without EXCLUDED_DIRS and zips.
 */
export function sourceFiles(root = ROOT) {
  if (gitTopLevel(root)) {
    const tracked = gitList(root, ['--cached']);
    const missing = tracked.filter((f) => !existsSync(join(root, f)));
    const files = tracked.filter((f) => !isExcluded(f) && existsSync(join(root, f)) && !lstatSync(join(root, f)).isDirectory());
    const untracked = gitList(root, ['--others', '--exclude-standard']).filter((f) => !isExcluded(f));
    return { via: 'git ls-files', files: [...new Set(files)].sort(), untracked, missing };
  }
  return { via: 'directory walk', files: listTree(root, { skip: isExcluded }), untracked: [], missing: [] };
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    return fail(`cannot read ${file}: ${err.message}`);
  }
}

/** The built manifests must carry package.json's version, and Firefox's its gecko settings. */
export function checkBuiltManifests(root, version) {
  for (const target of ['chrome', 'firefox']) {
    const dir = join(root, 'dist', target);
    if (!existsSync(join(dir, 'manifest.json'))) fail(`${dir}/manifest.json is missing: run \`npm run build\` first (or \`npm run package\`, which builds)`);
    const manifest = readJson(join(dir, 'manifest.json'));
    if (manifest.version !== version) {
      fail(`dist/${target}/manifest.json has version ${JSON.stringify(manifest.version)} but package.json has ${JSON.stringify(version)}: a stale build? run \`npm run build\``);
    }
    if (target === 'firefox') {
      const gecko = manifest.browser_specific_settings?.gecko;
      if (typeof gecko?.id !== 'string' || gecko.id === '') fail('dist/firefox/manifest.json has no browser_specific_settings.gecko.id');
      const required = gecko.data_collection_permissions?.required;
      if (!Array.isArray(required) || required.length === 0) {
        fail('dist/firefox/manifest.json has no browser_specific_settings.gecko.data_collection_permissions.required (addons.mozilla.org requires it)');
      }
    }
  }
}

function lockedVersion(lock, name) {
  return lock?.packages?.[`node_modules/${name}`]?.version ?? '?';
}

/** SOURCE-BUILD.md, written at the root of the sources archive for Mozilla's reviewers. */
export function sourceBuildNotes(root, version) {
  const lock = existsSync(join(root, 'package-lock.json')) ? readJson(join(root, 'package-lock.json')) : null;
  const names = packageNames(version);
  const v = (n) => lockedVersion(lock, n);
  return `# CORS Lens ${version}: building the Firefox add-on from these sources

\`${names.sources}\` holds the sources of the add-on submitted as \`${names.firefox}\`.
That package is the directory \`dist/firefox\` that the steps below produce.

## Requirements

- Linux or macOS (built on Debian), with Node.js 20 (20.19 or later, \`engines\` in package.json) and npm 11
  (\`npm install -g npm@11\` if your Node.js ships npm 10).
- Nothing else: no browser, no global tools. Only \`npm ci\` uses the network (the npm registry).

## Steps

\`\`\`sh
npm ci          # installs the exact dependency versions of package-lock.json
npm run build   # node scripts/build.mjs
\`\`\`

The add-on is \`dist/firefox/\`. To compare it with the submitted package:

\`\`\`sh
unzip -q -d /tmp/submitted /path/to/${names.firefox} && diff -r /tmp/submitted dist/firefox
\`\`\`

\`npm run build\` also writes \`dist/chrome\` (the Chrome package), \`dist/cli\` (the command-line tool) and
\`dist/firefox-e2e\` (a build for the end-to-end tests only, never shipped); they are not part of the add-on.
\`npm run package\` builds, lints \`dist/firefox\` with web-ext and writes the three zips into \`dist/\`.

## How the code is produced

- The sources are TypeScript/TSX: \`src/\` (the engine and the panel's UI, browser-free) and \`extension/\`
  (background, DevTools page, panel page). \`manifest.json\` is the one manifest for both browsers;
  \`vite.config.ts\` (\`manifestFor('firefox')\`) adds the version from package.json, background scripts
  and \`browser_specific_settings\` for Firefox.
- The bundler is Vite ${v('vite')} (Rolldown ${v('rolldown')}) with @crxjs/vite-plugin ${v('@crxjs/vite-plugin')}
  (the manifest, the background and DevTools entries) and @preact/preset-vite ${v('@preact/preset-vite')} (JSX);
  the panel page is a second Vite build into the same directory (\`scripts/build.mjs\`, \`panelConfigFor\` in vite.config.ts).
- The output is minified only (Vite's default minifier): no obfuscation, no code generated at run time,
  no remote code. The one third-party library in the bundle is Preact ${v('preact')} (npm \`preact\`).
`;
}

function zipTree(dir) {
  return listTree(dir).map((name) => {
    const abs = join(dir, name);
    return { name, data: readFileSync(abs), executable: (statSync(abs).mode & 0o100) !== 0 };
  });
}

/** Builds the three archives into `out`; returns `[{ kind, path, files, bytes }]`. */
export function packageAll({ root = ROOT, out = join(root, 'dist'), date = defaultDate(), log = () => {} } = {}) {
  const pkg = readJson(join(root, 'package.json'));
  const version = pkg.version;
  if (typeof version !== 'string' || !/^\d+(\.\d+){0,3}$/.test(version)) {
    fail(`package.json version ${JSON.stringify(version)} is not a browser-extension version (1 to 4 dot-separated integers)`);
  }
  checkBuiltManifests(root, version);
  const names = packageNames(version);

  const sources = sourceFiles(root);
  if (sources.missing.length > 0) log(`note: ${sources.missing.length} tracked file(s) deleted in the working tree are not in the sources zip: ${sources.missing.join(', ')}`);
  if (sources.untracked.length > 0) {
    log(`warning: ${sources.untracked.length} untracked file(s) are not in the sources zip (commit them if the build needs them): ${sources.untracked.join(', ')}`);
  }
  for (const needed of ['package.json', 'package-lock.json', 'manifest.json', 'vite.config.ts', 'scripts/build.mjs']) {
    if (!sources.files.includes(needed)) fail(`the sources zip would lack ${needed} (listed by ${sources.via})`);
  }
  const sourceEntries = sources.files.map((name) => {
    const abs = join(root, name);
    return { name, data: readFileSync(abs), executable: (statSync(abs).mode & 0o100) !== 0 };
  });
  sourceEntries.push({ name: 'SOURCE-BUILD.md', data: Buffer.from(sourceBuildNotes(root, version), 'utf8') });

  const archives = [
    { kind: 'chrome', name: names.chrome, entries: zipTree(join(root, 'dist', 'chrome')) },
    { kind: 'firefox', name: names.firefox, entries: zipTree(join(root, 'dist', 'firefox')) },
    { kind: 'sources', name: names.sources, entries: sourceEntries },
  ];
  mkdirSync(out, { recursive: true });
  return archives.map(({ kind, name, entries }) => {
    const bytes = writeZip(entries, { date });
    const path = join(out, name);
    writeFileSync(path, bytes);
    return { kind, path, files: entries.length, bytes: bytes.length };
  });
}

function parseArgs(argv) {
  const opts = { out: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out' || a === '-o') {
      if (argv[i + 1] === undefined) fail(`${a} needs a directory`);
      opts.out = resolve(argv[++i]);
    } else if (a.startsWith('--out=')) opts.out = resolve(a.slice('--out='.length));
    else if (a === '--help' || a === '-h') opts.help = true;
    else fail(`unknown argument ${a} (usage: node scripts/package.mjs [--out <dir>])`);
  }
  return opts;
}

function kb(bytes) {
  return `${(bytes / 1000).toFixed(1)} KB`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const opts = parseArgs(process.argv.slice(2));
    if (opts.help) {
      console.log('usage: node scripts/package.mjs [--out <dir>]   (after npm run build; default dir: dist/)');
    } else {
      const results = packageAll({ out: opts.out, log: (m) => console.warn(m) });
      const shown = results.map((r) => {
        const rel = toPosix(relative(process.cwd(), r.path));
        return { ...r, shown: rel.startsWith('..') ? r.path : rel };
      });
      const width = Math.max(...shown.map((r) => r.shown.length));
      for (const r of shown) console.log(`${r.shown.padEnd(width)}  ${String(r.files).padStart(4)} files  ${kb(r.bytes).padStart(9)}`);
    }
  } catch (err) {
    console.error(`package: ${err.packaging ? err.message : err.stack}`);
    process.exitCode = 1;
  }
}
