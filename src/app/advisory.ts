/**
 * `vouch advisory new|validate|publish`: CSAF 2.0 advisories for the product's own
 * vulnerabilities. They live in the repository (vouch.yaml `advisories.path`, default
 * `advisories/`, one `<tracking id>.json` each); `new` writes one from a draft, `validate`
 * checks files against the schema and the mandatory tests, `publish` returns the provider's
 * folder (provider-metadata.json, year folders, index.txt, changes.csv, OpenVEX). Everything is
 * returned as data; the CLI writes and prints.
 */
import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AdvisoryBuildError, buildCsaf, csafFileName, type SbomComponent } from '../formats/csaf/build.js';
import { type AdvisoryDraft, advisoryDraftSchema } from '../formats/csaf/draft.js';
import { type PublishedFile, publishFiles } from '../formats/csaf/provider.js';
import { schemaValidators } from '../formats/csaf/schema.js';
import { type CsafProblem, validateCsaf } from '../formats/csaf/validate.js';
import type { VouchManifest } from '../manifest/schema.js';
import { toSafeJson } from '../util/text.js';
import { parseYamlDocument } from '../util/yaml.js';
import { VERSION } from '../version.js';

/** CSAF's own guidance puts the largest sensible document at 15 MB; SBOMs may be larger. */
export const MAX_ADVISORY_BYTES = 15 * 1024 * 1024;
export const MAX_SBOM_BYTES = 64 * 1024 * 1024;
export const MAX_DRAFT_BYTES = 1024 * 1024;

export interface AdvisorySettings {
  folder: string;
  prefix: string;
  baseUrl?: string;
}

/** vouch.yaml's advisories section with its defaults. */
export function advisorySettings(m: VouchManifest): AdvisorySettings {
  const slug =
    m.product.name
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'PRODUCT';
  return {
    folder: m.advisories?.path ?? 'advisories',
    prefix: m.advisories?.idPrefix ?? `${slug}-SA`,
    ...(m.advisories?.baseUrl ? { baseUrl: m.advisories.baseUrl.replace(/\/+$/, '') } : {}),
  };
}

/** The first `limit` bytes of a regular file, refusing a larger one. */
async function readBounded(path: string, limit: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new Error('not a regular file');
    if (st.size > limit) throw new Error(`larger than ${Math.round(limit / 1024 / 1024)} MB`);
    const buffer = Buffer.alloc(st.size);
    await handle.read(buffer, 0, st.size, 0);
    return buffer.toString('utf8');
  } finally {
    await handle.close();
  }
}

export type Outcome<T> = ({ ok: true } & T) | { ok: false; problem: string };

/** A draft from YAML or JSON text; every scalar read as a string (versions like 1.0 stay "1.0"). */
export function parseDraft(text: string): Outcome<{ draft: AdvisoryDraft }> {
  const { doc, error } = parseYamlDocument(text, { schema: 'failsafe' });
  if (error || !doc) return { ok: false, problem: `draft: ${error?.message ?? 'empty'}` };
  const parsed = advisoryDraftSchema.safeParse(doc.toJS({ maxAliasCount: 100 }));
  if (!parsed.success)
    return {
      ok: false,
      problem: parsed.error.issues
        .map((i) => `draft ${i.path.join('.') || '(top)'}: ${i.message}`)
        .join('; '),
    };
  return { ok: true, draft: parsed.data };
}

/** Components and the product's own purl from a CycloneDX JSON SBOM. */
export function sbomComponents(text: string): Outcome<{ components: SbomComponent[]; productPurl?: string }> {
  let bom: Record<string, unknown>;
  try {
    bom = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    return { ok: false, problem: `SBOM: not JSON: ${(e as Error).message}` };
  }
  if (bom?.bomFormat !== 'CycloneDX') return { ok: false, problem: 'SBOM: not a CycloneDX JSON document' };
  const components: SbomComponent[] = [];
  const walk = (list: unknown, depth: number) => {
    if (!Array.isArray(list) || depth > 32) return;
    for (const c of list as Record<string, unknown>[]) {
      if (typeof c?.purl === 'string' && typeof c.name === 'string')
        components.push({
          name: c.name,
          purl: c.purl,
          ...(typeof c.version === 'string' ? { version: c.version } : {}),
        });
      walk(c?.components, depth + 1);
    }
  };
  walk(bom.components, 0);
  const purl = (bom.metadata as { component?: { purl?: unknown } } | undefined)?.component?.purl;
  return { ok: true, components, ...(typeof purl === 'string' ? { productPurl: purl } : {}) };
}

