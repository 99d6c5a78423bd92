/**
 * CSAF document versions (`/$defs/version_t`): integer versioning ("3") or semantic versioning
 * ("1.2.0-rc.1+build"). The revision-history tests compare them.
 */

const INTEGER = /^(0|[1-9][0-9]*)$/;
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export interface DocVersion {
  scheme: 'integer' | 'semver';
  major: number;
  minor: number;
  patch: number;
  /** Pre-release identifiers (semver only). */
  pre: string[];
  build?: string;
  text: string;
}

export function parseVersion(text: unknown): DocVersion | undefined {
  if (typeof text !== 'string') return undefined;
  if (INTEGER.test(text))
    return { scheme: 'integer', major: Number(text), minor: 0, patch: 0, pre: [], text };
  const m = SEMVER.exec(text);
  if (!m) return undefined;
  return {
    scheme: 'semver',
    major: Number(m[1]),
    minor: Number(m[2]),
    patch: Number(m[3]),
    pre: m[4] ? m[4].split('.') : [],
    ...(m[5] ? { build: m[5] } : {}),
    text,
  };
}

/** Semantic-versioning precedence (build metadata ignored); integers compare as majors. */
export function compareVersions(a: DocVersion, b: DocVersion): number {
  for (const k of ['major', 'minor', 'patch'] as const) if (a[k] !== b[k]) return a[k] - b[k];
  if (a.pre.length === 0 || b.pre.length === 0) return b.pre.length - a.pre.length;
  for (let i = 0; i < Math.min(a.pre.length, b.pre.length); i++) {
    const x = a.pre[i] as string;
    const y = b.pre[i] as string;
    if (x === y) continue;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn) return Number(x) - Number(y);
    if (xn !== yn) return xn ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return a.pre.length - b.pre.length;
}

/** The version without build metadata and, when `dropPre`, without its pre-release part. */
export function versionCore(v: DocVersion, dropPre: boolean): string {
  if (v.scheme === 'integer') return String(v.major);
  const core = `${v.major}.${v.minor}.${v.patch}`;
  return dropPre || v.pre.length === 0 ? core : `${core}-${v.pre.join('.')}`;
}
