/**
 * Which addresses an outbound fetch may connect to: public unicast only. Every range here is
 * one a URL from hostile input could use to reach the machine itself or its network (SSRF).
 */
import { BlockList, isIP } from 'node:net';

/** Special-purpose ranges (IANA IPv4 and IPv6 Special-Purpose Address Registries, RFC 6890). */
const REFUSED: readonly { cidr: string; name: string }[] = [
  { cidr: '0.0.0.0/8', name: 'unspecified ("this network")' },
  { cidr: '10.0.0.0/8', name: 'private' },
  { cidr: '100.64.0.0/10', name: 'shared address space (CGNAT)' },
  { cidr: '127.0.0.0/8', name: 'loopback' },
  { cidr: '169.254.0.0/16', name: 'link-local' },
  { cidr: '172.16.0.0/12', name: 'private' },
  { cidr: '192.0.0.0/24', name: 'IETF protocol assignments' },
  { cidr: '192.0.2.0/24', name: 'documentation' },
  { cidr: '192.88.99.0/24', name: '6to4 relay anycast' },
  { cidr: '192.168.0.0/16', name: 'private' },
  { cidr: '198.18.0.0/15', name: 'benchmarking' },
  { cidr: '198.51.100.0/24', name: 'documentation' },
  { cidr: '203.0.113.0/24', name: 'documentation' },
  { cidr: '224.0.0.0/4', name: 'multicast' },
  { cidr: '240.0.0.0/4', name: 'reserved (and broadcast)' },
  { cidr: '::/128', name: 'unspecified' },
  { cidr: '::1/128', name: 'loopback' },
  { cidr: '::/96', name: 'IPv4-compatible (deprecated)' },
  { cidr: '100::/64', name: 'discard-only' },
  { cidr: '2001:db8::/32', name: 'documentation' },
  { cidr: 'fc00::/7', name: 'unique-local' },
  { cidr: 'fe80::/10', name: 'link-local' },
  { cidr: 'fec0::/10', name: 'site-local (deprecated)' },
  { cidr: 'ff00::/8', name: 'multicast' },
];

const lists = REFUSED.map(({ cidr, name }) => {
  const [address, bits] = cidr.split('/') as [string, string];
  const list = new BlockList();
  list.addSubnet(address, Number(bits), isIP(address) === 6 ? 'ipv6' : 'ipv4');
  return { list, name };
});

/** The 16 bytes of an IPv6 address (valid input assumed: it comes from isIP or a resolver). */
function ipv6Bytes(address: string): number[] {
  let text = address.replace(/%.*$/, '');
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = (v4[1] as string).split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, -(v4[1] as string).length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? (text.split('::') as [string, string]) : [text, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.flatMap((g) => {
    const n = Number.parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}

/** The IPv4 address an IPv6 address carries by translation (NAT64 64:ff9b::/96, 6to4 2002::/16). */
function embeddedIpv4(address: string): string | undefined {
  const b = ipv6Bytes(address);
  const isNat64 =
    b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && b.slice(4, 12).every((x) => x === 0);
  if (isNat64) return b.slice(12, 16).join('.');
  if (b[0] === 0x20 && b[1] === 0x02) return b.slice(2, 6).join('.');
  return undefined;
}

/**
 * Why `address` (an IP literal) must not be connected to, or undefined when it is public.
 * IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are judged as the IPv4 address they map.
 */
export function refusedAddress(address: string): string | undefined {
  // A zone index (fe80::1%eth0) names an interface, not a different address.
  const plain = address.replace(/%.*$/, '');
  const family = isIP(plain);
  if (family === 0) return 'not an IP address';
  // BlockList matches IPv4-mapped IPv6 addresses against IPv4 subnets by itself.
  for (const { list, name } of lists) if (list.check(plain, family === 6 ? 'ipv6' : 'ipv4')) return name;
  if (family === 6) {
    const inner = embeddedIpv4(plain);
    if (inner) {
      const why = refusedAddress(inner);
      if (why) return `${why} (inside ${plain})`;
    }
  }
  return undefined;
}
