import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildInventory } from './walk.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('ranged reads and streamed hashes of large files (model files)', () => {
  it('reads the head and hashes the whole of a file over the read limit, and refuses links out', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vouch-ranged-'));
    const outside = mkdtempSync(join(tmpdir(), 'vouch-outside-'));
    dirs.push(root, outside);
    // Over 1 MiB so the hash takes more than one chunk.
    const big = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    big.write('GGUF', 0);
    writeFileSync(join(root, 'model.gguf'), big);
    writeFileSync(join(outside, 'secret.bin'), 'outside');
    symlinkSync(join(outside, 'secret.bin'), join(root, 'link.bin'));
    const inv = await buildInventory(root, { maxFileBytes: 1024 });
    expect((await inv.readHead('model.gguf', 4)).toString('latin1')).toBe('GGUF');
    await expect(inv.readBytes('model.gguf')).rejects.toThrow(/over the 1024-byte limit/);
    expect(await inv.sha256('model.gguf')).toBe(createHash('sha256').update(big).digest('hex'));
    await expect(inv.sha256('link.bin')).rejects.toThrow(/outside the repository/);
  });
});