interface ExistingAdvisory {
  file: string;
  doc?: Record<string, unknown>;
  text?: string;
  problem?: string;
}

/** The *.json files of the advisories folder, parsed (bounded); a missing folder is empty. */
export async function readAdvisoryFolder(folder: string): Promise<ExistingAdvisory[]> {
  let names: string[];
  try {
    names = (await readdir(folder, { withFileTypes: true }))
      .filter((d) => d.isFile() && d.name.endsWith('.json'))
      .map((d) => d.name)
      .sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const out: ExistingAdvisory[] = [];
  for (const name of names) {
    const file = join(folder, name);
    try {
      const text = await readBounded(file, MAX_ADVISORY_BYTES);
      out.push({ file, text, doc: JSON.parse(text) as Record<string, unknown> });
    } catch (e) {
      out.push({ file, problem: (e as Error).message });
    }
  }
  return out;
}

const trackingIdOf = (doc: Record<string, unknown> | undefined) =>
  (doc?.document as { tracking?: { id?: unknown } } | undefined)?.tracking?.id;

/** The next `<prefix>-<year>-<nnnn>` not used by an advisory in the folder. */
export function nextTrackingId(prefix: string, year: string, existing: readonly unknown[]): string {
  const pattern = new RegExp(`^${prefix.replace(/[-]/g, '\\-')}-${year}-(\\d+)$`);
  let max = 0;
  for (const id of existing) {
    const m = typeof id === 'string' ? pattern.exec(id) : null;
    if (m) max = Math.max(max, Number(m[1]));
  }
  return `${prefix}-${year}-${String(max + 1).padStart(4, '0')}`;
}

export interface NewAdvisoryInput {
  root: string;
  manifest: VouchManifest;
  draftText: string;
  sbomText?: string;
  /** The instant of the first release. */
  now: Date;
}

export interface NewAdvisoryResult {
  /** Where it goes, relative to the repository. */
  relativePath: string;
  trackingId: string;
  document: Record<string, unknown>;
  text: string;
}

/** Builds the advisory and checks it; refuses (ok false) rather than return an invalid document. */
export async function newAdvisory(input: NewAdvisoryInput): Promise<Outcome<NewAdvisoryResult>> {
  const settings = advisorySettings(input.manifest);
  const namespace = input.manifest.vendor.url ?? input.manifest.product.url;
  if (!namespace)
    return {
      ok: false,
      problem: 'vouch.yaml needs vendor.url (or product.url): CSAF names the publisher by it',
    };
  const draft = parseDraft(input.draftText);
  if (!draft.ok) return draft;
  let sbom: { components: SbomComponent[]; productPurl?: string } | undefined;
  if (input.sbomText !== undefined) {
    const read = sbomComponents(input.sbomText);
    if (!read.ok) return read;
    sbom = read;
  }
  const folder = join(input.root, settings.folder);
  const existing = await readAdvisoryFolder(folder);
  const now = `${input.now.toISOString().slice(0, 19)}.000Z`;
  const trackingId =
    draft.draft.id ??
    nextTrackingId(
      settings.prefix,
      now.slice(0, 4),
      existing.map((e) => trackingIdOf(e.doc)),
    );
  if (existing.some((e) => trackingIdOf(e.doc) === trackingId))
    return {
      ok: false,
      problem: `an advisory with tracking id ${trackingId} already exists in ${settings.folder}/`,
    };
  const fileName = csafFileName(trackingId);
  let document: Record<string, unknown>;
  try {
    document = buildCsaf(draft.draft, {
      trackingId,
      now,
      product: { name: input.manifest.product.name },
      vendor: { name: input.manifest.vendor.name, namespace },
      generator: { name: 'vouch', version: VERSION },
      ...(sbom?.productPurl ? { productPurl: sbom.productPurl } : {}),
      ...(sbom ? { sbomComponents: sbom.components } : {}),
      ...(settings.baseUrl ? { selfUrl: `${settings.baseUrl}/${now.slice(0, 4)}/${fileName}` } : {}),
    });
  } catch (e) {
    if (e instanceof AdvisoryBuildError) return { ok: false, problem: e.message };
    throw e;
  }
  const text = `${toSafeJson(document, 2)}\n`;
  const check = validateCsaf(document, text);
  if (!check.valid)
    return {
      ok: false,
      problem: `the advisory would not be valid CSAF 2.0: ${check.problems.map(renderProblemShort).join('; ')}`,
    };
  return { ok: true, relativePath: `${settings.folder}/${fileName}`, trackingId, document, text };
}

const renderProblemShort = (p: CsafProblem) => `${p.test} ${p.pointer || '/'}: ${p.message}`;

export interface FileValidation {
  file: string;
  /** Could not be read or parsed: the reason. */
  problem?: string;
  valid: boolean;
  problems: CsafProblem[];
}

export async function validateAdvisoryFiles(files: readonly string[]): Promise<FileValidation[]> {
  const out: FileValidation[] = [];
  for (const file of files) {
    let text: string;
    let doc: unknown;
    try {
      text = await readBounded(file, MAX_ADVISORY_BYTES);
      doc = JSON.parse(text);
    } catch (e) {
      out.push({ file, problem: (e as Error).message, valid: false, problems: [] });
      continue;
    }
    out.push({ file, ...validateCsaf(doc, text) });
  }
  return out;
}

export interface PublishResult {
  files: PublishedFile[];
  /** Advisories left out (unreadable or invalid), with the reason. */
  skipped: { file: string; reason: string }[];
  /** provider-metadata.json and the OpenVEX files checked against their official schemas: errors here are a bug in vouch. */
  outputSchemaProblems: string[];
}

export async function publishAdvisories(
  root: string,
  manifest: VouchManifest,
  now: Date,
): Promise<Outcome<PublishResult>> {
  const settings = advisorySettings(manifest);
  if (!settings.baseUrl)
    return {
      ok: false,
      problem: 'vouch.yaml needs advisories.baseUrl: the https URL the published folder will be served from',
    };
  const namespace = manifest.vendor.url ?? manifest.product.url;
  if (!namespace)
    return { ok: false, problem: 'vouch.yaml needs vendor.url (or product.url) for the CSAF publisher' };
  const existing = await readAdvisoryFolder(join(root, settings.folder));
  const skipped: PublishResult['skipped'] = [];
  const advisories: Record<string, unknown>[] = [];
  for (const e of existing) {
    if (!e.doc) {
      skipped.push({ file: e.file, reason: e.problem ?? 'unreadable' });
      continue;
    }
    const check = validateCsaf(e.doc);
    if (!check.valid)
      skipped.push({ file: e.file, reason: check.problems.map(renderProblemShort).join('; ') });
    else advisories.push(e.doc);
  }
  const files = publishFiles({
    baseUrl: settings.baseUrl,
    publisher: { category: 'vendor', name: manifest.vendor.name, namespace },
    now: `${now.toISOString().slice(0, 19)}.000Z`,
    advisories,
  });
  const { openvex, provider } = schemaValidators();
  const outputSchemaProblems: string[] = [];
  for (const f of files) {
    const check = f.path.startsWith('openvex/')
      ? openvex
      : f.path === 'provider-metadata.json'
        ? provider
        : undefined;
    if (check && !check(JSON.parse(f.content)))
      outputSchemaProblems.push(
        ...(check.errors ?? []).map((e) => `${f.path} ${e.instancePath || '/'}: ${e.message ?? e.keyword}`),
      );
  }
  return { ok: true, files, skipped, outputSchemaProblems };
}
