// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${{ ... }} here is GitHub's syntax under test
import { describe, expect, it } from 'vitest';
import { memoryInventory } from '../../inventory/memory.js';
import { rules } from '../rules.js';
import { collectOne } from '../test-helpers.js';
import {
  type CiFacts,
  ciCollector,
  findCommand,
  parseJenkinsfile,
  parseMakefile,
  parseYamlCi,
  positionInCommand,
  scriptPath,
  usesMatches,
} from './index.js';

const system = (id: string) => rules().ciSystems.systems.find((s) => s.id === id)!;
const collect = (files: Record<string, string | Buffer>) =>
  collectOne(ciCollector, memoryInventory(files)) as Promise<CiFacts>;

const WORKFLOW = `name: ci
on:
  push:
  pull_request:
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      - name: test
        run: |
          echo "start"
          npm test -- --coverage
  lint:
    uses: ./.github/workflows/lint.yml
`;

describe('ci collector: GitHub Actions', () => {
  it('records run and uses with positions, jobs, params and triggers', () => {
    const file = parseYamlCi('.github/workflows/ci.yml', WORKFLOW, system('github-actions'));
    expect(file.parsed).toBe(true);
    expect(file.jobs).toEqual(['build', 'lint']);
    expect(file.triggers).toEqual(['push', 'pull_request']);
    expect(file.uses.map((u) => [u.job, u.ref, u.line, u.column])).toEqual([
      ['build', 'actions/checkout@v4', 9, 15],
      ['build', 'actions/setup-node@v4', 10, 15],
      ['lint', './.github/workflows/lint.yml', 20, 11],
    ]);
    expect(file.uses[1]?.params).toEqual({ 'node-version': '20', cache: 'npm' });
    expect(file.commands.map((c) => [c.where, c.line, c.column, c.lineMapped])).toEqual([
      ['jobs.build.steps[2].run', 14, 14, false],
      ['jobs.build.steps[3].run', 17, 11, true],
    ]);
  });

  it('reads GitHub workflows through the Actions model: env expansion, swallowed exit codes, events', () => {
    const text = `on: [push, pull_request, schedule]
env: { CARGO: cargo }
jobs:
  test:
    runs-on: x
    container: rust:1.80
    steps:
      - run: \${{ env.CARGO }} test
      - run: cargo clippy || true
  nightly:
    if: github.event_name == 'schedule'
    runs-on: x
    steps:
      - run: cargo bench
`;
    const file = parseYamlCi('.github/workflows/ci.yml', text, system('github-actions'));
    expect(file.uses.map((u) => [u.key, u.ref, u.where])).toEqual([
      ['image', 'rust:1.80', 'jobs.test.container'],
    ]);
    expect(file.commands.map((c) => [c.expanded, c.exitIgnored, c.events])).toEqual([
      ['cargo test', undefined, ['push', 'pull_request', 'schedule']],
      [undefined, 'the command ends with "|| true"', ['push', 'pull_request', 'schedule']],
      [undefined, undefined, ['schedule']],
    ]);
    // the expansion matches where the written text does not, pointing at the source line
    expect(findCommand([file], /\bcargo test\b/)).toMatchObject({ text: 'cargo test', line: 8, column: 14 });
  });

  it('maps a match inside a literal block to its source line and column', () => {
    const file = parseYamlCi('ci.yml', WORKFLOW, system('github-actions'));
    const hit = findCommand([file], /npm test/);
    expect(hit).toMatchObject({ line: 18, column: 11, text: 'npm test' });
    const block = file.commands[1]!;
    expect(positionInCommand(block, block.text.indexOf('--coverage'))).toEqual({ line: 18, column: 23 });
  });

  it('follows anchors and aliases, pointing at the alias', () => {
    const text = `on: push
jobs:
  a:
    runs-on: x
    steps:
      - run: &t npm test
      - run: *t
`;
    const file = parseYamlCi('w.yml', text, system('github-actions'));
    expect(file.commands.map((c) => [c.text, c.line, c.column])).toEqual([
      ['npm test', 6, 17],
      ['npm test', 7, 14],
    ]);
  });

  it('turns a YAML alias bomb into an error entry', () => {
    const rows = [
      'on: push',
      'jobs:',
      '  a: &a {runs-on: x, steps: [{run: "x"}, {run: "x"}, {run: "x"}, {run: "x"}]}',
    ];
    let prev = 'a';
    for (let level = 1; level <= 8; level++) {
      const name = `l${level}`;
      rows.push(`x${level}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
      prev = name;
    }
    const file = parseYamlCi('bomb.yml', `${rows.join('\n')}\n`, system('github-actions'));
    expect(file.parsed).toBe(false);
    expect(file.error).toMatch(/alias/);
    expect(file.commands).toEqual([]);
  });

  it('turns broken YAML and duplicate keys into error entries with a position', () => {
    const broken = parseYamlCi('b.yml', 'on: push\njobs:\n  a: {\n', system('github-actions'));
    expect(broken.parsed).toBe(false);
    expect(broken.error).toMatch(/^YAML error at line \d+, column \d+/);
    const dup = parseYamlCi('d.yml', 'on: push\non: pull_request\n', system('github-actions'));
    expect(dup.error).toMatch(/unique/);
  });

  it('turns pathological nesting into an error entry', () => {
    const deep = `jobs: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    const file = parseYamlCi('deep.yml', deep, system('github-actions'));
    expect(file.parsed).toBe(false);
    expect(file.error).toBeTruthy();
  });

  it('parses a 100,000-line workflow', () => {
    const lines = ['on: push', 'jobs:', '  big:', '    runs-on: x', '    steps:'];
    for (let i = 0; i < 99_995; i++) lines.push(`      - run: echo ${i}`);
    const file = parseYamlCi('big.yml', `${lines.join('\n')}\n`, system('github-actions'));
    expect(file.parsed).toBe(true);
    expect(file.commands).toHaveLength(99_995);
    expect(file.commands.at(-1)).toMatchObject({ line: 100_000, text: 'echo 99994' });
  });

  it('records an over-size or binary file as an error, and reads local composite actions', async () => {
    const facts = await collect({
      '.github/workflows/huge.yml': `# ${'x'.repeat(5 * 1024 * 1024)}\n`,
      '.github/workflows/bin.yml': Buffer.from([0, 1, 2]),
      '.github/workflows/ok.yml':
        'on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: ./.github/actions/test\n',
      '.github/actions/test/action.yml':
        'runs:\n  using: composite\n  steps:\n    - run: pytest -q\n      shell: bash\n',
    });
    const byPath = Object.fromEntries(facts.files.map((f) => [f.path, f]));
    expect(byPath['.github/workflows/huge.yml']?.error).toMatch(/over the .*limit/);
    expect(byPath['.github/workflows/bin.yml']?.error).toBe('binary content');
    expect(byPath['.github/actions/test/action.yml']).toMatchObject({ role: 'local-action', parsed: true });
    expect(byPath['.github/actions/test/action.yml']?.commands[0]).toMatchObject({
      text: 'pytest -q',
      line: 4,
      column: 12,
    });
    expect(facts.systems).toEqual([
      {
        id: 'github-actions',
        name: 'GitHub Actions',
        files: ['.github/workflows/bin.yml', '.github/workflows/huge.yml', '.github/workflows/ok.yml'],
      },
    ]);
  });
});

describe('ci collector: other systems', () => {
  it('GitLab: top-level jobs, nested script lists, templates', () => {
    const text = `include:
  - template: Security/SAST.gitlab-ci.yml
stages: [test]
variables:
  A: b
.base: &base
  before_script:
    - npm ci
unit:
  <<: *base
  stage: test
  script:
    - npm run lint
    - [npm test, echo done]
`;
    const file = parseYamlCi('.gitlab-ci.yml', text, system('gitlab-ci'));
    expect(file.parsed).toBe(true);
    expect(file.jobs).toEqual(['.base', 'unit']);
    expect(file.uses.map((u) => [u.key, u.ref, u.line])).toEqual([
      ['template', 'Security/SAST.gitlab-ci.yml', 2],
    ]);
    expect(usesMatches(file.uses[0]!, 'template:Security/SAST.gitlab-ci.yml')).toBe(true);
    expect(file.commands.map((c) => [c.job, c.text, c.line])).toEqual([
      ['.base', 'npm ci', 8],
      // Reached through a merge-key alias: positioned where the text is written.
      ['unit', 'npm ci', 8],
      ['unit', 'npm run lint', 13],
      ['unit', 'npm test', 14],
      ['unit', 'echo done', 14],
    ]);
  });

  it('Azure Pipelines: script steps and tasks with inputs', () => {
    const text = `jobs:
- job: Build
  steps:
  - script: dotnet build
  - task: DotNetCoreCLI@2
    inputs:
      command: test
`;
    const file = parseYamlCi('azure-pipelines.yml', text, system('azure-pipelines'));
    expect(file.jobs).toEqual(['Build']);
    expect(file.commands[0]).toMatchObject({ job: 'Build', text: 'dotnet build', line: 4 });
    expect(file.uses[0]).toMatchObject({
      key: 'task',
      ref: 'DotNetCoreCLI@2',
      params: { command: 'test' },
      line: 5,
    });
  });

  it('CircleCI: run maps and orb steps', () => {
    const text = `version: 2.1
orbs:
  node: circleci/node@5
jobs:
  test:
    docker: [{image: cimg/node:20.0}]
    steps:
      - checkout
      - run:
          name: unit
          command: npm test
      - node/test:
          pkg-manager: npm
`;
    const file = parseYamlCi('.circleci/config.yml', text, system('circleci'));
    expect(file.commands.map((c) => [c.job, c.text, c.line])).toEqual([['test', 'npm test', 11]]);
    expect(file.uses.map((u) => [u.key, u.ref])).toEqual([
      ['orbs', 'circleci/node@5'],
      ['image', 'cimg/node:20.0'],
      ['step', 'checkout'],
      ['step', 'node/test'],
    ]);
  });

  it('Jenkinsfile: sh/bat steps with stages, never evaluated', () => {
    const text = `pipeline {
  stages {
    stage('Build') { steps { sh 'make build' } }
    stage("Test") {
      steps {
        sh '''
          echo go
          go test ./...
        '''
        bat(script: "nmake check")
      }
    }
  }
}
`;
    const file = parseJenkinsfile('Jenkinsfile', text);
    expect(file.jobs).toEqual(['Build', 'Test']);
    expect(file.commands.map((c) => [c.job, c.key, c.line])).toEqual([
      ['Build', 'sh', 3],
      ['Test', 'sh', 6],
      ['Test', 'bat', 10],
    ]);
    expect(findCommand([file], /go test/)).toMatchObject({ line: 8, column: 11 });
  });

  it('Makefile targets, prerequisites and recipes', () => {
    const targets = parseMakefile(
      'VAR := 1\n.PHONY: ci\nci: lint test\n\t@echo ci\ntest:\n\tgo test ./...\n',
    );
    expect(targets.ci).toEqual({ prerequisites: ['lint', 'test'], recipe: ['@echo ci'], line: 3 });
    expect(targets.test?.recipe).toEqual(['go test ./...']);
    expect(targets.VAR).toBeUndefined();
  });

  it('finds several systems and records package.json scripts', async () => {
    const facts = await collect({
      '.gitlab-ci.yml': 'test:\n  script: [make check]\n',
      '.travis.yml': 'language: go\nscript: go test ./...\n',
      Jenkinsfile: "node { sh 'ls' }",
      'package.json': '{"scripts": {"test": "vitest run"}}',
      Makefile: 'check:\n\tpytest\n',
    });
    expect(facts.systems.map((s) => [s.id, s.files])).toEqual([
      ['gitlab-ci', ['.gitlab-ci.yml']],
      ['jenkins', ['Jenkinsfile']],
      ['travis-ci', ['.travis.yml']],
    ]);
    expect(facts.packageScripts).toEqual({ test: 'vitest run' });
    expect(facts.makeTargets.check?.recipe).toEqual(['pytest']);
  });

  it('reads shell scripts that CI and its scripts run, a few levels deep, inside the repository only', async () => {
    const facts = await collect({
      '.gitlab-ci.yml': 'test:\n  script:\n    - ./ci/run.sh\n    - sh ../escape.sh\n',
      'ci/run.sh': 'set -e\nbash ci/inner.sh\n',
      'ci/inner.sh': 'go test ./...\n',
      'escape.sh': 'x',
    });
    expect(Object.keys(facts.scriptFiles)).toEqual(['ci/run.sh', 'ci/inner.sh']);
    expect(scriptPath('./a/b.sh')).toBe('a/b.sh');
    expect(scriptPath('/etc/x.sh')).toBeUndefined();
    expect(scriptPath('a/../../x.sh')).toBeUndefined();
  });

  it('matches uses references by prefix with a boundary', () => {
    expect(
      usesMatches({ key: 'uses', ref: 'github/codeql-action/analyze@v3' }, 'github/codeql-action/analyze'),
    ).toBe(true);
    expect(usesMatches({ key: 'task', ref: 'SonarCloudAnalyze@1' }, 'sonarcloudanalyze')).toBe(true);
    expect(usesMatches({ key: 'uses', ref: 'semgrep/semgrep-action@v1' }, 'semgrep/semgrep')).toBe(false);
    expect(usesMatches({ key: 'image', ref: 'semgrep/semgrep:latest' }, 'semgrep/semgrep')).toBe(true);
  });
});
