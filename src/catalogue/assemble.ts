/**
 * The Catalogue model from the catalogue's validated data files, with qualified ids
 * ("sscop:1.2", "sscop:1.2.3", "aicop:8", "aicop:8.1.2") and each requirement's probes. No
 * validation here: the data comes validated, from the build (shipped-data.ts) or from
 * validate.ts.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AicopFile, EvidenceFile, SscopFile } from './schema.js';
import type { AiRole, Catalogue, Code, CodeId, Principle, Requirement } from './types.js';

/** Details the data files carry beyond the shared model. */
export interface CatalogueRequirement extends Requirement {
  code: CodeId;
  /** Qualified id of the principle it belongs to. */
  principleId: string;
  /** AI CoP: parties the provision says must be informed. */
  recipients?: AiRole[];
  /** AI CoP: the situation the provision is limited to, when it is. */
  condition?: string;
  /** Set when the requirement's number is in doubt: why. */
  uncertain?: string;
}

export interface CataloguePrinciple extends Principle {
  code: CodeId;
  shortTitle?: string;
  etsiClause?: string;
  refs?: string[];
  requirements: CatalogueRequirement[];
}

export interface CatalogueCode extends Code {
  /** "SSCoP", "AI CoP". */
  shortName: string;
  related: { title: string; url: string }[];
  /** SSCoP: where the claims are published (NCSC Assurance Principles and Claims). */
  apcUrl?: string;
  /** AI CoP: the ETSI standard its provisions map to. */
  etsiStandard?: string;
  principles: CataloguePrinciple[];
}

export interface LoadedCatalogue extends Catalogue {
  codes: CatalogueCode[];
  byId: Map<string, CatalogueRequirement | CataloguePrinciple>;
  /** Every probe id evidence.yaml refers to, sorted. */
  probeIds: string[];
}

export class CatalogueError extends Error {
  override name = 'CatalogueError';
}

export const DATA_DIR = new URL('../../catalogue/', import.meta.url);
export const FILES = { sscop: 'sscop.yaml', aicop: 'aicop.yaml', evidence: 'evidence.yaml' } as const;
/** The catalogue's data files, as the build validates and ships them (see shipped-data.ts). */
export const CATALOGUE_FILES: readonly string[] = Object.values(FILES);
export type CatalogueFileName = keyof typeof FILES;
// The files are ours, but a bound keeps a corrupted checkout from exhausting memory.
const MAX_FILE_BYTES = 2 * 1024 * 1024;

export type CatalogueTexts = Record<CatalogueFileName, string>;

/** The validated content of each data file. */
export interface CatalogueFiles {
  sscop: SscopFile;
  aicop: AicopFile;
  evidence: EvidenceFile;
}

/** The text of each data file in `base`; throws CatalogueError when one cannot be read. */
export function readCatalogueTexts(base: URL): CatalogueTexts {
  return {
    sscop: readData(base, FILES.sscop),
    aicop: readData(base, FILES.aicop),
    evidence: readData(base, FILES.evidence),
  };
}

/** The catalogue from validated files; its version is a digest of the texts they came from. */
export function assembleCatalogue(texts: CatalogueTexts, files: CatalogueFiles): LoadedCatalogue {
  const codes = [buildSscop(files.sscop), buildAicop(files.aicop)];
  const byId = new Map<string, CatalogueRequirement | CataloguePrinciple>();
  for (const code of codes) {
    for (const principle of code.principles) {
      byId.set(principle.id, principle);
      for (const requirement of principle.requirements) byId.set(requirement.id, requirement);
    }
  }
  const probeIds = applyEvidence(files.evidence, byId);
  const version = createHash('sha256')
    .update(Object.values(texts).join('\0').replace(/\r\n/g, '\n'))
    .digest('hex')
    .slice(0, 12);
  return { version, codes, byId, probeIds };
}

function readData(base: URL, file: string): string {
  const url = new URL(file, base);
  let buffer: Buffer;
  try {
    buffer = readFileSync(url);
  } catch (error) {
    throw new CatalogueError(`catalogue/${file}: cannot be read (${(error as Error).message})`);
  }
  if (buffer.length > MAX_FILE_BYTES) throw new CatalogueError(`catalogue/${file}: larger than 2 MiB`);
  return buffer.toString('utf8');
}

