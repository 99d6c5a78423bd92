/**
 * For command tests: one command registered on a fresh program, run in-process with its output
 * captured, exit codes as `main` gives them (a commander error other than help is usage, 2).
 */
import { Command } from 'commander';
import { EXIT } from './exit-codes.js';
import type { CliIO } from './io.js';

export interface CommandRun {
  code: number;
  out: string;
  err: string;
}

export async function runRegistered(
  register: (program: Command, io: CliIO) => void,
  args: readonly string[],
): Promise<CommandRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (s) => out.push(s), err: (s) => err.push(s), isTTY: false };
  // Subcommands copy these settings from their parent when registered, so set them first.
  const program = new Command('vouch').exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  register(program, io);
  process.exitCode = undefined;
  let code: number;
  try {
    await program.parseAsync(['node', 'vouch', ...args]);
    code = typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (e) {
    const exitCode = (e as { exitCode?: number }).exitCode;
    code = exitCode === 0 ? EXIT.ok : EXIT.usage;
  } finally {
    process.exitCode = undefined;
  }
  return { code, out: out.join(''), err: err.join('') };
}
