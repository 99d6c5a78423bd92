/**
 * URI syntax as RFC 3986 §3 defines it, for security.txt field values (RFC 9116 §2.5 asks
 * for URIs). Checks characters, percent-escapes and the authority; it never resolves anything.
 */

export type UriCheck = { ok: true; scheme: string } | { ok: false; reason: string };

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
// unreserved, sub-delims, ":" and "@" (pchar), "/" and "?" (query and fragment), "%" escapes.
const PCHARS = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*$/;
const REG_NAME = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;
const USERINFO = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:]|%[0-9A-Fa-f]{2})*$/;
const IP_LITERAL = /^\[(?:[0-9A-Fa-f:.]+|v[0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+)\]$/;

/** Schemes whose URIs name a host (RFC 9110 §4.2: an empty host is invalid for http and https). */
const NEEDS_HOST = new Set(['http', 'https', 'ftp', 'ws', 'wss']);

export function checkUri(value: string): UriCheck {
  const m = SCHEME.exec(value);
  if (!m) return { ok: false, reason: 'no scheme (a URI starts with "scheme:")' };
  const scheme = (m[1] as string).toLowerCase();
  const rest = value.slice(m[0].length);
  const hash = rest.indexOf('#');
  const beforeFragment = hash < 0 ? rest : rest.slice(0, hash);
  const fragment = hash < 0 ? '' : rest.slice(hash + 1);
  if (!PCHARS.test(beforeFragment.replace(/\[[^\]]*\]/, '')) || !PCHARS.test(fragment))
    return {
      ok: false,
      reason: 'characters a URI cannot hold unescaped (space, backslash, quote, non-ASCII …)',
    };
  const question = beforeFragment.indexOf('?');
  const hier = question < 0 ? beforeFragment : beforeFragment.slice(0, question);
  let host: string | undefined;
  if (hier.startsWith('//')) {
    const slash = hier.indexOf('/', 2);
    const authority = slash < 0 ? hier.slice(2) : hier.slice(2, slash);
    const at = authority.lastIndexOf('@');
    if (at >= 0 && !USERINFO.test(authority.slice(0, at)))
      return { ok: false, reason: 'bad user information' };
    const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
    const portMatch = /:([0-9]*)$/.exec(
      hostPort.startsWith('[') ? hostPort.slice(hostPort.indexOf(']')) : hostPort,
    );
    host = portMatch ? hostPort.slice(0, hostPort.length - portMatch[0].length) : hostPort;
    if (host.startsWith('[') ? !IP_LITERAL.test(host) : !REG_NAME.test(host))
      return { ok: false, reason: 'bad host' };
    if (slash >= 0 && /[[\]]/.test(hier.slice(slash))) return { ok: false, reason: 'brackets in the path' };
  } else if (/[[\]]/.test(hier)) {
    return { ok: false, reason: 'brackets outside a host' };
  }
  if (question >= 0 && /[[\]]/.test(beforeFragment.slice(question)))
    return { ok: false, reason: 'brackets in the query' };
  if (NEEDS_HOST.has(scheme) && !host) return { ok: false, reason: `a ${scheme} URI needs a host` };
  if (scheme === 'mailto') {
    // RFC 6068 §2: the address before any "?"; a Contact needs one to be usable.
    const to = hier;
    if (!/^[^@]+@[^@]+/.test(decodeSafely(to))) return { ok: false, reason: 'a mailto URI needs an address' };
  } else if (!host && hier === '') {
    return { ok: false, reason: 'nothing after the scheme' };
  }
  return { ok: true, scheme };
}

function decodeSafely(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
