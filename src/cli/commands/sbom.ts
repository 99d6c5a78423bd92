/**
 * `vouch sbom`: scan a repository's lockfiles and manifests and write a CycloneDX 1.6 or SPDX 2.3
 * JSON SBOM, validated against the official schema before it is written. `--ingest` validates an
 * existing SBOM instead (and re-emits it with --output).
 *
 * Start-up time is part of what users feel (and of the benchmark against cdxgen), so everything
 * beyond commander is imported lazily, inside the action.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type Command, Option } from 'commander';
import type { MergedComponent } from '../../composition/merge.js';
import type { CoverageEntry } from '../../composition/scan.js';
import type { ProductInfo } from '../../formats/cyclonedx/sbom-input.js';
import type { Inventory } from '../../inventory/types.js';
import type { ProductRepository } from '../../repository/product-repositories.js';
import { oneLine } from '../../util/text.js';
import { EXIT } from '../exit-codes.js';
import { type CliIO, processIO } from '../io.js';
import { findRoot, outputWritable } from '../paths.js';

export type SbomFormat = 'cyclonedx' | 'spdx';

export interface SbomOptions {
  format: SbomFormat;
  output?: string;
  deterministic?: boolean;
  ingest?: string;
  includeFixtures?: boolean;
  /** Indent the JSON; by default only when it goes to a terminal. */
  pretty?: boolean;
  /** Never clone or refresh repositories vouch.yaml lists by URL. */
  offline?: boolean;
}

/**
 * Loads the modules `emit` will need for this format, then its validator (the largest piece), while
 * the walk waits on the disk; failures surface later, in `emit`.
 */
function preloadWriter(format: SbomFormat): Promise<unknown> {
  const modules =
    format === 'spdx'
      ? [import('../../formats/spdx/build.js'), import('../../formats/spdx/validate.js')]
      : [import('../../formats/cyclonedx/build.js'), import('../../formats/cyclonedx/validate.js')];
  return Promise.allSettled([
    ...modules,
    import('../../formats/precompiled-validator.js').then((m) =>
      m.precompiledValidator(format === 'spdx' ? 'spdx-2.3' : 'cyclonedx-1.6'),
    ),
  ]);
}

interface Emitted {
  text: string;
  label: string;
}

/** Builds, validates and serialises; undefined (after reporting) when our own output is invalid. */
async function emit(
  format: SbomFormat,
  components: readonly MergedComponent[],
  rootDependsOn: readonly string[],
  product: ProductInfo,
  opts: {
    deterministic?: boolean;
    sourceDate?: string;
    coverage?: readonly CoverageEntry[];
    pretty: boolean;
  },
  io: CliIO,
): Promise<Emitted | undefined> {
  const input = {
    components,
    rootDependsOn,
    product,
    ...(opts.coverage ? { coverage: opts.coverage } : {}),
    ...(opts.deterministic ? { deterministic: true, sourceDate: opts.sourceDate } : {}),
  };
  let doc: Record<string, unknown>;
  let text: string;
  let result: { valid: boolean; errors: { path: string; message: string }[]; schema: string };
  if (format === 'spdx') {
    const { buildSpdx, serializeSpdx } = await import('../../formats/spdx/build.js');
    const { validateSpdx } = await import('../../formats/spdx/validate.js');
    doc = buildSpdx(input);
    result = await validateSpdx(doc);
    text = serializeSpdx(doc, { pretty: opts.pretty });
  } else {
    const { buildCycloneDx, serializeCycloneDx } = await import('../../formats/cyclonedx/build.js');
    const { validateCycloneDx } = await import('../../formats/cyclonedx/validate.js');
    doc = buildCycloneDx(input);
    result = await validateCycloneDx(doc, '1.6');
    text = serializeCycloneDx(doc, { pretty: opts.pretty });
  }
  if (!result.valid) {
    // Never write an invalid SBOM: this is a vouch bug, reported as such.
    io.err(
      `vouch: internal error: the generated SBOM is not valid against the ${result.schema}; nothing written\n`,
    );
    for (const e of result.errors)
      io.err(`  at ${oneLine(e.path || '/', 200)}: ${oneLine(e.message, 200)}\n`);
    return undefined;
  }
  return { text, label: format === 'spdx' ? 'SPDX 2.3' : 'CycloneDX 1.6' };
}

