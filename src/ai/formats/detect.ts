/** Recognising model formats by their first bytes, never by file extension. */

import { HIGHEST_PROTOCOL, OPCODES } from '../pickle/opcodes.js';
import type { ModelFormat } from '../types.js';
import { looksLikeZip } from '../zip/zip.js';

/** "pickle-text" is a protocol 0/1 candidate: only a disassembly can confirm it. */
export type DetectedFormat = Exclude<ModelFormat, 'pytorch-zip' | 'joblib' | 'npz' | 'keras'> | 'pickle-text';

/** Bytes of the start of a file that detectFormat needs. */
export const HEAD_BYTES = 64;

export const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);
export const NPY_MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]);

/**
 * torch.save's legacy format (PyTorch before 1.6, and still loaded everywhere: many published
 * pytorch_model.bin files) starts with a pickle of torch's magic number, 0x1950a86a20f9469cfc6c:
 * PROTO, a FRAME from protocol 4 on, LONG1 of its ten bytes, STOP. Four more pickles follow
 * (protocol version, system information, the object, its storage keys), then the storages as raw
 * bytes, which torch reads without unpickling.
 */
const TORCH_LEGACY_MAGIC = Buffer.from('8a0a6cfc9c46f9206aa850192e', 'hex');
export const TORCH_LEGACY_PICKLES = 5;

/** True when `head` starts with torch's magic-number pickle, under any binary protocol. */
export function startsTorchLegacy(head: Buffer): boolean {
  if (head[0] !== 0x80 || head.length < 2 || head[1]! < 2 || head[1]! > HIGHEST_PROTOCOL) return false;
  const at = head[2] === 0x95 ? 11 : 2; // after PROTO, and FRAME with its 8-byte length
  return head.subarray(at, at + TORCH_LEGACY_MAGIC.length).equals(TORCH_LEGACY_MAGIC);
}

/**
 * The format suggested by `head` (the first HEAD_BYTES of a file of `size` bytes).
 * "pickle-text" is a protocol 0/1 candidate: only a disassembly can confirm it.
 */
export function detectFormat(head: Buffer, size: number): DetectedFormat {
  if (head.length === 0) return 'unknown';
  if (looksLikeZip(head)) return 'zip';
  if (head.subarray(0, 6).equals(NPY_MAGIC)) return 'npy';
  if (head.subarray(0, 8).equals(HDF5_SIGNATURE)) return 'hdf5';
  if (head.subarray(0, 4).toString('latin1') === 'GGUF') return 'gguf';
  if (head.length >= 8 && head.subarray(4, 8).toString('latin1') === 'TFL3') return 'tflite';
  if (startsTorchLegacy(head)) return 'pytorch-legacy';
  if (head[0] === 0x80 && head.length >= 2 && head[1]! <= HIGHEST_PROTOCOL) return 'pickle';
  if (head.length >= 9) {
    const n = head.readBigUInt64LE(0);
    if (n > 1n && n <= BigInt(size - 8) && head[8] === 0x7b /* { */) return 'safetensors';
  }
  // ONNX ModelProto: field 1 (ir_version, varint) first, then producer/graph/opset fields.
  if (
    head.length >= 3 &&
    head[0] === 0x08 &&
    head[1]! >= 1 &&
    head[1]! <= 20 &&
    [0x12, 0x1a, 0x22, 0x2a, 0x3a, 0x42].includes(head[2]!)
  ) {
    return 'onnx';
  }
  const op = OPCODES[head[0]!];
  if (op && op.proto <= 1) return 'pickle-text';
  return 'unknown';
}
