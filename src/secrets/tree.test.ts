/**
 * The tree scan on hostile file shapes, through the real walk and reader: a 500 MB single-line
 * file (sparse, so the test writes almost nothing), a file of 10 million short lines, and a line
 * packed with every rule's keywords; each finishes and the rest of the scan is complete. No time
 * is asserted: completion and the other files' findings are.
 */
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInventory } from '../inventory/walk.js';
import { loadSecretsFile } from './rules.js';
import { scanInventory } from './tree.js';

const AWS = ['AKIA', 'Z3MSJV4WWNKWW5FG'].join('');
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'vouch-secrets-tree-'));
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'src', 'a.js'), `export const key = "${AWS}";\n`);
  // 500 MB on one line: a sparse file whose only written bytes are a keyword and a key at the end.
  const huge = openSync(join(root, 'huge.txt'), 'w');
  writeSync(huge, `AKIA ${AWS}`, 500 * 1024 * 1024);
  closeSync(huge);
  // Ten million short lines (20 MB would pass the size limit: one byte and a break each), the
  // secret after the last.
  writeFileSync(
    join(root, 'lines.txt'),
    Buffer.concat([Buffer.alloc(10_000_000, '\n'), Buffer.from(`k=${AWS}\n`)]),
  );
  // Every keyword of every rule, over and over, on one 8 MB line.
  const keywords = loadSecretsFile().rules.flatMap((r) => r.keywords);
  const packed = `${keywords.join(' ')} `;
  writeFileSync(join(root, 'keywords.txt'), `${packed.repeat(Math.ceil(8_000_000 / packed.length))}${AWS}`);
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('scanInventory on hostile shapes', () => {
  it('finishes, reports what it could not scan, and finds the secrets of every other file', async () => {
    const result = await scanInventory(await buildInventory(root, { readGit: false }));
    const found = result.findings.map((f) => `${f.location.path}:${f.location.line}:${f.rule}`);
    expect(found).toEqual([
      'keywords.txt:1:secrets-committed/aws-access-key-id',
      'lines.txt:10000001:secrets-committed/aws-access-key-id',
      'src/a.js:1:secrets-committed/aws-access-key-id',
    ]);
    // The 500 MB file is over the size limit: not scanned, and said so (never a clean pass).
    expect(result.notScanned).toEqual([
      { path: 'huge.txt', reason: expect.stringMatching(/over the \d+-byte limit/) },
    ]);
    expect(result.scanned).toBe(3);
  }, 300_000);
});
