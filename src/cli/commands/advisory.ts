import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { type Command, Option } from 'commander';
import {
  type FileValidation,
  MAX_DRAFT_BYTES,
  MAX_SBOM_BYTES,
  newAdvisory,
  publishAdvisories,
  validateAdvisoryFiles,
} from '../../app/advisory.js';
import { MANDATORY_TESTS, NOT_IMPLEMENTED } from '../../formats/csaf/mandatory-tests.js';
import type { VouchManifest } from '../../manifest/schema.js';
import { oneLine, toSafeJson } from '../../util/text.js';
import { configGate, repositoryRoot } from '../config-gate.js';
import { EXIT } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import { parseNow } from './securitytxt.js';

async function readLimited(path: string, limit: number): Promise<string> {
  const st = await stat(path);
  if (!st.isFile()) throw new Error('not a regular file');
  if (st.size > limit) throw new Error(`larger than ${Math.round(limit / 1024)} KiB`);
  return readFile(path, 'utf8');
}

function renderValidation(results: FileValidation[]): string {
  const lines: string[] = [];
  for (const r of results) {
    const where = oneLine(r.file, 200);
    if (r.problem) {
      lines.push(`${where}: not checked: ${oneLine(r.problem)}`);
      continue;
    }
    for (const p of r.problems) {
      const at = p.line ? `${where}:${p.line}:${p.column}` : where;
      const rule = p.test === 'schema' ? 'csaf-schema' : `csaf-${p.test}`;
      lines.push(`${at}: error ${rule}: ${oneLine(p.pointer || '/', 200)}: ${oneLine(p.message)}`);
    }
    lines.push(`${where}: ${r.valid ? 'valid' : `invalid (${r.problems.length} problems)`}`);
  }
  lines.push(
    `checked: the CSAF 2.0 schema and mandatory tests ${MANDATORY_TESTS.length} of ${MANDATORY_TESTS.length + Object.keys(NOT_IMPLEMENTED).length}; not checked: ${Object.keys(NOT_IMPLEMENTED).join(', ')}`,
  );
  return `${lines.join('\n')}\n`;
}

/** The repository and its valid vouch.yaml; undefined (after the reason, exit 2) otherwise. */
async function repositoryManifest(
  io: CliIO,
  path: string,
): Promise<{ root: string; manifest: VouchManifest } | undefined> {
  const root = await repositoryRoot(io, path);
  if (!root) return undefined;
  const gate = await configGate(io, root);
  if (!gate.ok) return undefined;
  const manifest = gate.check.manifest.manifest;
  if (!manifest) {
    io.err('vouch: there is no vouch.yaml: run vouch init first\n');
    process.exitCode = EXIT.usage;
    return undefined;
  }
  return { root, manifest };
}

/** `--now` for the date-dependent subcommands; undefined (after a usage message) when malformed. */
function nowOption(io: CliIO, text: string | undefined): Date | undefined {
  if (text === undefined) return new Date();
  const now = parseNow(text);
  if (!now) {
    io.err(`vouch: --now ${oneLine(text, 80)}: not an RFC 3339 date-time or YYYY-MM-DD date\n`);
    process.exitCode = EXIT.usage;
  }
  return now;
}

/**
 * `vouch advisory new|validate|publish`: CSAF 2.0 advisories. Exit codes: 0 done or valid,
 * 1 invalid (validate) or some advisory left out (publish), 2 usage or unusable input.
 */
