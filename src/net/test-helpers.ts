/**
 * For tests: a real https server on 127.0.0.1 with a certificate made for the run (no key is
 * kept in the repository), and a resolver that answers from a fixed table instead of DNS.
 */
import type { RequestListener } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import type { Resolve } from './safe-fetch.js';

export interface LocalHttpsServer {
  port: number;
  /** The certificate to trust (as the `ca` fetch option). */
  ca: string;
  close(): Promise<void>;
}

/** Serves `handler` over https on 127.0.0.1; the certificate names `hostnames`, 127.0.0.1 and ::1. */
export async function startLocalHttpsServer(
  hostnames: string[],
  handler: RequestListener,
): Promise<LocalHttpsServer> {
  const pems = await generate([{ name: 'commonName', value: hostnames[0] ?? 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    extensions: [
      {
        name: 'subjectAltName',
        altNames: [
          ...hostnames.map((value) => ({ type: 2 as const, value })),
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  const server = createServer({ key: pems.private, cert: pems.cert }, handler);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    port: (server.address() as AddressInfo).port,
    ca: pems.cert,
    close: async () => {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}

/** A resolver answering from `zone`; records each name asked in `asked`. */
export function fixedResolver(
  zone: Record<string, { address: string; family: 4 | 6 }[]>,
  asked: string[] = [],
): Resolve {
  return async (name) => {
    asked.push(name);
    const answer = zone[name];
    if (!answer) throw Object.assign(new Error(`ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    return answer;
  };
}
