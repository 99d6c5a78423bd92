/** Runs the vouch CLI in-process and captures what it writes. */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { AssessmentReport } from '../../src/assessment/types.js';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function runCli(
  args: string[],
  opts: { isTTY?: boolean; noColor?: boolean } = {},
): Promise<CliRun> {
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
    noColor: opts.noColor ?? false,
  });
  return { code, out, err };
}

let reports = 0;

/** `vouch assess ROOT --format json` into a file beside ROOT; the parsed report and the raw text. */
export async function assessToJson(
  root: string,
  args: string[] = [],
): Promise<CliRun & { report: AssessmentReport; text: string }> {
  const output = join(root, '..', `${root.split('/').pop()}-report-${++reports}.json`);
  const r = await runCli(['assess', root, '--format', 'json', '--output', output, ...args]);
  const text = readFileSync(output, 'utf8');
  rmSync(output);
  return { ...r, report: JSON.parse(text) as AssessmentReport, text };
}