export function registerAdvisoryCommands(program: Command, io: CliIO): void {
  const advisory = program
    .command('advisory')
    .description('CSAF 2.0 security advisories and VEX: write one from a draft, validate, publish');

  advisory
    .command('new')
    .description('write a CSAF 2.0 advisory from a draft (YAML or JSON) into the advisories folder')
    .argument('<draft>', 'the draft: title, summary, vulnerabilities (see README)')
    .option('-C, --repository <path>', 'repository whose vouch.yaml to read', '.')
    .option('--sbom <file>', 'CycloneDX JSON SBOM of the product: names the vulnerable components')
    .option(
      '--now <date-time>',
      'release date of the advisory (RFC 3339 or YYYY-MM-DD); defaults to the clock',
    )
    .option('--stdout', 'print the advisory instead of writing it')
    .action(
      async (
        draftPath: string,
        opts: { repository: string; sbom?: string; now?: string; stdout?: boolean },
      ) => {
        const now = nowOption(io, opts.now);
        if (!now) return;
        const repo = await repositoryManifest(io, opts.repository);
        if (!repo) return;
        const { root, manifest } = repo;
        let draftText: string;
        let sbomText: string | undefined;
        try {
          draftText = await readLimited(draftPath, MAX_DRAFT_BYTES);
          if (opts.sbom) sbomText = await readLimited(opts.sbom, MAX_SBOM_BYTES);
        } catch (e) {
          io.err(`vouch: cannot read: ${oneLine((e as Error).message)}\n`);
          process.exitCode = EXIT.usage;
          return;
        }
        const result = await newAdvisory({
          root,
          manifest,
          draftText,
          ...(sbomText ? { sbomText } : {}),
          now,
        });
        if (!result.ok) {
          io.err(`vouch: ${oneLine(result.problem, 2000)}\n`);
          process.exitCode = EXIT.usage;
          return;
        }
        if (opts.stdout) {
          io.out(result.text);
          return;
        }
        const target = join(root, result.relativePath);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, result.text, { flag: 'wx' });
        io.err(`vouch: wrote ${oneLine(result.trackingId)} to ${oneLine(relative(process.cwd(), target))}\n`);
      },
    );

  advisory
    .command('validate')
    .description('check CSAF 2.0 files: the official schema and the mandatory tests (6.1)')
    .argument('<files...>', 'CSAF JSON files')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (files: string[], opts: { format: string }) => {
      const results = await validateAdvisoryFiles(files);
      if (opts.format === 'json') io.out(`${toSafeJson({ notImplemented: NOT_IMPLEMENTED, results }, 2)}\n`);
      else io.out(renderValidation(results));
      process.exitCode = results.some((r) => r.problem)
        ? EXIT.usage
        : results.every((r) => r.valid)
          ? EXIT.ok
          : EXIT.failed;
    });

  advisory
    .command('publish')
    .description(
      'write the CSAF provider folder: provider-metadata.json, advisories by year, index.txt, changes.csv, OpenVEX',
    )
    .argument('[path]', 'repository whose vouch.yaml and advisories to read', '.')
    .requiredOption('-o, --output <dir>', 'folder to write (served at vouch.yaml advisories.baseUrl)')
    .option('--now <date-time>', 'last_updated of the provider metadata; defaults to the clock')
    .action(async (path: string, opts: { output: string; now?: string }) => {
      const now = nowOption(io, opts.now);
      if (!now) return;
      const repo = await repositoryManifest(io, path);
      if (!repo) return;
      const { root, manifest } = repo;
      const result = await publishAdvisories(root, manifest, now);
      if (!result.ok) {
        io.err(`vouch: ${oneLine(result.problem)}\n`);
        process.exitCode = EXIT.usage;
        return;
      }
      for (const f of result.files) {
        const target = join(opts.output, ...f.path.split('/'));
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, f.content);
      }
      for (const s of result.skipped)
        io.err(`vouch: left out ${oneLine(s.file)}: ${oneLine(s.reason, 1000)}\n`);
      for (const p of result.outputSchemaProblems)
        io.err(`vouch: internal: output fails its schema: ${oneLine(p)}\n`);
      const count = result.files.filter((f) => /^\d{4}\/.*\.json$/.test(f.path)).length;
      io.err(`vouch: published ${count} advisories to ${oneLine(opts.output)}\n`);
      process.exitCode = result.outputSchemaProblems.length
        ? EXIT.internal
        : result.skipped.length
          ? EXIT.failed
          : EXIT.ok;
    });
}
