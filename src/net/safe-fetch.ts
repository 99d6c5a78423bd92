/**
 * An opt-in fetcher for URLs that come from hostile input: https only, public addresses only,
 * bounded in size and time, redirects followed by hand so every hop is checked again.
 *
 * The address check runs inside the connection's own DNS lookup (the `lookup` option of the
 * request), so the address judged is the address connected to: no second lookup that a
 * rebinding DNS server could answer differently. The connected socket's address is checked
 * once more before any byte is sent.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request } from 'node:https';
import { isIP, type LookupFunction, type Socket } from 'node:net';
import { VERSION } from '../version.js';
import { refusedAddress } from './address-policy.js';

export type Resolve = (hostname: string) => Promise<LookupAddress[]>;

export interface SafeFetchOptions {
  /** Largest body read; a longer one is an error. */
  maxBytes?: number;
  /** For the whole fetch, redirects included. */
  timeoutMs?: number;
  maxRedirects?: number;
  accept?: string;
  /** Every address of a host name. node:dns lookup unless a test injects a resolver. */
  resolve?: Resolve;
  /**
   * Tests only: let a refused address through, to reach a local test server. The default
   * policy has no way to allow a refused address.
   */
  allowAddress?: (address: string, hostname: string) => boolean;
  /** Tests only: a CA to trust, for a local test server's certificate. */
  ca?: string;
}

export interface FetchedResource {
  /** The URL finally read, after redirects. */
  url: string;
  status: number;
  contentType: string | undefined;
  body: Buffer;
  /** Each URL redirected to, in order. */
  redirects: string[];
}

/** The fetch was not attempted, or was stopped, because the target or the response broke the policy. */
export class FetchRefusedError extends Error {
  constructor(
    message: string,
    readonly url: string,
  ) {
    super(message);
    this.name = 'FetchRefusedError';
  }
}

export const FETCH_DEFAULTS = { maxBytes: 64 * 1024, timeoutMs: 10_000, maxRedirects: 5 } as const;

const systemResolve: Resolve = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) =>
      err ? reject(err) : resolve(addresses),
    ),
  );

export async function safeFetch(url: string, options: SafeFetchOptions = {}): Promise<FetchedResource> {
  const maxRedirects = options.maxRedirects ?? FETCH_DEFAULTS.maxRedirects;
  const deadline = Date.now() + (options.timeoutMs ?? FETCH_DEFAULTS.timeoutMs);
  const redirects: string[] = [];
  let current = url;
  for (;;) {
    const target = checkUrl(current);
    const hop = await fetchOnce(target, options, deadline);
    if (hop.location === undefined) return { ...hop.resource, redirects };
    if (redirects.length >= maxRedirects)
      throw new FetchRefusedError(`more than ${maxRedirects} redirects`, current);
    current = new URL(hop.location, target).href;
    redirects.push(current);
  }
}

function checkUrl(text: string): URL {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new FetchRefusedError('not a URL', text);
  }
  if (u.protocol !== 'https:')
    throw new FetchRefusedError(`only https URLs are fetched, not ${u.protocol}`, text);
  if (u.username || u.password) throw new FetchRefusedError('URLs with credentials are not fetched', text);
  return u;
}

interface Hop {
  resource: Omit<FetchedResource, 'redirects'>;
  location?: string;
}

function fetchOnce(target: URL, options: SafeFetchOptions, deadline: number): Promise<Hop> {
  const maxBytes = options.maxBytes ?? FETCH_DEFAULTS.maxBytes;
  const resolveAll = options.resolve ?? systemResolve;
  const hostname = target.hostname.replace(/^\[|\]$/g, '');
  const judge = (address: string): string | undefined => {
    const why = refusedAddress(address);
    return why && !options.allowAddress?.(address, hostname) ? `${address} is ${why}` : undefined;
  };
  // An IP literal never reaches the lookup below: judge it before connecting.
  if (isIP(hostname)) {
    const why = judge(hostname);
    if (why) return Promise.reject(new FetchRefusedError(`refused: ${why}`, target.href));
  }
  let refusal: FetchRefusedError | undefined;
  const lookup: LookupFunction = (name, lookupOptions, callback) => {
    resolveAll(name).then(
      (addresses) => {
        const why =
          addresses.length === 0 ? 'no address' : addresses.map((a) => judge(a.address)).find(Boolean);
        if (why) {
          // One refused address refuses the name: which one a connection would use is not ours to pick.
          refusal = new FetchRefusedError(`refused: ${name} resolves to ${why}`, target.href);
          callback(refusal, '', 4);
        } else if (lookupOptions.all) callback(null, addresses);
        else callback(null, (addresses[0] as LookupAddress).address, (addresses[0] as LookupAddress).family);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 4),
    );
  };

  return new Promise<Hop>((resolve, reject) => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      reject(new FetchRefusedError('timed out', target.href));
      return;
    }
    const req = request(target, {
      method: 'GET',
      agent: false,
      lookup,
      headers: { accept: options.accept ?? 'text/plain', 'user-agent': `vouch/${VERSION}` },
      ...(options.ca ? { ca: options.ca } : {}),
    });
    const timer = setTimeout(
      () => req.destroy(new FetchRefusedError(`timed out after ${remaining} ms`, target.href)),
      remaining,
    );
    const fail = (err: Error) => {
      clearTimeout(timer);
      reject(refusal ?? err);
    };
    req.on('socket', (socket: Socket) => {
      socket.once('connect', () => {
        const why = judge(socket.remoteAddress ?? '');
        if (why) req.destroy(new FetchRefusedError(`refused: connected to ${why}`, target.href));
      });
    });
    req.on('error', fail);
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (status >= 300 && status < 400 && location !== undefined) {
        res.resume();
        clearTimeout(timer);
        req.destroy();
        resolve({
          resource: { url: target.href, status, contentType: undefined, body: Buffer.alloc(0) },
          location,
        });
        return;
      }
      const declared = Number(res.headers['content-length']);
      if (declared > maxBytes) {
        req.destroy(
          new FetchRefusedError(`larger than ${maxBytes} bytes (Content-Length ${declared})`, target.href),
        );
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) req.destroy(new FetchRefusedError(`larger than ${maxBytes} bytes`, target.href));
        else chunks.push(chunk);
      });
      res.on('error', fail);
      res.on('end', () => {
        clearTimeout(timer);
        resolve({
          resource: {
            url: target.href,
            status,
            contentType: res.headers['content-type'],
            body: Buffer.concat(chunks),
          },
        });
      });
    });
    req.end();
  });
}
