// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${{ ... }} here is GitHub's syntax under test
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blockingProblem, buildActionsFile, buildActionsModel, kindOfPath } from './build.js';
import type { Action, DependabotConfig, Span, Workflow } from './types.js';
import { usesVersion } from './uses.js';

const TESTDATA = join(import.meta.dirname, 'testdata');
const read = (name: string) => readFileSync(join(TESTDATA, name), 'utf8');

/** The text a span covers. */
function spanText(text: string, span: Span): string {
  const lines = text.split('\n');
  if (span.line === span.endLine) return lines[span.line - 1]!.slice(span.column - 1, span.endColumn - 1);
  const first = lines[span.line - 1]!.slice(span.column - 1);
  const middle = lines.slice(span.line, span.endLine - 1);
  const last = lines[span.endLine - 1]!.slice(0, span.endColumn - 1);
  return [first, ...middle, last].join('\n');
}

describe('GitHub Actions model: workflows', () => {
  const text = read('ci.yml');
  const wf = buildActionsFile({ path: '.github/workflows/ci.yml', text }) as Workflow;

  it('reads triggers with their filters and types', () => {
    expect(wf.kind).toBe('workflow');
    expect(wf.problems).toEqual([]);
    expect(wf.triggers.map((t) => [t.event, t.route, t.types, t.filters])).toEqual([
      ['push', 'on.push', [], { branches: ['main'] }],
      ['pull_request', 'on.pull_request', ['opened', 'synchronize'], { 'paths-ignore': ['docs/**'] }],
      ['schedule', 'on.schedule', [], {}],
    ]);
  });

  it('reads jobs, steps and their parts with routes and spans that cover the written text', () => {
    expect(wf.jobs.map((j) => j.id.value)).toEqual(['test', 'nightly', 'after', 'call']);
    const [test, nightly, after, call] = wf.jobs;
    expect(test!.name?.value).toBe('Test ${{ matrix.os }}');
    const run = test!.steps[1]!.run!;
    expect(run.route).toBe('jobs.test.steps[1].run');
    expect(run.text).toEqual({ line: 37, column: 11, indent: 10, lineMapped: true });
    expect(spanText(text, test!.steps[2]!.run!.span)).toBe('cargo clippy || true');
    expect(spanText(text, test!.id.span)).toBe('test');
    expect(test!.steps[2]!.continueOnError).toMatchObject({ value: 'false', typed: 'boolean' });
    expect(test!.env?.entries.map((e) => [e.name.value, e.constant])).toEqual([['FLAGS', '--all']]);
    expect(wf.env?.entries.map((e) => [e.name.value, e.constant])).toEqual([
      ['CARGO', 'cargo'],
      ['TOKEN', undefined],
    ]);
    expect(wf.permissions?.scopes.map((s) => [s.scope.value, s.level.value])).toEqual([['contents', 'read']]);
    expect(nightly!.if?.value).toBe("github.event_name == 'schedule'");
    expect(nightly!.container?.image?.value).toBe('rust:1.80');
    expect(nightly!.services.map((s) => [s.id.value, s.container.image?.value])).toEqual([
      ['db', 'postgres:16'],
    ]);
    expect(after!.needs.map((n) => n.value)).toEqual(['nightly']);
    expect(call!.uses).toMatchObject({
      kind: 'repository',
      owner: 'org',
      repo: 'shared',
      path: '.github/workflows/build.yml',
      ref: 'v1',
    });
    expect(call!.secrets).toMatchObject({ inherit: true });
    expect(call!.with?.entries.map((e) => [e.name.value, e.text])).toEqual([['target', 'x86']]);
  });

  it('parses every kind of uses', () => {
    const uses = wf.jobs[0]!.steps.map((s) => s.uses).filter((u) => u !== undefined);
    expect(uses.map((u) => [u.kind, u.owner ?? u.image ?? u.local, u.ref])).toEqual([
      ['repository', 'actions', '8e5e7e5ab8b370d6c329ec480221332ada57f0ab'],
      ['docker', 'alpine:3.19', undefined],
      ['local', '.github/actions/setup', undefined],
    ]);
    for (const u of uses) expect(spanText(text, u.raw.span)).toBe(u.raw.value);
  });

  it('expands a constant matrix with exclude and include', () => {
    expect(wf.jobs[0]!.strategy?.matrix?.combinations).toEqual([
      { os: 'ubuntu-latest', rust: 'stable', coverage: true },
      { os: 'ubuntu-latest', rust: 'beta', coverage: true },
      { os: 'windows-latest', rust: 'stable' },
      { os: 'macos-latest', rust: 'stable' },
    ]);
    const dynamic = buildActionsFile({
      path: '.github/workflows/m.yml',
      text: 'on: push\njobs:\n  a:\n    strategy:\n      matrix: ${{ fromJSON(needs.x.outputs.m) }}\n    steps: []\n',
    }) as Workflow;
    expect(dynamic.jobs[0]!.strategy?.matrix).toMatchObject({ notConstant: 'the matrix is an expression' });
    expect(dynamic.jobs[0]!.strategy?.matrix?.combinations).toBeUndefined();
  });

  it('keeps values of the wrong type as problems and never throws', () => {
    const odd = buildActionsFile({
      path: '.github/workflows/odd.yml',
      text: 'on: [push, pull_request]\njobs:\n  a:\n    steps:\n      - run: [1, 2]\n      - 7\n  b: 3\n',
    }) as Workflow;
    expect(odd.triggers.map((t) => t.event)).toEqual(['push', 'pull_request']);
    expect(odd.problems.map((p) => [p.route, p.message])).toEqual([
      ['jobs.a.steps[0].run', 'run is a list, expected a string'],
      ['jobs.a.steps[1]', 'step is not a mapping'],
      ['jobs.b', 'job b is not a mapping'],
    ]);
    for (const bad of ['', '- a', 'jobs: {a: [', `${'['.repeat(400)}${']'.repeat(400)}`]) {
      const f = buildActionsFile({ path: '.github/workflows/x.yml', text: bad });
      expect(f.kind).toBe('workflow');
    }
    expect(blockingProblem(buildActionsFile({ path: 'w.yml', text: 'on: push\non: push\n' }))?.code).toBe(
      'DUPLICATE_KEY',
    );
  });

  it('follows aliases within a budget and says where the alias is', () => {
    const aliased = buildActionsFile({
      path: 'w.yml',
      text: 'on: push\njobs:\n  a:\n    steps:\n      - run: &t npm test\n      - run: *t\n',
    }) as Workflow;
    const [first, second] = aliased.jobs[0]!.steps;
    expect(first!.run).toMatchObject({ value: 'npm test', span: { line: 5, column: 17 } });
    expect(second!.run).toMatchObject({ value: 'npm test', via: { line: 6, column: 14 } });
    // routes name the place read, not the anchor
    const shared = buildActionsFile({
      path: 'w.yml',
      text: 'on: push\njobs:\n  a:\n    steps: &s\n      - run: x\n  b:\n    steps: *s\n',
    }) as Workflow;
    expect(shared.jobs.map((j) => j.steps[0]!.run!.route)).toEqual([
      'jobs.a.steps[0].run',
      'jobs.b.steps[0].run',
    ]);
    const many = ['on: push', 'jobs:', '  a:', '    steps:', '      - &s {run: x}'];
    for (let i = 0; i < 10_050; i++) many.push('      - *s');
    const limited = buildActionsFile({ path: 'w.yml', text: `${many.join('\n')}\n` }) as Workflow;
    expect(limited.jobs[0]!.steps.length).toBeLessThan(10_051);
    expect(blockingProblem(limited)).toMatchObject({ kind: 'limit' });
  });

  it('places an anchored step at its anchor, and an alias of it at the alias', () => {
    const text =
      'on: push\njobs:\n  a:\n    steps:\n      - &checkout\n        uses: actions/checkout@v4\n      - &tagged !!map\n        run: x\n  b:\n    steps:\n      - *checkout\n';
    const wf = buildActionsFile({ path: 'w.yml', text }) as Workflow;
    expect(wf.jobs.flatMap((j) => j.steps.map((s) => [s.span.line, s.span.column]))).toEqual([
      [5, 9],
      [7, 9],
      [11, 9],
    ]);
    // the values inside keep their own places
    expect(wf.jobs[0]!.steps[0]!.uses!.raw.span).toMatchObject({ line: 6, column: 15 });
  });

  it('keeps the comment after a one-line value, and reads a version from the ref or that comment', () => {
    const sha = 'd9e0f98d3fc6adb07d1e3d37f3043649ddad06a1';
    const text = [
      'on: push',
      'jobs:',
      '  a:',
      '    steps:',
      `      - uses: astral-sh/setup-uv@${sha} # v6.5.0`,
      `      - uses: "astral-sh/setup-uv@${sha}"\t#tag=v10.0.1 pinned`,
      `      - uses: astral-sh/setup-uv@${sha} # see issue 123`,
      `      - uses: astral-sh/setup-uv@${sha}`,
      '      - uses: astral-sh/setup-uv@v7 # v6.5.0',
      '      - uses: astral-sh/setup-uv@main',
      '      - uses: astral-sh/setup-uv@4.2.1#not-a-comment',
      '      - run: |  # header comment',
      '          echo # not a trailing comment of the value',
      '',
    ].join('\n');
    const steps = (buildActionsFile({ path: 'w.yml', text }) as Workflow).jobs[0]!.steps;
    expect(steps.map((s) => s.uses?.raw.comment ?? s.run?.comment)).toEqual([
      'v6.5.0',
      'tag=v10.0.1 pinned',
      'see issue 123',
      undefined,
      'v6.5.0',
      undefined,
      undefined,
      undefined,
    ]);
    expect(steps.map((s) => (s.uses ? usesVersion(s.uses) : undefined))).toEqual([
      { major: 6, minor: 5, patch: 0, from: 'comment' },
      { major: 10, minor: 0, patch: 1, from: 'comment' },
      undefined,
      undefined,
      // a tag says what runs; a comment beside it does not
      { major: 7, from: 'ref' },
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('GitHub Actions model: actions and Dependabot', () => {
  it('reads composite action metadata', () => {
    const action = buildActionsFile({
      path: '.github/actions/setup/action.yml',
      text: read('action.yml'),
    }) as Action;
    expect(action.kind).toBe('action');
    expect(action.runs?.type).toBe('composite');
    expect(action.inputs.map((i) => [i.id.value, i.default?.value])).toEqual([['version', '1']]);
    expect(action.runs?.steps.map((s) => s.route)).toEqual(['runs.steps[0]', 'runs.steps[1]']);
    expect(action.runs?.steps[0]?.shell?.value).toBe('bash');
    const docker = buildActionsFile({
      path: 'action.yaml',
      text: "runs:\n  using: docker\n  image: docker://alpine:3\n  args: ['-c', x]\n",
    }) as Action;
    expect(docker.runs).toMatchObject({ type: 'docker', image: { value: 'docker://alpine:3' } });
    expect(docker.runs?.args?.map((a) => a.value)).toEqual(['-c', 'x']);
    const node = buildActionsFile({
      path: 'action.yml',
      text: 'runs:\n  using: node20\n  main: dist/index.js\n',
    });
    expect(node).toMatchObject({ runs: { type: 'node', main: { value: 'dist/index.js' } } });
  });

  it('reads Dependabot updates', () => {
    const text = read('dependabot.yml');
    const config = buildActionsFile({ path: '.github/dependabot.yml', text }) as DependabotConfig;
    expect(config.kind).toBe('dependabot');
    expect(config.version?.value).toBe('2');
    expect(
      config.updates.map((u) => [
        u.ecosystem?.value,
        u.directory?.value,
        u.directories.map((d) => d.value),
        u.schedule?.interval?.value,
        u.openPullRequestsLimit?.value,
        u.groups !== undefined,
      ]),
    ).toEqual([
      ['npm', '/', [], 'weekly', undefined, true],
      ['pip', undefined, ['/api', '/worker'], 'daily', '0', false],
    ]);
    expect(config.updates[1]!.route).toBe('updates[1]');
  });

  it('builds a model of several files by kind', () => {
    expect(kindOfPath('.github/dependabot.yaml')).toBe('dependabot');
    expect(kindOfPath('x/action.yml')).toBe('action');
    expect(kindOfPath('.github/workflows/a.yml')).toBe('workflow');
    const model = buildActionsModel([
      { path: '.github/workflows/ci.yml', text: read('ci.yml') },
      { path: 'action.yml', text: read('action.yml') },
      { path: '.github/dependabot.yml', text: read('dependabot.yml') },
    ]);
    expect([model.workflows.length, model.actions.length, model.dependabot.length]).toEqual([1, 1, 1]);
    expect(model.byPath.get('action.yml')?.kind).toBe('action');
  });
});
