import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import type { AssessmentReport, Verdict } from '../../assessment/types.js';
import type { CodeId } from '../../catalogue/types.js';
import { renderMarkdown } from '../../formats/report/markdown.js';
import { selectReport } from '../../formats/report/select.js';
import { renderText, type TextOptions } from '../../formats/report/text.js';
import { toSafeJson } from '../../util/text.js';
import { EXIT } from '../exit-codes.js';
import { type CliIO, colourWanted } from '../io.js';
import { todayOptionValid } from '../options.js';
import { outputWritable, repositoryRoot, writeOutput } from '../paths.js';

/** --fail-on levels: each includes the worse ones before it. */
const failLevels: Record<string, Verdict[]> = {
  'not-met': ['not-met'],
  partial: ['not-met', 'partial'],
  unknown: ['not-met', 'partial', 'unknown'],
};

/** Applicable, binding requirements at or beyond the --fail-on level. Should-provisions never fail. */
export function failingRequirements(report: AssessmentReport, level: string): string[] {
  const verdicts = failLevels[level] ?? [];
  return report.codes
    .filter((c) => c.applicable)
    .flatMap((c) => c.principles.flatMap((p) => p.requirements))
    .filter((r) => r.strength === 'shall' && verdicts.includes(r.verdict))
    .map((r) => r.id);
}

const collectValues = (value: string, previous: string[] = []) => [...previous, value];

export async function render(
  report: AssessmentReport,
  format: string,
  text: TextOptions | boolean,
): Promise<string> {
  if (format === 'json') return `${toSafeJson(report, 2)}\n`;
  if (format === 'markdown') return renderMarkdown(report);
  if (format === 'sarif') {
    // Loaded on demand: the rule definitions are read only when SARIF is asked for.
    const { renderAssessmentSarif } = await import('../../formats/sarif/assessment.js');
    return renderAssessmentSarif(report);
  }
  return renderText(report, typeof text === 'boolean' ? { colour: text } : text);
}

