import { describe, expect, it } from 'vitest';
import { torchZip } from '../../../test/helpers/model-files.js';
import { pickle } from '../../../test/helpers/pickle-assembler.js';
import { makeZip } from '../../../test/helpers/zip-writer.js';
import { scanModelFile } from '../scan.js';
import { BufferSource } from '../source.js';
import { DEFAULT_ZIP_LIMITS, ZipArchive, ZipError } from './zip.js';

const evil = pickle().proto(2).op('GLOBAL', ['builtins', 'eval']).callWith('1').op('STOP').bytes();

describe('ZipArchive', () => {
  it('lists entries and reads stored and deflated ones', () => {
    const z = new ZipArchive(
      new BufferSource(
        makeZip([
          { name: 'a.txt', data: Buffer.from('hello') },
          { name: 'b.bin', data: Buffer.alloc(1000, 7), method: 8 },
        ]),
      ),
    );
    expect(z.entries.map((e) => [e.name, e.method, e.size])).toEqual([
      ['a.txt', 0, 5],
      ['b.bin', 8, 1000],
    ]);
    const b = z.open(z.entries[1]!);
    expect(b.read(0, 2000).equals(Buffer.alloc(1000, 7))).toBe(true);
    expect(z.head(z.entries[1]!, 4)).toEqual(Buffer.alloc(4, 7));
  });

  it('refuses a high compression ratio, too many entries and a lying size, without inflating', () => {
    const bomb = makeZip([{ name: 'zeros', data: Buffer.alloc(4 * 1024 * 1024), method: 8 }]);
    const z = new ZipArchive(new BufferSource(bomb));
    expect(z.unreadable(z.entries[0]!)).toMatch(/compression ratio \d+:1 over the limit of 200:1/);
    expect(() => z.open(z.entries[0]!)).toThrow(ZipError);

    const many = makeZip(Array.from({ length: 20 }, (_, i) => ({ name: `f${i}`, data: Buffer.from('x') })));
    expect(() => new ZipArchive(new BufferSource(many), { ...DEFAULT_ZIP_LIMITS, maxEntries: 10 })).toThrow(
      /20 entries, over the limit of 10/,
    );

    const liar = makeZip([{ name: 'x', data: Buffer.alloc(5000, 1), method: 8, declaredSize: 10 }]);
    const l = new ZipArchive(new BufferSource(liar));
    expect(() => l.open(l.entries[0]!)).toThrow(/cannot inflate/);
  });

  it('refuses truncated archives and impossible directories with a clear error', () => {
    const good = makeZip([{ name: 'a', data: Buffer.from('abc') }]);
    expect(() => new ZipArchive(new BufferSource(good.subarray(0, good.length - 10)))).toThrow(
      /no end of central directory/,
    );
    const lying = Buffer.from(good);
    lying.writeUInt16LE(60000, lying.length - 12); // entry count
    expect(() => new ZipArchive(new BufferSource(lying))).toThrow(/cannot hold 60000 entries/);
  });
});

describe('scanModelFile on archives', () => {
  it('scans a PyTorch zip by its data.pkl only and calls it safe', () => {
    const r = scanModelFile(
      torchZip([
        { name: 'w', elements: 1000 },
        { name: 'b', elements: 10 },
      ]),
      'model.pt',
    );
    expect(r).toMatchObject({ format: 'pytorch-zip', verdict: 'safe', scanned: { pickles: 1 } });
  });

  it('finds a dangerous pickle in nested zips under any name, with its entry path', () => {
    const inner = makeZip([{ name: 'weights.txt', data: evil, method: 8 }]);
    const outer = makeZip([
      { name: 'README', data: Buffer.from('hi') },
      { name: 'docs/inner.dat', data: inner },
    ]);
    const r = scanModelFile(outer, 'outer.zip');
    expect(r.verdict).toBe('dangerous');
    expect(r.findings[0]).toMatchObject({
      module: 'builtins',
      name: 'eval',
      entry: 'docs/inner.dat!/weights.txt',
      offset: 2,
    });
  });

  it('does not open archives nested past the depth limit and says so', () => {
    let z = makeZip([{ name: 'evil.pkl', data: evil }]);
    for (let i = 0; i < 4; i++) z = makeZip([{ name: `level${i}.zip`, data: z }]);
    const r = scanModelFile(z, 'deep.zip');
    expect(r.verdict).toBe('error');
    expect(r.problems.map((p) => p.message)).toContain('archive nested deeper than 3 levels: not opened');
    expect(scanModelFile(z, 'deep.zip', { maxDepth: 6 }).verdict).toBe('dangerous');
  });

  it('reports a zip bomb entry as not examined (error), never as safe', () => {
    const r = scanModelFile(
      makeZip([{ name: 'data.pkl', data: Buffer.alloc(4 * 1024 * 1024), method: 8 }]),
      'bomb.zip',
    );
    expect(r.verdict).toBe('error');
    expect(r.problems[0]).toMatchObject({ entry: 'data.pkl', fatal: true });
    expect(r.problems[0]!.message).toMatch(/compression ratio/);
  });

  it('reports encrypted entries as not examined', () => {
    const r = scanModelFile(makeZip([{ name: 'data.pkl', data: evil, flags: 1 }]), 'locked.zip');
    expect(r).toMatchObject({
      verdict: 'error',
      problems: [{ message: 'not examined: encrypted', fatal: true }],
    });
  });
});
