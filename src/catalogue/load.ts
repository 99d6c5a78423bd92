/**
 * The product's catalogue: both Codes as the Catalogue model, and lookups over it. The data
 * files are validated when vouch is built (shipped-data.ts); at run time their validated content
 * is read as JSON, without loading the YAML parser or the schemas, whenever the files still hold
 * the text it was made from. Otherwise (running from source without a build, or a data file
 * edited since) they are parsed and validated here, as the build does.
 */

import { editDistance } from '../util/text.js';
import {
  assembleCatalogue,
  type CatalogueFiles,
  type CataloguePrinciple,
  type CatalogueRequirement,
  type CatalogueTexts,
  DATA_DIR,
  FILES,
  isRequirement,
  type LoadedCatalogue,
  readCatalogueTexts,
} from './assemble.js';
import { shippedValues } from './shipped-data.js';
import { stem, stems } from './stem.js';

export {
  CATALOGUE_FILES,
  type CatalogueCode,
  CatalogueError,
  type CataloguePrinciple,
  type CatalogueRequirement,
  DATA_DIR,
  isRequirement,
  type LoadedCatalogue,
} from './assemble.js';

/** The validated files the build wrote, when the data files still hold the text they were made from. */
function shippedCatalogue(): { texts: CatalogueTexts; files: CatalogueFiles } | undefined {
  let texts: CatalogueTexts;
  try {
    texts = readCatalogueTexts(DATA_DIR);
  } catch {
    return undefined; // loadCatalogue reports it
  }
  const values = shippedValues('catalogue', {
    [FILES.sscop]: texts.sscop,
    [FILES.aicop]: texts.aicop,
    [FILES.evidence]: texts.evidence,
  });
  if (!values) return undefined;
  const files = {
    sscop: values[FILES.sscop],
    aicop: values[FILES.aicop],
    evidence: values[FILES.evidence],
  } as CatalogueFiles;
  return { texts, files };
}

const shipped = shippedCatalogue();
const validating = shipped ? undefined : await import('./validate.js');

let cached: LoadedCatalogue | undefined;

/** The product's catalogue, loaded once. Throws CatalogueError if the data files are invalid. */
export function loadCatalogue(): LoadedCatalogue {
  cached ??= shipped
    ? assembleCatalogue(shipped.texts, shipped.files)
    : validating!.loadCatalogueFrom(DATA_DIR);
  return cached;
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
      titleStems: stems(isRequirement(item) ? '' : `${item.title} ${item.shortTitle ?? ''}`),
      textStems: stems(item.text),
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
  fields: {
    id: string;
    number: string;
    title: string;
    text: string;
    probes: string;
    titleStems: Set<string>;
    textStems: Set<string>;
  },
): number {
  if (term === fields.id || term === fields.number) return 100;
  let score = 0;
  if (fields.id.startsWith(term) || fields.number.startsWith(`${term}.`)) score += 40;
  if (fields.title.includes(term)) score += wordMatch(fields.title, term) ? 25 : 15;
  if (fields.text.includes(term)) score += wordMatch(fields.text, term) ? 10 : 5;
  if (fields.probes.includes(term)) score += 8;
  if (score > 0) return score;
  // Another form of the same word ("trained" for "training") ranks below the word itself.
  const termStem = stem(term);
  if (fields.titleStems.has(termStem)) score += 12;
  if (fields.textStems.has(termStem)) score += 4;
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
