/**
 * Background cost per request in Node: normalise the browser's event objects, pair, diagnose,
 * log (everything but the browser's own IPC). And heap retained per stored log entry.
 */
import { Capture } from '../../src/capture/capture.js';
import { CHROMIUM } from '../../src/engine/profile.js';
import { normalise, type Details } from '../../extension/background/normalise.js';
import type { CaptureEvent } from '../../src/capture/events.js';

const PAGE = 'https://app.example';
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
const h = (o: Record<string, string>) => Object.entries(o).map(([name, value]) => ({ name, value }));
const REQUEST_HEADERS = h({
  Accept: '*/*', 'Accept-Encoding': 'gzip, deflate, br, zstd', 'Accept-Language': 'en-US,en;q=0.9', Origin: PAGE, Referer: `${PAGE}/dashboard`,
  'Sec-Fetch-Dest': 'empty', 'Sec-Fetch-Mode': 'cors', 'Sec-Fetch-Site': 'same-site', 'User-Agent': UA,
  'sec-ch-ua': '"Chromium";v="156", "Not-A.Brand";v="24"', 'sec-ch-ua-mobile': '?0', 'sec-ch-ua-platform': '"Linux"',
});
const RESPONSE_HEADERS = h({
  'Content-Type': 'application/json; charset=utf-8', 'Content-Length': '1432', Date: 'Sat, 21 Nov 2026 23:00:00 GMT', Server: 'nginx',
  'Access-Control-Allow-Origin': PAGE, Vary: 'Origin, Accept-Encoding', 'Cache-Control': 'no-cache', ETag: 'W/"598-abcdef"',
});

/**
 * The webRequest detail objects Chromium hands a listener for one simple cross-origin fetch, built
 * as object literals (like the extension bindings build them: same properties, same order).
 */
function detailsFor(i: number): [Parameters<typeof normalise>[0], Details][] {
  const requestId = String(100_000 + i);
  const url = `https://api.example/items/${i}?page=${i % 7}`;
  const timeStamp = 1_700_000_000_000 + i;
  const d = (statusCode?: number, requestHeaders?: unknown, responseHeaders?: unknown) =>
    ({ frameId: 0, initiator: PAGE, method: 'GET', parentFrameId: -1, requestId, tabId: 7, timeStamp, type: 'xmlhttprequest', url, statusCode, requestHeaders, responseHeaders }) as unknown as Details;
  return [
    ['before-request', d()],
    ['before-send-headers', d()],
    ['send-headers', d(undefined, REQUEST_HEADERS)],
    ['headers-received', d(200, undefined, RESPONSE_HEADERS)],
    ['response-started', d(200)],
    ['completed', d(200)],
  ];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}

export function run(n = 20_000): void {
  const capture = new Capture({ profile: CHROMIUM, browser: 'chromium', cap: 5_000 });
  const samples: number[] = [];
  const BATCH = 1_000;
  for (let start = 0; start < n + 2_000; start += BATCH) {
    // The browser builds the detail objects; build them outside the timed part.
    const batch = Array.from({ length: BATCH }, (_, k) => detailsFor(start + k));
    for (let k = 0; k < BATCH; k++) {
      const events = batch[k] ?? [];
      const t0 = process.hrtime.bigint();
      for (const [kind, d] of events) capture.handle(normalise(kind, d));
      const dt = Number(process.hrtime.bigint() - t0);
      if (start + k >= 2_000) samples.push(dt); // after warm-up
    }
  }
  samples.sort((a, b) => a - b);
  console.log(JSON.stringify({ bench: 'background.request', events: 6, medianUs: percentile(samples, 0.5) / 1000, p99Us: percentile(samples, 0.99) / 1000 }));
  console.log(JSON.stringify({ bench: 'background.retained', bytesPerEntry: retained() }));
}

/** Heap held by a full log (5,000 entries), per entry, after garbage collection. */
function retained(entries = 5_000): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return NaN;
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const capture = new Capture({ profile: CHROMIUM, browser: 'chromium', cap: entries });
  // Fresh objects per event, as the browser hands them over; only what the log keeps survives.
  for (let i = 0; i < entries; i++) for (const [k, d] of detailsFor(i)) capture.handle(normalise(k, structuredClone(d)) as CaptureEvent);
  gc();
  gc();
  const after = process.memoryUsage().heapUsed;
  if (capture.logs.size(7) !== entries) throw new Error('log lost entries');
  return Math.round((after - before) / entries);
}
