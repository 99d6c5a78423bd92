/**
 * Keras models: a Lambda layer carries Python code (marshalled bytecode or a function reference)
 * that runs when the model is loaded. A .keras archive holds the model as config.json; a legacy
 * .h5 file holds it as the `model_config` attribute, a JSON string. Without a full HDF5 parser the
 * attribute is found by its text; when it cannot be found, whether Lambda layers exist is unknown.
 */
import type { ByteSource } from '../source.js';

const MAX_DEPTH = 200;

/** Names of Lambda layers in a parsed Keras model config (any nesting: Sequential, Functional). */
export function lambdaLayers(config: unknown): string[] {
  const found: string[] = [];
  const walk = (v: unknown, depth: number) => {
    if (depth > MAX_DEPTH || typeof v !== 'object' || v === null) return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1);
      return;
    }
    const o = v as Record<string, unknown>;
    if (o.class_name === 'Lambda') {
      const cfg = o.config as Record<string, unknown> | undefined;
      found.push(typeof cfg?.name === 'string' ? cfg.name : '(unnamed)');
    }
    for (const x of Object.values(o)) walk(x, depth + 1);
  };
  walk(config, 0);
  return found;
}

const CONFIG_START = Buffer.from('{"class_name":');
const CONFIG_START_SPACED = Buffer.from('{"class_name": ');
const MAX_H5_SCAN = 512 * 1024 * 1024;
const MAX_CONFIG = 64 * 1024 * 1024;
const MAX_ATTEMPTS = 32;

/**
 * Lambda layers of an HDF5 Keras file, or undefined when no model config JSON is found (a
 * weights-only file, a compressed or chunked attribute). Reads the file once, in chunks.
 */
export function h5LambdaLayers(src: ByteSource): { layers: string[]; configs: number } | undefined {
  const end = Math.min(src.size, MAX_H5_SCAN);
  let configs = 0;
  let attempts = 0;
  const layers: string[] = [];
  const chunk = 1 << 20;
  let resume = 0;
  for (let at = 0; at < end && attempts < MAX_ATTEMPTS; at += chunk) {
    // Overlap chunks by more than a marker's length so a marker across a boundary is seen.
    const buf = src.read(at, Math.min(chunk + 64, end - at));
    for (const marker of [CONFIG_START, CONFIG_START_SPACED]) {
      let i = buf.indexOf(marker, Math.max(0, resume - at));
      while (i >= 0 && i < chunk && attempts++ < MAX_ATTEMPTS) {
        const parsed = parseJsonAt(src, at + i);
        if (parsed !== undefined) {
          configs++;
          layers.push(...lambdaLayers(parsed.value));
          // Nested layer configs start with the same marker: continue after this object.
          resume = at + i + parsed.length;
          i = resume - at;
        }
        i = buf.indexOf(marker, i + 1);
      }
    }
  }
  return configs > 0 ? { layers, configs } : undefined;
}

/** The JSON object starting at `offset` (balanced braces, strings respected), or undefined. */
function parseJsonAt(src: ByteSource, offset: number): { value: unknown; length: number } | undefined {
  const buf = src.read(offset, Math.min(MAX_CONFIG, src.size - offset));
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i]!;
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b) depth++;
    else if (c === 0x7d && --depth === 0) {
      try {
        return { value: JSON.parse(buf.toString('utf8', 0, i + 1)), length: i + 1 };
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
