/**
 * Which licence a repository's LICENSE files hold, by comparing their text with the SPDX licence
 * texts (spdx-license-list, CC0-1.0) after the normalisation the SPDX matching guidelines
 * describe. Used by `vouch init`, which must never write a licence it cannot support: an
 * unrecognised text, or several texts whose combination the files do not state, is left to the
 * vendor.
 */
import type { z } from 'zod';
import { ruleFile, ruleRegex } from '../collectors/rules.js';
import type { Inventory } from '../inventory/types.js';
import { requireCommonJs } from '../util/commonjs.js';
import { lazySchema } from '../util/zod.js';

const licenceRulesSchema = lazySchema((z) =>
  z.strictObject({
    version: z.literal(1),
    files: z.string().min(1),
    threshold: z.number().gt(0).lte(1),
    candidates: z.array(z.strictObject({ id: z.string().min(1), ask: z.string().optional() })).min(1),
  }),
);

export const licenceRules = () => ruleFile('licences.yaml', licenceRulesSchema);

/** Licence texts are a few KiB; past this a file is not one licence text. */
const MAX_LICENCE_BYTES = 64 * 1024;

// SPDX matching guidelines: equivalent spellings count as the same word.
const VARIANTS: Record<string, string> = {
  licence: 'license',
  licences: 'licenses',
  acknowledgment: 'acknowledgement',
  analogue: 'analog',
  favour: 'favor',
  noncommercial: 'non commercial',
  sublicence: 'sublicense',
};

/**
 * The words of a licence text as the guidelines compare them: case, punctuation, whitespace,
 * bullets and numbering, copyright notices and template fields (`<year>`) do not count.
 */
export function licenceWords(text: string): string[] {
  const lines = text
    .replace(/<[^<>\n]{1,60}>/g, ' ')
    .split(/\r?\n/)
    .filter((l) => !/^\W*(copyright\b|\(c\)|©)/i.test(l) && !/^\W*all rights reserved\W*$/i.test(l));
  const words: string[] = [];
  for (const raw of lines
    .join(' ')
    .toLowerCase()
    .split(/[^a-z0-9]+/)) {
    // Bullets and clause numbers ("1.", "(a)", "ii") are not part of the text.
    if (raw.length < 2 || /^\d+$/.test(raw) || /^[ivx]{1,4}$/.test(raw)) continue;
    for (const w of (VARIANTS[raw] ?? raw).split(' ')) words.push(w);
  }
  return words;
}

/** Word pairs with counts: order matters within a sentence, but not across a moved paragraph. */
function pairs(words: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i + 1 < words.length; i++) {
    const k = `${words[i]} ${words[i + 1]}`;
    out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

/** Dice coefficient over word-pair multisets, 0..1. */
function similarity(a: Map<string, number>, aSize: number, b: Map<string, number>, bSize: number): number {
  if (aSize + bSize === 0) return 0;
  let common = 0;
  for (const [k, n] of a) common += Math.min(n, b.get(k) ?? 0);
  return (2 * common) / (aSize + bSize);
}

interface Reference {
  id: string;
  ask?: string;
  pairs: Map<string, number>;
  size: number;
}

let references: Reference[] | undefined;

function loadReferences(): Reference[] {
  references ??= licenceRules().candidates.map((c) => {
    const entry = requireCommonJs(`spdx-license-list/licenses/${c.id}.json`) as { licenseText: string };
    const words = licenceWords(entry.licenseText);
    return {
      id: c.id,
      ...(c.ask ? { ask: c.ask } : {}),
      pairs: pairs(words),
      size: Math.max(0, words.length - 1),
    };
  });
  return references;
}

export interface LicenceTextMatch {
  id: string;
  similarity: number;
  /** The text does not say the whole expression: the choice the vendor must make. */
  ask?: string;
}

/** The best-matching known licence for a text, when it is at least the threshold similar. */
export function matchLicenceText(text: string): LicenceTextMatch | undefined {
  const words = licenceWords(text);
  const p = pairs(words);
  const size = Math.max(0, words.length - 1);
  let best: LicenceTextMatch | undefined;
  for (const ref of loadReferences()) {
    const s = similarity(p, size, ref.pairs, ref.size);
    if (!best || s > best.similarity)
      best = { id: ref.id, similarity: s, ...(ref.ask ? { ask: ref.ask } : {}) };
  }
  return best && best.similarity >= licenceRules().threshold ? best : undefined;
}

export interface LicenceFile {
  path: string;
  match?: LicenceTextMatch;
}

export interface LicenceFromFiles {
  files: LicenceFile[];
  /** An SPDX expression the files support on their own; absent when they do not. */
  expression?: string;
  /** Why there is no expression, or what the vendor must still choose. */
  reason?: string;
}

/** The root's licence files and what they hold. */
export async function licenceFromFiles(inv: Inventory): Promise<LicenceFromFiles> {
  const name = ruleRegex(licenceRules().files, 'i');
  const files: LicenceFile[] = [];
  for (const f of inv.files) {
    if (f.path.includes('/') || !name.test(f.path) || f.binary) continue;
    const text = await inv.readText(f.path, MAX_LICENCE_BYTES);
    const match = matchLicenceText(text);
    files.push({ path: f.path, ...(match ? { match } : {}) });
  }
  files.sort((a, b) => a.path.localeCompare(b.path));
  if (files.length === 0) return { files, reason: 'no LICENSE file at the repository root' };
  const unknown = files.filter((f) => !f.match);
  if (unknown.length > 0)
    return {
      files,
      reason: `${unknown.map((f) => f.path).join(', ')}: not a licence text vouch recognises`,
    };
  const ids = [...new Set(files.map((f) => f.match!.id))];
  if (ids.length > 1)
    return {
      files,
      reason: `${files.map((f) => `${f.path} is ${f.match!.id}`).join(', ')}: say whether they are a choice (OR) or all apply (AND)`,
    };
  const only = files[0]!.match!;
  if (only.ask) return { files, reason: `the text is ${only.id}'s; say which: ${only.ask}` };
  return { files, expression: only.id };
}
