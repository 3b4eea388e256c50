/**
 * Launch Debian's Chromium headless through playwright-core (never `playwright install`).
 * A persistent context is used so the same helper can load an unpacked extension later.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const BASE_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface LaunchOptions {
  /** Extra command-line switches, appended after the base ones. */
  args?: string[];
  /** Unpacked extension to load (adds --disable-extensions-except and --load-extension). */
  extensionDir?: string;
  /** Default true. */
  headless?: boolean;
  /** Launch timeout in ms (default 30 s). */
  timeout?: number;
}

export interface ChromiumHandle {
  context: BrowserContext;
  userDataDir: string;
  close(): Promise<void>;
}

export async function launchChromium(options: LaunchOptions = {}): Promise<ChromiumHandle> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'cors-lens-chromium-'));
  const args = [...BASE_ARGS];
  if (options.extensionDir !== undefined) {
    // Playwright always passes --disable-extensions; --disable-extensions-except is what re-enables ours.
    args.push(`--disable-extensions-except=${options.extensionDir}`, `--load-extension=${options.extensionDir}`);
  }
  args.push(...(options.args ?? []));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: options.headless ?? true,
      args,
      timeout: options.timeout ?? 30_000,
    });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw new Error(`could not launch Chromium at ${CHROMIUM_PATH}: ${String(error)}`);
  }
  let closed = false;
  return {
    context,
    userDataDir,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await context.close();
      } finally {
        await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 });
      }
    },
  };
}
