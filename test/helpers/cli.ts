/** Runs the vouch CLI in-process and captures what it writes. */
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function runCli(args: string[], opts: { isTTY?: boolean } = {}): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await main(['node', 'vouch', ...args], {
    out: (s) => {
      out += s;
    },
    err: (s) => {
      err += s;
    },
    isTTY: opts.isTTY ?? false,
  });
  return { code, out, err };
}
