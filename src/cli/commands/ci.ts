import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { auditCi, CONFIDENCES, renderCiJson, renderCiSarif, renderCiText, SEVERITIES } from '../../app/ci.js';
import { defaultRunContext } from '../../collectors/run.js';
import type { Confidence, Severity } from '../../probes/types.js';
import type { CliIO } from '../io.js';

export function registerCiCommand(program: Command, io: CliIO): void {
  program
    .command('ci')
    .description(
      'audit GitHub Actions workflows and actions (injection, pinning, permissions, triggers, credentials, known-vulnerable actions) as a CI gate',
    )
    .argument('[path]', 'repository root', '.')
    .addOption(
      new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'),
    )
    .addOption(
      new Option('--min-severity <severity>', 'fail only for findings at or above this severity')
        .choices([...SEVERITIES])
        .default('low'),
    )
    .addOption(
      new Option('--min-confidence <confidence>', 'fail only for findings at or above this confidence')
        .choices([...CONFIDENCES])
        .default('low'),
    )
    .option(
      '--db <file>',
      'advisory store that known-vulnerable actions are matched against (default: .vouch/vouch.db under the root)',
    )
    .action(
      async (
        path: string,
        opts: { format: string; minSeverity: Severity; minConfidence: Confidence; db?: string },
      ) => {
        const result = await auditCi(path, {
          minSeverity: opts.minSeverity,
          minConfidence: opts.minConfidence,
          ...(opts.db === undefined
            ? {}
            : { run: defaultRunContext({ settings: { vulnerabilityStore: resolve(opts.db) } }) }),
        });
        io.out(
          opts.format === 'json'
            ? renderCiJson(result)
            : opts.format === 'sarif'
              ? renderCiSarif(result)
              : renderCiText(result),
        );
        process.exitCode = result.exitCode;
      },
    );
}
