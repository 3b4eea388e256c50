/**
 * Issue #6, packaging: `node scripts/package.mjs --out <tmp>` on the build the test command just
 * made. The two extension zips hold exactly dist/chrome and dist/firefox, byte for byte, manifest at
 * the root with package.json's version; the sources zip holds what rebuilds them and nothing of
 * node_modules, dist or .git; two runs give identical bytes; stale or incomplete builds fail loudly.
 * web-ext lint (addons.mozilla.org's linter) finds no error in dist/firefox nor in the zip, and only
 * the warnings README's "Packaging for the stores" explains.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import zlib from 'node:zlib';
import { checkEntryName, crc32, readZip, tableCrc32, writeZip } from '../../scripts/package/zip.mjs';
import type { ZipEntry } from '../../scripts/package/zip.mjs';

const ROOT = resolve('.');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const VERSION = pkg.version;
const NAMES = {
  chrome: `cors-lens-chrome-${VERSION}.zip`,
  firefox: `cors-lens-firefox-${VERSION}.zip`,
  sources: `cors-lens-sources-${VERSION}.zip`,
};

/** Warning codes README's "Packaging for the stores" explains; any other warning fails. */
const EXPLAINED_WARNINGS = ['KEY_FIREFOX_ANDROID_UNSUPPORTED_BY_MIN_VERSION', 'UNSAFE_VAR_ASSIGNMENT'];

interface Run { code: number; stdout: string; stderr: string }

