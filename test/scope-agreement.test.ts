/**
 * `vouch assess` and `vouch sbom` see the same repository: the same files in scope, read with the
 * same size limits, and repository strings escaped in every report format. Each case here was a
 * verified disagreement (issue 8) before the scope policy and the shared sanitiser.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { assess } from '../src/app/assess.js';
import { render } from '../src/cli/commands/assess.js';
import { type CompositionFacts, compositionCollector } from '../src/collectors/composition/index.js';
import { collectors as registered } from '../src/collectors/index.js';
import {
  type PackageManifestFacts,
  packageManifestsCollector,
} from '../src/collectors/package-manifests/index.js';
import { defaultRunContext, withNeeds } from '../src/collectors/run.js';
import type { Collector } from '../src/collectors/types.js';
import { probe as lockfileCommitted } from '../src/probes/lockfile-committed/index.js';
import { hasUnsafeChars } from '../src/util/sanitise.js';
import { runCli } from './helpers/cli.js';
import { makeRepo } from './helpers/repo.js';

const temps: string[] = [];
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

/** A committed git repository with these files (removed after the tests). */
function repo(files: Record<string, string>): string {
  const root = makeRepo(files, { commit: true });
  temps.push(root);
  return root;
}

/** Runs `vouch sbom` on the tree; the CycloneDX component names and the command's stderr. */
async function sbomOf(root: string): Promise<{ names: string[]; stderr: string }> {
  const run = await runCli(['sbom', root]);
  expect(run.code).toBe(0);
  const bom = JSON.parse(run.out) as { components?: { name: string }[] };
  return { names: (bom.components ?? []).map((c) => c.name).sort(), stderr: run.err };
}

/** Runs `vouch assess` with the given collectors, and hands back what they collected. */
async function assessWith<T extends Record<string, Collector>>(
  root: string,
  spies: T,
  probes = [lockfileCommitted],
) {
  const seen: Record<string, unknown> = {};
  const spied = Object.values(spies).map(
    (c): Collector => ({
      ...c,
      collect: async (ctx) => {
        seen[c.fact.id] = await c.collect(ctx);
        return seen[c.fact.id];
      },
    }),
  );
  const collectors = withNeeds(spied, registered);
  const report = await assess(root, { run: defaultRunContext({ today: '2026-01-01' }), collectors, probes });
  return { report, seen };
}

function packageLock(count: number, padding: number): string {
  const packages: Record<string, unknown> = { '': { name: 'big', dependencies: {} } };
  const root = packages[''] as { dependencies: Record<string, string> };
  for (let i = 0; i < count; i++) {
    root.dependencies[`pkg-${i}`] = '1.0.0';
    packages[`node_modules/pkg-${i}`] = {
      version: '1.0.0',
      resolved: `https://registry.npmjs.org/pkg-${i}/-/pkg-${i}-1.0.0.tgz`,
      // Long but valid: what makes real lockfiles of big monorepos pass 10 MiB.
      integrity: `sha512-${'A'.repeat(padding)}==`,
    };
  }
  return JSON.stringify({ name: 'big', lockfileVersion: 3, requires: true, packages }, null, 2);
}

