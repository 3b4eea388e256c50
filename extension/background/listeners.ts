/**
 * webRequest listeners, by capture mode. Cost is per dispatched event, so:
 * - always, for every tab: one onErrorOccurred (light mode: failures only), one onHeadersReceived
 *   for top-level documents only (navigations: where a tab's log starts over), and a set limited
 *   by URL filter to known public CORS proxies (other traffic dispatches nothing to them);
 * - full sets (every event, with 'extraHeaders' in Chromium) only where someone looks: per tab
 *   with a webRequest `tabId` filter, so other tabs dispatch nothing to them; or one set for all
 *   tabs when "Always record all tabs" is on.
 * What must wake a stopped service worker is registered synchronously at start-up, including a
 * provisional full set for all tabs that is narrowed once the saved modes are read back.
 */
import type { WebRequest } from 'webextension-polyfill';
import type { CaptureEvent, ErrorEvent, HeadersReceivedEvent } from '../../src/capture/events.js';
import type { ListenerPlan } from '../../src/capture/modes.js';
import { proxyUrlPatterns } from '../../src/proxy/hosts.js';
import { browser, extraHeaders } from '../platform.js';
import { normalise, type Details } from './normalise.js';

const HTTP: string[] = ['http://*/*', 'https://*/*'];

type Listener = (d: object) => void;
interface FullSet { remove(): void }

export interface Sinks {
  /** Events from a full set (a watched tab, or every tab). */
  full(ev: CaptureEvent): void;
  /** Events of requests to known proxies, from any tab. */
  proxy(ev: CaptureEvent): void;
  /** Every failure of every tab. */
  failure(ev: ErrorEvent): void;
  /** A top-level document's response headers, in every tab. */
  document(ev: HeadersReceivedEvent): void;
}

export class Listeners {
  readonly #sets = new Map<string, FullSet>();

  readonly #sinks: Sinks;

  constructor(sinks: Sinks) {
    this.#sinks = sinks;
  }

  /** Call synchronously at start-up. */
  start(): void {
    const wr = browser.webRequest;
    // Firefox throws on a third argument here, even `undefined` (research feasibility.md §5.2): exactly two.
    wr.onErrorOccurred.addListener((d) => this.#sinks.failure(normalise('error', d as Details) as ErrorEvent), { urls: HTTP });
    wr.onHeadersReceived.addListener(
      (d) => this.#sinks.document(normalise('headers-received', d as Details) as HeadersReceivedEvent),
      { urls: HTTP, types: ['main_frame'] },
      ['responseHeaders'],
    );
    addProxySet({ urls: proxyUrlPatterns() }, this.#sinks.proxy);
    this.#sets.set('all', addFullSet({ urls: HTTP }, this.#sinks.full));
  }

  /** Adds and removes full sets so that exactly the plan's exist. */
  apply(plan: ListenerPlan): void {
    const wanted = new Set(plan.all ? ['all'] : plan.tabs.map((t) => `tab:${t}`));
    for (const [key, set] of this.#sets) {
      if (!wanted.has(key)) {
        set.remove();
        this.#sets.delete(key);
      }
    }
    for (const key of wanted) {
      if (this.#sets.has(key)) continue;
      const filter: WebRequest.RequestFilter = key === 'all' ? { urls: HTTP } : { urls: HTTP, tabId: Number(key.slice(4)) };
      this.#sets.set(key, addFullSet(filter, this.#sinks.full));
    }
  }
}

/**
 * Requests to known proxies, in every tab, without 'extraHeaders': an extraHeaders listener makes
 * Chromium route every request's headers through the browser process, whatever its URL filter
 * (the always-on set must not cost unrelated traffic). The price: in light mode, Chromium hides
 * the headers of a proxied response it blocked, and Cookie/Origin of proxied requests.
 */
function addProxySet(filter: WebRequest.RequestFilter, sink: (ev: CaptureEvent) => void): void {
  const wr = browser.webRequest;
  const on = (kind: CaptureEvent['kind']) => (d: object) => sink(normalise(kind, d as Details));
  wr.onBeforeRequest.addListener(on('before-request'), filter);
  wr.onSendHeaders.addListener(on('send-headers'), filter, ['requestHeaders']);
  wr.onHeadersReceived.addListener(on('headers-received'), filter, ['responseHeaders']);
  wr.onBeforeRedirect.addListener(on('before-redirect'), filter, ['responseHeaders']);
  wr.onCompleted.addListener(on('completed'), filter);
}

/**
 * Every event but onErrorOccurred (the always-on failure listener delivers those). onBeforeSendHeaders
 * without 'requestHeaders': onSendHeaders carries the final ones, asking twice doubles the payload.
 */
function addFullSet(filter: WebRequest.RequestFilter, sink: (ev: CaptureEvent) => void): FullSet {
  const wr = browser.webRequest;
  const extra = extraHeaders ? (['extraHeaders'] as const) : ([] as const);
  const only = extraHeaders ? [['extraHeaders' as const]] : [];
  const on = (kind: CaptureEvent['kind']): Listener => (d) => sink(normalise(kind, d as Details));
  const added: [{ removeListener(l: Listener): void }, Listener][] = [];
  const add = <E extends { addListener(l: Listener, f: WebRequest.RequestFilter, ...x: never[]): void; removeListener(l: Listener): void }>(
    event: E, kind: CaptureEvent['kind'], spec: readonly unknown[][],
  ): void => {
    const l = on(kind);
    (event.addListener as (l: Listener, f: WebRequest.RequestFilter, ...x: unknown[]) => void)(l, filter, ...spec);
    added.push([event, l]);
  };
  add(wr.onBeforeRequest, 'before-request', only);
  add(wr.onBeforeSendHeaders, 'before-send-headers', only);
  add(wr.onSendHeaders, 'send-headers', [['requestHeaders', ...extra]]);
  add(wr.onHeadersReceived, 'headers-received', [['responseHeaders', ...extra]]);
  add(wr.onBeforeRedirect, 'before-redirect', [['responseHeaders', ...extra]]);
  add(wr.onResponseStarted, 'response-started', only);
  add(wr.onCompleted, 'completed', only);
  return {
    remove() {
      for (const [event, l] of added) event.removeListener(l);
      added.length = 0;
    },
  };
}