function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((done) => {
    execFile(cmd, args, { cwd: opts.cwd ?? ROOT, env: opts.env ?? process.env, maxBuffer: 32 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      done({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

function packageInto(out: string, opts: { script?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return run(process.execPath, [opts.script ?? join(ROOT, 'scripts/package.mjs'), '--out', out], { env: opts.env });
}

/** Files under dir, forward-slash relative paths, sorted (an independent walk from the script's). */
function tree(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const ent of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${ent.name}` : ent.name;
    if (ent.isDirectory()) out.push(...tree(dir, r));
    else out.push(r);
  }
  return out.sort();
}

let tmp: string;
let first: Run;
const zips: Record<string, Buffer> = {};
const again: Record<string, Buffer> = {};

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'cors-lens-package-'));
  first = await packageInto(join(tmp, 'a'));
  const second = await packageInto(join(tmp, 'b'));
  expect(first.code, first.stderr).toBe(0);
  expect(second.code, second.stderr).toBe(0);
  for (const [kind, name] of Object.entries(NAMES)) {
    zips[kind] = await readFile(join(tmp, 'a', name));
    again[kind] = await readFile(join(tmp, 'b', name));
  }
});

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('npm run package', () => {
  it('writes the three zips named with package.json version, and prints each one path, file count and size', () => {
    expect(readdirSync(join(tmp, 'a')).sort()).toEqual(Object.values(NAMES).sort());
    for (const [kind, name] of Object.entries(NAMES)) {
      const line = first.stdout.split('\n').find((l) => l.includes(join(tmp, 'a', name)));
      expect(line, `${name} in:\n${first.stdout}`).toBeDefined();
      expect(line).toContain(`${readZip(zips[kind] as Buffer).length} files`);
      expect(line).toMatch(/\d+\.\d KB/);
    }
  });

  it('gives byte-identical zips when run twice', () => {
    for (const kind of Object.keys(NAMES)) expect((zips[kind] as Buffer).equals(again[kind] as Buffer), kind).toBe(true);
  });

  describe.each(['chrome', 'firefox'] as const)('%s zip', (target) => {
    const dir = join(ROOT, 'dist', target);
    let entries: ZipEntry[];
    beforeAll(() => {
      entries = readZip(zips[target] as Buffer);
    });

    it(`holds exactly the files of dist/${target}, byte for byte`, () => {
      expect(entries.map((e) => e.name)).toEqual(tree(dir));
      for (const e of entries) expect(e.data.equals(readFileSync(join(dir, e.name))), e.name).toBe(true);
    });

    it('has manifest.json at its root with package.json version', () => {
      const manifest = JSON.parse((entries.find((e) => e.name === 'manifest.json') as ZipEntry).data.toString('utf8'));
      expect(manifest.version).toBe(VERSION);
      expect(manifest.manifest_version).toBe(3);
      if (target === 'firefox') {
        expect(manifest.browser_specific_settings.gecko).toEqual({
          id: 'cors-lens@cors-lens.dev',
          strict_min_version: '140.0',
          data_collection_permissions: { required: ['none'] },
        });
        expect(manifest.background.scripts).toHaveLength(1);
      } else {
        expect(manifest.browser_specific_settings).toBeUndefined();
        expect(typeof manifest.background.service_worker).toBe('string');
      }
    });

    it('is a plain deterministic zip: fixed date, UTF-8 names, forward slashes, no traversal', () => {
      for (const e of entries) {
        expect(e.date).toBe((0 << 9) | (1 << 5) | 1); // 1980-01-01
        expect(e.time).toBe(0);
        expect(e.flags & 0x0800).toBe(0x0800);
        expect(() => checkEntryName(e.name)).not.toThrow();
        expect([0, 8]).toContain(e.method);
      }
    });
  });

  describe('sources zip', () => {
    let entries: ZipEntry[];
    let names: string[];
    beforeAll(() => {
      entries = readZip(zips.sources as Buffer);
      names = entries.map((e) => e.name);
    });

    it('holds what rebuilds dist/firefox, and a SOURCE-BUILD.md', () => {
      for (const f of ['package.json', 'package-lock.json', 'manifest.json', 'vite.config.ts', 'tsconfig.json', 'scripts/build.mjs', 'README.md', 'SOURCE-BUILD.md', 'eslint.config.js', 'vitest.config.ts']) {
        expect(names, f).toContain(f);
      }
      for (const dir of ['src/', 'extension/', 'docs/', 'bin/', 'test/']) expect(names.some((n) => n.startsWith(dir)), dir).toBe(true);
      expect(names).toContain('extension/background/index.ts');
    });

    it('holds no node_modules, dist, test-results, .git or zip', () => {
      for (const n of names) {
        expect(n.split('/').some((p) => ['node_modules', 'dist', 'test-results', '.git'].includes(p)), n).toBe(false);
        expect(n.endsWith('.zip'), n).toBe(false);
        expect(() => checkEntryName(n)).not.toThrow();
      }
    });

    it('holds the working tree files as they are, and every tracked file under src/ and extension/', async () => {
      for (const e of entries) {
        if (e.name === 'SOURCE-BUILD.md') continue;
        expect(e.data.equals(readFileSync(join(ROOT, e.name))), e.name).toBe(true);
      }
      const git = await run('git', ['ls-files', '-z', 'src', 'extension']);
      if (git.code !== 0) return; // not a git checkout: the walk (tested below) applies
      const tracked = git.stdout.split('\0').filter((f) => f && existsSync(join(ROOT, f)));
      expect(tracked.length).toBeGreaterThan(10);
      for (const f of tracked) expect(names, f).toContain(f);
    });

    it("SOURCE-BUILD.md gives the reviewer's exact steps", () => {
      const notes = (entries.find((e) => e.name === 'SOURCE-BUILD.md') as ZipEntry).data.toString('utf8');
      for (const s of ['Node.js 20', 'npm 11', 'npm ci', 'npm run build', 'dist/firefox', 'Vite', '@crxjs/vite-plugin', 'obfuscation', 'minified', VERSION, NAMES.firefox]) {
        expect(notes, s).toContain(s);
      }
      expect(notes).not.toMatch(/ \? /); // every locked tool version was found
    });
  });

  describe('fails loudly, and walks the tree outside git', () => {
    /** A copy of the packaging script in a fake project (not a git checkout), with a fake build. */
    async function fakeProject(opts: { version?: string; builtVersion?: string; gecko?: Record<string, unknown> | null; noBuild?: boolean } = {}) {
      const root = await mkdtemp(join(tmp, 'project-'));
      const write = async (rel: string, text: string) => {
        await mkdir(dirname(join(root, rel)), { recursive: true });
        await writeFile(join(root, rel), text);
      };
      await cp(join(ROOT, 'scripts/package.mjs'), join(root, 'scripts/package.mjs'));
      await cp(join(ROOT, 'scripts/package/zip.mjs'), join(root, 'scripts/package/zip.mjs'));
      const version = opts.version ?? '1.2.3';
      const built = opts.builtVersion ?? version;
      await write('package.json', JSON.stringify({ name: 'x', version }));
      await write('package-lock.json', JSON.stringify({ lockfileVersion: 3, packages: {} }));
      await write('manifest.json', '{}');
      await write('vite.config.ts', '');
      await write('scripts/build.mjs', '');
      await write('src/a.ts', 'export {};');
      await write('node_modules/dep/index.js', '');
      await write('src/node_modules/nested.js', '');
      await write('.git/HEAD', 'ref: refs/heads/main');
      await write('test-results/r.json', '{}');
      await write('old.zip', '');
      if (!opts.noBuild) {
        await write('dist/chrome/manifest.json', JSON.stringify({ manifest_version: 3, version: built }));
        await write('dist/chrome/a.js', '1');
        const gecko = opts.gecko === undefined ? { id: 'x@y', data_collection_permissions: { required: ['none'] } } : opts.gecko;
        await write('dist/firefox/manifest.json', JSON.stringify({ manifest_version: 3, version: built, ...(gecko ? { browser_specific_settings: { gecko } } : {}) }));
      }
      return root;
    }

    it('packages a project that is not a git checkout by walking it, without the excluded directories', async () => {
      const root = await fakeProject();
      const r = await packageInto(join(root, 'out'), { script: join(root, 'scripts/package.mjs') });
      expect(r.code, r.stderr).toBe(0);
      const names = readZip(await readFile(join(root, 'out', 'cors-lens-sources-1.2.3.zip'))).map((e) => e.name);
      expect(names).toEqual(['SOURCE-BUILD.md', 'manifest.json', 'package-lock.json', 'package.json', 'scripts/build.mjs', 'scripts/package.mjs', 'scripts/package/zip.mjs', 'src/a.ts', 'vite.config.ts']);
      expect(readZip(await readFile(join(root, 'out', 'cors-lens-chrome-1.2.3.zip'))).map((e) => e.name)).toEqual(['a.js', 'manifest.json']);
    });

    it.each([
      ['a stale build', { builtVersion: '1.2.2' }, /version "1\.2\.2" but package\.json has "1\.2\.3"/],
      ['no build', { noBuild: true }, /npm run build/],
      ['no gecko id', { gecko: { data_collection_permissions: { required: ['none'] } } }, /gecko\.id/],
      ['no data-collection declaration', { gecko: { id: 'x@y' } }, /data_collection_permissions/],
      ['a version browsers refuse', { version: '1.2.3-beta' }, /not a browser-extension version/],
    ])('refuses %s', async (_what, opts, message) => {
      const root = await fakeProject(opts);
      const r = await packageInto(join(root, 'out'), { script: join(root, 'scripts/package.mjs') });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(existsSync(join(root, 'out'))).toBe(false);
    });
  });
});

describe('zip writer', () => {
  it('computes CRC-32 the same with zlib and with its table', () => {
    const data = Buffer.from('The quick brown fox jumps over the lazy dog');
    expect(tableCrc32(data)).toBe(0x414fa339);
    expect(crc32(data)).toBe(0x414fa339);
    if (typeof zlib.crc32 === 'function') expect(zlib.crc32(data)).toBe(0x414fa339);
  });

  it('refuses names that could escape the extraction directory, and duplicates', () => {
    for (const name of ['../x', 'a/../../x', '/etc/passwd', 'C:/x', 'a\\b', 'a//b', './a', '']) {
      expect(() => writeZip([{ name, data: 'x' }]), name).toThrow(/refusing/);
    }
    expect(() => writeZip([{ name: 'a', data: '1' }, { name: 'a', data: '2' }])).toThrow(/duplicate/);
  });

  it('sorts entries, stores what does not shrink, and takes its date from SOURCE_DATE_EPOCH', () => {
    const zip = writeZip(
      [{ name: 'é/b.txt', data: 'b'.repeat(1000) }, { name: 'a', data: 'x' }],
      { date: new Date(Date.UTC(2024, 1, 29, 13, 45, 30)) },
    );
    const entries = readZip(zip);
    expect(entries.map((e) => [e.name, e.method])).toEqual([['a', 0], ['é/b.txt', 8]]);
    expect(entries[1]?.data.toString()).toBe('b'.repeat(1000));
    expect(entries[0]?.date).toBe(((2024 - 1980) << 9) | (2 << 5) | 29);
    expect(entries[0]?.time).toBe((13 << 11) | (45 << 5) | 15);
  });
});

describe('web-ext lint (addons.mozilla.org linter)', () => {
  interface Message { code: string; file?: string; message: string }
  interface LintResult { summary: { errors: number; warnings: number; notices: number }; errors: Message[]; warnings: Message[] }

  async function lint(source: string): Promise<LintResult> {
    const bin = join(ROOT, 'node_modules/web-ext/bin/web-ext.js');
    const r = await run(process.execPath, [bin, 'lint', '--source-dir', source, '--no-config-discovery', '--output', 'json'], { env: { ...process.env, NO_UPDATE_NOTIFIER: '1' } });
    const result = JSON.parse(r.stdout) as LintResult;
    expect(r.code, r.stderr).toBe(result.summary.errors > 0 ? 1 : 0);
    return result;
  }

  it.each([
    ['dist/firefox', () => join(ROOT, 'dist/firefox')],
    ['the Firefox zip', () => join(tmp, 'a', NAMES.firefox)],
  ])('%s: no error, only the warnings README explains', async (_what, source) => {
    const result = await lint(source());
    expect(result.errors.map((m) => `${m.code} ${m.file ?? ''}: ${m.message}`)).toEqual([]);
    const codes = [...new Set(result.warnings.map((m) => m.code))].sort();
    expect(codes.filter((c) => !EXPLAINED_WARNINGS.includes(c))).toEqual([]);
    // The innerHTML assignment is Preact's own (dangerouslySetInnerHTML support), in the panel's bundle only.
    for (const w of result.warnings.filter((m) => m.code === 'UNSAFE_VAR_ASSIGNMENT')) expect(w.file).toMatch(/^assets\/panel-[\w-]+\.js$/);
  });

  it('README explains every warning it lets through', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Packaging for the stores'));
    expect(readme).toContain('## Packaging for the stores');
    for (const code of EXPLAINED_WARNINGS) expect(section.slice(0, section.indexOf('\n## ', 5)), code).toContain(code);
  });

  it('our code never sets innerHTML (so the linter warning is only about Preact)', () => {
    const offenders: string[] = [];
    for (const dir of ['src', 'extension']) {
      for (const f of tree(join(ROOT, dir))) {
        if (!/\.(ts|tsx|html)$/.test(f)) continue;
        if (/dangerouslySetInnerHTML|\.innerHTML\s*=|outerHTML\s*=|insertAdjacentHTML/.test(readFileSync(join(ROOT, dir, f), 'utf8'))) offenders.push(`${dir}/${f}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