export function registerAssessCommand(program: Command, io: CliIO): void {
  program
    .command('assess')
    .description(
      'assess a repository against the Codes, claim by claim, with the evidence behind each verdict',
    )
    .argument('[path]', 'repository to assess (default: the work tree holding this folder, found like git)')
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['text', 'json', 'markdown', 'sarif'])
        .default('text'),
    )
    .option('-o, --output <file>', 'write the report to a file (the text summary still goes to stdout)')
    .addOption(
      new Option('--fail-on <level>', 'exit 1 when a requirement is at this level or worse').choices([
        'not-met',
        'partial',
        'unknown',
      ]),
    )
    .option('--claims', 'text: list every claim and provision with its wording, verdict and reason')
    .addOption(
      new Option(
        '--only <what>',
        'only what fails: claims not met or partly met, and failing findings with their fixes',
      ).choices(['failing']),
    )
    .addOption(new Option('--code <code>', 'only this Code').choices(['sscop', 'aicop']))
    .option('--today <date>', 'date (YYYY-MM-DD) for expiry checks; defaults to today')
    .option('-q, --quiet', 'no progress on stderr')
    .option(
      '--github-token <token>',
      'ask GitHub for facts only the host knows (branch rules, default policies ...); default: $GITHUB_TOKEN',
    )
    .option('--github-repo <owner/name>', 'the repository on GitHub, when the git remote does not say')
    .option('--github-api-url <url>', 'GitHub Enterprise Server API, e.g. https://ghe.example/api/v3')
    .option(
      '--offline',
      'never use the network, even with a token; repositories in vouch.yaml given by URL must be cloned already',
    )
    .option(
      '--release-dir <dir>',
      'a folder of release artefacts to verify offline against their signatures and checksums',
    )
    .option(
      '--release-key <file>',
      'PEM public key release signatures are checked against (repeatable)',
      collectValues,
    )
    .option('--history-window <n>', 'how many recent commits the change history reads (default 100)')
    .option(
      '--allowed-signers <file>',
      'SSH allowed-signers file commit and tag signatures are verified with',
    )
    .option(
      '--db <file>',
      'advisory store vulnerabilities are matched against (default: .vouch/vouch.db under the root)',
    )
    .action(
      async (
        path: string | undefined,
        opts: {
          format: string;
          output?: string;
          failOn?: string;
          today?: string;
          quiet?: boolean;
          githubToken?: string;
          githubRepo?: string;
          githubApiUrl?: string;
          offline?: boolean;
          claims?: boolean;
          only?: 'failing';
          code?: CodeId;
          releaseDir?: string;
          releaseKey?: string[];
          historyWindow?: string;
          allowedSigners?: string;
          db?: string;
        },
        command: Command,
      ) => {
        const started = Date.now();
        const progress = (stage: string) => {
          if (!opts.quiet && io.isTTY) io.err(`vouch: ${stage}…\n`);
        };
        const root = await repositoryRoot(io, path);
        if (!root) return;
        if (opts.output !== undefined && !(await outputWritable(io, opts.output))) return;
        if (!todayOptionValid(io, opts.today)) {
          process.exitCode = EXIT.usage;
          return;
        }
        const window = opts.historyWindow === undefined ? undefined : Number(opts.historyWindow);
        if (window !== undefined && !(Number.isInteger(window) && window >= 1 && window <= 100_000)) {
          io.err('vouch: --history-window takes a whole number of commits from 1 to 100000, e.g. 100\n');
          process.exitCode = EXIT.usage;
          return;
        }
        // Before any work: an invalid vouch.yaml or vouch.lock stops the run (exit 2), and with
        // --fail-on (CI) so does a CHANGE ME placeholder.
        const { configGate } = await import('../config-gate.js');
        const gate = await configGate(io, root, Boolean(opts.failOn));
        if (!gate.ok) return;
        const { productRepositories } = await import('../repositories.js');
        const repositories = await productRepositories(io, root, gate.check.manifest, !opts.offline);
        if (!repositories) return;
        const [{ assess }, { defaultRunContext }] = await Promise.all([
          import('../../app/assess.js'),
          import('../../collectors/run.js'),
        ]);
        const token = opts.githubToken ?? process.env.GITHUB_TOKEN;
        const report = await assess(root, {
          run: defaultRunContext({
            ...(opts.today ? { today: opts.today } : {}),
            network: opts.offline || !token ? 'offline' : 'online',
            settings: {
              githubToken: token,
              githubRepository: opts.githubRepo,
              githubApiUrl: opts.githubApiUrl,
              releaseDir: opts.releaseDir === undefined ? undefined : resolve(opts.releaseDir),
              releaseKeys: opts.releaseKey?.map((k) => resolve(k)),
              historyWindow: window,
              allowedSigners: opts.allowedSigners === undefined ? undefined : resolve(opts.allowedSigners),
              vulnerabilityStore: opts.db === undefined ? undefined : resolve(opts.db),
            },
          }),
          onProgress: progress,
          repositories,
        });
        const colour = colourWanted(io, command.optsWithGlobals().color as boolean | undefined);
        const shown = selectReport(report, { code: opts.code, only: opts.only });
        const textOptions = { colour, claims: opts.claims, onlyFailing: opts.only === 'failing' };
        if (opts.output) {
          const body = await render(shown, opts.format, { ...textOptions, colour: false });
          if (!(await writeOutput(io, opts.output, body))) return;
          io.out(renderText(shown, textOptions));
          io.err(`vouch: wrote ${opts.format} report to ${opts.output}\n`);
        } else {
          io.out(await render(shown, opts.format, textOptions));
        }
        if (!opts.quiet && Date.now() - started > 2000)
          io.err(`vouch: assessed in ${Date.now() - started} ms\n`);
        if (opts.failOn) {
          const failing = failingRequirements(selectReport(report, { code: opts.code }), opts.failOn);
          if (failing.length > 0) {
            io.err(
              `vouch: ${failing.length} requirement(s) at --fail-on ${opts.failOn} or worse: ${failing.slice(0, 10).join(', ')}${failing.length > 10 ? ', …' : ''}\n`,
            );
            process.exitCode = EXIT.failed;
          }
        }
      },
    );
}
