import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Inventory, InventoryProblemKind } from './types.js';
import { buildInventory, listDirectory } from './walk.js';

const temps: string[] = [];
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A temporary tree; string values are files, `null` makes an empty directory. */
function tree(files: Record<string, string | Buffer | null> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'vouch-walk-'));
  temps.push(root);
  for (const [path, content] of Object.entries(files)) {
    if (content === null) {
      mkdirSync(join(root, path), { recursive: true });
      continue;
    }
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

function paths(inv: Inventory): string[] {
  return inv.files.map((f) => f.path);
}

function problemsOf(inv: Inventory, kind: InventoryProblemKind): string[] {
  return inv.problems.filter((p) => p.kind === kind).map((p) => p.path);
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd, stdio: 'ignore' });
}

describe('buildInventory: selection', () => {
  it('lists files sorted with POSIX relative paths, directories included, root real', async () => {
    const root = tree({ 'b.txt': 'b', 'a/z.md': 'z', 'a/b/c.json': '{}', 'empty/': null });
    const inv = await buildInventory(root, { readGit: false });
    expect(paths(inv)).toEqual(['a/b/c.json', 'a/z.md', 'b.txt']);
    expect([...inv.dirs].sort()).toEqual(['', 'a', 'a/b', 'empty']);
    expect(inv.root).toBe(realpathSync(root));
    expect(inv.get('a/z.md')).toEqual({ path: 'a/z.md', size: 1 });
    expect(inv.problems).toEqual([]);
  });

  it('skips .git, node_modules and the other default excludes at any depth, but keeps vendor/', async () => {
    const root = tree({
      '.git/config': '[core]',
      'node_modules/left-pad/index.js': 'x',
      'packages/app/node_modules/x/index.js': 'x',
      'packages/app/index.js': 'x',
      '.venv/lib/site.py': 'x',
      'src/__pycache__/m.pyc': 'x',
      'vendor/lib/lib.go': 'x',
    });
    const inv = await buildInventory(root, { readGit: false });
    expect(paths(inv)).toEqual(['packages/app/index.js', 'vendor/lib/lib.go']);
    expect(inv.dirs.has('node_modules')).toBe(false);
  });

  it('honours root and nested .gitignore files, negations, directory patterns and .git/info/exclude', async () => {
    const root = tree({
      '.gitignore': '*.log\nbuild/\n/only-at-root.txt\n',
      'keep.txt': 'k',
      'debug.log': 'x',
      'only-at-root.txt': 'x',
      'sub/only-at-root.txt': 'kept: the pattern is anchored to the root',
      'build/out.js': 'x',
      'sub/build': 'a file, not a directory, so build/ does not match it',
      'sub/.gitignore': '!important.log\nsecret.*\ngen/*.ts\n',
      'sub/gen/a.ts': 'ignored: gen/ is relative to sub/',
      'sub/gen/a.md': 'kept',
      'sub/deeper/gen/b.ts': 'kept: a pattern with a slash is anchored to its .gitignore',
      'sub/important.log': 'kept by the nested negation',
      'sub/other.log': 'x',
      'sub/secret.env': 'x',
      'secret.env': 'the nested rule does not apply above it',
      '.git/info/exclude': 'local-only/\n',
      'local-only/notes.md': 'x',
    });
    const inv = await buildInventory(root, { readGit: false });
    expect(paths(inv)).toEqual([
      '.gitignore',
      'keep.txt',
      'secret.env',
      'sub/.gitignore',
      'sub/build',
      'sub/deeper/gen/b.ts',
      'sub/gen/a.md',
      'sub/important.log',
      'sub/only-at-root.txt',
    ]);
    const all = await buildInventory(root, { readGit: false, useGitignore: false });
    expect(paths(all)).toContain('build/out.js');
    expect(paths(all)).toContain('local-only/notes.md');
  });

  it('decides repeated names per directory scope: a nested negation, a file named like an ignored directory', async () => {
    // Bare-name rules are answered once per name and scope; the same name must still get the
    // answer of each directory's own scope, and a file and a directory of one name differ.
    const root = tree({
      '.gitignore': 'build/\n*.log\n',
      'a/build': 'a file, not the ignored directory',
      'a/x.log': 'ignored',
      'b/build/x.txt': 'ignored directory',
      'c/.gitignore': '!x.log\n',
      'c/x.log': 'negated here',
      'c/d/x.log': 'negated by the parent scope',
      'c/build/y.txt': 'still ignored',
      'e/x.log': 'ignored',
      'e/build': 'a file again',
    });
    const inv = await buildInventory(root, { readGit: false });
    expect(paths(inv)).toEqual(['.gitignore', 'a/build', 'c/.gitignore', 'c/d/x.log', 'c/x.log', 'e/build']);
  });

  it('keeps gitignored files that git tracks (committed despite the pattern)', async () => {
    const root = tree({
      '.gitignore': 'dist/\n*.gen.ts\n',
      'dist/bundle.js': 'b',
      'dist/stale.js': 's',
      'a.gen.ts': 'g',
    });
    git(root, 'init', '-q');
    git(root, 'add', '.gitignore');
    git(root, 'add', '-f', 'dist/bundle.js', 'a.gen.ts');
    git(root, 'commit', '-q', '-m', 'x');
    const inv = await buildInventory(root);
    expect(paths(inv)).toEqual(['.gitignore', 'a.gen.ts', 'dist/bundle.js']);
    expect(inv.git.tracked?.has('dist/bundle.js')).toBe(true);
    expect(inv.git.head).toMatch(/^[0-9a-f]{40}$/);
  });

  it("readGit 'if-needed' runs only ls-files, and only when something gitignored is met", async () => {
    const clean = tree({ 'a.txt': 'a', 'src/b.ts': 'b' });
    git(clean, 'init', '-q');
    git(clean, 'add', '.');
    git(clean, 'commit', '-q', '-m', 'x');
    const lazy = await buildInventory(clean, { readGit: 'if-needed' });
    expect(paths(lazy)).toEqual(['a.txt', 'src/b.ts']);
    expect(lazy.git.tracked).toBeUndefined();
    expect(lazy.git.note).toMatch(/git not read/);

    const ignoring = tree({ '.gitignore': 'dist/\n', 'dist/bundle.js': 'b', 'dist/stale.js': 's' });
    git(ignoring, 'init', '-q');
    git(ignoring, 'add', '.gitignore');
    git(ignoring, 'add', '-f', 'dist/bundle.js');
    git(ignoring, 'commit', '-q', '-m', 'x');
    const needed = await buildInventory(ignoring, { readGit: 'if-needed' });
    expect(paths(needed)).toEqual(['.gitignore', 'dist/bundle.js']);
    expect(needed.git.tracked?.has('dist/bundle.js')).toBe(true);
    // Only the tracked files were asked for.
    expect(needed.git.head).toBeUndefined();
    expect(needed.git.recentCommitDates).toEqual([]);
  });

  it('selects exactly what git would (git ls-files --cached --others --exclude-standard)', async () => {
    const root = tree({
      '.gitignore': '*.tmp\n!keep.tmp\n/out\nlogs/**/*.txt\ndocs/*.html\n**/cache/\n#comment\n\\#hash\n',
      '#hash': 'x',
      'a.tmp': 'x',
      'keep.tmp': 'x',
      'out/x.js': 'x',
      'src/out/y.js': 'kept: /out is anchored',
      'logs/a/b/c.txt': 'x',
      'logs/a/b/c.md': 'x',
      'docs/index.html': 'x',
      'docs/api/index.html': 'kept: * does not cross /',
      'pkg/cache/data.bin': 'x',
      'pkg/.gitignore': 'local.*\n!local.keep\n/anchored.txt\n',
      'pkg/local.json': 'x',
      'pkg/local.keep': 'x',
      'pkg/anchored.txt': 'x',
      'pkg/sub/anchored.txt': 'x',
      'pkg/sub/local.json': 'x',
      'tracked/ignored.tmp': 'committed before the rule',
    });
    git(root, 'init', '-q');
    git(root, 'add', '-f', 'tracked/ignored.tmp');
    git(root, 'commit', '-q', '-m', 'x');
    const expected = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: root,
      encoding: 'utf8',
    })
      .split('\0')
      .filter((p) => p !== '')
      .sort();
    const inv = await buildInventory(root);
    expect(paths(inv)).toEqual(expected);
    expect(expected).toContain('src/out/y.js');
    expect(expected).not.toContain('pkg/sub/local.json');
  });

  it('applies extraExcludes even against a negation in the repository', async () => {
    const root = tree({
      '.gitignore': '!*.snap\n',
      'a.snap': 's',
      'fixtures/big.json': '{}',
      'src/a.ts': 'a',
    });
    const inv = await buildInventory(root, { readGit: false, extraExcludes: ['*.snap', 'fixtures/'] });
    expect(paths(inv)).toEqual(['.gitignore', 'src/a.ts']);
  });

  it('does not read a .gitignore that is a symlink (as git does not)', async () => {
    const root = tree({ 'rules.txt': '*.md\n', 'a.md': 'a' });
    symlinkSync('rules.txt', join(root, '.gitignore'));
    const inv = await buildInventory(root, { readGit: false });
    expect(paths(inv)).toContain('a.md');
  });

  it('stops at maxFiles with a limit-reached problem', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`d${i % 3}/f${i}.txt`] = 'x';
    const inv = await buildInventory(tree(files), { readGit: false, maxFiles: 10 });
    expect(inv.files).toHaveLength(10);
    expect(problemsOf(inv, 'limit-reached')).toEqual(['']);
  });

  it('streams a huge directory and cuts it at the cap (forced here with a 0-byte threshold)', async () => {
    const root = tree({ a: '', b: '', c: '', d: '' });
    const raw = Buffer.concat([Buffer.from(`${root}/bad`), Buffer.from([0xff])]);
    writeFileSync(raw, '');
    const all = await listDirectory(root, 100, 0);
    expect(all.truncated).toBe(false);
    expect(all.entries.map((e) => e.name.toString('latin1')).sort()).toEqual(['a', 'b', 'bad\xff', 'c', 'd']);
    const cut = await listDirectory(root, 2, 0);
    expect(cut).toMatchObject({ truncated: true });
    expect(cut.entries).toHaveLength(2);
  });

  it('reports progress', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 2500; i++) files[`d${i % 10}/f${i}`] = '';
    const seen: number[] = [];
    await buildInventory(tree(files), { readGit: false, onProgress: (n) => seen.push(n) });
    expect(seen).toEqual([1000, 2000, 2500]);
  });

  it('fails clearly when the root does not exist or is a file', async () => {
    const root = tree({ f: 'x' });
    await expect(buildInventory(join(root, 'missing'))).rejects.toThrow(
      /cannot read the repository .*no such file/,
    );
    await expect(buildInventory(join(root, 'f'))).rejects.toThrow(/not a directory/);
  });
});

