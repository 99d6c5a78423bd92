/**
 * safetensors: an 8-byte little-endian header length, a JSON header naming each tensor's dtype,
 * shape and [begin, end) data offsets, then the data. Only the header is read; the data is
 * checked by size. The format holds no code; a header that does not add up is malformed.
 */
import type { ByteSource } from '../source.js';

const MAX_HEADER = 100 * 1024 * 1024;
const DTYPE_BYTES: Record<string, number> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  F8_E8M0: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  I64: 8,
  U64: 8,
  F64: 8,
  C64: 8,
  F4: 0.5,
  F6_E2M3: 0.75,
  F6_E3M2: 0.75,
};

/** Problems with the file's header; empty when it is well formed. */
export function checkSafetensors(src: ByteSource): string[] {
  if (src.size < 8) return ['shorter than the 8-byte header length'];
  const n = src.read(0, 8).readBigUInt64LE(0);
  if (n > BigInt(Math.min(MAX_HEADER, src.size - 8)))
    return [`declared header of ${n} bytes exceeds the file or the ${MAX_HEADER}-byte limit`];
  const headerLen = Number(n);
  let header: unknown;
  try {
    header = JSON.parse(src.read(8, headerLen).toString('utf8'));
  } catch (e) {
    return [`header is not JSON (${(e as Error).message})`];
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    return ['header is not a JSON object'];
  const dataSize = src.size - 8 - headerLen;
  const problems: string[] = [];
  const spans: Array<[number, number]> = [];
  for (const [name, value] of Object.entries(header as Record<string, unknown>)) {
    if (problems.length >= 20) break;
    const v = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (name === '__metadata__') {
      if (
        typeof value !== 'object' ||
        value === null ||
        Object.values(value).some((x) => typeof x !== 'string')
      ) {
        problems.push('__metadata__ must map strings to strings');
      }
      continue;
    }
    const label = JSON.stringify(name.slice(0, 80));
    const width = typeof v?.dtype === 'string' ? DTYPE_BYTES[v.dtype] : undefined;
    const shape = v?.shape;
    const offsets = v?.data_offsets;
    if (width === undefined) {
      problems.push(`tensor ${label}: unknown dtype ${JSON.stringify(v?.dtype)}`);
      continue;
    }
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      problems.push(`tensor ${label}: shape is not a list of non-negative integers`);
      continue;
    }
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((d) => Number.isSafeInteger(d) && d >= 0)
    ) {
      problems.push(`tensor ${label}: data_offsets is not [begin, end]`);
      continue;
    }
    const [begin, end] = offsets as [number, number];
    const bytes = shape.reduce((a: number, d: number) => a * d, 1) * width;
    if (end < begin || end > dataSize)
      problems.push(`tensor ${label}: data [${begin}, ${end}) lies outside the ${dataSize} data bytes`);
    else if (end - begin !== Math.ceil(bytes))
      problems.push(`tensor ${label}: ${end - begin} data bytes, its dtype and shape need ${bytes}`);
    else spans.push([begin, end]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length && problems.length < 20; i++) {
    if (spans[i]![0] < spans[i - 1]![1]) problems.push(`tensor data ranges overlap at byte ${spans[i]![0]}`);
  }
  return problems;
}
