import { type Command, Option } from 'commander';
import {
  diffAssessments,
  readAssessment,
  renderDiffJson,
  renderDiffMarkdown,
  renderDiffText,
} from '../../app/diff.js';
import { oneLine } from '../../util/text.js';
import { EXIT } from '../exit-codes.js';
import type { CliIO } from '../io.js';

export function registerDiffCommand(program: Command, io: CliIO): void {
  program
    .command('diff')
    .description('what changed between two assessments (vouch assess --format json): claims and findings')
    .argument('<before>', 'the earlier assessment (JSON)')
    .argument('<after>', 'the later assessment (JSON)')
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['text', 'json', 'markdown'])
        .default('text'),
    )
    .option('--fail-on-regression', 'exit 1 when a requirement got worse or a new failing finding appeared')
    .action((before: string, after: string, opts: { format: string; failOnRegression?: boolean }) => {
      const a = readAssessment(before);
      const b = readAssessment(after);
      for (const r of [a, b])
        if (!r.ok) {
          io.err(`vouch: ${oneLine(r.problem, 500)}\n`);
          process.exitCode = EXIT.usage;
          return;
        }
      if (!a.ok || !b.ok) return;
      const d = diffAssessments(a.report, b.report);
      io.out(
        opts.format === 'json'
          ? renderDiffJson(d)
          : opts.format === 'markdown'
            ? renderDiffMarkdown(d)
            : renderDiffText(d),
      );
      if (opts.failOnRegression && (d.summary.worse > 0 || d.summary.newFindings > 0))
        process.exitCode = EXIT.failed;
    });
}
