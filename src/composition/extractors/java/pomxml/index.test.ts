// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here is the file syntax under test, not a template
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  describeResult,
  LOCKFILE_SUITE,
  runLockfilePeerSuite,
  SHARED,
} from '../../../../../test/helpers/lockfile-peer-suite.js';
import type { ExtractionResult } from '../../../component.js';
import { isValidPurl } from '../../../purl-check.js';
import { pomXmlExtractor } from './index.js';

const REAL = join(SHARED, 'peer-suites/real-lockfiles');
const TESTDATA = join(import.meta.dirname, 'testdata');

/** Extracts `path` under `base`; `rename` maps repository paths to differently named files on disk. */
async function extractAt(
  base: string,
  path: string,
  rename: Record<string, string> = {},
): Promise<ExtractionResult> {
  const file = (p: string) => join(base, rename[p] ?? p);
  return pomXmlExtractor.extract({
    path,
    text: readFileSync(file(path), 'utf8'),
    readSibling: async (p) => (existsSync(file(p)) ? readFileSync(file(p), 'utf8') : undefined),
  });
}

const KNOWN_DISAGREEMENTS: Record<string, string> = {
  'TestExtractor_Extract/explicit jar type (testdata/explicit-jar.xml)':
    'com.example:my-lib of type pom and of type jar are two artifacts (Maven keys dependencies by ' +
    'groupId:artifactId:type:classifier); vouch reports both, with a type qualifier on the pom one',
  'TestExtractor_Extract/with multiple classifiers (testdata/with-multiple-classifiers.xml)':
    'the "sources" classifier and the main jar are two artifacts; vouch reports both, the first with a ' +
    'classifier qualifier, upstream folds them by groupId:artifactId',
};

describe('java/pomxml peer suite (osv-scalibr)', () => {
  it('passes every case but the known disagreements', async () => {
    const r = await runLockfilePeerSuite('java-pomxml', pomXmlExtractor, KNOWN_DISAGREEMENTS);
    console.log(describeResult(r));
    expect(r.failures).toEqual([]);
    expect(r.disagreements.map((d) => d.key).sort()).toEqual(Object.keys(KNOWN_DISAGREEMENTS).sort());
    expect(r.passed).toBe(r.total - Object.keys(KNOWN_DISAGREEMENTS).length);
  });

  it('the disagreements are the ones described', async () => {
    const base = join(LOCKFILE_SUITE, 'java-pomxml');
    const interpolation = await extractAt(base, 'testdata/interpolation.xml');
    expect(interpolation.components.find((c) => c.name === 'org.mine:ranged-package')).toMatchObject({
      version: '9.4.35.v20201120',
      constraint: '[9.4.35.v20201120,9.5)',
      pinned: false,
      purl: 'pkg:maven/org.mine/ranged-package',
    });
    // Two declarations of one artifact: upstream sets no line (Go's 0); vouch keeps the first one's.
    const ambiguous = await extractAt(base, 'testdata/ambiguous-interpolation.xml');
    expect(ambiguous.components[0]?.location.line).toBe(8);
    const jar = await extractAt(base, 'testdata/explicit-jar.xml');
    expect(jar.components.map((c) => c.purl)).toEqual([
      'pkg:maven/org.different/my-lib@1.0.0',
      'pkg:maven/com.example/my-lib@1.0.0?type=pom',
      'pkg:maven/com.example/my-lib@1.0.0',
    ]);
    const classifiers = await extractAt(base, 'testdata/with-multiple-classifiers.xml');
    expect(classifiers.components.map((c) => [c.purl, c.location.line])).toEqual([
      ['pkg:maven/com.example/my-lib@1.0.0?classifier=sources', 8],
      ['pkg:maven/com.example/my-lib@1.0.0', 14],
    ]);
  });

  it('claims files by name like upstream', () => {
    const suite = JSON.parse(readFileSync(join(LOCKFILE_SUITE, 'java-pomxml/expected.json'), 'utf8')) as {
      fileRequired: { path: string; wantRequired: boolean }[];
    };
    for (const c of suite.fileRequired) expect(pomXmlExtractor.matches(c.path), c.path).toBe(c.wantRequired);
  });
});

