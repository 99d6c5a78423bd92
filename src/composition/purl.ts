/**
 * Package URLs for every ecosystem, through packageurl-js so encoding follows the purl spec.
 */
import { PackageURL } from 'packageurl-js';
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

/** Splits an ecosystem name into purl namespace and name. */
function split(ecosystem: Ecosystem, name: string): [string | undefined, string] {
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
    case 'pypi':
      // The purl spec lower-cases PyPI names and turns "_" into "-".
      return [undefined, name.toLowerCase().replace(/[-_.]+/g, '-')];
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

export function purlFor(
  ecosystem: Ecosystem,
  name: string,
  version: string | undefined,
  qualifiers?: Record<string, string>,
): string {
  const [namespace, n] = split(ecosystem, name);
  return new PackageURL(
    purlType[ecosystem],
    namespace,
    n,
    version || undefined,
    qualifiers && Object.keys(qualifiers).length > 0 ? qualifiers : undefined,
    undefined,
  ).toString();
}

/** True when the string parses as a purl. */
export function isValidPurl(purl: string): boolean {
  try {
    PackageURL.fromString(purl);
    return true;
  } catch {
    return false;
  }
}
