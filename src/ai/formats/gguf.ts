/**
 * GGUF (llama.cpp): magic, version, tensor and metadata counts, typed key/value metadata, tensor
 * descriptors, then aligned tensor data. The header is walked with every length checked against
 * the file, so a declared count or string length cannot make the reader allocate or loop past it.
 */
import { Reader } from '../reader.js';
import type { ByteSource } from '../source.js';

const MAX_STRING = 64 * 1024 * 1024;
const MAX_DIMS = 8;
// ggml type id -> [bytes per block, elements per block]
const GGML_TYPES: Record<number, [number, number]> = {
  0: [4, 1],
  1: [2, 1],
  2: [18, 32],
  3: [20, 32],
  6: [22, 32],
  7: [24, 32],
  8: [34, 32],
  9: [36, 32],
  10: [84, 256],
  11: [110, 256],
  12: [144, 256],
  13: [176, 256],
  14: [210, 256],
  15: [292, 256],
  16: [66, 256],
  17: [74, 256],
  18: [98, 256],
  19: [50, 256],
  20: [18, 32],
  21: [110, 256],
  22: [82, 256],
  23: [136, 256],
  24: [1, 1],
  25: [2, 1],
  26: [4, 1],
  27: [8, 1],
  28: [8, 1],
  29: [56, 256],
  30: [2, 1],
  34: [54, 256],
  35: [66, 256],
};
// metadata value type -> fixed size in bytes (8 = string, 9 = array are variable)
const VALUE_BYTES: Record<number, number> = {
  0: 1,
  1: 1,
  2: 2,
  3: 2,
  4: 4,
  5: 4,
  6: 4,
  7: 1,
  10: 8,
  11: 8,
  12: 8,
};

class Malformed extends Error {}

/** Problems with the header; empty when it is well formed. */
export function checkGguf(src: ByteSource): string[] {
  const r = new Reader(src);
  const need = (n: number) => r.take(n) ?? fail(`truncated at byte ${r.pos}`);
  const fail = (m: string): never => {
    throw new Malformed(m);
  };
  const u32 = () => need(4).readUInt32LE(0);
  const u64 = () => {
    const v = need(8).readBigUInt64LE(0);
    return v > BigInt(src.size)
      ? fail(`count or length ${v} at byte ${r.pos - 8} exceeds the file size`)
      : Number(v);
  };
  const str = () => {
    const n = u64();
    if (n > MAX_STRING) fail(`string of ${n} bytes at byte ${r.pos - 8}`);
    if (!r.skip(n)) fail(`string at byte ${r.pos - 8} runs past the end`);
  };
  const value = (type: number, depth: number): void => {
    if (type === 8) {
      str();
      return;
    }
    if (type === 9) {
      if (depth > 2) fail('arrays nested too deeply');
      const inner = u32();
      const n = u64();
      if (inner === 8 || inner === 9) {
        for (let i = 0; i < n; i++) value(inner, depth + 1);
      } else {
        const w = VALUE_BYTES[inner] ?? fail(`unknown metadata type ${inner}`);
        if (!r.skip(n * w)) fail('array runs past the end');
      }
      return;
    }
    const w = VALUE_BYTES[type] ?? fail(`unknown metadata type ${type}`);
    need(w);
  };
  try {
    if (need(4).toString('latin1') !== 'GGUF') fail('no GGUF magic');
    const version = u32();
    if (version < 1 || version > 3) fail(`unsupported GGUF version ${version}`);
    const tensors = u64();
    const kvs = u64();
    let alignment = 32;
    for (let i = 0; i < kvs; i++) {
      const keyStart = r.pos + 8;
      str();
      const key = src.read(keyStart, Math.min(64, r.pos - keyStart)).toString('utf8');
      const type = u32();
      if (key === 'general.alignment' && type === 4) {
        alignment = u32();
        if (alignment === 0 || (alignment & (alignment - 1)) !== 0)
          fail(`alignment ${alignment} is not a power of two`);
      } else value(type, 0);
    }
    const descriptors: Array<{ elements: number; type: number; offset: number }> = [];
    for (let i = 0; i < tensors; i++) {
      str();
      const dims = u32();
      if (dims > MAX_DIMS) fail(`tensor ${i} has ${dims} dimensions`);
      let elements = 1;
      for (let d = 0; d < dims; d++) elements *= Number(need(8).readBigUInt64LE(0));
      descriptors.push({ elements, type: u32(), offset: u64() });
    }
    const dataStart = Math.ceil(r.pos / alignment) * alignment;
    const dataSize = src.size - dataStart;
    const problems: string[] = [];
    for (const [i, t] of descriptors.entries()) {
      if (problems.length >= 20) break;
      const info = GGML_TYPES[t.type];
      const bytes = info ? Math.ceil(t.elements / info[1]) * info[0] : 0;
      if (t.offset % alignment !== 0)
        problems.push(`tensor ${i}: offset ${t.offset} is not aligned to ${alignment}`);
      if (!Number.isSafeInteger(bytes) || t.offset + bytes > dataSize) {
        problems.push(
          `tensor ${i}: ${bytes} bytes at offset ${t.offset} run past the ${dataSize} data bytes`,
        );
      }
    }
    return problems;
  } catch (e) {
    if (e instanceof Malformed) return [e.message];
    throw e;
  }
}
