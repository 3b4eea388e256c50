/**
 * TLS for the proxy e2e test: a throw-away self-signed certificate made with openssl, and loopback
 * listeners that prefer the real port (443 for HTTPS) so that URLs look exactly like the public
 * services' (`https://corsproxy.io/?url=…`), falling back to an ephemeral port when that cannot be had.
 *
 * Chromium reaches the servers through `--host-resolver-rules` and accepts the certificate because of
 * `--ignore-certificate-errors`; the certificate still names every host (subjectAltName) so that a
 * stricter client would only have to trust it.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const OPENSSL_PATH = process.env.OPENSSL_PATH ?? '/usr/bin/openssl';

export interface Certificate {
  /** PEM private key. */
  key: string;
  /** PEM self-signed certificate whose subjectAltName lists every name asked for. */
  cert: string;
}

/**
 * A self-signed certificate for `names` (DNS names; `*.x` wildcards allowed), valid two days. The key
 * files live in a temporary directory that is removed before returning: the PEM text is all we keep.
 */
export async function selfSignedCertificate(names: readonly string[]): Promise<Certificate> {
  if (!existsSync(OPENSSL_PATH)) {
    throw new Error(`openssl not found at ${OPENSSL_PATH}: install it (apt-get install -y openssl) or set OPENSSL_PATH; the proxy e2e test needs it to make a TLS certificate`);
  }
  if (names.length === 0) throw new Error('selfSignedCertificate: no names');
  const dir = await mkdtemp(join(tmpdir(), 'cors-lens-tls-'));
  try {
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    const san = names.map((n) => `DNS:${n}`).join(',');
    await new Promise<void>((resolve, reject) => {
      execFile(
        OPENSSL_PATH,
        [
          'req', '-x509', '-nodes', '-days', '2',
          // P-256: generated in milliseconds, unlike RSA.
          '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
          '-keyout', keyPath, '-out', certPath,
          '-subj', '/CN=cors-lens e2e proxy test',
          '-addext', `subjectAltName=${san}`,
        ],
        { timeout: 15_000 },
        (error, _stdout, stderr) => (error ? reject(new Error(`openssl failed: ${String(error)} ${stderr}`)) : resolve()),
      );
    });
    return { key: await readFile(keyPath, 'utf8'), cert: await readFile(certPath, 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface Listening {
  /** Loopback address the server is bound to. */
  host: string;
  port: number;
  /** Whether it got the port it preferred (else an ephemeral one). */
  preferred: boolean;
  close(): Promise<void>;
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

function listenOnce(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** A random 127.a.b.c (never 127.0.0.1): other programs on the machine rarely bind those, so :443 is usually free. */
function randomLoopback(): string {
  const byte = (min: number): number => min + Math.floor(Math.random() * (255 - min));
  return `127.${byte(1)}.${byte(0)}.${byte(1)}`;
}

/** Forget every tracked connection and stop listening (idle keep-alive sockets would hold close() up). */
function closer(server: Server): () => Promise<void> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // TLS servers emit 'secureConnection' on top; the raw socket is what 'connection' gives.
  let closed: Promise<void> | null = null;
  return () => {
    closed ??= new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
    return closed;
  };
}

/**
 * Listen on `preferredPort` (e.g. 443) of a random loopback address, a few addresses at most; when the
 * port is refused (not root: EACCES) or taken everywhere tried, listen on an ephemeral port of 127.0.0.1.
 * Detection ignores ports, so the fallback only changes how the URLs look (`https://corsproxy.io:41234/…`).
 */
export async function listenPreferring(server: Server, preferredPort: number, attempts = 6): Promise<Listening> {
  const close = closer(server);
  for (let i = 0; i < attempts; i++) {
    const host = randomLoopback();
    try {
      const port = await listenOnce(server, host, preferredPort);
      return { host, port, preferred: true, close };
    } catch (error) {
      const code = errorCode(error);
      // EADDRINUSE: try another address; anything else (EACCES, EADDRNOTAVAIL): the port is out of reach.
      if (code !== 'EADDRINUSE') break;
    }
  }
  const host = '127.0.0.1';
  const port = await listenOnce(server, host, 0);
  return { host, port, preferred: false, close };
}

/** Listen on an ephemeral port of a loopback address (default 127.0.0.1). */
export async function listenEphemeral(server: Server, host = '127.0.0.1'): Promise<Listening> {
  if (!host.startsWith('127.')) throw new Error(`test servers listen on loopback only, got ${host}`);
  const close = closer(server);
  const port = await listenOnce(server, host, 0);
  return { host, port, preferred: false, close };
}
