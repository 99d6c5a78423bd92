/**
 * One linear pass over JSON text that reports every object key with its 1-based line, so lockfile
 * extractors can point at entries without a second parse. Run it only on text JSON.parse accepted:
 * it trusts the structure and does no validation of its own. Also the JSON helpers the lockfile
 * extractors of several languages share: located parse errors, base64 digests, the size limit.
 */
import type { ParseError } from 'jsonc-parser';
import { limitFor } from '../../../inventory/scope.js';
import { positionOf } from '../../../util/position.js';
import { libraryLoadError, loadJsonc } from './lazy.js';

/** Path of the object that holds the key: object keys and array indexes from the root down. */
export type JsonPath = readonly (string | number)[];

export type JsonKeyVisitor = (path: JsonPath, key: string, line: number) => void;

interface Frame {
  isObject: boolean;
  /** Next array index, or the key whose value is being read. */
  index: number;
  key: string;
  expectKey: boolean;
}

const QUOTE = 34;
const BACKSLASH = 92;
const NEWLINE = 10;

/**
 * Calls `visit` for every key of every object. `maxDepth` skips keys of objects nested deeper than
 * that (path length), which keeps big lockfiles cheap when only the top levels matter.
 */
export function scanJsonKeys(text: string, visit: JsonKeyVisitor, maxDepth = Number.POSITIVE_INFINITY): void {
  const frames: Frame[] = [];
  const path: (string | number)[] = [];
  let line = 1;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) {
      line++;
    } else if (c === QUOTE) {
      // Valid JSON strings hold no raw newlines: jump to the closing quote (one not escaped by an odd
      // run of backslashes) with indexOf instead of walking every character.
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) {
          j = n;
          break;
        }
        let backslashes = 0;
        for (let k = q - 1; k > i && text.charCodeAt(k) === BACKSLASH; k--) backslashes++;
        if (backslashes % 2 === 0) {
          j = q;
          break;
        }
        j = q + 1;
      }
      const top = frames[frames.length - 1];
      if (top?.isObject && top.expectKey) {
        let key = text.slice(i + 1, j);
        if (key.includes('\\')) {
          try {
            key = JSON.parse(text.slice(i, j + 1)) as string;
          } catch {
            // keep the raw text: the caller only uses keys to find lines
          }
        }
        top.key = key;
        top.expectKey = false;
        if (path.length <= maxDepth) visit(path, key, line);
      }
      i = j;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      const top = frames[frames.length - 1];
      if (top) path.push(top.isObject ? top.key : top.index);
      frames.push({ isObject: c === 123, index: 0, key: '', expectKey: c === 123 });
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      frames.pop();
      if (frames.length > 0) path.pop();
    } else if (c === 44 /* , */) {
      const top = frames[frames.length - 1];
      if (top) {
        if (top.isObject) top.expectKey = true;
        else top.index++;
      }
    }
  }
}

export type JsonParse = { value: unknown; error?: undefined } | { value?: undefined; error: string };

/**
 * JSON.parse with a message that says where the text broke. Node's message does not always carry
 * the offset, so on failure (only then) jsonc-parser, in strict mode, locates the first error; it is
 * loaded only then, too.
 */
export async function parseJson(text: string): Promise<JsonParse> {
  let message: string;
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (e) {
    message = (e as Error).message.slice(0, 200);
  }
  let jsonc: Awaited<ReturnType<typeof loadJsonc>>;
  try {
    jsonc = await loadJsonc();
  } catch (e) {
    return { error: `invalid JSON: ${message} (${libraryLoadError('jsonc-parser', e)})` };
  }
  const errors: ParseError[] = [];
  jsonc.parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first) {
    const { line, column } = positionOf(text, first.offset);
    return { error: `invalid JSON at ${line}:${column}: ${jsonc.printParseErrorCode(first.error)}` };
  }
  return { error: `invalid JSON: ${message}` };
}

/** Standard base64 to lower-case hex, or undefined when the text is not base64. */
export function base64ToHex(b64: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) return undefined;
  return Buffer.from(b64, 'base64').toString('hex');
}

/** The scope policy's bound for lockfiles and manifests. */
export const MAX_LOCKFILE_BYTES = limitFor('composition');

/** The error for a file over the size limit. */
export function tooLarge(text: string, limit = MAX_LOCKFILE_BYTES): string | undefined {
  return text.length > limit
    ? `file too large: ${text.length} characters (limit ${limit}); not parsed`
    : undefined;
}
