/**
 * Engine benchmark: diagnosis time per exchange (median, p99) and bytes allocated per diagnosis.
 * Bundled and run by scripts/bench.mjs; prints one JSON line per measurement.
 */
import { GCProfiler } from 'node:v8';
import { diagnose } from '../../src/engine/diagnose.js';
import type { Exchange } from '../../src/engine/types.js';

const PAGE = 'https://app.example';
const ok = (extra: [string, string][] = []): [string, string][] => [['Access-Control-Allow-Origin', PAGE], ['Vary', 'Origin'], ['Content-Type', 'application/json'], ...extra];

/** A mix like real traffic: mostly simple allowed requests, some preflighted, some failures. */
export const MIX: { name: string; ex: Exchange }[] = [
  { name: 'simple GET allowed', ex: { origin: PAGE, method: 'GET', headers: [['Accept', 'application/json']], credentials: 'omit', hops: [{ url: 'https://api.example/items?page=2', response: { status: 200, headers: ok() } }] } },
  { name: 'simple GET missing ACAO', ex: { origin: PAGE, method: 'GET', headers: [], credentials: 'omit', hops: [{ url: 'https://api.example/items', response: { status: 200, headers: [['Content-Type', 'text/html']] } }] } },
  { name: 'preflighted PUT allowed', ex: { origin: PAGE, method: 'PUT', headers: [['Content-Type', 'application/json'], ['Authorization', 'Bearer x']], credentials: 'include', hops: [{ url: 'https://api.example/items/1', preflight: { kind: 'sent', response: { status: 204, headers: ok([['Access-Control-Allow-Methods', 'GET, PUT, DELETE'], ['Access-Control-Allow-Headers', 'content-type, authorization'], ['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Max-Age', '600']]) } }, response: { status: 200, headers: ok([['Access-Control-Allow-Credentials', 'true']]) } }] } },
  { name: 'preflight method missing', ex: { origin: PAGE, method: 'DELETE', headers: [], credentials: 'omit', hops: [{ url: 'https://api.example/items/1', preflight: { kind: 'sent', response: { status: 204, headers: ok([['Access-Control-Allow-Methods', 'GET, POST']]) } } }] } },
  { name: 'redirect chain tainted', ex: { origin: PAGE, method: 'GET', headers: [], credentials: 'omit', hops: [{ url: 'https://b.example/r', response: { status: 302, headers: [['Location', 'https://c.example/x'], ['Access-Control-Allow-Origin', '*']] } }, { url: 'https://c.example/x', response: { status: 200, headers: ok() } }] } },
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}

export function run(iterations = 20_000): void {
  for (const { ex } of MIX) for (let i = 0; i < 2_000; i++) diagnose(ex); // warm up the JIT
  const all: number[] = [];
  for (const { name, ex } of MIX) {
    const samples: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const t0 = process.hrtime.bigint();
      diagnose(ex);
      samples.push(Number(process.hrtime.bigint() - t0));
    }
    samples.sort((a, b) => a - b);
    all.push(...samples);
    console.log(JSON.stringify({ bench: 'engine.diagnose', case: name, medianUs: percentile(samples, 0.5) / 1000, p99Us: percentile(samples, 0.99) / 1000, bytesPerOp: allocated(ex) }));
  }
  all.sort((a, b) => a - b);
  console.log(JSON.stringify({ bench: 'engine.diagnose', case: 'mix', medianUs: percentile(all, 0.5) / 1000, p99Us: percentile(all, 0.99) / 1000 }));
}

/** Bytes allocated per diagnosis: heap growth plus everything GC reclaimed meanwhile. */
function allocated(ex: Exchange, n = 5_000): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const profiler = new GCProfiler();
  profiler.start();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < n; i++) diagnose(ex);
  const after = process.memoryUsage().heapUsed;
  const result = profiler.stop();
  let reclaimed = 0;
  for (const s of result?.statistics ?? []) {
    const b = s.beforeGC.heapStatistics.usedHeapSize;
    const a = s.afterGC.heapStatistics.usedHeapSize;
    reclaimed += b - a;
  }
  return Math.round((after - before + reclaimed) / n);
}
