import { describe, expect, it } from 'vitest';
import { runProbe, runProbeWithFailingCollector } from '../test-helpers.js';
import { probe } from './index.js';

const workflow = (steps: string) => `on: [push, pull_request]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
${steps}`;

describe('ci-runs-tests', () => {
  it('passes on a test command and points at it inside a block', async () => {
    const [f] = await runProbe(probe, {
      '.github/workflows/ci.yml': workflow('      - run: |\n          npm ci\n          npm test\n'),
    });
    expect(f).toMatchObject({
      outcome: 'pass',
      location: { path: '.github/workflows/ci.yml', line: 9, column: 11 },
    });
    expect(f?.message).toContain('`npm test`');
    expect(f?.message).toContain('job build');
  });

  it.each([
    ['pytest -q --cov'],
    ['python -m pytest tests/'],
    ['go test -race ./...'],
    ['cargo test --all-features'],
    ['./mvnw -B verify'],
    ['./gradlew build'],
    ['dotnet test --no-build'],
    ['bundle exec rspec'],
    ['vendor/bin/phpunit'],
    ['vendor/bin/simple-phpunit --verbose'],
    ['pnpm --filter web test'],
    ['npx vitest run'],
    ['tox -e py312'],
    ['make -j4 check'],
    ['ctest --output-on-failure'],
  ])('recognises %s', async (command) => {
    const [f] = await runProbe(probe, { '.github/workflows/ci.yml': workflow(`      - run: ${command}\n`) });
    expect(f?.outcome).toBe('pass');
  });

  it.each([
    ['mvn -B install -DskipTests'],
    ['./gradlew build -x test'],
    ['npm run build'],
    ['echo testing'],
    ['go vet ./...'],
  ])('does not count %s', async (command) => {
    const [f] = await runProbe(probe, { '.github/workflows/ci.yml': workflow(`      - run: ${command}\n`) });
    expect(f?.outcome).toBe('fail');
  });

  it('follows npm run and make targets one level in', async () => {
    const viaScript = await runProbe(probe, {
      '.github/workflows/ci.yml': workflow('      - run: npm run ci\n'),
      'package.json': JSON.stringify({
        scripts: { ci: 'npm run lint && npm run check', check: 'jest --ci', lint: 'eslint .' },
      }),
    });
    expect(viaScript[0]?.outcome).toBe('pass');
    expect(viaScript[0]?.message).toMatch(
      /package\.json script "ci" → package\.json script "check" runs `jest/,
    );
    const viaMake = await runProbe(probe, {
      '.gitlab-ci.yml': 'build:\n  script:\n    - make ci\n',
      Makefile: 'ci: lint unit\nlint:\n\tgolangci-lint run\nunit:\n\tgo test ./...\n',
    });
    expect(viaMake[0]).toMatchObject({ outcome: 'pass', location: { path: '.gitlab-ci.yml', line: 3 } });
    expect(viaMake[0]?.message).toMatch(/Makefile target "ci" → Makefile target "unit" runs `go test/);
  });

  it('follows a package script into a shell script in the repository', async () => {
    const [f] = await runProbe(probe, {
      '.github/workflows/ci.yml': workflow('      - run: npm run check\n'),
      'package.json': JSON.stringify({ scripts: { check: 'bash scripts/check.sh' } }),
      'scripts/check.sh': '#!/usr/bin/env bash\nset -e\nnpx tsc --noEmit\nnpx vitest run --reporter=json\n',
    });
    expect(f).toMatchObject({ outcome: 'pass', location: { path: '.github/workflows/ci.yml', line: 7 } });
    expect(f?.message).toMatch(/package\.json script "check" → scripts\/check\.sh runs `npx vitest`/);
  });

  it('follows a repository command without an extension (scripts/test) into what it runs', async () => {
    const [f] = await runProbe(probe, {
      '.github/workflows/ci.yml': workflow('      - run: scripts/install\n      - run: "scripts/test"\n'),
      'scripts/install': '#!/bin/sh\npip install -r requirements.txt\n',
      'scripts/test': '#!/bin/sh\nset -ex\n${PREFIX}coverage run -m pytest "$@"\n',
    });
    expect(f).toMatchObject({ outcome: 'pass', location: { path: '.github/workflows/ci.yml', line: 8 } });
    expect(f?.message).toMatch(/scripts\/test runs `pytest`/);
    // a path that is an argument, not the command, is not followed
    const [g] = await runProbe(probe, {
      '.github/workflows/ci.yml': workflow('      - run: cat scripts/test\n'),
      'scripts/test': 'pytest\n',
    });
    expect(g?.outcome).toBe('fail');
  });

  it('does not follow scripts outside the repository or missing from it', async () => {
    const [f] = await runProbe(probe, {
      '.github/workflows/ci.yml': workflow('      - run: ./../outside/test.sh && ./ci/missing.sh\n'),
      'outside/test.sh': 'pytest\n',
    });
    expect(f?.outcome).toBe('fail');
  });

  it('does not loop on self-referencing scripts', async () => {
    const [f] = await runProbe(probe, {
      '.github/workflows/ci.yml': workflow('      - run: npm run a\n'),
      'package.json': JSON.stringify({ scripts: { a: 'npm run b', b: 'npm run a' } }),
    });
    expect(f?.outcome).toBe('fail');
  });

  it('passes on a test action with the right parameters only', async () => {
    const gradle = (args: string) =>
      workflow(`      - uses: gradle/gradle-build-action@v2\n        with:\n          arguments: ${args}\n`);
    expect((await runProbe(probe, { '.github/workflows/ci.yml': gradle('check') }))[0]?.outcome).toBe('pass');
    expect((await runProbe(probe, { '.github/workflows/ci.yml': gradle('assemble') }))[0]?.outcome).toBe(
      'fail',
    );
    const azure = 'steps:\n- task: DotNetCoreCLI@2\n  inputs:\n    command: test\n';
    expect((await runProbe(probe, { 'azure-pipelines.yml': azure }))[0]).toMatchObject({
      outcome: 'pass',
      location: { line: 2 },
    });
  });

  it('counts an MSBuild task run on a test target, not one that only builds', async () => {
    const msbuild = (args: string) => ({
      'eng/pipelines/templates/build.yml': `steps:\n- task: MSBuild@1\n  inputs:\n    solution: build/build.proj\n    msbuildArguments: "/restore:false ${args} /property:X=1"\n`,
    });
    expect((await runProbe(probe, msbuild('/target:CoreUnitTests;UnitTestsVS')))[0]).toMatchObject({
      outcome: 'pass',
      location: { path: 'eng/pipelines/templates/build.yml', line: 2 },
    });
    expect((await runProbe(probe, msbuild('/target:Build')))[0]?.outcome).toBe('fail');
  });

  it('finds tests in a local composite action', async () => {
    const [f] = await runProbe(probe, {
      '.github/workflows/ci.yml': workflow('      - uses: ./.github/actions/check\n'),
      '.github/actions/check/action.yml':
        'runs:\n  using: composite\n  steps:\n    - run: cargo test\n      shell: bash\n',
    });
    expect(f).toMatchObject({
      outcome: 'pass',
      location: { path: '.github/actions/check/action.yml', line: 4 },
    });
  });

  it('counts a test command written through workflow or job env', async () => {
    const files = {
      '.github/workflows/ci.yml': `on: [push, pull_request]
env:
  CARGO: cargo
jobs:
  build:
    runs-on: ubuntu-latest
    env:
      FLAGS: --all-features
    steps:
      - run: \${{ env.CARGO }} test \${{ env.FLAGS }}
`,
    };
    const [f] = await runProbe(probe, files);
    expect(f).toMatchObject({ outcome: 'pass', location: { path: '.github/workflows/ci.yml', line: 10 } });
    expect(f?.message).toContain('`cargo test');
  });

  it('does not count tests that run only on schedule or by hand, and says so', async () => {
    const files = {
      '.github/workflows/nightly.yml': `on:
  schedule:
    - cron: '0 3 * * *'
  workflow_dispatch:
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: go test ./...
`,
    };
    const [f] = await runProbe(probe, files);
    expect(f).toMatchObject({
      outcome: 'fail',
      location: { path: '.github/workflows/nightly.yml', line: 9 },
    });
    expect(f?.message).toMatch(/only on schedule and workflow_dispatch/);
    expect(f?.message).toMatch(/do not gate changes/);
  });

  it('does not count a test job whose if: rules out pushes and pull requests', async () => {
    const [f] = await runProbe(probe, {
      '.github/workflows/ci.yml': `on: [push, pull_request, schedule]
jobs:
  test:
    if: github.event_name == 'schedule'
    runs-on: ubuntu-latest
    steps:
      - run: pytest
`,
    });
    expect(f?.outcome).toBe('fail');
    expect(f?.message).toMatch(/only on schedule/);
  });

  it('does not count tests whose failure is ignored, and says why', async () => {
    const orTrue = await runProbe(probe, {
      '.github/workflows/ci.yml': workflow('      - run: npm test || true\n'),
    });
    expect(orTrue[0]?.outcome).toBe('fail');
    expect(orTrue[0]?.message).toMatch(/\|\| true/);
    const continueOnError = await runProbe(probe, {
      '.github/workflows/ci.yml': workflow('      - run: pytest\n        continue-on-error: true\n'),
    });
    expect(continueOnError[0]?.outcome).toBe('fail');
    expect(continueOnError[0]?.message).toMatch(/continue-on-error/);
  });

  it('passes when a gating test runs beside an ignored or scheduled one', async () => {
    const [f] = await runProbe(probe, {
      '.github/workflows/nightly.yml':
        "on:\n  schedule:\n    - cron: '0 3 * * *'\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: go test -race ./...\n",
      '.github/workflows/ci.yml': workflow('      - run: go test ./...\n'),
    });
    expect(f).toMatchObject({ outcome: 'pass', location: { path: '.github/workflows/ci.yml' } });
  });

  it('is unknown when tests run only for changes to named folders, and passes for whole-tree filters', async () => {
    const filtered = (paths: string) => `on:
  pull_request:
    paths: [${paths}]
  push:
    paths: [${paths}]
jobs:
  t:
    runs-on: x
    steps:
      - run: cd tools/inspector && bundle exec rake
`;
    const [tools] = await runProbe(probe, {
      '.github/workflows/tools.yml': filtered('"tools/inspector/**"'),
    });
    expect(tools).toMatchObject({
      outcome: 'unknown',
      location: { path: '.github/workflows/tools.yml', line: 10 },
    });
    expect(tools?.message).toMatch(/only for changes to tools\/inspector\/\*\*/);
    const [whole] = await runProbe(probe, {
      '.github/workflows/ci.yml': filtered('"**/*", "!docs/**"'),
    });
    expect(whole?.outcome).toBe('pass');
    const [rootFile] = await runProbe(probe, { '.github/workflows/ci.yml': filtered('"lib/**", "Gemfile"') });
    expect(rootFile?.outcome).toBe('pass');
    const [both] = await runProbe(probe, {
      '.github/workflows/tools.yml': filtered('"tools/inspector/**"'),
      '.github/workflows/ci.yml': workflow('      - run: bundle exec rake test\n'),
    });
    expect(both).toMatchObject({ outcome: 'pass', location: { path: '.github/workflows/ci.yml' } });
  });

  it('fails pointing at the CI file when nothing runs tests', async () => {
    const [f] = await runProbe(probe, {
      '.github/workflows/release.yml': workflow('      - run: npm publish\n'),
    });
    expect(f).toMatchObject({ outcome: 'fail', location: { path: '.github/workflows/release.yml' } });
  });

  it('fails without any CI', async () => {
    const [f] = await runProbe(probe, { 'README.md': 'run npm test' });
    expect(f?.outcome).toBe('fail');
    expect(f?.location).toBeUndefined();
  });

  it('is unknown, not fail, when a CI file cannot be parsed', async () => {
    const [f] = await runProbe(probe, {
      '.github/workflows/ok.yml': workflow('      - run: npm run build\n'),
      '.github/workflows/broken.yml': 'on: push\njobs:\n  test: {\n',
    });
    expect(f).toMatchObject({ outcome: 'unknown', location: { path: '.github/workflows/broken.yml' } });
    expect(f?.message).toMatch(/YAML error at line/);
  });

  it('is unknown for an alias bomb, and still passes if another file runs tests', async () => {
    const bomb = ['on: push', 'a: &a ["x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++)
      bomb.push(
        `b${i}: &b${i} [${Array(9)
          .fill(i === 1 ? '*a' : `*b${i - 1}`)
          .join(',')}]`,
      );
    const files = { '.github/workflows/bomb.yml': `${bomb.join('\n')}\n` };
    expect((await runProbe(probe, files))[0]?.outcome).toBe('unknown');
    const withTests = { ...files, '.github/workflows/test.yml': workflow('      - run: go test ./...\n') };
    expect((await runProbe(probe, withTests))[0]?.outcome).toBe('pass');
  });

  it('keeps messages single-line with control characters in commands', async () => {
    const [f] = await runProbe(probe, {
      '.github/workflows/ci.yml': workflow('      - run: "npm test \\u001b[2J\\u0007 --x"\n'),
    });
    expect(f?.outcome).toBe('pass');
    expect(f?.message).not.toMatch(/[\u0000-\u001f]/);
  });

  it('is error when the ci collector fails', async () => {
    const [f] = await runProbeWithFailingCollector(probe, {}, 'ci');
    expect(f?.outcome).toBe('error');
  });
});
