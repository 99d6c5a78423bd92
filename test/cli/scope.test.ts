/**
 * Issue 10, item 5: which folder vouch assesses. Run without a path from a subdirectory, it
 * finds the work-tree root (and its vouch.yaml) the way git does, and says which root it used.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssessmentReport } from '../../src/assessment/types.js';
import { findRepositoryRoot } from '../../src/repository/root.js';
import { ensureBuilt, runBin } from '../helpers/bin.js';
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
});

/**
 * Issue 10, item 5: vouch.yaml `repositories:` assessed together as one product, run as a user
 * runs vouch (the built bin). Two small repositories side by side: `web` holds vouch.yaml and runs
 * its tests in CI; `api` has the security policy and a CI workflow that runs no tests.
 */
describe('repositories: one product of several repositories', () => {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'vouch-product-')));
  roots.push(base);
  const web = join(base, 'web');
  const api = join(base, 'api');
  const write = (root: string, files: Record<string, string>) => {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    }
  };
  const lock = (name: string, dep: string, version: string) =>
    JSON.stringify({
      name,
      lockfileVersion: 3,
      packages: {
        '': { name, dependencies: { [dep]: version } },
        [`node_modules/${dep}`]: { version, integrity: 'sha512-AAAA' },
      },
    });
  const ci = (step: string) =>
    `on: [pull_request]\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: ${step}\n`;
  const product = (repositories: string) => `${VOUCH_YAML}${repositories}`;
  write(web, {
    'vouch.yaml': product('repositories:\n  - path: "."\n  - path: ../api\n'),
    '.github/workflows/ci.yml': ci('npm test'),
    'package.json': JSON.stringify({ name: 'web', dependencies: { 'left-pad': '1.3.0' } }),
    'package-lock.json': lock('web', 'left-pad', '1.3.0'),
  });
  write(api, {
    'SECURITY.md':
      '# Security policy\n\n## Reporting a vulnerability\n\nReport vulnerabilities by email to security@acme.example; do not open a public issue.\nWe acknowledge reports within 3 working days, investigate and confirm the issue, prepare a fix\nand publish an advisory once a fixed release is out, coordinating disclosure with the reporter.\n',
    '.github/workflows/ci.yml': ci('echo build'),
    'package.json': JSON.stringify({ name: 'api', dependencies: { 'is-odd': '3.0.1' } }),
    'package-lock.json': lock('api', 'is-odd', '3.0.1'),
  });
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: web });
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: api });

  const verdicts = (report: AssessmentReport) =>
    new Map(
      report.codes.flatMap((c) => c.principles.flatMap((p) => p.requirements.map((r) => [r.id, r.verdict]))),
    );
  const assessJson = (cwd: string, extra: string[] = []) => {
    const r = runBin(['assess', '--format', 'json', '--quiet', ...extra], {
      cwd,
      env: { XDG_CACHE_HOME: join(base, 'cache') },
    });
    return { ...r, report: r.code === 0 ? (JSON.parse(r.out) as AssessmentReport) : undefined };
  };

  beforeAll(() => ensureBuilt(), 600_000);

  it('judges the product as one: evidence from the second repository meets a claim, a refutation there fails one', () => {
    // Alone, web has no security policy (the host may supply one: unknown) and its tests run in CI.
    writeFileSync(join(web, 'vouch.yaml'), VOUCH_YAML);
    const alone = assessJson(web);
    expect(alone.code, alone.err).toBe(0);
    expect(verdicts(alone.report!).get('sscop:3.2.2')).toBe('unknown');
    expect(verdicts(alone.report!).get('sscop:1.3.2')).toBe('met');
    expect(alone.report!.repositories).toBeUndefined();

    writeFileSync(join(web, 'vouch.yaml'), product('repositories:\n  - path: "."\n  - path: ../api\n'));
    const together = assessJson(web);
    expect(together.code, together.err).toBe(0);
    const report = together.report!;
    // The report of a product of several repositories is still the published shape.
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats.default(ajv);
    const validate = ajv.compile(
      JSON.parse(
        readFileSync(new URL('../../schemas/assessment-report.schema.json', import.meta.url), 'utf8'),
      ),
    );
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    const v = verdicts(report);
    // met only because api's SECURITY.md names the reporting contact (a product-wide fact) ...
    expect(v.get('sscop:3.2.2')).toBe('met');
    // ... and not met because api's CI runs no tests (every repository must).
    expect(v.get('sscop:1.3.2')).toBe('not-met');
    expect(report.repositories?.map((r) => [r.name, r.primary, r.path])).toEqual([
      ['web', true, '.'],
      ['api', false, '../api'],
    ]);
    // Findings say which repository they come from.
    const apiTests = report.findings.find((f) => f.rule.startsWith('ci-runs-tests') && f.outcome === 'fail');
    expect(apiTests).toMatchObject({ repository: 'api', location: { path: 'api/.github/workflows/ci.yml' } });
    const webTests = report.findings.find((f) => f.rule === 'ci-runs-tests' && f.outcome === 'pass');
    expect(webTests).toMatchObject({ repository: 'web', location: { path: '.github/workflows/ci.yml' } });
    const policy = report.findings.find((f) => f.rule === 'security-policy-contact' && f.outcome === 'pass');
    expect(policy).toMatchObject({ repository: 'api', location: { path: 'api/SECURITY.md' } });
    // web's "no policy here" does not count against the product: api serves it.
    const webPolicy = report.findings.find(
      (f) => f.rule === 'security-policy-contact' && f.repository === 'web',
    );
    expect(webPolicy).toMatchObject({ outcome: 'observation' });
    expect(webPolicy!.message).toMatch(/^web: .*repository api shows it for the product/);
  }, 120_000);

  it('labels findings by repository in text, Markdown and SARIF, and the SBOM holds both', () => {
    const env = { XDG_CACHE_HOME: join(base, 'cache') };
    const text = runBin(['assess', '--quiet'], { cwd: web, env });
    expect(text.out).toContain('product of 2 repositories, judged as one');
    expect(text.out).toContain('api/.github/workflows/ci.yml');
    const markdown = runBin(['assess', '--quiet', '--format', 'markdown'], { cwd: web, env });
    expect(markdown.out).toMatch(/api\/\.github\/workflows\/ci\.yml/);
    expect(markdown.out).not.toContain(base);
    const sarif = runBin(['assess', '--quiet', '--format', 'sarif'], { cwd: web, env });
    const results = (
      JSON.parse(sarif.out) as {
        runs: {
          results: {
            ruleId: string;
            properties: { repository?: string };
            locations?: { physicalLocation: { artifactLocation: { uri: string } } }[];
          }[];
        }[];
      }
    ).runs[0]!.results;
    const failing = results.find((r) => r.ruleId.startsWith('ci-runs-tests'));
    expect(failing?.properties.repository).toBe('api');
    expect(failing?.locations?.[0]?.physicalLocation.artifactLocation.uri).toBe(
      'api/.github/workflows/ci.yml',
    );

    const sbom = runBin(['sbom'], { cwd: web, env });
    expect(sbom.code, sbom.err).toBe(0);
    const names = (JSON.parse(sbom.out) as { components: { name: string }[] }).components.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['left-pad', 'is-odd']));
  }, 120_000);

  it('publishes the product as one: the assessment and both SBOMs in the trust folder cover every repository', () => {
    const env = { XDG_CACHE_HOME: join(base, 'cache') };
    const out = join(base, 'trust');
    const r = runBin(['publish', '--offline', '--output', out, '--today', '2026-06-01'], { cwd: web, env });
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'assessment.json'), 'utf8')) as AssessmentReport;
    expect(report.repositories?.map((x) => x.name)).toEqual(['web', 'api']);
    const cdx = JSON.parse(readFileSync(join(out, 'sbom.cdx.json'), 'utf8')) as {
      components: { name: string }[];
    };
    expect(cdx.components.map((c) => c.name)).toEqual(expect.arrayContaining(['left-pad', 'is-odd']));
    const spdx = JSON.parse(readFileSync(join(out, 'sbom.spdx.json'), 'utf8')) as {
      packages: { name: string }[];
    };
    expect(spdx.packages.map((p) => p.name)).toEqual(expect.arrayContaining(['left-pad', 'is-odd']));
    // The page counts the components of both repositories, as the SBOM holds them.
    const note = readFileSync(join(out, 'index.html'), 'utf8').match(/(\d+) components/);
    expect(Number(note?.[1])).toBe(cdx.components.length);
  }, 120_000);

  it('a missing repository path, or a URL offline that was never cloned, is a positioned vouch.yaml error (exit 2)', () => {
    writeFileSync(
      join(web, 'vouch.yaml'),
      product(
        'repositories:\n  - path: "."\n  - path: ../gone\n  - url: https://example.invalid/acme/tools.git\n',
      ),
    );
    try {
      const r = runBin(['assess', '--offline'], { cwd: web, env: { XDG_CACHE_HOME: join(base, 'cache') } });
      expect(r.code).toBe(2);
      const at = (VOUCH_YAML.match(/\n/g) ?? []).length + 3;
      expect(r.err).toContain(`vouch.yaml:${at}:5: repositories[1]: path ../gone is not a folder`);
      expect(r.err).toContain(
        `vouch.yaml:${at + 1}:5: repositories[2]: https://example.invalid/acme/tools.git is not cloned and vouch is offline: clone it first and give the path`,
      );
      expect(r.out).toBe('');
      const sbom = runBin(['sbom', '--offline'], { cwd: web, env: { XDG_CACHE_HOME: join(base, 'cache') } });
      expect(sbom.code).toBe(2);
      expect(sbom.err).toContain('repositories[1]: path ../gone is not a folder');
    } finally {
      writeFileSync(join(web, 'vouch.yaml'), product('repositories:\n  - path: "."\n  - path: ../api\n'));
    }
  }, 120_000);

  it('a URL entry is cloned shallowly into the cache and assessed with the rest', () => {
    const bare = join(base, 'tools.git');
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', bare]);
    const work = join(base, 'tools-work');
    write(work, { '.github/workflows/ci.yml': ci('npm test') });
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: work });
    execFileSync('git', ['add', '-A'], { cwd: work });
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'one'], {
      cwd: work,
    });
    execFileSync('git', ['push', '-q', bare, 'main'], { cwd: work });
    writeFileSync(
      join(web, 'vouch.yaml'),
      product(`repositories:\n  - path: "."\n  - url: file://${bare}\n`),
    );
    try {
      const r = assessJson(web);
      expect(r.code, r.err).toBe(0);
      expect(r.report!.repositories?.map((x) => [x.name, x.url])).toEqual([
        ['web', undefined],
        ['tools', `file://${bare}`],
      ]);
      expect(JSON.stringify(r.report)).not.toContain(join(base, 'cache'));
      expect(
        r.report!.findings.some(
          (f) => f.repository === 'tools' && f.location?.path === 'tools/.github/workflows/ci.yml',
        ),
      ).toBe(true);
      // Offline now, the clone in the cache is used as it is, and said so.
      const offline = assessJson(web, ['--offline']);
      expect(offline.code, offline.err).toBe(0);
      expect(offline.err).toMatch(/cached clone of file:\/\/.*tools\.git, not refreshed \(offline\)/);
    } finally {
      writeFileSync(join(web, 'vouch.yaml'), product('repositories:\n  - path: "."\n  - path: ../api\n'));
    }
  }, 120_000);

  it('a URL given as the path to assess says to clone it first', () => {
    const r = runBin(['assess', 'https://github.com/acme/web.git'], { cwd: base });
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      'is a remote address; vouch reads a local checkout: git clone https://github.com/acme/web.git repo && vouch assess repo (clone it first',
    );
  });
});
