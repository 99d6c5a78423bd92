import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTextFileSync } from './write-text.js';

const tmp = mkdtempSync(join(tmpdir(), 'vouch-write-text-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('writeTextFileSync', () => {
  it('writes the same bytes as writeFileSync, across chunk borders, surrogate pairs included', () => {
    // 65,535 ASCII units then an emoji: its pair straddles the first 65,536-unit chunk's end.
    const texts = [
      '',
      'plain\n',
      `${'a'.repeat(65_535)}😀${'é'.repeat(70_000)}\u2028end`,
      '😀'.repeat(100_000),
      `{"k":"${'x'.repeat(300_000)}"}\n`,
    ];
    for (const [i, text] of texts.entries()) {
      const mine = join(tmp, `mine-${i}`);
      const theirs = join(tmp, `theirs-${i}`);
      writeTextFileSync(mine, text);
      writeFileSync(theirs, text);
      expect(readFileSync(mine).equals(readFileSync(theirs))).toBe(true);
      expect(readFileSync(mine, 'utf8')).toBe(text);
    }
  });

  it('truncates a longer file that was there before', () => {
    const file = join(tmp, 'shrink');
    writeFileSync(file, 'x'.repeat(1000));
    writeTextFileSync(file, 'short');
    expect(statSync(file).size).toBe(5);
    expect(readFileSync(file, 'utf8')).toBe('short');
  });

  it('throws as writeFileSync does when the folder is missing', () => {
    expect(() => writeTextFileSync(join(tmp, 'no-such-dir', 'x'), 'a')).toThrow(/ENOENT/);
  });
});