describe('java/pomxml own fixtures', () => {
  it('resolves through a parent chain: properties, project.*, dependencyManagement, inheritance', async () => {
    const r = await extractAt(join(TESTDATA, 'chain'), 'app/pom.xml');
    expect(r.error).toBeUndefined();
    const rows = r.components.map((c) => [c.purl, c.version, c.pinned, c.scope, c.groups, c.location.line]);
    expect(rows).toEqual([
      ['pkg:maven/org.example/core@2.5.0', '2.5.0', true, 'prod', [], 17],
      // the child's guava.version overrides the parent's, inside the parent's dependencyManagement
      ['pkg:maven/com.google.guava/guava@32.1.3-jre', '32.1.3-jre', true, 'prod', [], 22],
      // scope comes from dependencyManagement too
      ['pkg:maven/org.junit.jupiter/junit-jupiter@5.10.1', '5.10.1', true, 'dev', ['test'], 26],
      ['pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.16.1', '2.16.1', true, 'prod', [], 30],
      // managed only by an imported BOM, which is not fetched
      ['pkg:maven/io.netty/netty-handler', '', false, 'prod', [], 35],
      ['pkg:maven/javax.servlet/javax.servlet-api', '3.0', false, 'prod', ['provided'], 39],
      ['pkg:maven/org.cycle/cycle', '${a}', false, 'optional', [], 45],
      ['pkg:maven/com.sun/tools@1.8', '1.8', true, 'prod', ['system'], 51],
      ['pkg:maven/org.example/core@2.5.0?type=test-jar', '2.5.0', true, 'dev', ['test'], 58],
      // inherited from the parent: located at the child's <parent>, backed by the parent's line
      ['pkg:maven/org.slf4j/slf4j-api@2.0.9', '2.0.9', true, 'prod', [], 4],
    ]);
    const slf4j = r.components.find((c) => c.name === 'org.slf4j:slf4j-api')!;
    expect(slf4j.related).toEqual([{ path: 'pom.xml', line: 13 }]);
    const guava = r.components.find((c) => c.name === 'com.google.guava:guava')!;
    expect(guava.related).toEqual([{ path: 'pom.xml', line: 21 }]);
    expect(r.components.find((c) => c.name === 'com.sun:tools')!.source).toBe('path');
    expect(r.components.find((c) => c.name === 'javax.servlet:javax.servlet-api')!.constraint).toBe(
      '[3.0,5.0)',
    );
    // neither inactive profiles nor plugin dependencies are project dependencies
    expect(r.components.map((c) => c.name)).not.toContain('org.off:inactive');
    expect(r.components.map((c) => c.name)).not.toContain('org.plugin:plugin-only');
    const notes = r.notes?.join('\n') ?? '';
    expect(notes).toMatch(/1 imported BOM\(s\) in dependencyManagement not resolved/);
    expect(notes).toMatch(/3 dependencies have no exact version/);
    expect(r.rootDependsOn).toHaveLength(10);
  });

  it('stops at a parent loop', async () => {
    const r = await extractAt(join(TESTDATA, 'loop'), 'a/pom.xml');
    expect(r.error).toBeUndefined();
    expect(r.components.map((c) => c.name)).toEqual(['x:from-a', 'x:from-b']);
    expect(r.notes?.join('\n')).toMatch(/parent loop:a:1 of b\/pom.xml is not in the repository/);
  });

  it('does not follow a file that is not the declared parent', async () => {
    const r = await pomXmlExtractor.extract({
      path: 'svc/pom.xml',
      text: '<project><parent><groupId>g</groupId><artifactId>wanted</artifactId></parent></project>',
      readSibling: async (p) =>
        p === 'pom.xml'
          ? '<project><groupId>g</groupId><artifactId>other</artifactId><dependencies><dependency>' +
            '<groupId>x</groupId><artifactId>y</artifactId><version>1</version></dependency></dependencies></project>'
          : undefined,
    });
    expect(r.components).toEqual([]);
    expect(r.notes?.join('\n')).toMatch(/pom.xml is not the declared parent g:wanted/);
  });

  it('never expands DTD entities (billion laughs, XXE)', async () => {
    for (const f of ['billion-laughs.xml', 'xxe.xml']) {
      const r = await extractAt(join(TESTDATA, 'hostile'), f);
      expect(r.error, f).toMatch(/could not extract from .*undefined entity/);
      expect(r.components).toEqual([]);
    }
  });

  it('bounds property expansion', async () => {
    const r = await extractAt(join(TESTDATA, 'hostile'), 'property-bomb.xml');
    expect(r.error).toBeUndefined();
    expect(r.components).toHaveLength(1);
    expect(r.components[0]!.pinned).toBe(false);
    expect(r.components[0]!.version.length).toBeLessThan(10_000);
  });

  it('rejects non-POM XML and deep nesting as error values', async () => {
    for (const text of ['<settings/>', '<project>', `${'<project>'.repeat(5000)}`]) {
      const r = await pomXmlExtractor.extract({ path: 'pom.xml', text, readSibling: async () => undefined });
      expect(r.error).toMatch(/could not extract/);
    }
  });
});

