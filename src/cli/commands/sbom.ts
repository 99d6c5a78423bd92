/**
 * `vouch sbom`: scan a repository's lockfiles and manifests and write a CycloneDX 1.6 or SPDX 2.3
 * JSON SBOM; with --validate it is checked against the official schema before it is written (the
 * tests check vouch's construction; see app/sbom.ts). `--ingest` validates an existing SBOM
 * instead (and re-emits it with --output, validated).
 *
 * Start-up time is part of what users feel (and of the benchmark against cdxgen), so everything
 * beyond commander is imported lazily, inside the action.
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type Command, Option } from 'commander';
import type { EmitOptions, Emitted, SbomFormat } from '../../app/sbom.js';
import type { MergedComponent } from '../../composition/merge.js';
import type { ProductInfo } from '../../formats/cyclonedx/sbom-input.js';
import type { ProductRepository } from '../../repository/product-repositories.js';
import { oneLine } from '../../util/text.js';
import { writeTextFileSync } from '../../util/write-text.js';
import { EXIT } from '../exit-codes.js';
import { type CliIO, processIO } from '../io.js';
import { findRoot, outputWritable } from '../paths.js';

export type { SbomFormat } from '../../app/sbom.js';

export interface SbomOptions {
  format: SbomFormat;
  output?: string;
  deterministic?: boolean;
  ingest?: string;
  includeFixtures?: boolean;
  /** Indent the JSON; by default only when it goes to a terminal. */
  pretty?: boolean;
  /** Add the AI assets (models, datasets, prompts) as CycloneDX 1.6 components: the AI-BOM. */
  ai?: boolean;
  /** Never clone or refresh repositories vouch.yaml lists by URL. */
  offline?: boolean;
  /** Check the generated SBOM against the official schema before writing it. */
  validate?: boolean;
}

/** Builds, validates and serialises; undefined (after reporting) when our own output is invalid. */
async function emit(
  format: SbomFormat,
  components: readonly MergedComponent[],
  rootDependsOn: readonly string[],
  product: ProductInfo,
  opts: EmitOptions,
  io: CliIO,
): Promise<{ text: string; label: string } | undefined> {
  const { emitSbom } = await import('../../app/sbom.js');
  return reported(await emitSbom(format, components, rootDependsOn, product, opts), io);
}

/** The emitted text, or undefined after saying that our own output failed its schema (a vouch bug). */
function reported(
  emitted: Emitted,
  io: CliIO,
): { text: string; label: string; validated: boolean } | undefined {
  if (emitted.ok) return emitted;
  // Never write an invalid SBOM: this is a vouch bug, reported as such.
  io.err(
    `vouch: internal error: the generated SBOM is not valid against the ${emitted.schema}; nothing written\n`,
  );
  for (const e of emitted.errors) io.err(`  at ${oneLine(e.path || '/', 200)}: ${oneLine(e.message, 200)}\n`);
  return undefined;
}

