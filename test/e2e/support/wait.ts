/** Waiting in the e2e support: a plain sleep and polling bounded by a timeout. */

export function sleep(ms: number): Promise<void> {
  return new Promise((resolvePromise) => setTimeout(resolvePromise, ms));
}

export interface PollOptions {
  /** Give up after this long (ms, default 5 s). */
  timeoutMs?: number;
  /** Time between two reads (ms, default 100). */
  intervalMs?: number;
}

export interface PollResult<T> {
  /** The last value read. */
  value: T;
  /** Whether `done` became true before the timeout. */
  done: boolean;
  elapsedMs: number;
  polls: number;
}

/** Read until `done(value)` holds, bounded; returns the last value either way (never throws on timeout). */
export async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean, options: PollOptions = {}): Promise<PollResult<T>> {
  const started = Date.now();
  const deadline = started + (options.timeoutMs ?? 5_000);
  let polls = 0;
  for (;;) {
    const value = await read();
    polls++;
    if (done(value)) return { value, done: true, elapsedMs: Date.now() - started, polls };
    if (Date.now() > deadline) return { value, done: false, elapsedMs: Date.now() - started, polls };
    await sleep(options.intervalMs ?? 100);
  }
}
