/**
 * PyPI order: PEP 440 ([N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local], with the spellings PEP
 * 440 normalises: "alpha", "c", "pre", "preview", "rev", "r", "-N" for a post release, "_" or
 * "-" as separators, a leading "v"). Strings that are not PEP 440 are read as setuptools' old
 * LegacyVersion and sort before every PEP 440 version, as pip did before it dropped them.
 */
import {
  compareIdentifierLists,
  compareNormalized,
  compareNumberLists,
  compareText,
  isDigits,
  normalizeDigits,
} from './numeric.js';
import { type Order, parseable, type VersionScheme } from './types.js';

interface Tagged {
  /** "a", "b" or "rc" for pre-releases; "post"; "dev". */
  tag: string;
  number: string;
}

export interface Pep440Version {
  /** Set for a non-PEP 440 string: its setuptools legacy key. */
  legacy?: string;
  epoch: string;
  release: string[];
  pre?: Tagged;
  post?: Tagged;
  dev?: Tagged;
  local: string[];
}

// PEP 440 appendix B's pattern (case-insensitive input is lower-cased first). No nested
// quantifier can match the same text two ways, so matching stays polynomial on any input.
const PEP440 =
  /^\s*v?(?:(?:([0-9]+)!)?([0-9]+(?:\.[0-9]+)*)(?:[-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?([0-9]+)?)?(?:-([0-9]+)|[-_.]?(post|rev|r)[-_.]?([0-9]+)?)?(?:[-_.]?(dev)[-_.]?([0-9]+)?)?)(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?\s*$/;

const PRE_SPELLINGS: Record<string, string> = {
  alpha: 'a',
  a: 'a',
  beta: 'b',
  b: 'b',
  c: 'rc',
  pre: 'rc',
  preview: 'rc',
  rc: 'rc',
};

function tagged(tag: string | undefined, number: string | undefined, normal: string): Tagged | undefined {
  if (tag === undefined && number === undefined) return undefined;
  return { tag: normal, number: normalizeDigits(number ?? '0') };
}

/** setuptools' LegacyVersion key, joined into one comparable string. */
function legacyKey(version: string): string {
  const parts: string[] = [];
  for (const raw of [...(version.match(/\d+|[a-z]+|\.|-/g) ?? []), 'final']) {
    if (raw === '.') continue;
    let part =
      raw === 'pre' || raw === 'preview' || raw === 'rc'
        ? 'c'
        : raw === '-'
          ? 'final-'
          : raw === 'dev'
            ? '@'
            : raw;
    if (isDigits(part)) part = part.padStart(8, '0');
    else {
      part = `*${part}`;
      if (part < '*final') while (parts.at(-1) === '*final-') parts.pop();
      while (parts.at(-1) === '00000000') parts.pop();
    }
    parts.push(part);
  }
  return parts.join('');
}

function comparePre(a: Pep440Version, b: Pep440Version): Order {
  // A bare development release (1.0.dev1) sorts before the pre-releases of its release.
  const da = a.pre === undefined && a.post === undefined && a.dev !== undefined;
  const db = b.pre === undefined && b.post === undefined && b.dev !== undefined;
  if (da || db) return da === db ? 0 : da ? -1 : 1;
  if (a.pre === undefined || b.pre === undefined) return a.pre === b.pre ? 0 : a.pre === undefined ? 1 : -1;
  return compareText(a.pre.tag, b.pre.tag) || compareNormalized(a.pre.number, b.pre.number);
}

function compareOptional(a: Tagged | undefined, b: Tagged | undefined, missing: Order): Order {
  if (a === undefined || b === undefined)
    return a === b ? 0 : a === undefined ? missing : (-missing as Order);
  return compareNormalized(a.number, b.number);
}

export const pep440: VersionScheme<Pep440Version> = {
  id: 'pep440',
  parse(version) {
    if (!parseable(version)) return undefined;
    const s = version.toLowerCase();
    const m = PEP440.exec(s);
    if (m === null) return { legacy: legacyKey(s), epoch: '0', release: [], local: [] };
    const [, epoch, release, preL, preN, postN1, postL, postN2, devL, devN, local] = m;
    return {
      epoch: normalizeDigits(epoch ?? '0'),
      release: release!.split('.').map(normalizeDigits),
      pre: preL === undefined ? undefined : tagged(preL, preN, PRE_SPELLINGS[preL]!),
      post: tagged(postL, postN1 ?? postN2, 'post'),
      dev: tagged(devL, devN, 'dev'),
      local:
        local === undefined ? [] : local.split(/[-_.]/).map((p) => (isDigits(p) ? normalizeDigits(p) : p)),
    };
  },
  compare(a, b): Order {
    if (a.legacy !== undefined || b.legacy !== undefined) {
      if (a.legacy === undefined) return 1;
      if (b.legacy === undefined) return -1;
      return compareText(a.legacy, b.legacy);
    }
    return (
      compareNormalized(a.epoch, b.epoch) ||
      compareNumberLists(a.release, b.release) ||
      comparePre(a, b) ||
      compareOptional(a.post, b.post, -1) ||
      compareOptional(a.dev, b.dev, 1) ||
      compareIdentifierLists(a.local, b.local, true)
    );
  },
};
