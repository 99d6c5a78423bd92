import { type Command, Option } from 'commander';
import { auditCi, CONFIDENCES, renderCiJson, renderCiSarif, renderCiText, SEVERITIES } from '../../app/ci.js';
import type { Confidence, Severity } from '../../probes/types.js';
import type { CliIO } from '../io.js';

export function registerCiCommand(program: Command, io: CliIO): void {
  program
    .command('ci')
    .description(
      'audit GitHub Actions workflows and actions (injection, pinning, permissions, triggers, credentials) as a CI gate',
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
    .action(
      async (path: string, opts: { format: string; minSeverity: Severity; minConfidence: Confidence }) => {
        const result = await auditCi(path, {
          minSeverity: opts.minSeverity,
          minConfidence: opts.minConfidence,
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
