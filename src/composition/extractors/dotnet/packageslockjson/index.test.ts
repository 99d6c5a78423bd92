import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  describeResult,
  LOCKFILE_SUITE,
  runLockfilePeerSuite,
  SHARED,
} from '../../../../../test/helpers/lockfile-peer-suite.js';
import { isValidPurl } from '../../../purl-check.js';
import { packagesLockJsonExtractor } from './index.js';

const REAL = join(SHARED, 'peer-suites/real-lockfiles');

function extract(text: string, path = 'packages.lock.json') {
  return packagesLockJsonExtractor.extract({ path, text, readSibling: async () => undefined });
}

describe('dotnet/packageslockjson peer suite (osv-scalibr)', () => {
  it('passes every case', async () => {
    const r = await runLockfilePeerSuite('dotnet-packageslockjson', packagesLockJsonExtractor);
    console.log(describeResult(r));
    expect(r.failures).toEqual([]);
    expect(r.passed).toBe(r.total);
  });

  it('claims files by name like upstream (size-limit cases skipped)', () => {
    const suite = JSON.parse(
      readFileSync(join(LOCKFILE_SUITE, 'dotnet-packageslockjson/expected.json'), 'utf8'),
    ) as {
      fileRequired: { path: string; wantRequired: boolean; fileSizeBytes?: number }[];
    };
    const pathOnly = suite.fileRequired.filter((c) => c.fileSizeBytes === undefined);
    expect(pathOnly.length).toBeGreaterThan(2);
    for (const c of pathOnly) expect(packagesLockJsonExtractor.matches(c.path), c.path).toBe(c.wantRequired);
  });
});

describe('dotnet/packageslockjson own fixture', () => {
  it('dedupes across frameworks, converts contentHash, types and edges', async () => {
    const text = readFileSync(join(import.meta.dirname, 'testdata/packages.lock.json'), 'utf8');
    const r = await extract(text, 'src/App/packages.lock.json');
    expect(r.error).toBeUndefined();
    expect(r.components.map((c) => [c.name, c.version, c.direct, c.source, c.location.line])).toEqual([
      ['Newtonsoft.Json', '13.0.3', true, 'registry', 5],
      ['Serilog', '3.1.1', true, 'registry', 11],
      ['System.Memory', '4.5.5', false, 'registry', 21],
      ['mylib', '', undefined, 'workspace', 26],
      ['runtime.linux-x64.Native', '1.0.0', false, 'registry', 39],
    ]);
    const [json, serilog, memory, mylib] = r.components;
    expect(json!.hashes).toEqual([
      {
        alg: 'SHA-512',
        content: Buffer.from(
          'HrC5BXdl00IP9zeV+0Z848QWPAoCr9P3bDEZguI+gkLcBKAOxix/tLEAAHC+UvDNPv4a2d18lOReHMOagPa+zQ==',
          'base64',
        ).toString('hex'),
      },
    ]);
    expect(serilog!.hashes).toBeUndefined();
    // edges resolve case-insensitively to the version locked in the same framework
    expect(serilog!.dependsOn).toEqual(['pkg:nuget/System.Memory@4.5.5', 'pkg:nuget/Newtonsoft.Json@13.0.3']);
    expect(memory!.dependsOn).toBeUndefined();
    expect(mylib!.pinned).toBe(false);
    expect(mylib!.dependsOn).toEqual(['pkg:nuget/Serilog@3.1.1']);
    expect(r.rootDependsOn).toEqual(['pkg:nuget/Newtonsoft.Json@13.0.3', 'pkg:nuget/Serilog@3.1.1']);
  });

  it('errors as values for malformed input', async () => {
    for (const text of ['{', 'null', '[1]', '{"version":1,"dependencies":[]}']) {
      const r = await extract(text);
      expect(r.error, text).toMatch(/could not extract/);
      expect(r.components).toEqual([]);
    }
    const odd = await extract('{"version":1,"dependencies":{"net6.0":{"A":null,"B":{"resolved":7}},"x":3}}');
    expect(odd.error).toBeUndefined();
    expect(odd.components.map((c) => [c.name, c.version])).toEqual([['B', '']]);
  });
});

describe('dotnet/packageslockjson osv-scanner fixtures', () => {
  it('do not throw and give valid purls', async () => {
    const dir = join(REAL, 'fixtures-osv-scanner/nuget');
    const counts: Record<string, number> = {};
    for (const f of readdirSync(dir)) {
      const r = await extract(readFileSync(join(dir, f), 'utf8'));
      if (f === 'not-json.txt') expect(r.error).toMatch(/could not extract/);
      else expect(r.error, f).toBeUndefined();
      for (const c of r.components) expect(isValidPurl(c.purl)).toBe(true);
      counts[f] = r.components.length;
    }
    // two frameworks lock the same Test.Core 6.0.5: one component; Test.System differs per framework
    expect(counts['two-frameworks-mixed-packages.v1.json']).toBe(3);
    expect(counts['two-frameworks-duplicate-packages.v1.json']).toBe(1);
  });
});
