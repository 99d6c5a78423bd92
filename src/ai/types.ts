/** What a model-file scan reports, per file. */
import type { PickleCall } from './pickle/disassemble.js';

export type ModelFormat =
  | 'pickle'
  | 'pytorch-zip'
  | 'pytorch-legacy'
  | 'joblib'
  | 'npy'
  | 'npz'
  | 'zip'
  | 'keras'
  | 'hdf5'
  | 'safetensors'
  | 'gguf'
  | 'onnx'
  | 'tflite'
  | 'unknown';

export type ModelVerdict = 'dangerous' | 'safe' | 'error';

export interface ModelFinding {
  /** The imported object, e.g. module "os", name "system"; Keras Lambda layers as keras.layers.Lambda. */
  module: string;
  name: string;
  severity: 'critical' | 'suspicious';
  /** The opcode (or file part) that imports it, e.g. STACK_GLOBAL, config.json. */
  opcode: string;
  /** Byte offset of that opcode within its stream (the archive entry when `entry` is set). */
  offset: number;
  /** Archive entry path ("a.zip/inner.zip/data.pkl" style, outermost first) when inside one. */
  entry?: string;
  /** Calls the loader would make on it. */
  calls: PickleCall[];
  /** Why it is reported. */
  reason: string;
}

export interface ModelProblem {
  message: string;
  entry?: string;
  offset?: number;
  /** True when it leaves part of the file unexamined (the verdict cannot be "safe"). */
  fatal: boolean;
}

export interface ModelScanResult {
  /** The path or name given. */
  name: string;
  format: ModelFormat;
  verdict: ModelVerdict;
  findings: ModelFinding[];
  /** Allow-listed imports seen, "module.name", sorted and unique. */
  safeImports: string[];
  problems: ModelProblem[];
  /** Pickle streams and archive entries examined. */
  scanned: { pickles: number; entries: number };
  bytes: number;
}
