import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BatchReader } from './batch-read.js';
import { SNIFF_BYTES } from './read.js';

describe('BatchReader', () => {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'vouch-batch-read-')));
  const root = join(base, 'repo');
  const outside = join(base, 'outside');
  mkdirSync(join(root, 'src'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(root, 'src', 'a.txt'), 'hello\n');
  writeFileSync(join(root, 'big.txt'), 'x'.repeat(100_000));
  writeFileSync(
    join(root, 'late-nul.bin'),
    Buffer.concat([Buffer.alloc(SNIFF_BYTES, 0x61), Buffer.from([0])]),
  );
  writeFileSync(join(root, 'early-nul.bin'), Buffer.from([0x61, 0, 0x62]));
  writeFileSync(join(outside, 'secret.txt'), 'outside\n');
  symlinkSync(join(outside, 'secret.txt'), join(root, 'link.txt'));
  symlinkSync(outside, join(root, 'linked-dir'));
  afterAll(() => rmSync(base, { recursive: true, force: true }));
  const reader = new BatchReader(root);

  it('reads files inside the root, bounded, and sniffs binaries as git does (a NUL in the first 8 KiB)', () => {
    const a = reader.read('src/a.txt', 1 << 20, 1 << 20);
    expect(a?.binary === false && a.bytes.toString()).toBe('hello\n');
    const cut = reader.read('big.txt', 10, 1 << 20);
    expect(cut?.binary === false && cut.bytes.length).toBe(10);
    expect(reader.read('big.txt', 1 << 20, 1000)).toBeUndefined();
    expect(reader.read('early-nul.bin', 1 << 20, 1 << 20)).toEqual({ binary: true, size: 3 });
    expect(reader.read('late-nul.bin', 1 << 20, 1 << 20)?.binary).toBe(false);
  });

  it('leaves symlinks, directories resolving outside the root and missing files to the inventory reader', () => {
    expect(reader.read('link.txt', 1 << 20, 1 << 20)).toBeUndefined();
    expect(reader.read('linked-dir/secret.txt', 1 << 20, 1 << 20)).toBeUndefined();
    expect(reader.read('src/missing.txt', 1 << 20, 1 << 20)).toBeUndefined();
    expect(reader.read('src', 1 << 20, 1 << 20)).toBeUndefined();
  });

  it('opens a walked file by its path and keeps it only if it is the file the walk saw', () => {
    mkdirSync(join(root, 'swap'));
    writeFileSync(join(root, 'swap', 's.txt'), 'inside\n');
    writeFileSync(join(outside, 's.txt'), 'outside\n');
    const seen = new Map<string, { dev: number; ino: number }>();
    for (const p of ['src/a.txt', 'swap/s.txt']) {
      const st = lstatSync(join(root, p));
      seen.set(p, { dev: st.dev, ino: st.ino });
    }
    const walked = new BatchReader(root, (p) => seen.get(p));
    const a = walked.read('src/a.txt', 1 << 20, 1 << 20);
    expect(a?.binary === false && a.bytes.toString()).toBe('hello\n');
    const s = walked.read('swap/s.txt', 1 << 20, 1 << 20);
    expect(s?.binary === false && s.bytes.toString()).toBe('inside\n');
    // The folder is swapped for a link to outside after the walk: the same path opens another file.
    renameSync(join(root, 'swap'), join(base, 'swapped-away'));
    symlinkSync(outside, join(root, 'swap'));
    expect(walked.read('swap/s.txt', 1 << 20, 1 << 20)).toBeUndefined();
    // An identity that is not the file's (a file replaced since the walk) is refused the same way.
    const stale = new BatchReader(root, () => ({ dev: 0, ino: 0 }));
    expect(stale.read('src/a.txt', 1 << 20, 1 << 20)).toBeUndefined();
  });
});