describe('buildInventory: symlinks', () => {
  it('does not follow a symlink to / (problem recorded, nothing from outside listed)', async () => {
    const root = tree({ 'a.txt': 'a' });
    const outside = tree({ 'secret.txt': 'outside' });
    symlinkSync('/', join(root, 'rootfs'));
    symlinkSync(join(outside, 'secret.txt'), join(root, 'passwd'));
    const inv = await buildInventory(root, { readGit: false });
    expect(paths(inv)).toEqual(['a.txt']);
    expect(problemsOf(inv, 'symlink-outside-root')).toEqual(['passwd', 'rootfs']);
    await expect(inv.readText('passwd')).rejects.toThrow(/outside the repository/);
    await expect(inv.readText('rootfs/etc/passwd')).rejects.toThrow(/outside the repository/);
  });

  it('records loops (a -> b -> a, a link to its own parent) and broken links', async () => {
    const root = tree({ 'sub/x.txt': 'x' });
    symlinkSync('b', join(root, 'a'));
    symlinkSync('a', join(root, 'b'));
    symlinkSync('..', join(root, 'sub/up'));
    symlinkSync('.', join(root, 'self'));
    symlinkSync('does-not-exist', join(root, 'dangling'));
    const inv = await buildInventory(root, { readGit: false });
    expect(paths(inv)).toEqual(['sub/x.txt']);
    expect(problemsOf(inv, 'symlink-loop')).toEqual(['a', 'b', 'self', 'sub/up']);
    expect(problemsOf(inv, 'symlink-broken')).toEqual(['dangling']);
  });

  it('lists a symlink to a file inside the root with the target content; does not descend linked dirs', async () => {
    const root = tree({ 'docs/SECURITY.md': '# Policy\n', 'lib/a.js': 'a' });
    symlinkSync('docs/SECURITY.md', join(root, 'SECURITY.md'));
    symlinkSync('lib', join(root, 'lib-link'));
    const inv = await buildInventory(root, { readGit: false });
    expect(paths(inv)).toEqual(['SECURITY.md', 'docs/SECURITY.md', 'lib/a.js']);
    expect(inv.get('SECURITY.md')?.size).toBe(9);
    expect(await inv.readText('SECURITY.md')).toBe('# Policy\n');
    expect(inv.problems).toEqual([]);
  });

  it('re-checks at read time: a file swapped for an outside symlink after the walk is refused', async () => {
    const root = tree({ 'config.yml': 'a: 1\n' });
    const outside = tree({ 'secret.txt': 'outside' });
    const inv = await buildInventory(root, { readGit: false });
    unlinkSync(join(root, 'config.yml'));
    symlinkSync(join(outside, 'secret.txt'), join(root, 'config.yml'));
    await expect(inv.readText('config.yml')).rejects.toThrow(/outside the repository/);
  });

  it('re-checks at read time: a folder swapped for a link to outside after the walk is refused', async () => {
    // The last component is a plain file on both sides, so only the walked identity (or realpath) can tell.
    const root = tree({ 'conf/app.yml': 'inside\n' });
    const outside = tree({ 'app.yml': 'outside\n' });
    const inv = await buildInventory(root, { readGit: false });
    rmSync(join(root, 'conf'), { recursive: true });
    symlinkSync(outside, join(root, 'conf'));
    await expect(inv.readText('conf/app.yml')).rejects.toThrow(/outside the repository/);
  });

  it('still reads a file replaced inside the root after the walk (a new inode, checked the long way)', async () => {
    const root = tree({ 'notes.md': 'old\n' });
    const inv = await buildInventory(root, { readGit: false });
    unlinkSync(join(root, 'notes.md'));
    writeFileSync(join(root, 'notes.md'), 'new\n');
    expect(await inv.readText('notes.md')).toBe('new\n');
  });
});

