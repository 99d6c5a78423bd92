/**
 * `vouch release verify DIR [--key FILE]... [--format text|json]`: verifies a release folder
 * offline (see src/app/release-verify.ts). The verifier is imported inside the action so other
 * commands do not load it.
 */
import { type Command, Option } from 'commander';
import { oneLine } from '../../util/text.js';
import { EXIT } from '../exit-codes.js';
import { type CliIO, processIO } from '../io.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerReleaseCommands(program: Command, io: CliIO = processIO): void {
  const release = program
    .command('release')
    .description('release artefacts: signatures, provenance, checksums');
  release
    .command('verify')
    .description(
      'verify every artefact in a release folder offline against its checksum lists, signatures, Sigstore bundles and provenance; exit 1 when one fails or is neither signed nor checksummed',
    )
    .argument('<dir>', 'folder of release artefacts')
    .option('--key <file>', 'PEM public key signatures are checked against (repeatable)', collect)
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (dir: string, opts: { key?: string[]; format: 'text' | 'json' }) => {
      const { releaseVerify, releaseVerifyExitCode, renderReleaseVerify } = await import(
        '../../app/release-verify.js'
      );
      let report: Awaited<ReturnType<typeof releaseVerify>>;
      try {
        report = await releaseVerify(dir, opts.key ?? []);
      } catch (e) {
        io.err(`vouch: ${oneLine(e instanceof Error ? e.message : String(e))}\n`);
        process.exitCode = EXIT.usage;
        return;
      }
      io.out(renderReleaseVerify(report, opts.format));
      process.exitCode = releaseVerifyExitCode(report) === 1 ? EXIT.failed : EXIT.ok;
    });
}
