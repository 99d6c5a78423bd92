/**
 * Just enough PEP 508 / PEP 440 to read requirement strings found in requirements files, pdm.lock
 * dependency lists and pyproject.toml: name, extras, version specifier, URL, marker. Linear scans only.
 */

/** PEP 503 normalised name: lower case, runs of "-", "_", "." become "-". */
export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** A valid PEP 508 project name. */
export function isValidName(name: string): boolean {
  return /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(name);
}

export interface Requirement {
  name: string;
  extras: string[];
  /** Version specifier as written, trimmed ("", ">=1.0", "== 2.8.*, >= 2.8.1"). */
  specifier: string;
  /** PEP 508 direct reference (`name @ url`). */
  url?: string;
  /** Environment marker after ";", trimmed. */
  marker?: string;
}

const NAME_CHAR = /[A-Za-z0-9._-]/;

/**
 * Parses "name[extra] (>=1.0) ; marker" or "name @ url ; marker". Returns undefined when the
 * text does not start with a valid name or has trailing junk before the specifier.
 */
export function parseRequirement(text: string): Requirement | undefined {
  const s = text.trim();
  let i = 0;
  while (i < s.length && NAME_CHAR.test(s[i]!)) i++;
  const name = s.slice(0, i);
  if (!isValidName(name)) return undefined;
  while (s[i] === ' ' || s[i] === '\t') i++;
  const extras: string[] = [];
  if (s[i] === '[') {
    const close = s.indexOf(']', i);
    if (close < 0) return undefined;
    for (const e of s.slice(i + 1, close).split(',')) if (e.trim()) extras.push(e.trim());
    i = close + 1;
    while (s[i] === ' ' || s[i] === '\t') i++;
  }
  const rest = s.slice(i);
  if (rest.startsWith('@')) {
    // In a direct reference the marker needs whitespace before ";" (URLs may contain ";").
    const m = rest.slice(1).search(/\s;/);
    const url = (m < 0 ? rest.slice(1) : rest.slice(1, m + 1)).trim();
    const marker = m < 0 ? undefined : rest.slice(m + 3).trim();
    return { name, extras, specifier: '', url, ...(marker ? { marker } : {}) };
  }
  const semi = rest.indexOf(';');
  let specifier = (semi < 0 ? rest : rest.slice(0, semi)).trim();
  const marker = semi < 0 ? undefined : rest.slice(semi + 1).trim();
  // Legacy "name (>=1.0)" form, as Poetry writes extras.
  if (specifier.startsWith('(') && specifier.endsWith(')')) specifier = specifier.slice(1, -1).trim();
  if (specifier && !/^(?:===|==|!=|~=|>=|<=|>|<)/.test(specifier)) return undefined;
  return { name, extras, specifier, ...(marker ? { marker } : {}) };
}

export interface VersionFromSpecifier {
  /** Exact version for "=="/"===" pins; the bound for a single ">=", "<=", "~=" (osv-scalibr's convention); else "". */
  version: string;
  /** The single comparator, when there is one the version came from. */
  comparator?: string;
  /** True for an exact pin without wildcards. */
  pinned: boolean;
  /** Set when a comparator has no version ("foo=="): the requirement is not usable. */
  invalid?: boolean;
}

const SINGLE_COMPARATORS = ['===', '==', '>=', '<=', '~='] as const;

/**
 * Reads a version out of a specifier. Several clauses, wildcards, "!=", bare "<" or ">" give no
 * version: there is no single version to report.
 */
export function versionFromSpecifier(specifier: string): VersionFromSpecifier {
  const spec = specifier.trim();
  if (!spec) return { version: '', pinned: false };
  if (spec.includes(',') || spec.includes('*') || spec.includes('!=') || /<(?!=)|>(?!=)/.test(spec)) {
    return { version: '', pinned: false };
  }
  for (const op of SINGLE_COMPARATORS) {
    if (spec.startsWith(op)) {
      const version = spec.slice(op.length).trim();
      if (!version) return { version: '', pinned: false, invalid: true };
      return { version, comparator: op, pinned: op === '==' || op === '===' };
    }
  }
  return { version: '', pinned: false, invalid: true };
}
