import { type Command, Option } from 'commander';
import { STATEMENT_FORMAT_NAMES, type StatementFormatName } from '../../formats/statement/index.js';
import { oneLine } from '../../util/text.js';
import { EXIT } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import { todayOptionValid } from '../options.js';
import { outputWritable, repositoryRoot, writeOutput } from '../paths.js';

export function registerStatementCommand(program: Command, io: CliIO): void {
  program
    .command('statement')
    .description(
      'the self-assessment to publish for the product: per claim the verdict, basis, argument, evidence and open actions',
    )
    .argument('[path]', 'repository to assess (default: the work tree holding this folder)')
    .addOption(
      new Option('-f, --format <format>', 'statement format')
        .choices(STATEMENT_FORMAT_NAMES)
        .default('markdown'),
    )
    .option('-o, --output <file>', 'write the statement to a file (default: stdout)')
    .option(
      '--report <file>',
      'build it from a saved assessment (vouch assess --format json) instead of assessing',
    )
    .option('--ingest <file>', 'build it from OSCAL assessment results (as --format oscal writes them)')
    .option('--assessor <name>', 'who signs off the self-assessment (default: assessor in vouch.yaml)')
    .option('--today <date>', 'statement date and date for expiry checks (YYYY-MM-DD); defaults to today')
    .option('-q, --quiet', 'no progress on stderr')
    .action(
      async (
        path: string | undefined,
        opts: {
          format: StatementFormatName;
          output?: string;
          report?: string;
          ingest?: string;
          assessor?: string;
          today?: string;
          quiet?: boolean;
        },
      ) => {
        if (!todayOptionValid(io, opts.today)) {
          process.exitCode = EXIT.usage;
          return;
        }
        if (opts.output !== undefined && !(await outputWritable(io, opts.output))) return;
        const { makeStatement } = await import('../../app/statement.js');
        let source: Parameters<typeof makeStatement>[0]['source'];
        if ([path, opts.report, opts.ingest].filter((x) => x !== undefined).length > 1) {
          io.err('vouch: give one of a repository path, --report FILE or --ingest FILE, not both\n');
          process.exitCode = EXIT.usage;
          return;
        }
        if (opts.ingest !== undefined) {
          const { readOscalStatement } = await import('../../app/statement.js');
          const read = await readOscalStatement(opts.ingest);
          if (!read.ok) {
            io.err(`vouch: ${oneLine(read.problem, 500)}\n`);
            process.exitCode = EXIT.usage;
            return;
          }
          source = { statement: read.statement };
        } else if (opts.report !== undefined) {
          const { readAssessment } = await import('../../app/diff.js');
          const read = readAssessment(opts.report);
          if (!read.ok) {
            io.err(`vouch: ${oneLine(read.problem, 500)}\n`);
            process.exitCode = EXIT.usage;
            return;
          }
          source = { report: read.report };
        } else {
          const root = await repositoryRoot(io, path, 'statement');
          if (!root) return;
          const { configGate } = await import('../config-gate.js');
          if (!(await configGate(io, root, false)).ok) return;
          const { defaultRunContext } = await import('../../collectors/run.js');
          source = { root, run: defaultRunContext(opts.today ? { today: opts.today } : {}) };
        }
        const { text } = await makeStatement({
          source,
          format: opts.format,
          ...(opts.assessor !== undefined ? { assessor: opts.assessor } : {}),
          ...(opts.today !== undefined ? { date: opts.today } : {}),
          onProgress: (stage) => {
            if (!opts.quiet && io.isTTY) io.err(`vouch: ${stage}…\n`);
          },
        });
        if (!opts.output) {
          io.out(text);
          return;
        }
        if (!(await writeOutput(io, opts.output, text))) return;
        if (!opts.quiet) io.err(`vouch: wrote ${opts.format} statement to ${oneLine(opts.output, 200)}\n`);
      },
    );
}