describe('java/pomxml real files', () => {
  it('zeppelin-server: pom -> parent/pom.xml -> parent/parent/pom.xml', async () => {
    const r = await extractAt(join(REAL, 'maven/zeppelin-server'), 'pom.xml');
    expect(r.error).toBeUndefined();
    // 37 top-level dependencies plus one from the activeByDefault hadoop3 profile
    expect(r.components).toHaveLength(38);
    // every version resolves: from own properties, ${project.version} (inherited 0.11.1) or the parent's management
    expect(r.components.filter((c) => !c.pinned)).toEqual([]);
    expect(r.notes?.join('\n') ?? '').not.toMatch(/not in the repository/);
    const byName = (n: string) => r.components.filter((c) => c.name === n);
    expect(byName('org.apache.zeppelin:zeppelin-zengine').map((c) => c.purl)).toEqual([
      'pkg:maven/org.apache.zeppelin/zeppelin-zengine@0.11.1',
      'pkg:maven/org.apache.zeppelin/zeppelin-zengine@0.11.1?classifier=tests',
    ]);
    expect(byName('org.apache.httpcomponents:httpclient')[0]).toMatchObject({
      version: '4.5.13',
      related: [{ path: 'parent/pom.xml', line: 276 }],
    });
    expect(byName('org.apache.hadoop:hadoop-client-runtime')[0]).toMatchObject({
      version: '3.2.4',
      groups: ['provided'],
    });
    for (const c of r.components) expect(isValidPurl(c.purl)).toBe(true);
  });

  it('dependency-track apiserver with its reactor root as ../pom.xml', async () => {
    const rename = {
      'apiserver/pom.xml': 'dependency-track-apiserver-pom.xml',
      'pom.xml': 'dependency-track-root-pom.xml',
    };
    const withRoot = await extractAt(join(REAL, 'maven'), 'apiserver/pom.xml', rename);
    const alone = await extractAt(join(REAL, 'maven'), 'dependency-track-apiserver-pom.xml');
    for (const r of [withRoot, alone]) {
      expect(r.error).toBeUndefined();
      expect(r.components).toHaveLength(90);
      for (const c of r.components) expect(isValidPurl(c.purl)).toBe(true);
    }
    // the root's dependencyManagement pins versions the module leaves out; BOM-managed ones stay open
    const unpinned = (r: ExtractionResult) => r.components.filter((c) => !c.pinned).length;
    expect(unpinned(withRoot)).toBeLessThan(unpinned(alone));
    expect(alone.notes?.join('\n')).toMatch(
      /parent org.dependencytrack:dependency-track-parent:.* is not in the repository/,
    );
    const root = await extractAt(join(REAL, 'maven'), 'dependency-track-root-pom.xml');
    expect(root.error).toBeUndefined();
    expect(root.components).toEqual([]);
  });

  it('osv-scanner maven fixtures do not throw', async () => {
    const dir = join(REAL, 'fixtures-osv-scanner/maven');
    for (const f of readdirSync(dir)) {
      const r = await extractAt(dir, f);
      if (f === 'not-pom.txt' || f === 'invalid-syntax.xml') expect(r.error, f).toMatch(/could not extract/);
      else expect(r.error, f).toBeUndefined();
    }
  });
});
