import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PackageURL } from 'packageurl-js';
import { describe, expect, it } from 'vitest';
import {
  describeResult,
  LOCKFILE_SUITE,
  runLockfilePeerSuite,
  SHARED,
} from '../../../../../test/helpers/lockfile-peer-suite.js';
import type { ExtractionResult } from '../../../component.js';
import { isValidPurl } from '../../../purl-check.js';
import { composerLockExtractor, licenseExpression } from './index.js';

const REAL = join(SHARED, 'peer-suites/real-lockfiles');

async function extractFile(file: string, path = 'composer.lock'): Promise<ExtractionResult> {
  const text = readFileSync(file, 'utf8');
  return composerLockExtractor.extract({
    path,
    text,
    readSibling: async (p) => {
      const abs = join(dirname(file), p.slice(p.lastIndexOf('/') + 1));
      return existsSync(abs) ? readFileSync(abs, 'utf8') : undefined;
    },
  });
}

describe('php/composerlock peer suite (osv-scalibr)', () => {
  it('passes every case', async () => {
    const r = await runLockfilePeerSuite('php-composerlock', composerLockExtractor);
    console.log(describeResult(r));
    expect(r.failures).toEqual([]);
    expect(r.passed).toBe(r.total);
  });

  it('claims files by name like upstream', () => {
    const suite = JSON.parse(
      readFileSync(join(LOCKFILE_SUITE, 'php-composerlock/expected.json'), 'utf8'),
    ) as {
      fileRequired: { path: string; wantRequired: boolean }[];
    };
    for (const c of suite.fileRequired)
      expect(composerLockExtractor.matches(c.path), c.path).toBe(c.wantRequired);
  });
});

describe('php/composerlock own fixture', () => {
  it('reads commits, shasums, licences, edges and direct deps from composer.json', async () => {
    const r = await extractFile(
      join(import.meta.dirname, 'testdata/project/composer.lock'),
      'app/composer.lock',
    );
    expect(r.error).toBeUndefined();
    const [http, log, kit] = r.components;
    expect(http).toMatchObject({
      name: 'acme/http',
      version: 'v2.1.0',
      purl: 'pkg:composer/acme/http@v2.1.0',
      pinned: true,
      scope: 'prod',
      direct: true,
      commit: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      hashes: [{ alg: 'SHA-1', content: '0123456789abcdef0123456789abcdef01234567' }],
      license: 'MIT OR Apache-2.0 OR (LGPL-2.1-only or GPL-3.0-or-later)',
      // platform packages and packages missing from the lock are not edges
      dependsOn: ['pkg:composer/acme/log@dev-main'],
      location: { path: 'app/composer.lock', line: 6 },
    });
    expect(log).toMatchObject({ version: 'dev-main', pinned: true, direct: false, license: 'BSD-3-Clause' });
    expect(log!.location.line).toBe(29);
    expect(kit).toMatchObject({ scope: 'dev', groups: ['dev'], pinned: false, direct: true });
    expect(kit!.commit).toBeUndefined();
    expect(kit!.dependsOn).toEqual(['pkg:composer/acme/http@v2.1.0']);
    expect(r.rootDependsOn?.sort()).toEqual([
      'pkg:composer/acme/http@v2.1.0',
      'pkg:composer/acme/test-kit@1.x-dev',
    ]);
  });

  it('joins licence alternatives with OR', () => {
    expect(licenseExpression(['MIT'])).toBe('MIT');
    expect(licenseExpression(['BSD-3-Clause', 'GPL-2.0-only'])).toBe('BSD-3-Clause OR GPL-2.0-only');
    expect(licenseExpression([])).toBeUndefined();
    expect(licenseExpression('proprietary')).toBe('proprietary');
  });

  it('returns errors as values for hostile input', async () => {
    const cases = [
      '{"packages": [',
      '[]',
      '"x"',
      '{"packages": {"a": 1}}',
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    ];
    for (const text of cases) {
      const r = await composerLockExtractor.extract({
        path: 'composer.lock',
        text,
        readSibling: async () => undefined,
      });
      expect(r.components).toEqual([]);
    }
    const broken = await composerLockExtractor.extract({
      path: 'composer.lock',
      text: '{\n  "packages": [\n    {"name": }\n',
      readSibling: async () => undefined,
    });
    expect(broken.error).toMatch(/could not extract: invalid JSON at 3:/);
  });
});

describe('php/composerlock real files', () => {
  it('opengrc: same name@version set as the cyclonedx-php-composer SBOM from the same lock', async () => {
    const r = await extractFile(join(REAL, 'php/opengrc-composer.lock'));
    expect(r.error).toBeUndefined();
    expect(r.components).toHaveLength(244);
    const sbom = JSON.parse(readFileSync(join(REAL, 'php/opengrc-sbom.cdx.json'), 'utf8')) as {
      components: { purl: string; licenses?: { license: { id?: string; name?: string } }[] }[];
    };
    const reference = new Map<string, string[]>();
    for (const c of sbom.components) {
      const p = PackageURL.fromString(c.purl);
      reference.set(
        `${p.namespace}/${p.name}@${p.version}`,
        (c.licenses ?? []).map((l) => l.license.id ?? l.license.name ?? ''),
      );
    }
    const ours = new Set(r.components.map((c) => `${c.name}@${c.version}`));
    expect(reference.size).toBe(244);
    expect([...ours].sort()).toEqual([...reference.keys()].sort());
    // The reference lists a package's licences as separate entries; we join the same list with OR.
    for (const c of r.components) {
      expect(c.license?.split(' OR ') ?? [], c.name).toEqual(reference.get(`${c.name}@${c.version}`));
      expect(isValidPurl(c.purl)).toBe(true);
    }
    expect(r.components.filter((c) => c.scope === 'dev')).toHaveLength(67);
    expect(r.components.filter((c) => c.commit).length).toBeGreaterThan(240);
  });

  it('cdxgen composer-3: 62 packages', async () => {
    const r = await extractFile(join(REAL, 'php/cdxgen-fixture-composer-3.lock'));
    expect(r.error).toBeUndefined();
    expect(r.components).toHaveLength(62);
    expect(r.components.every((c) => c.location.line && c.location.line > 1)).toBe(true);
  });

  it('osv-scanner composer fixtures do not throw', async () => {
    const dir = join(REAL, 'fixtures-osv-scanner/composer');
    for (const f of readdirSync(dir)) {
      const r = await extractFile(join(dir, f));
      if (f === 'not-json.txt') expect(r.error).toMatch(/could not extract/);
      else expect(r.error, f).toBeUndefined();
    }
  });
});
