/**
 * Private, loopback and link-local targets: a proxy asked to fetch one of these is the SSRF shape
 * (httptoolkit "What are CORS proxies, and when are they safe?"; corsproxy.io's abuse page lists
 * the same blocks: loopback, private ranges, `.local`, 169.254.169.254, metadata.google.internal).
 * Takes a host name as the WHATWG URL parser serializes it, so decimal, hex and octal IPv4 forms
 * (`2130706433`, `0x7f000001`, `0177.0.0.1`) already arrive as dotted quads and IPv6 arrives
 * bracketed and compressed (`[::1]`, `[::ffff:7f00:1]`).
 */

function parseIpv4(host: string): number[] | null {
  const parts = host.split('.');
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out.push(n);
  }
  return out;
}

function privateIpv4(a: number, b: number): boolean {
  return (
    a === 0 || // 0.0.0.0/8 ("this network"; 0.0.0.0 reaches the local host)
    a === 10 || // RFC 1918
    a === 127 || // loopback
    (a === 169 && b === 254) || // link-local, cloud metadata 169.254.169.254
    (a === 172 && b >= 16 && b <= 31) || // RFC 1918
    (a === 192 && b === 168) || // RFC 1918
    (a === 100 && b >= 64 && b <= 127) // RFC 6598 shared space (Alibaba Cloud metadata is 100.100.100.200)
  );
}

/** Eight 16-bit groups of a compressed IPv6 address (no brackets), or null. */
function parseIpv6(addr: string): number[] | null {
  const halves = addr.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] === '' ? [] : (halves[0] as string).split(':');
  const tail = halves.length === 2 ? (halves[1] === '' ? [] : (halves[1] as string).split(':')) : [];
  const groups: number[] = [];
  const push = (parts: string[]): boolean => {
    for (const p of parts) {
      if (p.includes('.')) {
        // Dotted IPv4 tail (`::ffff:127.0.0.1`), in case the input was not serialized by the URL parser.
        const v4 = parseIpv4(p);
        if (!v4) return false;
        groups.push(((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number));
      } else {
        if (!/^[0-9a-f]{1,4}$/i.test(p)) return false;
        groups.push(parseInt(p, 16));
      }
    }
    return true;
  };
  if (!push(head)) return null;
  const headLen = groups.length;
  if (!push(tail)) return null;
  const missing = 8 - groups.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  if (missing > 0) groups.splice(headLen, 0, ...new Array<number>(missing).fill(0));
  return groups;
}

function privateIpv6(g: number[]): boolean {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const zeroHead = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (zeroHead && g5 === 0 && g6 === 0 && (g7 === 0 || g7 === 1)) return true; // :: and ::1
  if (zeroHead && g5 === 0xffff) return privateIpv4(g6 >> 8, g6 & 0xff); // IPv4-mapped
  if ((g0 & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
  if ((g0 & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
  if ((g0 & 0xffc0) === 0xfec0) return true; // fec0::/10 old site-local
  return false;
}

/**
 * Whether a host name (as URL.hostname gives it) is on a private or loopback network: loopback,
 * RFC 1918, link-local, 0.0.0.0/8, RFC 6598, fc00::/7, fe80::/10, IPv4-mapped forms of those,
 * `localhost` and `*.localhost`, `*.local` (mDNS), `*.internal` (metadata.google.internal),
 * `*.home.arpa` (RFC 8375), and single-label names, which only resolve on a local network.
 */
export function isPrivateHost(hostname: string): boolean {
  let h = hostname.toLowerCase();
  if (h.endsWith('.')) h = h.slice(0, -1);
  if (h === '') return false;
  if (h.charCodeAt(0) === 0x5b /* [ */) {
    const g = parseIpv6(h.slice(1, h.endsWith(']') ? -1 : undefined));
    return g !== null && privateIpv6(g);
  }
  const v4 = parseIpv4(h);
  if (v4) return privateIpv4(v4[0] as number, v4[1] as number);
  if (h.indexOf('.') === -1) return true;
  return h.endsWith('.localhost') || h.endsWith('.local') || h.endsWith('.internal') || h.endsWith('.home.arpa');
}