function write(text: string, output: string | undefined, io: CliIO): boolean {
  if (!output) {
    io.out(text);
    return true;
  }
  try {
    // One synchronous write: the async API writes a large SBOM in chunks, one event-loop turn each.
    writeFileSync(output, text);
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

/** Product facts from vouch.yaml; the directory name when there is none. */
async function productFor(inventory: Inventory, io: CliIO): Promise<ProductInfo> {
  // Without a usable vouch.yaml, the product is what its manifests say (name, version, licence).
  const { productFromManifests } = await import('../../manifest/product-manifests.js');
  const fromManifests = await productFromManifests(inventory);
  const fallback: ProductInfo = { ...fromManifests, name: fromManifests.name || 'product' };
  // Only pay for the YAML and schema libraries when there is a vouch.yaml to read.
  if (!inventory.has('vouch.yaml')) return fallback;
  const { loadManifestFromInventory, formatManifestError } = await import('../../manifest/load.js');
  // Through the inventory: bounded, and a vouch.yaml that links out of the tree is not read.
  const m = await loadManifestFromInventory(inventory);
  if (!m.manifest) {
    for (const e of m.errors) io.err(`vouch: warning: ${formatManifestError(e)}\n`);
    io.err(
      'vouch: warning: vouch.yaml not usable; the SBOM names the product as its manifests or directory do\n',
    );
    return fallback;
  }
  const { product, vendor } = m.manifest;
  return {
    name: product.name,
    // vouch.yaml may leave the version to the manifests, which give it per release.
    ...(product.version || fromManifests.version
      ? { version: product.version ?? fromManifests.version }
      : {}),
    ...(product.license ? { license: product.license } : {}),
    supplier: { name: vendor.name, ...(vendor.url ? { url: vendor.url } : {}) },
  };
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
    const { manifest, positions } = gate.check.manifest;
    if ((manifest?.repositories.length ?? 0) > 0) {
      const { productRepositories } = await import('../repositories.js');
      const all = await productRepositories(io, root, manifest, positions, !opts.offline);
      if (!all) return EXIT.usage;
      others = all.filter((r) => !r.primary);
    }
  }
  // Start loading the writer and its precompiled validator now: their files are read while the
  // walk waits on the disk, instead of after the scan.
  const writerReady = preloadWriter(opts.format);
  const [{ buildInventory }, { scanComposition }] = await Promise.all([
    import('../../inventory/walk.js'),
    import('../../composition/scan.js'),
  ]);
  // File size limits are the scope policy's, as for `vouch assess`. Git facts: tracked files only, and only if something gitignored needs them; commit dates for
  // --deterministic.
  const inventory = await buildInventory(root, {
    readGit: opts.deterministic ? true : 'if-needed',
  });
  let [scan, product] = await Promise.all([
    scanComposition(inventory, { includeFixtures: !!opts.includeFixtures }),
    productFor(inventory, io),
  ]);
  if (others.length > 0) {
    const { combineCompositions } = await import('../../app/product.js');
    const perRepository = [{ repository: { name: '', root, primary: true, declared: {} }, scan }];
    for (const repository of others) {
      const walked = await buildInventory(repository.root, { readGit: 'if-needed' });
      perRepository.push({
        repository,
        scan: await scanComposition(walked, { includeFixtures: !!opts.includeFixtures }),
      });
    }
    scan = combineCompositions(perRepository);
  }
  let sourceDate: string | undefined;
  if (opts.deterministic) {
    const { deterministicDate } = await import('../../formats/cyclonedx/sbom-input.js');
    sourceDate = deterministicDate(inventory.git.recentCommitDates);
  }
  await writerReady;
  const emitted = await emit(
    opts.format,
    scan.components,
    scan.rootDependsOn,
    product,
    { deterministic: opts.deterministic, sourceDate, coverage: scan.coverage, pretty: prettyFor(opts, io) },
    io,
  );
  if (!emitted) return EXIT.failed;
  if (!write(emitted.text, opts.output, io)) return EXIT.usage;

  const read = scan.coverage.filter((c) => c.status === 'extracted').length;
  const problems = scan.coverage.filter((c) => c.status === 'error' || c.status === 'unsupported');
  io.err(
    `vouch sbom: ${plural(scan.components.length, 'component')} from ${plural(read, 'file')}, ` +
      `${emitted.label} (schema-valid)${opts.output ? ` -> ${opts.output}` : ''}; ` +
      `${problems.length === 0 ? 'no coverage problems' : plural(problems.length, 'file') + ' not read'}\n`,
  );
  for (const p of problems.slice(0, 10)) {
    // Paths and parser messages are repository content: one line, control characters neutralised.
    io.err(
      `  ${oneLine(p.path, 200)}: ${oneLine(p.status === 'error' ? (p.error ?? 'unreadable') : `no extractor for ${p.format}`, 200)}\n`,
    );
  }
  if (problems.length > 10) io.err(`  ... and ${problems.length - 10} more\n`);
  return EXIT.ok;
}

export function registerSbomCommand(program: Command, io: CliIO = processIO): void {
  program
    .command('sbom')
    .description(
      'write a CycloneDX 1.6 or SPDX 2.3 SBOM of the repository, validated against the official schema',
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
    .option('--include-fixtures', 'also scan lockfiles under test-fixture directories (testdata/, fixtures/)')
    .option(
      '--offline',
      'never clone or refresh repositories vouch.yaml lists by URL (they must be cloned already)',
    )
    .action(async (path: string | undefined, opts: SbomOptions) => {
      process.exitCode = await runSbom(path, opts, io);
    });
}
