/**
 * What the panel needs from its host. `extension/panel/` implements it with `browser.*`; tests
 * pass a fake. Nothing in src/ui touches a browser API directly.
 */
import type { Ping, Request, ResponseMap, Subscribe } from '../messages.js';

/** One connection of the live channel (a runtime port, or a fake). */
export interface LivePort {
  post(msg: Subscribe | Ping): void;
  onMessage(listener: (msg: unknown) => void): void;
  onDisconnect(listener: () => void): void;
  disconnect(): void;
}

export interface Backend {
  /** Opens a new live port (the caller subscribes on it). */
  connect(): LivePort;
  /** One request to the background (typed by the shared contract). */
  send<T extends Request['type']>(req: Extract<Request, { type: T }>): Promise<ResponseMap[T]>;
  /** Reloads the inspected tab. */
  reload(): Promise<void>;
  /** Whether the extension may see every site's requests (`permissions.contains`, or what the background says). */
  hasHostPermission(): Promise<boolean>;
  /**
   * Asks for `<all_urls>`; resolves to the outcome. Call it synchronously from a click handler:
   * Firefox refuses a request made outside one ("may only be called from a user input handler").
   * Absent where the page cannot ask: Firefox's DevTools panels have no `permissions` API, so
   * the panel offers to open itself in a window of its own (`popOut`), where it can.
   */
  requestHostPermission?: () => Promise<boolean>;
  /**
   * Calls `listener` with the new answer whenever the grant may have changed (granted from
   * another page, or revoked in the browser's extension settings); returns an unsubscribe.
   */
  onHostPermissionChange?: (listener: (granted: boolean) => void) => () => void;
  copy(text: string): Promise<void>;
  /** Offers `text` as a file download. */
  save(filename: string, mime: string, text: string): Promise<void>;
  loadPref(key: string): string | null;
  savePref(key: string, value: string): void;
  /** Opens the panel in its own window; absent when that makes no sense (already popped out). */
  popOut?: () => void;
}

export interface PanelOptions {
  tabId: number;
  /** The browser the panel runs in: the capture was judged with its profile. */
  browser: 'chromium' | 'firefox';
}
