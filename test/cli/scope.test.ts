/**
 * Issue 10, item 5: which folder vouch assesses. Run without a path from a subdirectory, it
 * finds the work-tree root (and its vouch.yaml) the way git does, and says which root it used.
 */
import { mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AssessmentReport } from '../../src/assessment/types.js';
import { findRepositoryRoot } from '../../src/repository/root.js';
import { runCli } from '../helpers/cli.js';
import { makeRepo } from '../helpers/repo.js';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

/** The CLI run in-process with `cwd` as the current folder (the test pool runs forks, so chdir works). */
async function runIn(cwd: string, args: string[]) {
  const before = process.cwd();
  process.chdir(cwd);
  try {
    return await runCli(args);
  } finally {
    process.chdir(before);
  }
}

const VOUCH_YAML = `schemaVersion: 1
product:
  name: "root-product"
  version: "4.5.6"
  license: "MIT"
vendor:
  name: "Acme Ltd"
vendorRole: developer-and-distributor
`;

describe('scope like git', () => {
  it('from a subdirectory, assesses the work-tree root and reads its vouch.yaml', async () => {
    const root = realpathSync(
      makeRepo({
        'vouch.yaml': VOUCH_YAML,
        'package.json': JSON.stringify({ name: 'root-product', dependencies: { 'left-pad': '1.3.0' } }),
        'package-lock.json': JSON.stringify({
          name: 'root-product',
          lockfileVersion: 3,
          packages: {
            '': { name: 'root-product', dependencies: { 'left-pad': '1.3.0' } },
            'node_modules/left-pad': { version: '1.3.0' },
          },
        }),
        'src/deep/er/index.js': 'module.exports = 1;\n',
      }),
    );
    roots.push(root);
    const sub = join(root, 'src', 'deep', 'er');
    const sbom = await runIn(sub, ['sbom']);
    expect(sbom.code).toBe(0);
    expect(sbom.err).toContain(`using ${root} (the folder above with vouch.yaml)`);
    const doc = JSON.parse(sbom.out) as {
      metadata: { component: { name: string; version?: string } };
      components: { name: string }[];
    };
    expect(doc.metadata.component).toMatchObject({ name: 'root-product', version: '4.5.6' });
    expect(doc.components.map((c) => c.name)).toContain('left-pad');

    const assess = await runIn(sub, ['assess', '--format', 'json', '--quiet']);
    expect(assess.err).toContain(`using ${root}`);
    const report = JSON.parse(assess.out) as AssessmentReport;
    expect(report.product).toMatchObject({ name: 'root-product', declared: true });
    expect(report.repository.root).toBe(root);

    // An explicit path is the root as given: the user said which folder.
    const explicit = await runIn(root, ['sbom', 'src']);
    expect(explicit.err).not.toContain('using ');
    expect((JSON.parse(explicit.out) as { components?: unknown[] }).components ?? []).toEqual([]);
  });

  it('stops at the nearest .git (a file, for worktrees) when there is no vouch.yaml, and at nothing', () => {
    const root = realpathSync(makeRepo({ 'a/b/c.txt': 'x' }));
    roots.push(root);
    expect(findRepositoryRoot(join(root, 'a', 'b'))).toEqual({ root, marker: '.git' });
    mkdirSync(join(root, 'a', 'wt'));
    // A linked worktree or submodule has a .git file.
    rmSync(join(root, 'a', 'b'), { recursive: true });
    writeFileSync(join(root, 'a', 'wt', '.git'), 'gitdir: /elsewhere\n');
    expect(findRepositoryRoot(join(root, 'a', 'wt'))).toEqual({
      root: join(root, 'a', 'wt'),
      marker: '.git',
    });
    expect(findRepositoryRoot('/')).toEqual({ root: '/', marker: 'none' });
  });

  it('repositories: beyond this one are named as not assessed, never passed over in silence', async () => {
    const root = makeRepo({
      'vouch.yaml': `${VOUCH_YAML}repositories:\n  - path: "."\n  - path: ../backend\n  - url: https://example.com/acme/web.git\n`,
    });
    roots.push(root);
    const out = join(root, '..', `${root.split('/').pop()}-repos.json`);
    roots.push(out);
    const r = await runCli(['assess', root, '--format', 'json', '--output', out, '--quiet']);
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as AssessmentReport;
    const messages = report.problems.manifest.map((p) => p.message);
    expect(messages).toEqual([
      'repositories: ../backend, https://example.com/acme/web.git are not assessed: this assessment covers only this repository; assess each one and attest the product-level claims',
    ]);
    expect(r.out).toContain('../backend');
  }, 60_000);
});