describe('assess and sbom agree on what they read', () => {
  it('read a 12 MB package-lock.json with the same outcome (both extract every package)', async () => {
    const count = 2000;
    const lock = packageLock(count, 6000);
    expect(lock.length).toBeGreaterThan(12_000_000);
    const root = repo({
      'package.json': JSON.stringify({ name: 'big', dependencies: { 'pkg-0': '1.0.0' } }),
      'package-lock.json': lock,
    });
    const sbom = await sbomOf(root);
    expect(sbom.names).toHaveLength(count);
    expect(sbom.stderr).toContain('no coverage problems');

    const { seen } = await assessWith(root, { composition: compositionCollector });
    const facts = seen.composition as CompositionFacts;
    const entry = facts.coverage.find((c) => c.path === 'package-lock.json');
    expect(entry).toMatchObject({ status: 'extracted', components: count });
    expect(facts.components.map((c) => c.name).sort()).toEqual(sbom.names);
  }, 60_000);

  it('treat a lockfile under test-data/ alike: out of the SBOM (listed as excluded) and out of the lockfile probe', async () => {
    const lock = (name: string) =>
      JSON.stringify({
        name: 'x',
        lockfileVersion: 3,
        packages: {
          '': { name: 'x', dependencies: { [name]: '1.0.0' } },
          [`node_modules/${name}`]: { version: '1.0.0' },
        },
      });
    const root = repo({
      'package.json': JSON.stringify({ name: 'app', dependencies: { 'real-dep': '1.0.0' } }),
      'package-lock.json': lock('real-dep'),
      // A fixture project with a lockfile, and one without: test data, not the product.
      'test-data/locked/package.json': JSON.stringify({
        name: 'f',
        dependencies: { 'fixture-only': '1.0.0' },
      }),
      'test-data/locked/package-lock.json': lock('fixture-only'),
      'test-data/unlocked/package.json': JSON.stringify({ name: 'g', dependencies: { 'left-pad': '1.0.0' } }),
    });
    const sbom = await sbomOf(root);
    expect(sbom.names).toEqual(['real-dep']);

    const { report, seen } = await assessWith(root, {
      composition: compositionCollector,
      'package-manifests': packageManifestsCollector,
    });
    const composition = seen.composition as CompositionFacts;
    expect(composition.components.map((c) => c.name)).toEqual(['real-dep']);
    const excluded = composition.coverage.filter((c) => c.status === 'excluded');
    expect(excluded.map((c) => c.path)).toEqual([
      'test-data/locked/package-lock.json',
      'test-data/locked/package.json',
      'test-data/unlocked/package.json',
    ]);
    expect(excluded[0]!.notes?.[0]).toMatch(/under test-data\/ \(test fixtures/);

    // The lockfile probe looks at exactly the manifests the SBOM reads from.
    const manifests = (seen['package-manifests'] as PackageManifestFacts).manifests.map((m) => m.path);
    expect(manifests).toEqual(['package.json']);
    const lockfileFindings = report.findings.filter((f) =>
      f.rule.startsWith(lockfileCommitted.definition.id),
    );
    expect(lockfileFindings.map((f) => f.outcome)).toEqual(['pass']);
    expect(JSON.stringify(lockfileFindings)).not.toContain('test-data');
  }, 60_000);
});

describe('repository strings in the report', () => {
  // Line and paragraph separators, RTL mark, override, isolate, zero-width space, BOM, BEL, CSI.
  const weird = 'app\u2028x\u200F\u202E\u2066\u200B\uFEFF\u0007\u009B';
  const escapes = ['\\u2028', '\\u200F', '\\u202E', '\\u2066', '\\u200B', '\\uFEFF', '\\u0007', '\\u009B'];

  it('are escaped in the Markdown, text and JSON reports: visible, never raw', async () => {
    // A manifest without a lockfile in a folder with that name: the lockfile probe quotes its path.
    const root = repo({
      [`${weird}/package.json`]: JSON.stringify({ name: 'w', dependencies: { 'left-pad': '1.0.0' } }),
    });
    const { report } = await assessWith(root, { 'package-manifests': packageManifestsCollector });
    expect(report.findings.some((f) => f.location?.path.startsWith('app\u2028'))).toBe(true);

    for (const format of ['markdown', 'text', 'json', 'sarif']) {
      const out = await render(report, format, false);
      // Newlines are the format's own; everything else unsafe must be gone.
      expect(hasUnsafeChars(out.replace(/\n/g, '')), format).toBe(false);
      // SARIF carries the path as a percent-encoded URI; its messages are checked above.
      if (format === 'sarif') continue;
      for (const e of escapes) {
        // Markdown escapes the backslash of the visible escape so that it shows.
        expect(out, `${format} ${e}`).toContain(format === 'markdown' ? `\\${e}` : e);
      }
    }
    // The JSON report still holds the exact name, once parsed.
    const parsed = JSON.parse(await render(report, 'json', false)) as typeof report;
    expect(parsed.findings.some((f) => f.location?.path === `${weird}/package.json`)).toBe(true);
  }, 60_000);
});
