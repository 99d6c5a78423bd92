/**
 * Information, not claim failures (outcome `observation`): per lockfile that records
 * licences, the packages it lists without one; and, when vouch.yaml declares the product
 * proprietary, each run-time component whose licence requires copyleft (an SPDX expression is
 * evaluated: "MIT OR GPL-2.0" leaves a non-copyleft choice). Not-applicable otherwise.
 */
import { compositionFact } from '../../collectors/composition/index.js';
import { manifestFact } from '../../collectors/manifest/index.js';
import type { Facts } from '../../collectors/types.js';
import { factsFor } from '../common.js';
import { definitionFor } from '../definitions.js';
import { finding } from '../finding.js';
import { list, oneLine, plural } from '../text.js';
import type { Finding, Probe } from '../types.js';
import {
  type CopyleftFamily,
  copyleftFamilies,
  licenceCarryingFormats,
  proprietaryProductLicence,
} from './copyleft.js';

const definition = definitionFor(import.meta.url);

const INFO = 'Information, not a failed requirement:';

function familyOfId(id: string): CopyleftFamily | undefined {
  return copyleftFamilies.find((f) => f.id.test(id.replace(/\+$/, '')));
}

function familyOfName(name: string): CopyleftFamily | undefined {
  return copyleftFamilies.find((f) => f.name?.test(name));
}

/**
 * The copyleft families a licence expression forces on its user, or undefined when some choice
 * avoids copyleft. OR means the user may choose; AND means all apply. Text that is not an
 * expression is matched by name.
 */
export function requiredCopyleft(text: string): CopyleftFamily[] | undefined {
  const tokens =
    text.length > 1000
      ? undefined
      : text
          .replace(/([()])/g, ' $1 ')
          .split(/\s+/)
          .filter(Boolean);
  let i = 0;
  let ok = tokens !== undefined;
  const op = (t: string | undefined, name: string) => t !== undefined && t.toUpperCase() === name;
  // Each returns the families required, [] for "no copyleft".
  const parseOr = (depth: number): CopyleftFamily[] => {
    let best = parseAnd(depth);
    while (ok && op(tokens![i], 'OR')) {
      i++;
      const alt = parseAnd(depth);
      // Every choice needs copyleft: report all the families the choices offer.
      best = alt.length === 0 || best.length === 0 ? [] : [...new Set([...best, ...alt])];
    }
    return best;
  };
  const parseAnd = (depth: number): CopyleftFamily[] => {
    const all = [...parseAtom(depth)];
    while (ok && op(tokens![i], 'AND')) {
      i++;
      all.push(...parseAtom(depth));
    }
    return [...new Set(all)];
  };
  const parseAtom = (depth: number): CopyleftFamily[] => {
    const t = tokens![i];
    if (t === undefined || depth > 32) {
      ok = false;
      return [];
    }
    if (t === '(') {
      i++;
      const inner = parseOr(depth + 1);
      if (tokens![i] !== ')') ok = false;
      i++;
      return inner;
    }
    if (t === ')' || op(t, 'AND') || op(t, 'OR') || op(t, 'WITH') || !/^[A-Za-z0-9.:+-]+$/.test(t)) {
      ok = false;
      return [];
    }
    i++;
    if (op(tokens![i], 'WITH')) i += 2;
    const f = familyOfId(t);
    return f ? [f] : [];
  };
  if (ok) {
    const families = parseOr(0);
    if (ok && i === tokens!.length) return families.length > 0 ? families : undefined;
  }
  const byName = familyOfName(text);
  return byName ? [byName] : undefined;
}

function run(facts: Facts): Finding[] {
  const got = factsFor(facts, definition, compositionFact);
  if (!got.ok) return got.findings;
  const { results, components } = got.value;
  const out: Finding[] = [];
  const checked: string[] = [];

  for (const r of results) {
    if (!licenceCarryingFormats.has(r.extractor)) continue;
    const packages = r.components.filter((c) => c.source !== 'workspace' && c.source !== 'path');
    // A file of a format version without licences (npm lockfile v1) says nothing either way.
    if (!packages.some((c) => c.license)) continue;
    checked.push(r.path);
    const missing = packages.filter((c) => !c.license?.trim());
    if (missing.length === 0) continue;
    const first = missing[0]!;
    out.push(
      finding(definition, {
        outcome: 'observation',
        sub: 'no-licence',
        message: `${INFO} ${plural(missing.length, 'package')} of ${packages.length} in ${oneLine(r.path)} name no licence (${list(
          missing.map((c) => `${c.name}@${c.version}`),
          5,
        )})`,
        location: { path: r.path, ...(first.location.line ? { line: first.location.line } : {}) },
        key: r.extractor,
      }),
    );
  }

  const manifest = facts.get(manifestFact)?.manifest;
  const productLicence = manifest?.product.license;
  const proprietary = productLicence !== undefined && proprietaryProductLicence.test(productLicence.trim());
  if (proprietary) {
    for (const c of components) {
      if (c.scope === 'dev') continue; // build and test tools are not shipped
      for (const l of c.licenses) {
        const families = requiredCopyleft(l);
        if (!families) continue;
        const o = c.occurrences[0]!;
        out.push(
          finding(definition, {
            outcome: 'observation',
            sub: 'copyleft',
            message: `${INFO} ${oneLine(`${c.name}@${c.version}`)} is licensed ${oneLine(l, 80)} (${families
              .map(
                (f) =>
                  `${f.label}: ${f.strength === 'weak' ? 'weak' : f.strength === 'network' ? 'network' : 'strong'} copyleft`,
              )
              .join(', ')}) and vouch.yaml declares the product ${oneLine(productLicence!, 40)}`,
            location: { path: o.path, ...(o.line ? { line: o.line } : {}) },
            key: `${c.ecosystem}:${c.name}`,
          }),
        );
        break;
      }
    }
  }
  if (out.length > 0) return out;
  const why = [
    checked.length > 0
      ? `every package in ${list(checked, 3)} names a licence`
      : 'no lockfile here records licences per package',
    productLicence === undefined
      ? 'vouch.yaml declares no product licence, so copyleft was not checked'
      : proprietary
        ? 'no run-time component requires a copyleft licence'
        : `the product is declared ${oneLine(productLicence, 40)}, not proprietary, so copyleft was not checked`,
  ];
  return [
    finding(definition, {
      outcome: 'not-applicable',
      message: `No licence information to report: ${why.join('; ')}`,
      key: 'nothing',
    }),
  ];
}

export const probe: Probe = { definition, run };
