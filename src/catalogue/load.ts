/**
 * Loads catalogue/*.yaml into the Catalogue model, validated, with qualified ids
 * ("sscop:1.2", "sscop:1.2.3", "aicop:8", "aicop:8.1.2") and each requirement's probes.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { z } from 'zod';
import { editDistance } from '../util/text.js';
import { snapshotParser } from './parsed-yaml.js';
import {
  type AicopFile,
  aicopFileSchema,
  type EvidenceFile,
  evidenceFileSchema,
  type SscopFile,
  sscopFileSchema,
} from './schema.js';
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
const FILES = { sscop: 'sscop.yaml', aicop: 'aicop.yaml', evidence: 'evidence.yaml' } as const;
/** The catalogue's data files, for the parsed-YAML snapshot (see parsed-yaml.ts). */
export const CATALOGUE_FILES: readonly string[] = Object.values(FILES);
// The files are ours, but a bound keeps a corrupted checkout from exhausting memory.
const MAX_FILE_BYTES = 2 * 1024 * 1024;

let cached: LoadedCatalogue | undefined;

/** The product's catalogue, loaded once. Throws CatalogueError if the data files are invalid. */
export function loadCatalogue(): LoadedCatalogue {
  cached ??= loadCatalogueFrom(DATA_DIR);
  return cached;
}

