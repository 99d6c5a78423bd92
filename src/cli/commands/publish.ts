import { resolve } from 'node:path';
import type { Command } from 'commander';
import { oneLine } from '../../util/text.js';
import { configGate, repositoryRoot } from '../config-gate.js';
import { EXIT } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import { todayOptionValid } from '../options.js';

export function registerPublishCommand(program: Command, io: CliIO): void {
  program
    .command('publish')
    .description(
      'write the static trust page: conformance summary, support statement, advisories and feed, security.txt, SBOMs',
    )
    .argument('[path]', 'repository to publish for', '.')
    .requiredOption('-o, --output <dir>', 'folder to write (new, empty, or one vouch published before)')
    .option('--today <date>', 'date (YYYY-MM-DD) the page is as of; defaults to today')
    .option(
      '--base-url <url>',
      'https:// address the folder will be served from (security.txt Canonical, feed links)',
    )
    .option(
      '--offline',
      'never use the network; repositories in vouch.yaml given by URL must be cloned already',
    )
    .option(
      '--security-txt-expires <time>',
      'security.txt Expires (RFC 3339); default 180 days after --today',
    )
    .action(
      async (
        path: string,
        opts: {
          output: string;
          today?: string;
          baseUrl?: string;
          securityTxtExpires?: string;
          offline?: boolean;
        },
      ) => {
        if (!todayOptionValid(io, opts.today)) {
          process.exitCode = EXIT.usage;
          return;
        }
        const root = await repositoryRoot(io, path);
        if (!root) return;
        const gate = await configGate(io, root);
        if (!gate.ok) return;
        // A product of several repositories (vouch.yaml repositories:) is published as one.
        const { productRepositories } = await import('../repositories.js');
        const repositories = await productRepositories(io, root, gate.check.manifest, !opts.offline);
        if (!repositories) return;
        const [{ publish }, { defaultRunContext }] = await Promise.all([
          import('../../app/publish.js'),
          import('../../collectors/run.js'),
        ]);
        const out = resolve(opts.output);
        const result = await publish(root, gate.check.manifest, out, {
          run: defaultRunContext(opts.today ? { today: opts.today } : {}),
          repositories,
          ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}),
          ...(opts.securityTxtExpires ? { securityTxtExpires: opts.securityTxtExpires } : {}),
        });
        if (!result.ok) {
          for (const p of result.problems) io.err(`vouch: ${oneLine(p)}\n`);
          process.exitCode = EXIT.usage;
          return;
        }
        for (const p of result.problems) io.err(`vouch: note: ${oneLine(p)}\n`);
        io.err(
          `vouch: published ${result.files.length} files to ${oneLine(opts.output)} (open index.html)\n`,
        );
        for (const f of result.files) io.out(`${oneLine(f)}\n`);
      },
    );
}
