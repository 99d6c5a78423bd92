import { writeFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { SUPPORT_FORMATS, type SupportFormat, supportOutput } from '../../app/support.js';
import { oneLine } from '../../util/text.js';
import { configGate, repositoryRoot } from '../config-gate.js';
import { EXIT } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import { todayOptionValid } from '../options.js';

export function registerSupportCommand(program: Command, io: CliIO): void {
  program
    .command('support')
    .description(
      'support statement (markdown, html) and support dates (endoflife.date, OpenEoX) from vouch.yaml support:',
    )
    .argument('[path]', 'repository whose vouch.yaml to read', '.')
    .addOption(
      new Option('-f, --format <format>', 'output format').choices([...SUPPORT_FORMATS]).default('markdown'),
    )
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('--today <date>', 'date (YYYY-MM-DD) the statement is as of; defaults to today')
    .action(async (path: string, opts: { format: SupportFormat; output?: string; today?: string }) => {
      if (!todayOptionValid(io, opts.today)) {
        process.exitCode = EXIT.usage;
        return;
      }
      const root = await repositoryRoot(io, path);
      if (!root) return;
      const gate = await configGate(io, root);
      if (!gate.ok) return;
      const today = opts.today ?? new Date().toISOString().slice(0, 10);
      const out = supportOutput(gate.check.manifest, opts.format, today);
      if (!out.ok) {
        io.err(`vouch: ${out.problem}\n`);
        process.exitCode = EXIT.usage;
        return;
      }
      if (opts.output) {
        try {
          await writeFile(opts.output, out.text);
        } catch (e) {
          io.err(`vouch: cannot write ${oneLine(opts.output)}: ${(e as Error).message}\n`);
          process.exitCode = EXIT.usage;
          return;
        }
        io.err(`vouch: wrote ${opts.format} to ${oneLine(opts.output)}\n`);
      } else io.out(out.text);
    });
}