describe('buildInventory: hostile files and names', () => {
  it('lists a 2 GiB sparse file as too large without reading it, and refuses to read it', async () => {
    const root = tree({ 'big.bin': '' });
    truncateSync(join(root, 'big.bin'), 2 * 1024 ** 3);
    const inv = await buildInventory(root, { readGit: false });
    expect(inv.get('big.bin')?.size).toBe(2 * 1024 ** 3);
    expect(problemsOf(inv, 'too-large')).toEqual(['big.bin']);
    await expect(inv.readText('big.bin')).rejects.toThrow(/2147483648 bytes, over the 67108864-byte limit/);
    await expect(inv.readBytes('big.bin', 10)).rejects.toThrow(/over the .*limit/);
    // Sniffing reads 8 KiB only, so it may look at a large file (sparse: all NUL, so binary).
    expect(await inv.isBinary('big.bin')).toBe(true);
  });

  it('honours a custom maxFileBytes', async () => {
    const inv = await buildInventory(tree({ 'a.txt': 'x'.repeat(100), 'b.txt': 'small' }), {
      readGit: false,
      maxFileBytes: 50,
    });
    expect(problemsOf(inv, 'too-large')).toEqual(['a.txt']);
    await expect(inv.readText('a.txt')).rejects.toThrow(/100 bytes, over the 50-byte limit/);
    expect(await inv.readText('b.txt')).toBe('small');
  });

  it('keeps a name with invalid UTF-8 (U+FFFD in the path) and can still read it', async () => {
    const root = tree();
    const raw = Buffer.concat([Buffer.from(`${root}/bad-`), Buffer.from([0xff, 0xfe]), Buffer.from('.txt')]);
    writeFileSync(raw, 'content of a badly named file');
    const rawDir = Buffer.concat([Buffer.from(`${root}/dir-`), Buffer.from([0xc3])]);
    mkdirSync(rawDir);
    writeFileSync(Buffer.concat([rawDir, Buffer.from('/inner.txt')]), 'inner');
    const inv = await buildInventory(root, { readGit: false });
    expect(paths(inv)).toEqual(['bad-\uFFFD\uFFFD.txt', 'dir-\uFFFD/inner.txt']);
    expect(problemsOf(inv, 'unsafe-name')).toEqual(['bad-\uFFFD\uFFFD.txt', 'dir-\uFFFD']);
    expect(await inv.readText('bad-\uFFFD\uFFFD.txt')).toBe('content of a badly named file');
    expect(await inv.readText('dir-\uFFFD/inner.txt')).toBe('inner');
  });

  it('keeps one of two invalid names that decode to the same string', async () => {
    const root = tree();
    writeFileSync(Buffer.concat([Buffer.from(`${root}/x`), Buffer.from([0xff])]), '1');
    writeFileSync(Buffer.concat([Buffer.from(`${root}/x`), Buffer.from([0xfe])]), '2');
    const inv = await buildInventory(root, { readGit: false });
    expect(paths(inv)).toEqual(['x\uFFFD']);
    expect(problemsOf(inv, 'unsafe-name')).toEqual(['x\uFFFD', 'x\uFFFD']);
  });

  it('keeps names with control characters, newlines, bidi overrides and HTML, flagging the unsafe ones', async () => {
    const names = ['new\nline.txt', 'tab\there', 'esc\u001b[31mred', 'bidi\u202Etxt.exe', 'plain.txt'];
    const files: Record<string, string> = {};
    for (const n of names) files[n] = `content of ${n}`;
    const root = tree(files);
    // "/" cannot be in a name, so the HTML becomes a directory "<script>alert(1)<" and a file "script>.md".
    mkdirSync(join(root, '<script>alert(1)<'));
    writeFileSync(join(root, '<script>alert(1)<', 'script>.md'), '# hi');
    const inv = await buildInventory(root, { readGit: false });
    expect(paths(inv)).toEqual([...names, '<script>alert(1)</script>.md'].sort());
    expect(problemsOf(inv, 'unsafe-name').sort()).toEqual(names.filter((n) => n !== 'plain.txt').sort());
    for (const n of names) expect(await inv.readText(n)).toBe(`content of ${n}`);
    expect(await inv.readText('<script>alert(1)</script>.md')).toBe('# hi');
    expect(inv.byName('script>.md').map((f) => f.path)).toEqual(['<script>alert(1)</script>.md']);
  });

  it('never opens a FIFO: special-file problem, and reading it fails instead of blocking', async () => {
    const root = tree({ 'a.txt': 'a' });
    execFileSync('mkfifo', [join(root, 'pipe')]);
    const inv = await buildInventory(root, { readGit: false });
    expect(paths(inv)).toEqual(['a.txt']);
    expect(problemsOf(inv, 'special-file')).toEqual(['pipe']);
    await expect(inv.readText('pipe')).rejects.toThrow(/not a regular file/);
  });

  it('does not list a symlink to a special file', async () => {
    const root = tree();
    execFileSync('mkfifo', [join(root, 'pipe')]);
    symlinkSync('pipe', join(root, 'link'));
    const inv = await buildInventory(root, { readGit: false });
    expect(inv.files).toEqual([]);
    expect(problemsOf(inv, 'special-file')).toEqual(['link', 'pipe']);
  });
});

