/**
 * The vouch command line. Each command lives in its own module; only the one being run is
 * loaded (start-up time counts when vouch runs per commit in CI), and all of them for help.
 */

import type { Command } from 'commander';
import { VERSION } from '../version.js';
import { EXIT, EXIT_CODES_HELP } from './exit-codes.js';
import { type CliIO, processIO } from './io.js';

type Register = (program: Command, io: CliIO) => void;

const commands: Record<string, () => Promise<Register>> = {
  init: async () => (await import('./commands/init.js')).registerInitCommand,
  assess: async () => (await import('./commands/assess.js')).registerAssessCommand,
  catalog: async () => (await import('./commands/catalog.js')).registerCatalogCommands,
  sbom: async () => (await import('./commands/sbom.js')).registerSbomCommand,
  config: async () => (await import('./commands/config.js')).registerConfigCommand,
  attest: async () => (await import('./commands/attest.js')).registerAttestCommand,
  securitytxt: async () => (await import('./commands/securitytxt.js')).registerSecurityTxtCommand,
  models: async () => (await import('./commands/models.js')).registerModelsCommands,
  keygen: async () => (await import('./commands/signatures.js')).registerKeygenCommand,
  sign: async () => (await import('./commands/signatures.js')).registerSignCommand,
  verify: async () => (await import('./commands/signatures.js')).registerVerifyCommand,
  diff: async () => (await import('./commands/diff.js')).registerDiffCommand,
  statement: async () => (await import('./commands/statement.js')).registerStatementCommand,
  support: async () => (await import('./commands/support.js')).registerSupportCommand,
  publish: async () => (await import('./commands/publish.js')).registerPublishCommand,
  ci: async () => (await import('./commands/ci.js')).registerCiCommand,
  release: async () => (await import('./commands/release.js')).registerReleaseCommands,
  secrets: async () => (await import('./commands/secrets.js')).registerSecretsCommand,
  db: async () => (await import('./commands/db.js')).registerDbCommands,
  vulns: async () => (await import('./commands/vulns.js')).registerVulnsCommand,
  advisory: async () => (await import('./commands/advisory.js')).registerAdvisoryCommands,
};

/** The command named on the command line, if it is one of ours. */
function requestedCommand(argv: string[]): string | undefined {
  const first = argv.slice(2).find((a) => !a.startsWith('-'));
  return first && first in commands ? first : undefined;
}

export async function buildProgram(io: CliIO = processIO, argv: string[] = []): Promise<Command> {
  const { Command } = await import('commander');
  const program = new Command()
    .name('vouch')
    .description(
      'Meet, prove and keep proving the UK Software Security and AI Cyber Security Codes of Practice',
    )
    .version(VERSION)
    .option('--no-color', 'no colour in the output (also when NO_COLOR is set)')
    .addHelpText('after', EXIT_CODES_HELP)
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();
  const wanted = requestedCommand(argv);
  const versionOnly = !wanted && argv.slice(2).some((a) => a === '-V' || a === '--version');
  for (const [name, load] of Object.entries(commands)) {
    if (versionOnly) break;
    if (!wanted || wanted === name) (await load())(program, io);
  }
  for (const c of program.commands) c.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  return program;
}

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  // Commands signal failure through process.exitCode; read it, then leave it clean for the caller.
  process.exitCode = undefined;
  // `vouch --version` alone needs no command-line parser: answer as commander would, unloaded.
  const args = argv.slice(2);
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    io.out(`${VERSION}\n`);
    return EXIT.ok;
  }
  try {
    await (await buildProgram(io, argv)).parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (e) {
    const err = e as { code?: string; exitCode?: number; message?: string };
    if (err.code?.startsWith('commander.')) {
      // help and version exit 0; other commander errors are usage errors (already printed).
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    io.err(
      `vouch: internal error: ${err.message ?? String(e)}\nThis is a bug in vouch, not in your input: please report it with the command you ran (see SECURITY.md for security issues).\n`,
    );
    return EXIT.internal;
  } finally {
    process.exitCode = undefined;
  }
}
