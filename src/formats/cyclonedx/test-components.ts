/** Small merged compositions shared by the SBOM format tests. */
import type { Ecosystem } from '../../composition/component.js';
import { type MergedComponent, mergeComponents } from '../../composition/merge.js';
import { purlFor } from '../../composition/purl.js';
import type { PrecompiledName } from '../precompiled-validator.js';
import { buildSpdx } from '../spdx/build.js';
import { buildCycloneDx } from './build.js';
import type { SbomInput } from './sbom-input.js';

export function sampleComponents(): MergedComponent[] {
  const mk = (ecosystem: Ecosystem, name: string, version: string, extra: Record<string, unknown> = {}) => ({
    ecosystem,
    name,
    version,
    pinned: true,
    purl: purlFor(ecosystem, name, version),
    scope: 'prod' as const,
    source: 'registry' as const,
    location: { path: 'package-lock.json', line: 10 },
    ...extra,
  });
  const react = mk('npm', 'react', '18.2.0', {
    direct: true,
    license: 'MIT',
    hashes: [{ alg: 'SHA-512', content: 'ab'.repeat(64) }],
    dependsOn: [purlFor('npm', 'loose-envify', '1.4.0'), 'pkg:npm/not-in-the-bom@1.0.0'],
  });
  return mergeComponents([
    {
      edgesKnown: true,
      extractor: 'javascript/packagelockjson',
      components: [
        react,
        mk('npm', 'loose-envify', '1.4.0', {
          license: '(MIT OR Apache-2.0)',
          location: { path: 'package-lock.json', line: 20 },
        }),
        mk('npm', '@types/node', '20.1.0', {
          scope: 'dev',
          direct: true,
          license: 'SEE LICENSE IN LICENSE.md',
        }),
        mk('npm', 'fsevents', '2.3.3', { scope: 'optional', license: 'mit' }),
        mk('npm', 'from-git', '1.0.0', {
          source: 'git',
          sourceRef: 'git+https://github.com/example/from-git.git',
          commit: '0123456789abcdef0123456789abcdef01234567',
          hashes: [{ alg: 'SHA-1', content: 'tooshort' }],
        }),
      ],
    },
    {
      extractor: 'python/requirements',
      components: [
        mk('pypi', 'Django', '4.2.1', {
          location: { path: 'requirements.txt', line: 3 },
          license: 'BSD-3-Clause',
        }),
        mk('pypi', 'flask', '>=2', {
          pinned: false,
          purl: purlFor('pypi', 'flask', undefined),
          location: { path: 'requirements.txt', line: 4 },
        }),
        mk('maven', 'org.apache.logging.log4j:log4j-core', '2.17.1', {
          location: { path: 'pom.xml', line: 40 },
        }),
        mk('github-actions', 'actions/checkout', 'v4', {
          scope: 'dev',
          location: { path: '.github/workflows/ci.yml', line: 8 },
        }),
        mk('docker', 'library/node', '20-alpine', { location: { path: 'Dockerfile', line: 1 } }),
        mk('npm', '<script>alert(1)</script>\u0000\u001b[31m"\\', '1.0.0', {
          purl: purlFor('npm', 'x-hostile', '1.0.0'),
          license: 'GPL-3.0-only WITH Classpath-exception-2.0\u0007',
          location: { path: 'weird/"quoted"\nname.json', line: 1 },
        }),
      ],
    },
  ]);
}

/** An SBOM input of sampleComponents() for a sample product; `extra` overrides any field. */
export function sampleInput(extra: Partial<SbomInput> = {}): SbomInput {
  const components = sampleComponents();
  return {
    components,
    rootDependsOn: components.filter((c) => c.direct).map((c) => c.purl),
    product: {
      name: 'Acme Portal',
      version: '2.1.0',
      supplier: { name: 'Acme Ltd', url: 'https://acme.example' },
    },
    toolVersion: '0.1.0',
    ...extra,
  };
}

/** A valid SBOM of sampleInput() in the format `name` validates. */
export function sampleSbom(name: PrecompiledName): unknown {
  return name === 'spdx-2.3'
    ? buildSpdx(sampleInput({ deterministic: true, sourceDate: '2024-01-01T00:00:00Z' }))
    : buildCycloneDx(sampleInput());
}
