/**
 * The vouch command line. Commands register themselves; `buildProgram` is what tests call
 * in-process.
 */
import { Command } from 'commander';
import { VERSION } from '../version.js';
import { registerAssessCommand } from './commands/assess.js';
import { registerCatalogCommands } from './commands/catalog.js';
import { registerInitCommand } from './commands/init.js';
import { registerSbomCommand } from './commands/sbom.js';
import { EXIT, EXIT_CODES_HELP } from './exit-codes.js';
import { type CliIO, processIO } from './io.js';

export function buildProgram(io: CliIO = processIO): Command {
  const program = new Command()
    .name('vouch')
    .description(
      'Meet, prove and keep proving the UK Software Security and AI Cyber Security Codes of Practice',
    )
    .version(VERSION)
    .addHelpText('after', EXIT_CODES_HELP)
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();
  registerInitCommand(program, io);
  registerAssessCommand(program, io);
  registerCatalogCommands(program, io);
  registerSbomCommand(program, io);
  for (const c of program.commands) c.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  return program;
}

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  // Commands signal failure through process.exitCode; read it, then leave it clean for the caller.
  process.exitCode = undefined;
  try {
    await buildProgram(io).parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (e) {
    const err = e as { code?: string; exitCode?: number; message?: string };
    if (err.code?.startsWith('commander.')) {
      // help and version exit 0; other commander errors are usage errors (already printed).
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    io.err(`vouch: internal error: ${err.message ?? String(e)}\n`);
    return EXIT.internal;
  } finally {
    process.exitCode = undefined;
  }
}
