// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here is the file syntax under test, not a template
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GHA_SUITE, yamlFiles } from '../../../../../test/helpers/gha-peer-suite.js';
import { isValidPurl } from '../../../purl-check.js';
import { parseWorkflow, workflowExtractor } from './index.js';

const TESTDATA = join(import.meta.dirname, 'testdata');
const GHA = GHA_SUITE;

async function extract(path: string, text: string) {
  return workflowExtractor.extract({ path, text, readSibling: async () => undefined });
}

describe('actions/workflow own fixtures', () => {
  it('reads step, reusable-workflow, local and docker uses with lines and pinning', async () => {
    const path = '.github/workflows/ci.yml';
    const r = await extract(path, readFileSync(join(TESTDATA, 'workflows/ci.yml'), 'utf8'));
    expect(r.error).toBeUndefined();
    expect(
      r.components.map((c) => [c.ecosystem, c.name, c.version, c.pinned, c.source, c.location.line]),
    ).toEqual([
      ['github-actions', 'actions/checkout', 'b4ffde65f46336ab88eb53be808477a3936bae11', true, 'git', 8],
      ['github-actions', 'actions/setup-node', 'v4', false, 'git', 9],
      ['github-actions', 'github/codeql-action/init', 'v3', false, 'git', 13],
      ['docker', 'alpine', '3.19', true, 'registry', 15],
      // an aliased step is a second use of the same declaration
      ['github-actions', 'actions/upload-artifact', 'v4', false, 'git', 19],
      ['github-actions', 'actions/upload-artifact', 'v4', false, 'git', 19],
      [
        'github-actions',
        'octo-org/shared/.github/workflows/release.yml',
        '0123456789abcdef0123456789abcdef01234567',
        true,
        'git',
        22,
      ],
    ]);
    const [checkout, , codeql] = r.components;
    expect(checkout).toMatchObject({
      purl: 'pkg:githubactions/actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11',
      commit: 'b4ffde65f46336ab88eb53be808477a3936bae11',
      sourceRef: 'https://github.com/actions/checkout',
      scope: 'dev',
      direct: true,
    });
    expect(codeql!.sourceRef).toBe('https://github.com/github/codeql-action');
    expect(codeql!.commit).toBeUndefined();
    for (const c of r.components) expect(isValidPurl(c.purl), c.purl).toBe(true);
    expect(r.notes).toEqual([
      'line 14: ./.github/actions/local-setup is part of this repository, not a component',
      'line 16: uses "actions/cache@${{ matrix.ref }}" is an expression (GitHub rejects these)',
      'line 24: ./.github/workflows/lint.yml is part of this repository, not a component',
      'line 27: "no-ref" is not owner/repo[/path]@ref',
      'line 28: uses is not a string',
    ]);
  });

  it('reads job container and service images', async () => {
    const path = '.github/workflows/services.yml';
    const r = await extract(path, readFileSync(join(TESTDATA, 'workflows/services.yml'), 'utf8'));
    expect(r.error).toBeUndefined();
    expect(r.components.map((c) => [c.ecosystem, c.name, c.version, c.pinned, c.location.line])).toEqual([
      ['docker', 'node', '20-bookworm', false, 5],
      ['docker', 'postgres', '16', true, 8],
      ['github-actions', 'actions/checkout', 'v4', false, 13],
      ['docker', 'ghcr.io/example/ci', 'latest', false, 16],
    ]);
    expect(r.notes).toEqual(['line 11: image "${{ matrix.cache }}" is an expression']);
  });

  it('reads composite action steps and docker:// action images', async () => {
    const composite = await extract(
      'composite/action.yml',
      readFileSync(join(TESTDATA, 'composite-action.yml'), 'utf8'),
    );
    expect(composite.components.map((c) => [c.name, c.pinned, c.location.line])).toEqual([
      ['actions/setup-python', true, 6],
    ]);
    const docker = await extract(
      'docker-action/action.yaml',
      readFileSync(join(TESTDATA, 'docker-action.yaml'), 'utf8'),
    );
    expect(docker.components.map((c) => [c.ecosystem, c.name, c.version, c.pinned])).toEqual([
      ['docker', 'ghcr.io/example/tool', '1.2.3', false],
    ]);
  });

  it('normalises redundant path segments as GitHub does and rejects ones escaping the repository', async () => {
    const sha = '8e8c483db84b4bee98b60c0593521ed34d9990e8';
    const text = [
      'jobs:',
      '  j:',
      '    steps:',
      `      - uses: actions/checkout////@${sha}`,
      `      - uses: github/codeql-action/./init@${sha}`,
      `      - uses: actions/cache/save/../save@${sha}`,
      `      - uses: actions/cache/../../save@${sha}`,
    ].join('\n');
    const r = await extract('.github/workflows/o.yml', text);
    expect(r.components.map((c) => c.name)).toEqual([
      'actions/checkout',
      'github/codeql-action/init',
      'actions/cache/save',
    ]);
    expect(r.notes).toHaveLength(4);
    expect(r.notes?.[3]).toMatch(/line 7: .* is not owner\/repo/);
  });

  it('a workflow file under another name is not read as an action and vice versa', async () => {
    const text = 'runs:\n  steps:\n    - uses: a/b@v1\njobs:\n  j:\n    steps:\n      - uses: c/d@v1\n';
    expect((await extract('.github/workflows/x.yml', text)).components.map((c) => c.name)).toEqual(['c/d']);
    expect((await extract('action.yml', text)).components.map((c) => c.name)).toEqual(['a/b']);
  });

  it('survives alias bombs, broken YAML and wrong shapes', async () => {
    const bomb = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      ...Array.from({ length: 9 }, (_, i) => {
        const prev = i === 0 ? 'a' : `b${i - 1}`;
        return `b${i}: &b${i} [*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev}]`;
      }),
      'jobs:',
      '  j:',
      '    steps:',
      '      - uses: a/b@v1',
      '        with: { x: *b8 }',
    ].join('\n');
    const r = await extract('.github/workflows/bomb.yml', bomb);
    expect(r.components.map((c) => c.name)).toEqual(['a/b']);

    const broken = await extract(
      '.github/workflows/broken.yml',
      'jobs:\n  j:\n    steps:\n      - uses: a/b@v1\n   - x: [\n',
    );
    expect(broken.error).toMatch(/^invalid YAML at \d+:\d+/);

    for (const text of [
      '',
      'jobs: 3',
      'jobs: [1, 2]',
      '- a\n- b',
      'jobs:\n  j:\n    steps: {uses: x/y@v1}',
      '[[[[[[[[[[',
    ]) {
      const r2 = await extract('.github/workflows/w.yml', text);
      expect(r2.components).toEqual([]);
    }
    // deep nesting is refused before the yaml parser can overflow its stack
    const deepInputs = [
      `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
      '- '.repeat(3000),
      Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n'),
    ];
    for (const deep of deepInputs) {
      const d = await extract('.github/workflows/deep.yml', deep);
      expect(d.error).toMatch(/nested too deeply/);
    }
    const fine = await extract(
      '.github/workflows/ok.yml',
      `x: ${'['.repeat(200)}${']'.repeat(200)}\njobs: {j: {uses: a/b@v1}}`,
    );
    expect(fine.components.map((c) => c.name)).toEqual(['a/b']);
  });

  it('matches only workflow and action metadata paths', () => {
    for (const p of [
      '.github/workflows/ci.yml',
      '.github/workflows/release.yaml',
      'action.yml',
      'x/action.yaml',
    ]) {
      expect(workflowExtractor.matches(p), p).toBe(true);
    }
    for (const p of [
      '.github/workflows/sub/x.yml',
      // GitHub does not run workflows of nested folders (vendored code, test fixtures)
      'sub/.github/workflows/x.yml',
      '.github/dependabot.yml',
      'workflows/ci.yml',
      'action.json',
      'my-action.yml',
    ]) {
      expect(workflowExtractor.matches(p), p).toBe(false);
    }
  });
});

describe('actions/workflow over real workflows (zizmor and scorecard test data)', () => {
  it('extracts every uses: line without throwing', async () => {
    const files = yamlFiles(GHA);
    let uses = 0;
    let components = 0;
    let notes = 0;
    let errors = 0;
    let pinned = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const name = basename(file);
      // Most test workflows are not stored under .github/workflows: read them as if they were.
      const path =
        name === 'action.yml' || name === 'action.yaml' ? `x/${name}` : `.github/workflows/${name}`;
      const r = await parseWorkflow(path, text);
      if (r.error) errors++;
      components += r.components.length;
      notes += r.notes?.length ?? 0;
      pinned += r.components.filter((c) => c.pinned && c.source === 'git').length;
      for (const c of r.components) {
        expect(isValidPurl(c.purl), `${file}: ${c.purl}`).toBe(true);
        expect(text.split('\n')[c.location.line! - 1], file).toMatch(/uses:|image:|container:|\*/);
      }
      // Independent count of block-style `uses:` keys: each must give a component or a note saying why
      // not (flow-style and aliased steps add components the line count does not see).
      const lines = text.split('\n').filter((l) => /^\s*(-\s+)?uses:\s*\S/.test(l)).length;
      const skipped = (r.notes ?? []).filter((n) => !n.includes(' read as ')).length;
      if (!r.error) expect(r.components.length + skipped, file).toBeGreaterThanOrEqual(lines);
      uses += lines;
    }
    console.log(
      `gha: ${files.length} YAML files, ${uses} uses: lines, ${components} components (${pinned} SHA-pinned), ${notes} notes, ${errors} YAML errors`,
    );
    expect(components).toBeGreaterThan(uses * 0.95);
    expect(errors).toBe(2); // zizmor's deliberately invalid bad-yaml-2.yml and invalid-action-2/action.yml
  });
});
