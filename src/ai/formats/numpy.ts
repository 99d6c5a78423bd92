/**
 * NumPy .npy: magic, version, header length, a Python-literal dict header naming descr, order and
 * shape. Object arrays (descr "|O") are pickles after the header; any other array is raw data.
 */
import type { ByteSource } from '../source.js';

export interface NpyHeader {
  /** Offset of the data (a pickle stream for object arrays). */
  dataOffset: number;
  descr: string;
  objects: boolean;
  /** Bytes the data needs (non-object arrays only). */
  dataBytes?: number;
}

const MAX_HEADER = 1024 * 1024;

/** The header, or the reason it is malformed. */
export function readNpyHeader(src: ByteSource): NpyHeader | string {
  const pre = src.read(0, 12);
  if (pre.length < 10) return 'truncated .npy header';
  const major = pre[6]!;
  const lenBytes = major === 1 ? 2 : 4;
  if (major < 1 || major > 3) return `unsupported .npy version ${major}`;
  const headerLen = lenBytes === 2 ? pre.readUInt16LE(8) : pre.length >= 12 ? pre.readUInt32LE(8) : -1;
  if (headerLen < 0 || headerLen > MAX_HEADER || 8 + lenBytes + headerLen > src.size)
    return 'declared .npy header length exceeds the file';
  const dataOffset = 8 + lenBytes + headerLen;
  const text = src.read(8 + lenBytes, headerLen).toString(major === 3 ? 'utf8' : 'latin1');
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(text)?.[1];
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || shapeText === undefined) return '.npy header lacks descr or shape';
  const objects = /^[|<>=]?O$/.test(descr);
  const dims = shapeText
    .split(',')
    .map((d) => d.trim())
    .filter((d) => d !== '')
    .map(Number);
  if (dims.some((d) => !Number.isSafeInteger(d) || d < 0))
    return '.npy shape is not a tuple of non-negative integers';
  const width = Number(/(\d+)$/.exec(descr)?.[1] ?? Number.NaN);
  const header: NpyHeader = { dataOffset, descr, objects };
  if (!objects && Number.isFinite(width) && /^[|<>=]?[biufcSUVmM]\d+$/.test(descr)) {
    header.dataBytes = dims.reduce((a, d) => a * d, 1) * width * (descr.includes('U') ? 4 : 1);
  }
  return header;
}
