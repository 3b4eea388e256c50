/**
 * Where each tab's requests came from, over time. A request belongs to the source its tab had
 * when the request started, for its whole life (preflight and redirects included): a switch in
 * the middle of a request (DevTools opened or closed, "Record this tab" toggled) must neither drop
 * it nor log it twice. Events arrive late (DevTools' log reports a request when it ends, a worker
 * restart buffers events), so the decision needs the source *at the request's start*, not now.
 *
 * Two layers: "Always record all tabs" (one switch for every tab, including tabs never seen) and
 * each tab's own source. Both are short step functions; only the last few switches are kept (a
 * request older than the oldest kept switch takes the oldest known source).
 */

/** Where a tab's requests come from: webRequest full sets, DevTools' network log, or light mode. */
export type CaptureSource = 'webrequest' | 'devtools' | 'light';

type Step<T> = [t: number, value: T];

/** Switches kept per tab: a request older than the oldest one is judged by it (bounded memory). */
const KEEP = 16;
const MAX_TABS = 1_000;

export interface TimelineState {
  all: Step<boolean>[];
  tabs: [tabId: number, steps: Step<CaptureSource>[]][];
}

export class SourceTimeline {
  #all: Step<boolean>[] = [];
  readonly #tabs = new Map<number, Step<CaptureSource>[]>();

  /** The tab's own source (ignoring "all tabs") is `source` from time `t` on. */
  set(tabId: number, source: CaptureSource, t: number): void {
    let steps = this.#tabs.get(tabId);
    if (!steps) {
      if (source === 'light') return; // light is every tab's default
      if (this.#tabs.size >= MAX_TABS) this.#dropOldestTab();
      steps = [];
      this.#tabs.set(tabId, steps);
    }
    push(steps, source, t);
  }

  /** "Always record all tabs" is `on` from time `t` on. */
  setAll(on: boolean, t: number): void {
    if (this.#all.length === 0 && !on) return;
    push(this.#all, on, t);
  }

  /** The source of a request of `tabId` that started at `t`. */
  at(tabId: number, t: number): CaptureSource {
    if (valueAt(this.#all, t, false)) return 'webrequest';
    return valueAt(this.#tabs.get(tabId), t, 'light');
  }

  /** Did the tab's source change within `eps` ms of `t`? (Clocks of two sources differ by a few ms.) */
  switchedNear(tabId: number, t: number, eps: number): boolean {
    return near(this.#all, t, eps) || near(this.#tabs.get(tabId), t, eps);
  }

  /**
   * The history a previous worker saved (storage.session, its own writing), merged in time order
   * with what this one recorded before storage was read back.
   */
  restore(state: TimelineState): void {
    this.#all = merged(state.all.slice(-KEEP), this.#all);
    for (const [tabId, saved] of state.tabs.slice(-MAX_TABS)) {
      const steps = merged(saved.slice(-KEEP), this.#tabs.get(tabId) ?? []);
      if (steps.length === 0) continue;
      if (!this.#tabs.has(tabId) && this.#tabs.size >= MAX_TABS) this.#dropOldestTab();
      this.#tabs.set(tabId, steps);
    }
  }

  /** Tabs with a history. */
  tabIds(): number[] {
    return [...this.#tabs.keys()];
  }

  forget(tabId: number): void {
    this.#tabs.delete(tabId);
  }

  /** For storage.session: a restarted worker still knows where requests in flight belong. */
  state(): TimelineState {
    return { all: this.#all.map((s) => [s[0], s[1]]), tabs: [...this.#tabs].map(([id, steps]) => [id, steps.map((s) => [s[0], s[1]] as Step<CaptureSource>)]) };
  }

  #dropOldestTab(): void {
    const first = this.#tabs.keys().next();
    if (!first.done) this.#tabs.delete(first.value);
  }
}

/** Two step lists as one, in time order (ties: `later` wins), without repeats. */
function merged<T>(earlier: Step<T>[], later: Step<T>[]): Step<T>[] {
  const all = [...earlier.map((s, i) => [s, 0, i] as const), ...later.map((s, i) => [s, 1, i] as const)];
  all.sort((a, b) => a[0][0] - b[0][0] || a[1] - b[1] || a[2] - b[2]);
  const out: Step<T>[] = [];
  for (const [s] of all) push(out, s[1], s[0]);
  return out;
}

function push<T>(steps: Step<T>[], value: T, t: number): void {
  const last = steps[steps.length - 1];
  if (last && last[1] === value) return;
  // Switches come in time order from one clock; a late one (clock step back) is kept in order.
  if (last && t < last[0]) t = last[0];
  steps.push([t, value]);
  if (steps.length > KEEP) steps.splice(0, steps.length - KEEP);
}

function valueAt<T>(steps: Step<T>[] | undefined, t: number, fallback: T): T {
  if (!steps || steps.length === 0) return fallback;
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i] as Step<T>;
    if (s[0] <= t) return s[1];
  }
  // Older than every kept switch: the oldest known state (the one before it is forgotten).
  return steps.length >= KEEP ? (steps[0] as Step<T>)[1] : fallback;
}

function near(steps: Step<unknown>[] | undefined, t: number, eps: number): boolean {
  if (!steps) return false;
  for (let i = steps.length - 1; i >= 0; i--) {
    const d = (steps[i] as Step<unknown>)[0] - t;
    if (d <= eps && d >= -eps) return true;
    if (d < -eps) return false;
  }
  return false;
}
