import { type Command, Option } from 'commander';
import { repositoryRoot } from '../config-gate.js';
import { EXIT } from '../exit-codes.js';
import type { CliIO } from '../io.js';

export function registerConfigCommand(program: Command, io: CliIO): void {
  const config = program.command('config').description('check the vouch.yaml configuration');
  config
    .command('check')
    .description(
      'validate vouch.yaml and vouch.lock: every problem with file:line:column (exit 0 valid, 2 not)',
    )
    .argument('[path]', 'repository root (default: the work tree holding this folder, found like git)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--strict', 'treat CHANGE ME placeholders as errors, as `assess --fail-on` does')
    .action(async (path: string | undefined, opts: { format: string; strict?: boolean }) => {
      const root = await repositoryRoot(io, path);
      if (!root) return;
      const [{ checkConfig }, { printConfigProblems, shownDir }] = await Promise.all([
        import('../../app/config-check.js'),
        import('../config-gate.js'),
      ]);
      const check = await checkConfig(root, shownDir(root));
      const strict = Boolean(opts.strict);
      const valid = check.errors.length === 0 && (!strict || check.warnings.length === 0);
      // Problems go to stderr in every format; JSON on stdout is for tools.
      printConfigProblems(io, check, strict);
      if (opts.format === 'json') {
        io.out(
          `${JSON.stringify(
            {
              valid,
              manifest: { found: check.manifest.found },
              lock: { found: check.lock.found },
              errors: check.errors,
              warnings: check.warnings,
            },
            null,
            2,
          )}\n`,
        );
      } else if (!check.manifest.found) {
        io.out('no vouch.yaml here; `vouch init` writes one (defaults are assumed until then)\n');
      } else if (valid) {
        io.out(
          `vouch.yaml is valid${check.lock.found ? ', and so is vouch.lock' : ''}${check.warnings.length ? ` (${check.warnings.length} placeholder(s) to fill in)` : ''}\n`,
        );
      }
      if (!valid) process.exitCode = EXIT.usage;
    });
}
