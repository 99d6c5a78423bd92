/**
 * Package URLs for every ecosystem, built as strings. packageurl-js defines the expected output
 * (purl.test.ts compares the two over every real lockfile), but costs ~30 ms to import and
 * microseconds per call, which dominates a large lockfile, so it is not loaded at run time.
 */
import type { Ecosystem } from './component.js';

const purlType: Record<Ecosystem, string> = {
  npm: 'npm',
  pypi: 'pypi',
  golang: 'golang',
  cargo: 'cargo',
  gem: 'gem',
  composer: 'composer',
  nuget: 'nuget',
  maven: 'maven',
  'github-actions': 'githubactions',
  docker: 'docker',
};

/** The package-url type of an ecosystem's packages. */
export function purlTypeFor(ecosystem: Ecosystem): string {
  return purlType[ecosystem];
}

/** The purl spec's per-type normalisation, as packageurl-js applies it for our types. */
const lowerCased = new Set<Ecosystem>(['npm', 'pypi', 'composer']);

/** Splits an ecosystem name into purl namespace and name. */
export function splitName(ecosystem: Ecosystem, name: string): [string | undefined, string] {
  switch (ecosystem) {
    case 'npm': {
      if (name.startsWith('@')) {
        const i = name.indexOf('/');
        if (i > 0) return [name.slice(0, i), name.slice(i + 1)];
      }
      return [undefined, name];
    }
    case 'maven': {
      const i = name.indexOf(':');
      return i > 0 ? [name.slice(0, i), name.slice(i + 1)] : [undefined, name];
    }
    case 'golang':
    case 'composer':
    case 'github-actions':
    case 'docker': {
      const i = name.lastIndexOf('/');
      return i > 0 ? [name.slice(0, i), name.slice(i + 1)] : [undefined, name];
    }
    default:
      return [undefined, name];
  }
}

const SAFE = /^[A-Za-z0-9._~-]*$/;

function encodeName(s: string): string {
  return SAFE.test(s) ? s : encodeURIComponent(s);
}

/** Namespace segments: collapse empty ones, keep ":" and "/" readable. */
function encodeNamespace(s: string): string {
  const collapsed = s
    .split('/')
    .filter((seg) => seg.length > 0)
    .join('/');
  return SAFE.test(collapsed)
    ? collapsed
    : encodeURIComponent(collapsed).replace(/%3A/g, ':').replace(/%2F/g, '/');
}

function encodeVersion(s: string): string {
  return SAFE.test(s) ? s : encodeURIComponent(s).replace(/%3A/g, ':').replace(/%2B/g, '+');
}

function encodeQualifiers(q: Record<string, string>): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(q).sort()) {
    const value = q[key]?.trim();
    if (value) params.set(key.toLowerCase(), value);
  }
  return params.toString().replace(/\+/g, '%20');
}

function hasOwnKeys(o: object): boolean {
  for (const k in o) if (Object.hasOwn(o, k)) return true;
  return false;
}

/** An npm name and version that the purl spec keeps as they are (lower case, no characters to escape). */
const PLAIN_NPM_NAME = /^(?:@[a-z0-9._~-]+\/)?[a-z0-9._~-]+$/;
const PLAIN_VERSION = /^[A-Za-z0-9._~+-]+$/;

export function purlFor(
  ecosystem: Ecosystem,
  name: string,
  version: string | undefined,
  qualifiers?: Record<string, string>,
): string {
  // The common case of a large npm lockfile, built directly (the general path below gives the same).
  if (
    ecosystem === 'npm' &&
    qualifiers === undefined &&
    version !== undefined &&
    PLAIN_VERSION.test(version) &&
    PLAIN_NPM_NAME.test(name)
  ) {
    return name.charCodeAt(0) === 64
      ? `pkg:npm/%40${name.slice(1)}@${version}`
      : `pkg:npm/${name}@${version}`;
  }
  let [namespace, n] = splitName(ecosystem, name.trim());
  if (lowerCased.has(ecosystem)) {
    namespace = namespace?.toLowerCase();
    n = n.toLowerCase();
  }
  if (ecosystem === 'pypi') n = n.replace(/_/g, '-');
  let out = `pkg:${purlType[ecosystem]}/`;
  if (namespace && namespace.replace(/\//g, '') !== '') out += `${encodeNamespace(namespace)}/`;
  out += encodeName(n);
  const v = version?.trim();
  if (v) out += `@${encodeVersion(v)}`;
  // Most components have no qualifiers: skip building URLSearchParams for an empty set.
  if (qualifiers && hasOwnKeys(qualifiers)) {
    const q = encodeQualifiers(qualifiers);
    if (q) out += `?${q}`;
  }
  return out;
}
