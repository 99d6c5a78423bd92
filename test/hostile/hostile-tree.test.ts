/**
 * A whole assessment of a repository built to hurt: links out of the tree and in loops, a FIFO,
 * a 2 GiB sparse file, names that are not UTF-8 or carry newlines and HTML, and a .git/config
 * that names a program for git to run. The assessment must finish quickly, read nothing outside
 * the tree, run nothing, and report each hazard as a problem.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assess } from '../../src/app/assess.js';
import type { AssessmentReport } from '../../src/assessment/types.js';
import { defaultRunContext } from '../../src/collectors/run.js';

let root: string;
let outside: string;
let report: AssessmentReport;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'vouch-hostile-'));
  outside = mkdtempSync(join(tmpdir(), 'vouch-hostile-outside-'));
  const secret = join(outside, 'secret.txt');
  writeFileSync(secret, 'TOP-SECRET-OUTSIDE-THE-REPOSITORY');
  const marker = join(outside, 'ran');
  const script = join(outside, 'evil.sh');
  writeFileSync(script, `#!/bin/sh\ntouch '${marker}'\n`);
  chmodSync(script, 0o755);

  execFileSync('git', ['init', '-q'], { cwd: root });
  execFileSync('git', ['config', 'core.fsmonitor', script], { cwd: root });
  writeFileSync(join(root, 'package.json'), '{"name":"hostile","version":"1.0.0"}\n');
  symlinkSync('/', join(root, 'rootfs'));
  symlinkSync(secret, join(root, 'package-lock.json'));
  symlinkSync(secret, join(root, 'SECURITY.md'));
  symlinkSync('loop-b', join(root, 'loop-a'));
  symlinkSync('loop-a', join(root, 'loop-b'));
  mkdirSync(join(root, '.github'));
  symlinkSync(outside, join(root, '.github', 'workflows'));
  mkdirSync(join(root, 'sub'));
  symlinkSync('..', join(root, 'sub', 'up'));
  execFileSync('mkfifo', [join(root, 'pipe')]);
  execFileSync('mkfifo', [join(root, 'requirements.txt')]);
  writeFileSync(join(root, 'big.bin'), '');
  truncateSync(join(root, 'big.bin'), 2 * 1024 ** 3);
  writeFileSync(Buffer.from([...Buffer.from(`${root}/bad-`), 0xff, ...Buffer.from('.md')]), '# bad name');
  writeFileSync(join(root, 'new\nline.md'), '# newline');
  mkdirSync(join(root, '<script>alert(1)<'));
  writeFileSync(join(root, '<script>alert(1)<', 'script>.md'), '# html');

  report = await assess(root, { run: defaultRunContext({ today: '2026-01-01' }) });
  expect(existsSync(marker), 'git ran the repository-configured fsmonitor').toBe(false);
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe('assessing a hostile repository', () => {
  it('finishes (no read of the 2 GiB file, no wait on the FIFOs)', () => {});

  it('reports each hazard as an inventory problem', () => {
    const byKind = (kind: string) =>
      report.problems.inventory.filter((p) => p.kind === kind).map((p) => p.path);
    expect(byKind('symlink-outside-root')).toEqual([
      '.github/workflows',
      'SECURITY.md',
      'package-lock.json',
      'rootfs',
    ]);
    expect(byKind('symlink-loop')).toEqual(['loop-a', 'loop-b', 'sub/up']);
    expect(byKind('special-file')).toEqual(['pipe', 'requirements.txt']);
    expect(byKind('too-large')).toEqual(['big.bin']);
    expect(byKind('unsafe-name')).toEqual(['bad-\uFFFD.md', 'new\nline.md']);
  });

  it('reads nothing from outside the tree', () => {
    expect(JSON.stringify(report)).not.toContain('TOP-SECRET');
  });

  it('counts only the files inside the tree', () => {
    // package.json, big.bin, the two odd names and the HTML-named file.
    expect(report.repository.files).toBe(5);
  });
});
