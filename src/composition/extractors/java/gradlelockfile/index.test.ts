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
import { gradleLockfileExtractor } from './index.js';

describe('java/gradlelockfile peer suite (osv-scalibr)', () => {
  it('passes every case', async () => {
    const r = await runLockfilePeerSuite('java-gradlelockfile', gradleLockfileExtractor);
    console.log(describeResult(r));
    expect(r.failures).toEqual([]);
    expect(r.passed).toBe(r.total);
  });

  it('claims files by name like upstream', () => {
    const suite = JSON.parse(
      readFileSync(join(LOCKFILE_SUITE, 'java-gradlelockfile/expected.json'), 'utf8'),
    ) as {
      fileRequired: { path: string; wantRequired: boolean }[];
    };
    for (const c of suite.fileRequired)
      expect(gradleLockfileExtractor.matches(c.path), c.path).toBe(c.wantRequired);
  });
});

describe('java/gradlelockfile own fixture', () => {
  it('keeps configurations as groups, test-only and buildscript locks as dev, CRLF lines', async () => {
    const text = readFileSync(join(import.meta.dirname, 'testdata/gradle.lockfile'), 'utf8');
    const r = await gradleLockfileExtractor.extract({
      path: 'app/gradle.lockfile',
      text,
      readSibling: async () => undefined,
    });
    expect(r.error).toBeUndefined();
    expect(r.components.map((c) => [c.purl, c.scope, c.groups, c.location.line])).toEqual([
      [
        'pkg:maven/com.google.guava/guava@32.1.3-jre',
        'prod',
        ['compileClasspath', 'runtimeClasspath', 'testCompileClasspath', 'testRuntimeClasspath'],
        4,
      ],
      [
        'pkg:maven/org.junit.jupiter/junit-jupiter-api@5.10.0',
        'dev',
        ['testCompileClasspath', 'testRuntimeClasspath'],
        5,
      ],
      ['pkg:maven/org.projectlombok/lombok@1.18.30', 'prod', ['annotationProcessor', 'compileClasspath'], 6],
    ]);
    expect(r.notes?.[0]).toMatch(/skipped .*: 7$/);
    const build = await gradleLockfileExtractor.extract({
      path: 'buildscript-gradle.lockfile',
      text,
      readSibling: async () => undefined,
    });
    expect(build.components.every((c) => c.scope === 'dev')).toBe(true);
  });

  it('osv-scanner gradle fixtures do not throw', async () => {
    const dir = join(SHARED, 'peer-suites/real-lockfiles/fixtures-osv-scanner/gradle');
    for (const f of readdirSync(dir)) {
      const r = await gradleLockfileExtractor.extract({
        path: 'gradle.lockfile',
        text: readFileSync(join(dir, f), 'utf8'),
        readSibling: async () => undefined,
      });
      expect(r.error, f).toBeUndefined();
      for (const c of r.components) expect(isValidPurl(c.purl)).toBe(true);
    }
  });
});