function buildSscop(file: SscopFile): CatalogueCode {
  const principles: CataloguePrinciple[] = [];
  for (const theme of file.themes) {
    for (const p of theme.principles) {
      const principleId = `sscop:${p.number}`;
      principles.push({
        code: 'sscop',
        id: principleId,
        number: p.number,
        title: p.title,
        text: p.text,
        group: theme.number,
        groupTitle: theme.title,
        sourceUrl: p.source_url ?? file.source_url,
        refs: p.refs,
        requirements: p.claims.map((c) => ({
          code: 'sscop',
          id: `sscop:${c.number}`,
          number: c.number,
          principleId,
          kind: 'claim',
          text: c.text,
          // Every principle is a "shall" through the Senior Responsible Owner's duty, and its
          // claims are the conformance criteria for it.
          strength: 'shall',
          automatable: c.automatable,
          evidenceIdeas: c.evidence_ideas,
          probes: [],
          ...(c.refs?.length ? { refs: c.refs } : {}),
          ...(c.uncertain ? { uncertain: c.uncertain } : {}),
        })),
      });
    }
  }
  return {
    id: 'sscop',
    title: file.title,
    shortName: file.short_name,
    publisher: file.publisher,
    published: file.published,
    sourceUrl: file.source_url,
    apcUrl: file.apc_url,
    related: file.related,
    principles,
  };
}

function buildAicop(file: AicopFile): CatalogueCode {
  const principles: CataloguePrinciple[] = [];
  for (const phase of file.phases) {
    for (const p of phase.principles) {
      const principleId = `aicop:${p.number}`;
      principles.push({
        code: 'aicop',
        id: principleId,
        number: p.number,
        title: p.title,
        shortTitle: p.short_title,
        text: p.text,
        group: phase.id,
        groupTitle: phase.title,
        sourceUrl: p.source_url ?? file.source_url,
        etsiClause: p.etsi_clause,
        requirements: p.provisions.map((v) => ({
          code: 'aicop',
          id: `aicop:${v.number}`,
          number: v.number,
          principleId,
          kind: 'provision',
          text: v.text,
          strength: v.strength,
          automatable: v.automatable,
          evidenceIdeas: v.evidence_ideas,
          roles: v.roles,
          phase: phase.id,
          etsiClause: v.etsi_clause,
          probes: [],
          ...(v.recipients?.length ? { recipients: v.recipients } : {}),
          ...(v.condition ? { condition: v.condition } : {}),
        })),
      });
    }
  }
  return {
    id: 'aicop',
    title: file.title,
    shortName: file.short_name,
    publisher: file.publisher,
    published: file.published,
    sourceUrl: file.source_url,
    etsiStandard: file.etsi_standard,
    related: file.related,
    principles,
  };
}

function applyEvidence(
  evidence: EvidenceFile,
  byId: Map<string, CatalogueRequirement | CataloguePrinciple>,
): string[] {
  const problems: string[] = [];
  const probes = new Set<string>();
  for (const [id, rule] of Object.entries(evidence)) {
    const item = byId.get(id);
    if (!item) {
      problems.push(`  ${id}: no such requirement in the catalogue`);
      continue;
    }
    if (!isRequirement(item)) {
      problems.push(`  ${id}: is a principle; map probes to its claims or provisions`);
      continue;
    }
    const normalised = {
      argument: rule.argument,
      sufficient: rule.sufficient ?? [],
      supporting: rule.supporting ?? [],
      refutes: rule.refutes ?? [],
      host: rule.host ?? [],
    };
    item.evidence = normalised;
    item.probes = [...new Set([...normalised.sufficient, ...normalised.supporting, ...normalised.refutes])];
    for (const probe of item.probes) probes.add(probe);
  }
  if (problems.length > 0)
    throw new CatalogueError(`catalogue/${FILES.evidence} is invalid:\n${problems.join('\n')}`);
  return [...probes].sort();
}

export function isRequirement(item: CatalogueRequirement | CataloguePrinciple): item is CatalogueRequirement {
  return 'kind' in item;
}