function write(text: string, output: string | undefined, io: CliIO): boolean {
  if (!output) {
    io.out(text);
    return true;
  }
  try {
    // Synchronous (the async API takes one event-loop turn per chunk), through one small buffer.
    writeTextFileSync(output, text);
    return true;
  } catch (e) {
    io.err(`vouch: cannot write ${output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return false;
  }
}

/** --pretty, or a terminal as the destination: people read those; files and pipes get compact JSON. */
function prettyFor(opts: SbomOptions, io: CliIO): boolean {
  return opts.pretty ?? (!opts.output && io.isTTY);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

async function runIngest(opts: SbomOptions, io: CliIO): Promise<number> {
  const { ingestSbom, formatIngestError } = await import('../../composition/ingest/index.js');
  const file = opts.ingest!;
  if (opts.output !== undefined && !(await outputWritable(io, opts.output))) return EXIT.usage;
  const r = await ingestSbom(file);
  if (!r.ok) {
    io.err(
      `vouch: ${formatIngestError(r)
        .split('\n')
        .map((l) => oneLine(l, 300))
        .join('\n')}\n`,
    );
    return EXIT.usage;
  }
  const s = r.sbom;
  const kind = s.format === 'spdx' ? s.specVersion.replace('SPDX-', 'SPDX ') : `CycloneDX ${s.specVersion}`;
  io.err(
    `vouch sbom: ${file} is valid ${kind}: ${plural(s.components.length, 'component')} read (${s.listed} listed)\n`,
  );
  for (const n of s.notes) io.err(`  note: ${oneLine(n, 300)}\n`);
  if (!opts.output) return EXIT.ok;
  const { deterministicDate } = await import('../../formats/cyclonedx/sbom-input.js');
  const emitted = await emit(
    opts.format,
    s.components,
    s.rootDependsOn,
    s.product ?? { name: basename(file) },
    {
      deterministic: opts.deterministic,
      sourceDate: deterministicDate(undefined),
      pretty: prettyFor(opts, io),
    },
    io,
  );
  if (!emitted) return EXIT.failed;
  if (!write(emitted.text, opts.output, io)) return EXIT.usage;
  io.err(`vouch sbom: wrote ${emitted.label} to ${opts.output}\n`);
  return EXIT.ok;
}

export async function runSbom(
  path: string | undefined,
  opts: SbomOptions,
  io: CliIO = processIO,
): Promise<number> {
  if (opts.ingest) return runIngest(opts, io);
  if (opts.ai && opts.format === 'spdx') {
    io.err('vouch sbom: --ai needs --format cyclonedx (SPDX 2.3 has no model or dataset components)\n');
    return EXIT.usage;
  }
  const root = await findRoot(io, path, 'sbom');
  if (!root) return EXIT.usage;
  if (opts.output !== undefined && !(await outputWritable(io, opts.output))) return EXIT.usage;
  // An invalid vouch.yaml stops here, before the scan, rather than naming the product by guess.
  let others: ProductRepository[] = [];
  if (existsSync(join(root, 'vouch.yaml'))) {
    const { configGate } = await import('../config-gate.js');
    const gate = await configGate(io, root);
    if (!gate.ok) return EXIT.usage;
    // A product of several repositories (vouch.yaml repositories:): its SBOM holds them all.
    if ((gate.check.manifest.manifest?.repositories.length ?? 0) > 0) {
      const { productRepositories } = await import('../repositories.js');
      const all = await productRepositories(io, root, gate.check.manifest, !opts.offline);
      if (!all) return EXIT.usage;
      others = all.filter((r) => !r.primary);
    }
  }
  const { repositorySbom } = await import('../../app/sbom.js');
  const scan = await repositorySbom(root, {
    format: opts.format,
    deterministic: opts.deterministic,
    includeFixtures: opts.includeFixtures,
    pretty: prettyFor(opts, io),
    ai: opts.ai,
    others,
    validate: !!opts.validate,
  });
  const ai = scan.ai;
  for (const w of scan.warnings) io.err(`vouch: warning: ${w}\n`);
  const emitted = reported(scan.emitted, io);
  if (!emitted) return EXIT.failed;
  if (!write(emitted.text, opts.output, io)) return EXIT.usage;

  const read = scan.coverage.filter((c) => c.status === 'extracted').length;
  const problems = scan.coverage.filter((c) => c.status === 'error' || c.status === 'unsupported');
  io.err(
    `vouch sbom: ${plural(scan.components, 'component')} from ${plural(read, 'file')}, ` +
      `${emitted.label}${emitted.validated ? ' (schema-valid)' : ''}${opts.output ? ` -> ${opts.output}` : ''}; ` +
      `${problems.length === 0 ? 'no coverage problems' : plural(problems.length, 'file') + ' not read'}\n`,
  );
  for (const p of problems.slice(0, 10)) {
    // Paths and parser messages are repository content: one line, control characters neutralised.
    io.err(
      `  ${oneLine(p.path, 200)}: ${oneLine(p.status === 'error' ? (p.error ?? 'unreadable') : `no extractor for ${p.format}`, 200)}\n`,
    );
  }
  if (problems.length > 10) io.err(`  ... and ${problems.length - 10} more\n`);
  if (ai) {
    io.err(
      `vouch sbom --ai: ${plural(ai.models, 'model')} (SHA-256 of each), ${plural(ai.data, 'dataset or prompt file')}\n`,
    );
    for (const p of ai.problems.slice(0, 10))
      io.err(`  ${oneLine(p.path, 200)}: ${oneLine(p.message, 200)}\n`);
  }
  return EXIT.ok;
}

export function registerSbomCommand(program: Command, io: CliIO = processIO): void {
  program
    .command('sbom')
    .description(
      'write a CycloneDX 1.6 or SPDX 2.3 SBOM of the repository (--validate: checked against the official schema)',
    )
    .argument('[path]', 'repository to scan (default: the work tree holding this folder, found like git)')
    .addOption(
      new Option('-f, --format <format>', 'SBOM format').choices(['cyclonedx', 'spdx']).default('cyclonedx'),
    )
    .option('-o, --output <file>', 'write the SBOM to a file instead of stdout')
    .option('--deterministic', 'identical bytes for identical input: sorted, no wall-clock time, derived ids')
    .option(
      '--ingest <file>',
      'validate an existing CycloneDX (1.4-1.6) or SPDX 2.3 JSON SBOM; with --output, convert it',
    )
    .option('--pretty', 'indent the JSON (the default only when writing to a terminal)')
    .option(
      '--ai',
      'add the AI assets: model files (with SHA-256 and model cards), datasets and prompts (CycloneDX only)',
    )
    .option('--include-fixtures', 'also scan lockfiles under test-fixture directories (testdata/, fixtures/)')
    .option(
      '--offline',
      'never clone or refresh repositories vouch.yaml lists by URL (they must be cloned already)',
    )
    .option('--validate', 'check the SBOM against the official CycloneDX or SPDX schema before writing it')
    .action(async (path: string | undefined, opts: SbomOptions) => {
      process.exitCode = await runSbom(path, opts, io);
    });
}
