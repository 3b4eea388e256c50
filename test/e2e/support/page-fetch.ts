/**
 * What the Chromium oracle (oracle.ts, Playwright) and the Firefox oracle (firefox.ts, puppeteer) share:
 * a scenario's fetch() as it runs in the page, the cookie credentialed scenarios need, and running many
 * scenarios with a bounded number in flight (runAll, exported by both as runAll / runAllFirefox).
 * How each browser's verdict is read stays in its module.
 */
import type { Scenario } from '../scenarios.js';

/** Set before credentialed scenarios: loopback cookies go to every port of 127.0.0.1, so the API gets it. */
export const COOKIE = 'cors_lens_e2e=1';

/** The fetch() arguments of a scenario, serialisable into the page. */
export interface PageFetch {
  url: string;
  method: string;
  headers: [string, string][];
  credentials: RequestCredentials;
  body: string | null;
  /** Abort the fetch after this long (ms). */
  timeout: number;
}

export interface PageOutcome {
  ok: boolean;
  status: number | null;
  error: string | null;
}

export function pageFetchOf(scenario: Scenario, url: string, timeout: number): PageFetch {
  return {
    url,
    method: scenario.request.method,
    headers: Object.entries(scenario.request.headers),
    credentials: scenario.request.credentials,
    body: scenario.request.body ?? null,
    timeout,
  };
}

/** Runs inside the page (pass it to page.evaluate): self-contained, no closure over this module. */
export async function fetchInPage(f: PageFetch): Promise<PageOutcome> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), f.timeout);
  try {
    const response = await fetch(f.url, {
      method: f.method,
      headers: f.headers,
      credentials: f.credentials,
      body: f.body,
      mode: 'cors',
      signal: controller.signal,
    });
    // Read the body so the request completes (and later reuse of the connection is clean).
    await response.arrayBuffer().catch(() => undefined);
    return { ok: true, status: response.status, error: null };
  } catch (error) {
    return { ok: false, status: null, error: String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs inside the page (pass it to page.evaluate with COOKIE). */
export function setPageCookie(cookie: string): void {
  document.cookie = `${cookie}; path=/`;
}

/** An oracle tab, as far as running scenarios goes (Oracle in oracle.ts, FirefoxOracle in firefox.ts). */
export interface ScenarioRunner<R> {
  run(scenario: Scenario, options: { tag: string }): Promise<R>;
}

/** Run scenarios with at most `concurrency` fetches in flight; results in input order. */
export async function runAll<R>(
  oracle: ScenarioRunner<R>,
  list: readonly Scenario[],
  tagFor: (scenario: Scenario) => string,
  concurrency = 4,
): Promise<R[]> {
  const results: R[] = new Array<R>(list.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < list.length) {
      const index = next++;
      const scenario = list[index];
      if (!scenario) break;
      results[index] = await oracle.run(scenario, { tag: tagFor(scenario) });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, list.length)) }, worker));
  return results;
}