describe('inventory reads and lookups', () => {
  it('rejects paths that climb out, are absolute or are not normalised', async () => {
    const inv = await buildInventory(tree({ 'a/b.txt': 'b' }), { readGit: false });
    for (const bad of [
      '../etc/passwd',
      'a/../../etc/passwd',
      '/etc/passwd',
      './a/b.txt',
      'a//b.txt',
      '',
      'a/b.txt\0',
    ]) {
      await expect(inv.readText(bad), bad).rejects.toThrow(/refusing to read/);
    }
    expect(await inv.readText('a/b.txt')).toBe('b');
  });

  it('refuses directories and reports missing files', async () => {
    const inv = await buildInventory(tree({ 'a/b.txt': 'b' }), { readGit: false });
    await expect(inv.readText('a')).rejects.toThrow(/not a regular file/);
    await expect(inv.readText('nope.txt')).rejects.toThrow(/no such file/);
  });

  it('bounds reads by maxBytes, replaces invalid UTF-8, drops a BOM', async () => {
    const root = tree({
      'long.txt': 'abcdefghij',
      'latin1.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9]),
      'bom.json': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]),
    });
    const inv = await buildInventory(root, { readGit: false });
    expect(await inv.readText('long.txt', 4)).toBe('abcd');
    expect((await inv.readBytes('long.txt', 3)).toString()).toBe('abc');
    expect(await inv.readText('latin1.txt')).toBe('caf\uFFFD');
    expect(JSON.parse(await inv.readText('bom.json'))).toEqual({ a: 1 });
  });

  it('sniffs binary content (NUL in the first 8 KiB) lazily and caches it on the entry', async () => {
    const root = tree({
      'img.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]),
      'text.md': '# title\n',
      'late-nul.txt': Buffer.concat([Buffer.alloc(9000, 0x61), Buffer.from([0])]),
    });
    const inv = await buildInventory(root, { readGit: false });
    expect(inv.get('img.png')?.binary).toBeUndefined();
    expect(await inv.isBinary('img.png')).toBe(true);
    expect(await inv.isBinary('text.md')).toBe(false);
    expect(await inv.isBinary('late-nul.txt')).toBe(false);
    expect(inv.get('img.png')?.binary).toBe(true);
    await inv.readText('text.md');
    expect(inv.get('text.md')?.binary).toBe(false);
  });

  it('finds files by base name, exactly or ignoring case', async () => {
    const inv = await buildInventory(
      tree({ 'package.json': '{}', 'a/package.json': '{}', 'b/Package.JSON': '{}', 'README.md': '' }),
      { readGit: false },
    );
    expect(inv.byName('package.json').map((f) => f.path)).toEqual(['a/package.json', 'package.json']);
    expect(inv.byName('PACKAGE.json', { ci: true }).map((f) => f.path)).toEqual([
      'a/package.json',
      'b/Package.JSON',
      'package.json',
    ]);
    expect(inv.byName('nothing')).toEqual([]);
    expect(inv.has('a/package.json')).toBe(true);
    expect(inv.has('a')).toBe(false);
  });
});
