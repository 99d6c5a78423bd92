/**
 * A generated, committed repository of about 20,000 files that looks like a real monorepo:
 * workspace packages with nested sources, tests, fixtures and READMEs, docs, CI config, a
 * lockfile, a few large assets (one over the 10 MiB read limit), and gitignored build output
 * that is on disk but not committed. Deterministic, and cached: generation and `git commit`
 * take a while, so the tree is built once under the cache directory and reused.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Bump when the shape changes, so stale caches are rebuilt. */
const TREE_VERSION = 1;
const PACKAGES = 52;
const DOC_DIRS = 20;
const DOCS_PER_DIR = 30;

export interface RepoTree {
  root: string;
  /** Files committed (what `git ls-files` lists). */
  tracked: number;
  /** Files on disk that .gitignore excludes. */
  ignored: number;
}

/** A small seeded PRNG (mulberry32), so every machine gets the same tree. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sourceFile(random: () => number, id: string): string {
  const lines = [`// ${id}`, "import { strict as assert } from 'node:assert';", ''];
  const functions = 1 + Math.floor(random() * 12);
  for (let i = 0; i < functions; i++) {
    lines.push(
      `export function step${i}(input: number[]): number {`,
      `  const total = input.reduce((sum, x) => sum + x * ${i + 1}, 0);`,
      `  assert(Number.isFinite(total), '${id} step ${i}');`,
      '  return total;',
      '}',
      '',
    );
  }
  return lines.join('\n');
}

function markdown(random: () => number, title: string): string {
  const paragraphs = 1 + Math.floor(random() * 6);
  const text = ['# ' + title, ''];
  for (let i = 0; i < paragraphs; i++) {
    text.push(
      `This section explains part ${i} of ${title}: how it is configured, tested and released.`,
      'See the security policy for how to report a vulnerability.',
      '',
    );
  }
  return text.join('\n');
}

function lockfile(): string {
  const packages: Record<string, unknown> = {
    '': { name: 'bench-monorepo', version: '1.0.0', workspaces: ['packages/*'] },
  };
  const deps = ['left-pad', 'lodash', 'semver', 'commander', 'yaml', 'debug', 'ms', 'chalk'];
  deps.forEach((name, i) => {
    packages[`node_modules/${name}`] = {
      version: `${i + 1}.${i}.0`,
      resolved: `https://registry.npmjs.org/${name}/-/${name}-${i + 1}.${i}.0.tgz`,
      integrity: `sha512-${Buffer.alloc(64, i).toString('base64')}`,
    };
  });
  return `${JSON.stringify({ name: 'bench-monorepo', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2)}\n`;
}

function write(root: string, path: string, content: string | Buffer): void {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, content);
}

function generate(root: string): { ignored: number } {
  const random = prng(20_000);
  let ignored = 0;
  write(root, '.gitignore', 'dist/\ncoverage/\n*.log\n.env\n');
  write(root, 'README.md', markdown(random, 'bench-monorepo'));
  write(root, 'SECURITY.md', markdown(random, 'Security policy'));
  write(root, 'LICENSE', 'Apache License\nVersion 2.0, January 2004\n');
  write(
    root,
    'package.json',
    `${JSON.stringify({ name: 'bench-monorepo', version: '1.0.0', private: true, workspaces: ['packages/*'] }, null, 2)}\n`,
  );
  write(root, 'package-lock.json', lockfile());
  write(
    root,
    '.github/workflows/ci.yml',
    'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci && npm test\n',
  );
  write(
    root,
    '.github/dependabot.yml',
    'version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule:\n      interval: weekly\n',
  );
  for (let d = 0; d < DOC_DIRS; d++) {
    for (let i = 0; i < DOCS_PER_DIR; i++)
      write(root, `docs/section-${d}/page-${i}.md`, markdown(random, `Page ${d}.${i}`));
  }
  // Large assets: three of a few MiB, one over the 10 MiB read limit.
  for (const [i, mib] of [1, 2, 3, 12].entries()) {
    const bytes = Buffer.alloc(mib * 1024 * 1024);
    for (let o = 0; o < bytes.length; o += 4096) bytes[o] = Math.floor(random() * 256);
    write(root, `assets/blob-${i}.bin`, bytes);
  }
  for (let p = 0; p < PACKAGES; p++) {
    const pkg = `packages/pkg-${String(p).padStart(3, '0')}`;
    write(
      root,
      `${pkg}/package.json`,
      `${JSON.stringify({ name: `@bench/pkg-${p}`, version: '1.0.0', dependencies: { semver: '^1.0.0' } }, null, 2)}\n`,
    );
    write(root, `${pkg}/README.md`, markdown(random, `pkg-${p}`));
    write(root, `${pkg}/tsconfig.json`, '{ "extends": "../../tsconfig.base.json" }\n');
    for (let f = 0; f < 8; f++) {
      for (let s = 0; s < 4; s++) {
        for (let i = 0; i < 10; i++) {
          const path = `${pkg}/src/feature-${f}/part-${s}/module-${i}.ts`;
          write(root, path, sourceFile(random, path));
        }
      }
    }
    for (let t = 0; t < 40; t++)
      write(root, `${pkg}/test/case-${t}.test.ts`, sourceFile(random, `${pkg} test ${t}`));
    for (let x = 0; x < 25; x++) {
      write(root, `${pkg}/fixtures/fixture-${x}.json`, `${JSON.stringify({ id: x, value: random() })}\n`);
    }
    // Build output on disk but gitignored, as after a local build.
    for (let b = 0; b < 5; b++) write(root, `${pkg}/dist/chunk-${b}.js`, 'module.exports = {};\n');
    write(root, `${pkg}/build.log`, 'built\n');
    ignored += 6;
  }
  return { ignored };
}

function git(root: string, args: string[]): string {
  return execFileSync(
    'git',
    [
      '-c',
      'user.name=bench',
      '-c',
      'user.email=bench@example.invalid',
      '-c',
      'commit.gpgsign=false',
      ...args,
    ],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' },
    },
  );
}

/** The cached tree, generated and committed first if missing or from an older version. */
export function ensureRepoTree(cacheDir: string, log: (m: string) => void): RepoTree {
  const root = join(cacheDir, `assess-tree-v${TREE_VERSION}`);
  const marker = `${root}.json`;
  if (existsSync(marker) && existsSync(join(root, '.git'))) {
    const cached = JSON.parse(readFileSync(marker, 'utf8')) as { tracked: number; ignored: number };
    return { root, ...cached };
  }
  log(`generating the benchmark repository in ${root} (once; cached afterwards)`);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const { ignored } = generate(root);
  git(root, ['init', '-q']);
  git(root, ['add', '-A']);
  git(root, ['commit', '-q', '-m', 'benchmark tree']);
  const tracked = git(root, ['ls-files', '-z'])
    .split('\0')
    .filter((p) => p !== '').length;
  writeFileSync(marker, `${JSON.stringify({ tracked, ignored })}\n`);
  return { root, tracked, ignored };
}
