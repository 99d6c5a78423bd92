/**
 * `vouch secrets [path] [--format text|json|sarif] [--baseline FILE] [--write-baseline FILE]`:
 * scans a repository for committed secrets (src/app/secrets.ts). Exit 1 when a finding fails
 * the gate; 2 for an unusable input. The scanner is imported inside the action.
 */
import { writeFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { oneLine } from '../../util/text.js';
import { configGate } from '../config-gate.js';
import { EXIT } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import { outputWritable, repositoryRoot } from '../paths.js';

interface SecretsOptions {
  format: 'text' | 'json' | 'sarif';
  baseline?: string;
  writeBaseline?: string;
  vendored?: boolean;
  history?: boolean;
  output?: string;
}

export function registerSecretsCommand(program: Command, io: CliIO): void {
  program
    .command('secrets')
    .description(
      'scan a repository for committed secrets (cloud keys, tokens, private keys, passwords in URLs); values are masked in every output',
    )
    .argument('[path]', 'repository to scan', '.')
    .addOption(
      new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'),
    )
    .option(
      '--baseline <file>',
      'accept the findings listed in this baseline (default: vouch.yaml secrets.baseline)',
    )
    .option('--write-baseline <file>', 'write a baseline accepting every current finding, then exit 0')
    .option('-o, --output <file>', 'write the results to a file (a one-line summary still goes to stderr)')
    .option('--vendored', 'scan vendored folders too (vendor/, third_party/)')
    .option('--history', 'also scan git history: every blob a commit added, each once')
    .action(async (path: string, opts: SecretsOptions) => {
      const root = await repositoryRoot(io, path, 'secrets');
      if (!root) return;
      if (opts.output !== undefined && !(await outputWritable(io, opts.output))) return;
      const gate = await configGate(io, root);
      if (!gate.ok) return;
      const app = await import('../../app/secrets.js');
      let report: Awaited<ReturnType<typeof app.secretsScan>>;
      try {
        report = await app.secretsScan(root, {
          ...(opts.baseline ? { baseline: opts.baseline } : {}),
          ...(opts.vendored ? { vendored: true } : {}),
          ...(opts.history ? { history: true } : {}),
        });
      } catch (e) {
        io.err(`vouch: ${oneLine((e as Error).message)}\n`);
        process.exitCode = EXIT.usage;
        return;
      }
      if (opts.writeBaseline) {
        await writeFile(opts.writeBaseline, app.renderBaseline(app.baselineOf(report)));
        io.err(`vouch: wrote ${report.findings.length} finding(s) to ${oneLine(opts.writeBaseline)}\n`);
        process.exitCode = EXIT.ok;
        return;
      }
      const body = app.renderSecrets(report, opts.format);
      if (opts.output) {
        await writeFile(opts.output, body);
        const failing = app.secretsExitCode(report) === 1;
        io.err(
          `vouch: wrote ${opts.format} results to ${oneLine(opts.output)} (${report.findings.length} finding(s)${failing ? ', some failing' : ''})\n`,
        );
      } else io.out(body);
      process.exitCode = app.secretsExitCode(report) === 1 ? EXIT.failed : EXIT.ok;
    });
}