/** Loads a catalogue folder without caching (tests use it with altered copies). */
export function loadCatalogueFrom(dir: URL | string): LoadedCatalogue {
  const base = typeof dir === 'string' ? pathToFileURL(dir.endsWith('/') ? dir : `${dir}/`) : dir;
  const texts = {
    sscop: readData(base, FILES.sscop),
    aicop: readData(base, FILES.aicop),
    evidence: readData(base, FILES.evidence),
  };
  // The same parse as parseCatalogueYaml, from the shipped snapshot when the text is unchanged.
  const parse = snapshotParser(base, parseCatalogueYaml);
  const sscop = validate(FILES.sscop, parse(FILES.sscop, texts.sscop), sscopFileSchema);
  const aicop = validate(FILES.aicop, parse(FILES.aicop, texts.aicop), aicopFileSchema);
  const evidence = validate(FILES.evidence, parse(FILES.evidence, texts.evidence), evidenceFileSchema);

  const codes = [buildSscop(sscop), buildAicop(aicop)];
  const byId = new Map<string, CatalogueRequirement | CataloguePrinciple>();
  for (const code of codes) {
    for (const principle of code.principles) {
      byId.set(principle.id, principle);
      for (const requirement of principle.requirements) byId.set(requirement.id, requirement);
    }
  }
  const probeIds = applyEvidence(evidence, byId);
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

// The YAML library is loaded only when a file is not in the parsed snapshot (an edited catalogue,
// a test's copy): commands that only read the catalogue then do not load it at all (~45 ms).
const requireModule = createRequire(import.meta.url);
let yaml: typeof import('yaml') | undefined;

/** Parses one catalogue file's YAML; throws CatalogueError when it is not valid YAML. */
export function parseCatalogueYaml(file: string, text: string): unknown {
  yaml ??= requireModule('yaml') as typeof import('yaml');
  try {
    return yaml.parse(text, { maxAliasCount: 100, uniqueKeys: true });
  } catch (error) {
    throw new CatalogueError(`catalogue/${file}: not valid YAML: ${(error as Error).message}`);
  }
}

function validate<T>(file: string, data: unknown, schema: z.ZodType<T>): T {
  // Validated once per process: zod's compiled fast path for objects costs more to build than it saves.
  const result = schema.safeParse(data, { jitless: true });
  if (result.success) return result.data;
  const lines = result.error.issues
    .slice(0, 20)
    .map((issue) => `  ${formatPath(issue.path)}: ${issue.message}`);
  const more = result.error.issues.length > 20 ? `\n  ... and ${result.error.issues.length - 20} more` : '';
  throw new CatalogueError(`catalogue/${file} is invalid:\n${lines.join('\n')}${more}`);
}

function formatPath(path: PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
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
  for (const [id, probeIds] of Object.entries(evidence)) {
    const item = byId.get(id);
    if (!item) {
      problems.push(`  ${id}: no such requirement in the catalogue`);
      continue;
    }
    if (!isRequirement(item)) {
      problems.push(`  ${id}: is a principle; map probes to its claims or provisions`);
      continue;
    }
    item.probes = [...probeIds];
    for (const probe of probeIds) probes.add(probe);
  }
  if (problems.length > 0)
    throw new CatalogueError(`catalogue/${FILES.evidence} is invalid:\n${problems.join('\n')}`);
  return [...probes].sort();
}

export function isRequirement(item: CatalogueRequirement | CataloguePrinciple): item is CatalogueRequirement {
  return 'kind' in item;
}

function normaliseId(id: string): string {
  return id
    .trim()
    .toLowerCase()
    .replace(/\s*:\s*/, ':');
}

/** The principle or requirement with this qualified id ("sscop:1.2", "aicop:8.1.2"), if any. */
export function findRequirement(
  id: string,
  catalogue: LoadedCatalogue = loadCatalogue(),
): CatalogueRequirement | CataloguePrinciple | undefined {
  return catalogue.byId.get(normaliseId(id));
}

/** Up to `limit` existing ids close to an unknown one, closest first. */
export function suggestIds(id: string, limit = 5, catalogue: LoadedCatalogue = loadCatalogue()): string[] {
  const wanted = normaliseId(id);
  const ids = [...catalogue.byId.keys()];
  if (!wanted.includes(':')) {
    // A bare number is ambiguous between the Codes: offer it in each.
    const qualified = ids.filter((candidate) => candidate.endsWith(`:${wanted}`));
    if (qualified.length > 0) return qualified.slice(0, limit);
  }
  const close = ids
    .map((candidate, order) => ({
      candidate,
      order,
      distance: editDistance(wanted, candidate),
      shared: commonPrefixLength(wanted, candidate),
    }))
    .filter(({ distance }) => distance <= 2)
    // Closest first; among equals, the one sharing more of the id's start (same principle).
    .sort((a, b) => a.distance - b.distance || b.shared - a.shared || a.order - b.order);
  // Only the closest tier: one edit away says more than a list padded with two-edit guesses.
  const best = close[0]?.distance;
  return close
    .filter(({ distance }) => distance === best)
    .slice(0, limit)
    .map(({ candidate }) => candidate);
}

function commonPrefixLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

export interface SearchHit {
  item: CatalogueRequirement | CataloguePrinciple;
  score: number;
}

/**
 * Case-insensitive search over ids, titles, paraphrases and mapped probe ids. Every word of the
 * query has to match somewhere; an id match outranks a title match, which outranks a text match.
 */
export function searchCatalogue(query: string, catalogue: LoadedCatalogue = loadCatalogue()): SearchHit[] {
  const phrase = query.trim().toLowerCase().replace(/\s+/g, ' ');
  const terms = phrase.split(' ').filter((term) => term.length > 0);
  if (terms.length === 0) return [];
  const hits: (SearchHit & { order: number })[] = [];
  let order = 0;
  for (const item of catalogue.byId.values()) {
    order++;
    const fields = {
      id: item.id,
      number: item.number,
      title: isRequirement(item) ? '' : `${item.title} ${item.shortTitle ?? ''}`.toLowerCase(),
      text: item.text.toLowerCase(),
      probes: isRequirement(item) ? item.probes.join(' ') : '',
    };
    let score = 0;
    for (const term of terms) {
      const termScore = scoreTerm(term, fields);
      if (termScore === 0) {
        score = 0;
        break;
      }
      score += termScore;
    }
    if (score === 0) continue;
    if (terms.length > 1 && (fields.title.includes(phrase) || fields.text.includes(phrase))) score += 15;
    hits.push({ item, score, order });
  }
  hits.sort((a, b) => b.score - a.score || a.order - b.order);
  return hits.map(({ item, score }) => ({ item, score }));
}

function scoreTerm(
  term: string,
  fields: { id: string; number: string; title: string; text: string; probes: string },
): number {
  if (term === fields.id || term === fields.number) return 100;
  let score = 0;
  if (fields.id.startsWith(term) || fields.number.startsWith(`${term}.`)) score += 40;
  if (fields.title.includes(term)) score += wordMatch(fields.title, term) ? 25 : 15;
  if (fields.text.includes(term)) score += wordMatch(fields.text, term) ? 10 : 5;
  if (fields.probes.includes(term)) score += 8;
  return score;
}

function wordMatch(haystack: string, term: string): boolean {
  const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^a-z0-9])${escaped}`).test(haystack);
}

/** Every probe id the catalogue maps to a requirement. */
export function referencedProbeIds(catalogue: LoadedCatalogue = loadCatalogue()): string[] {
  return [...catalogue.probeIds];
}
