import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LiveMessage } from '../../src/messages.js';
import { PING_MS, RETRY_MS, startLive } from '../../src/ui/live.js';
import { FakePort } from './support/backend.js';

describe('startLive', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function setup() {
    const ports: FakePort[] = [];
    const got: LiveMessage[] = [];
    const status: boolean[] = [];
    const stop = startLive({
      connect: () => {
        const p = new FakePort();
        ports.push(p);
        return p;
      },
      tabId: 42,
      onMessage: (m) => got.push(m),
      onStatus: (c) => status.push(c),
    });
    return { ports, got, status, stop };
  }

  it('subscribes with the tab id and pings every 20 s', () => {
    const { ports } = setup();
    expect(ports[0]?.posted).toEqual([{ type: 'subscribe', tabId: 42 }]);
    vi.advanceTimersByTime(PING_MS * 2);
    expect(ports[0]?.posted.filter((m) => m.type === 'ping')).toHaveLength(2);
  });

  it('reconnects and subscribes again when the port drops, and stops pinging the dead port', () => {
    const { ports, status } = setup();
    ports[0]?.drop();
    expect(status).toEqual([true, false]);
    vi.advanceTimersByTime(RETRY_MS);
    expect(ports).toHaveLength(2);
    expect(ports[1]?.posted).toEqual([{ type: 'subscribe', tabId: 42 }]);
    expect(status).toEqual([true, false, true]);
    vi.advanceTimersByTime(PING_MS);
    expect(ports[0]?.posted.filter((m) => m.type === 'ping')).toHaveLength(0);
    expect(ports[1]?.posted.filter((m) => m.type === 'ping')).toHaveLength(1);
  });

  it('passes live messages on and ignores anything else', () => {
    const { ports, got } = setup();
    ports[0]?.emit({ type: 'cleared', tabId: 42 });
    ports[0]?.emit({ type: 'bogus' });
    ports[0]?.emit('text');
    expect(got).toEqual([{ type: 'cleared', tabId: 42 }]);
  });

  it('stop() disconnects and never reconnects', () => {
    const { ports, stop } = setup();
    stop();
    expect(ports[0]?.closed).toBe(true);
    ports[0]?.drop();
    vi.advanceTimersByTime(10_000);
    expect(ports).toHaveLength(1);
  });
});
