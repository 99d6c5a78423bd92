/**
 * A pickle disassembler that never executes anything. It walks the opcodes of protocols 0 to 5
 * and emulates the unpickler's stack, mark stack and memo just enough to name every object the
 * stream imports (GLOBAL, STACK_GLOBAL, INST, EXT1/2/4) and every call it would make on one
 * (REDUCE, NEWOBJ, NEWOBJ_EX, OBJ, INST, BUILD). Classification (safe or not) is the caller's.
 *
 * Where CPython's unpickler raises, the emulation stops with an error: nothing after that point
 * could run. Where a scanner could be tricked (a missing memo key, a non-string module name), the
 * value becomes "unknown" and the import is reported as unresolved instead of being dropped.
 */
import type { Reader } from '../reader.js';
import { HIGHEST_PROTOCOL, OPCODES } from './opcodes.js';

export interface PickleCall {
  opcode: string;
  offset: number;
  /** A short rendering of the arguments, e.g. `('echo pwned',)`. */
  args: string;
}

export interface ImportedGlobal {
  module: string;
  name: string;
  /** Offset of the opcode that first imports it (repeated imports share one record). */
  offset: number;
  opcode: 'GLOBAL' | 'STACK_GLOBAL' | 'INST' | 'EXT1' | 'EXT2' | 'EXT4';
  /** False when the module or name cannot be known without running the stream. */
  resolved: boolean;
  /** The first calls made on the imported object (BUILD on it overwrites its attributes). */
  calls: PickleCall[];
  /** True when BUILD sets attributes on the imported object itself (a module or class). */
  overwritten: boolean;
}

export interface PickleProblem {
  offset: number;
  message: string;
}

export interface PickleDisassembly {
  globals: ImportedGlobal[];
  /** Pickles read in sequence (legacy PyTorch files hold several). */
  pickles: number;
  /** Highest PROTO seen (0 when none). */
  protocol: number;
  /** Where CPython would stop with an error, when it would. */
  error?: PickleProblem;
  /** Observations that do not stop the load (trailing bytes, an unknown memo key). */
  notes: PickleProblem[];
  /** Offset just past the last opcode read. */
  end: number;
}

export interface PickleLimits {
  maxStack: number;
  maxMemo: number;
  maxLine: number;
  /** Strings longer than this are kept as "unknown text" (never a real module name). */
  maxString: number;
  maxGlobals: number;
}

export const DEFAULT_PICKLE_LIMITS: PickleLimits = {
  maxStack: 1_000_000,
  maxMemo: 1_000_000,
  maxLine: 64 * 1024,
  maxString: 64 * 1024,
  maxGlobals: 10_000,
};

type Value =
  | { t: 'str'; s: string | undefined }
  | { t: 'int'; n: number }
  | { t: 'global'; g: ImportedGlobal }
  | { t: 'result'; of: ImportedGlobal | undefined; args: Value }
  | { t: 'dict'; items: Map<string, Value> }
  | { t: 'tuple'; items: Value[] }
  | { t: 'other'; kind: string };

const UNKNOWN: Value = { t: 'other', kind: 'unknown' };
const NONE: Value = { t: 'other', kind: 'None' };
const BOOL: Value = { t: 'other', kind: 'bool' };
const FLOAT: Value = { t: 'other', kind: 'float' };
const BYTES: Value = { t: 'other', kind: 'bytes' };
const LIST: Value = { t: 'other', kind: 'list' };
const SET: Value = { t: 'other', kind: 'set' };
const PERSISTENT: Value = { t: 'other', kind: 'persistent id' };
const BUFFER: Value = { t: 'other', kind: 'buffer' };
const LONG_STRING: Value = { t: 'str', s: undefined };
const NO_ARGS: Value = { t: 'tuple', items: [] };
const SMALL_INTS: Value[] = Array.from({ length: 256 }, (_, n) => ({ t: 'int', n }));
const MAX_ARGS_TEXT = 200;
const MAX_DICT_KEYS = 64;
/** Calls kept per import: the first few show what it would do. */
const MAX_CALLS_KEPT = 10;

const utf8 = new TextDecoder('utf-8', { fatal: true });

class Stop extends Error {}

function render(v: Value, depth = 0): string {
  switch (v.t) {
    case 'str':
      return v.s === undefined ? "'…'" : `'${v.s.length > 80 ? `${v.s.slice(0, 80)}…` : v.s}'`;
    case 'int':
      return String(v.n);
    case 'global':
      return `${v.g.module}.${v.g.name}`;
    case 'result':
      return v.of ? `${v.of.module}.${v.of.name}(…)` : '<object>';
    case 'tuple':
      if (depth > 2) return '(…)';
      return `(${v.items.map((i) => render(i, depth + 1)).join(', ')}${v.items.length === 1 ? ',' : ''})`;
    case 'dict':
      return '<dict>';
    default:
      return `<${v.kind}>`;
  }
}

/** Python's escape_decode for a protocol 0 STRING body (quotes removed), as latin-1 text. */
function unescapeString(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\' || i + 1 >= body.length) {
      out += c;
      continue;
    }
    const n = body[++i]!;
    const simple: Record<string, string> = {
      n: '\n',
      t: '\t',
      r: '\r',
      '\\': '\\',
      "'": "'",
      '"': '"',
      a: '\x07',
      b: '\b',
      f: '\f',
      v: '\v',
      '\n': '',
    };
    if (n in simple) out += simple[n];
    else if (n === 'x' && /^[0-9a-fA-F]{2}$/.test(body.slice(i + 1, i + 3))) {
      out += String.fromCharCode(Number.parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (/[0-7]/.test(n)) {
      const oct = /^[0-7]{1,3}/.exec(body.slice(i))![0];
      out += String.fromCharCode(Number.parseInt(oct, 8) & 0xff);
      i += oct.length - 1;
    } else out += `\\${n}`;
  }
  return out;
}

/** Python's raw-unicode-escape decoding (UNICODE opcode). */
function rawUnicodeEscape(bytes: Buffer): string {
  const s = bytes.toString('latin1');
  return s.replace(
    /\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g,
    (_m, u4: string | undefined, u8: string | undefined) => {
      const cp = Number.parseInt(u4 ?? u8!, 16);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : _m;
    },
  );
}

function intOf(text: string): number | undefined {
  const t = text.trim().replace(/L$/, '');
  if (!/^[+-]?\d+$/.test(t)) return undefined;
  return Number(t);
}

/**
 * Disassembles the pickle stream(s) from the reader's position. After each STOP another pickle is
 * read when a PROTO opcode follows (legacy PyTorch files are a sequence of pickles); any other
 * trailing bytes are noted, not read.
 */
export function disassemblePickle(
  reader: Reader,
  limits: PickleLimits = DEFAULT_PICKLE_LIMITS,
  /** Stop after the first STOP (a pickle nested in another stream). */
  single = false,
): PickleDisassembly {
  const result: PickleDisassembly = { globals: [], pickles: 0, protocol: 0, notes: [], end: reader.pos };
  const stack: Value[] = [];
  const marks: number[] = [];
  const memo = new Map<number, Value>();
  let opOffset = reader.pos;
  let opName = '';

  const fail = (message: string): never => {
    result.error = { offset: opOffset, message: `${opName ? `${opName}: ` : ''}${message}` };
    throw new Stop();
  };
  const note = (message: string) => {
    if (result.notes.length < 100) result.notes.push({ offset: opOffset, message: `${opName}: ${message}` });
  };
  const push = (v: Value) => {
    if (stack.length >= limits.maxStack) fail(`stack deeper than ${limits.maxStack} entries`);
    stack.push(v);
  };
  const fence = () => (marks.length > 0 ? marks[marks.length - 1]! : 0);
  const pop = (): Value => {
    if (stack.length <= fence()) fail('stack underflow');
    return stack.pop()!;
  };
  const top = (): Value => {
    if (stack.length <= fence()) fail('stack underflow');
    return stack[stack.length - 1]!;
  };
  const popMark = (): Value[] => {
    if (marks.length === 0) fail('no MARK on the stack');
    const start = marks.pop()!;
    const items = stack.slice(start);
    stack.length = start;
    return items;
  };
  const take = (n: number): Buffer => reader.take(n) ?? fail(`truncated: needs ${n} bytes`);
  const skip = (n: number) => {
    if (!reader.skip(n)) fail(`truncated: declares ${n} bytes, ${reader.remaining} left`);
  };
  const lineFail = (): never =>
    fail(
      reader.remaining <= limits.maxLine
        ? 'truncated: a line without its "\\n"'
        : `line longer than ${limits.maxLine} bytes`,
    );
  const textLine = (): string => {
    const bytes = reader.line(limits.maxLine) ?? lineFail();
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i]! >= 0x80) {
        try {
          return utf8.decode(bytes);
        } catch {
          return fail('line is not valid UTF-8');
        }
      }
    }
    return bytes.toString('latin1');
  };
  const str = (n: number, encoding: 'utf8' | 'latin1') => {
    if (n < 0) fail('negative length');
    if (n > limits.maxString) {
      skip(n);
      push(LONG_STRING);
      return;
    }
    const s = encoding === 'utf8' ? reader.utf8(n) : reader.latin1(n);
    push({ t: 'str', s: s ?? fail(`truncated: needs ${n} bytes, ${reader.remaining} left`) });
  };
  const int = (n: number): Value => (n >= 0 && n < SMALL_INTS.length ? SMALL_INTS[n]! : { t: 'int', n });
  // One record (and one stack value) per distinct import: a stream may import the same object a million times.
  const seen = new Map<string, Value>();
  const addGlobal = (
    module: string,
    name: string,
    opcode: ImportedGlobal['opcode'],
    resolved: boolean,
  ): Value => {
    const key = `${opcode}\u0000${module}\u0000${name}`;
    const known = resolved ? seen.get(key) : undefined;
    if (known) return known;
    if (result.globals.length >= limits.maxGlobals) fail(`more than ${limits.maxGlobals} distinct imports`);
    const g: ImportedGlobal = {
      module,
      name,
      offset: opOffset,
      opcode,
      resolved,
      calls: [],
      overwritten: false,
    };
    result.globals.push(g);
    const value: Value = { t: 'global', g };
    if (resolved) seen.set(key, value);
    return value;
  };
  const call = (callee: Value, args: Value): Value => {
    const of = callee.t === 'global' ? callee.g : callee.t === 'result' ? callee.of : undefined;
    if (callee.t === 'global' && callee.g.calls.length < MAX_CALLS_KEPT) {
      const text = render(args);
      callee.g.calls.push({
        opcode: opName,
        offset: opOffset,
        args: text.length > MAX_ARGS_TEXT ? `${text.slice(0, MAX_ARGS_TEXT)}…` : text,
      });
    }
    // Results stay on the stack until their container is built (a whole state_dict); keeping every
    // argument alive with them made garbage collection the main cost. Only a dtype's are read later.
    return { t: 'result', of, args: of?.name === 'dtype' ? args : NO_ARGS };
  };
  // Only what joblib's array wrapper needs: a few string keys per dict.
  const setItems = (target: Value, kv: Value[]) => {
    if (target.t !== 'dict') return;
    for (let i = 0; i + 1 < kv.length; i += 2) {
      const k = kv[i]!;
      if (k.t === 'str' && k.s !== undefined && target.items.size < MAX_DICT_KEYS)
        target.items.set(k.s, kv[i + 1]!);
    }
  };
  /**
   * joblib writes each NumPy array's data right after the BUILD of its NumpyArrayWrapper, outside
   * the pickle: raw bytes (after alignment padding) or, for object arrays, a whole nested pickle.
   * The wrapper's state says which, and how long.
   */
  const joblibArray = (state: Value) => {
    const get = (k: string) => (state.t === 'dict' ? state.items.get(k) : undefined);
    const dtype = get('dtype');
    const first = dtype?.t === 'result' && dtype.args.t === 'tuple' ? dtype.args.items[0] : undefined;
    const descr = first?.t === 'str' ? first.s : undefined;
    if (descr === undefined) fail('joblib array of unknown dtype: the data after it cannot be skipped');
    if (/^[|<>=]?O\d*$/.test(descr!)) {
      const inner = disassemblePickle(reader, limits, true);
      result.globals.push(...inner.globals);
      result.notes.push(...inner.notes);
      if (inner.error) {
        opOffset = inner.error.offset;
        opName = '';
        fail(`joblib object array: ${inner.error.message}`);
      }
      return;
    }
    const kind = /^[|<>=]?([a-zA-Z])(\d+)$/.exec(descr!);
    const shape = get('shape');
    if (!kind || shape?.t !== 'tuple' || !shape.items.every((d) => d.t === 'int')) {
      fail(
        `joblib array of dtype ${JSON.stringify(descr)} and unknown shape: the data after it cannot be skipped`,
      );
    }
    const itemSize = Number(kind![2]) * (kind![1] === 'U' ? 4 : 1);
    const elements = (shape as { items: Array<{ n: number }> }).items.reduce((a, d) => a * d.n, 1);
    if (get('numpy_array_alignment_bytes')?.t === 'int') skip(u8());
    skip(elements * itemSize);
  };
  const memoGet = (key: number) => {
    const v = memo.get(key);
    if (v === undefined) {
      note(`memo key ${key} was never stored (CPython raises here); the value is unknown`);
      push(UNKNOWN);
    } else push(v);
  };
  const memoPut = (key: number) => {
    if (key < 0) fail('negative memo key');
    if (memo.size >= limits.maxMemo && !memo.has(key)) fail(`memo larger than ${limits.maxMemo} entries`);
    memo.set(key, top());
  };
  const truncated = (): never => fail(`truncated: ${reader.remaining} bytes left for the argument`);
  const u8 = () => {
    const n = reader.u8();
    return n < 0 ? truncated() : n;
  };
  const u16 = () => {
    const n = reader.u16();
    return n < 0 ? truncated() : n;
  };
  const u32 = () => {
    const n = reader.u32();
    return n < 0 ? truncated() : n;
  };
  const i32 = () => reader.i32() ?? truncated();
  const u64 = () => {
    const n = reader.u64();
    return n < 0 ? truncated() : n;
  };

  try {
    for (;;) {
      opOffset = reader.pos;
      opName = '';
      const code = reader.u8();
      if (code < 0) fail('truncated: the stream ends without STOP');
      const op = OPCODES[code];
      if (!op) fail(`byte 0x${code.toString(16).padStart(2, '0')} is not a pickle opcode`);
      opName = op!.name;
      // On the byte, not the name: dense integer cases compile to a jump table, where 68 string
      // cases were a chain of comparisons (bench f.pkl, 100,000 tensors: 352 -> 207 ms CPU).
      switch (code) {
        case 0x28: // MARK
          marks.push(stack.length);
          break;
        case 0x2e: {
          // STOP
          result.pickles++;
          result.end = reader.pos;
          stack.length = 0;
          marks.length = 0;
          memo.clear();
          // Another pickle follows only if a PROTO opcode (with a known protocol) starts it.
          if (single || reader.remaining === 0) return result;
          const next = reader.take(2);
          reader.pos = result.end;
          if (next === undefined || next[0] !== 0x80 || next[1]! > HIGHEST_PROTOCOL) {
            opOffset = reader.pos;
            opName = 'STOP';
            note(`${reader.remaining} bytes after the end of the pickle are not read by the unpickler`);
            return result;
          }
          break;
        }
        case 0x30: // POP
          if (marks.length > 0 && marks[marks.length - 1] === stack.length) marks.pop();
          else pop();
          break;
        case 0x31: // POP_MARK
          popMark();
          break;
        case 0x32: // DUP
          push(top());
          break;
        case 0x46: // FLOAT
          textLine();
          push(FLOAT);
          break;
        case 0x49: {
          // INT
          const t = textLine();
          if (t === '00' || t === '01') push(BOOL);
          else push({ t: 'int', n: intOf(t) ?? fail(`not an integer: ${JSON.stringify(t.slice(0, 40))}`) });
          break;
        }
        case 0x4c: {
          // LONG
          const t = textLine();
          push({ t: 'int', n: intOf(t) ?? fail(`not an integer: ${JSON.stringify(t.slice(0, 40))}`) });
          break;
        }
        case 0x4a: // BININT
          push(int(i32()));
          break;
        case 0x4b: // BININT1
          push(int(u8()));
          break;
        case 0x4d: // BININT2
          push(int(u16()));
          break;
        case 0x8a: // LONG1
        case 0x8b: {
          // LONG4
          const n = opName === 'LONG1' ? u8() : i32();
          if (n < 0) fail('negative length');
          const bytes = n <= 6 ? take(n) : undefined;
          if (!bytes) skip(n);
          push(bytes && n > 0 ? { t: 'int', n: bytes.readIntLE(0, n) } : { t: 'int', n: 0 });
          break;
        }
        case 0x4e: // NONE
          push(NONE);
          break;
        case 0x88: // NEWTRUE
        case 0x89: // NEWFALSE
          push(BOOL);
          break;
        case 0x47: // BINFLOAT
          take(8);
          push(FLOAT);
          break;
        case 0x50: // PERSID
          textLine();
          push(PERSISTENT);
          break;
        case 0x51: // BINPERSID
          pop();
          push(PERSISTENT);
          break;
        case 0x53: {
          // STRING
          const raw = reader.line(limits.maxLine) ?? lineFail();
          const s = raw.toString('latin1');
          const q = s[0];
          if (s.length < 2 || (q !== "'" && q !== '"') || s[s.length - 1] !== q)
            fail('the STRING opcode argument must be quoted');
          push({ t: 'str', s: unescapeString(s.slice(1, -1)) });
          break;
        }
        case 0x54: {
          // BINSTRING
          const n = i32();
          if (n < 0) fail('negative length');
          str(n, 'latin1');
          break;
        }
        case 0x55: // SHORT_BINSTRING
          str(u8(), 'latin1');
          break;
        case 0x56: {
          // UNICODE
          const raw = reader.line(limits.maxLine) ?? lineFail();
          push({ t: 'str', s: rawUnicodeEscape(raw) });
          break;
        }
        case 0x58: // BINUNICODE
          str(u32(), 'utf8');
          break;
        case 0x8c: // SHORT_BINUNICODE
          str(u8(), 'utf8');
          break;
        case 0x8d: // BINUNICODE8
          str(u64(), 'utf8');
          break;
        case 0x42: // BINBYTES
          skip(u32());
          push(BYTES);
          break;
        case 0x43: // SHORT_BINBYTES
          skip(u8());
          push(BYTES);
          break;
        case 0x8e: // BINBYTES8
        case 0x96: // BYTEARRAY8
          skip(u64());
          push(BYTES);
          break;
        case 0x97: // NEXT_BUFFER
          push(BUFFER);
          break;
        case 0x98: // READONLY_BUFFER
          top();
          break;
        case 0x61: // APPEND
          pop();
          top();
          break;
        case 0x65: // APPENDS
        case 0x90: // ADDITEMS
          popMark();
          top();
          break;
        case 0x73: {
          // SETITEM
          const value = pop();
          setItems(top(), [pop(), value]);
          break;
        }
        case 0x75: {
          // SETITEMS
          const items = popMark();
          setItems(top(), items);
          break;
        }
        case 0x6c: // LIST
          popMark();
          push(LIST);
          break;
        case 0x5d: // EMPTY_LIST
          push(LIST);
          break;
        case 0x64: {
          // DICT
          const dict: Value = { t: 'dict', items: new Map() };
          setItems(dict, popMark());
          push(dict);
          break;
        }
        case 0x7d: // EMPTY_DICT
          push({ t: 'dict', items: new Map() });
          break;
        case 0x8f: // EMPTY_SET
          push(SET);
          break;
        case 0x91: // FROZENSET
          popMark();
          push(SET);
          break;
        case 0x74: // TUPLE
          push({ t: 'tuple', items: popMark() });
          break;
        case 0x29: // EMPTY_TUPLE
          push({ t: 'tuple', items: [] });
          break;
        case 0x85: // TUPLE1
        case 0x86: // TUPLE2
        case 0x87: {
          // TUPLE3
          const n = opName === 'TUPLE1' ? 1 : opName === 'TUPLE2' ? 2 : 3;
          const items: Value[] = [];
          for (let i = 0; i < n; i++) items.unshift(pop());
          push({ t: 'tuple', items });
          break;
        }
        case 0x67: // GET
          memoGet(intOf(textLine()) ?? fail('memo key is not an integer'));
          break;
        case 0x68: // BINGET
          memoGet(u8());
          break;
        case 0x6a: // LONG_BINGET
          memoGet(u32());
          break;
        case 0x70: // PUT
          memoPut(intOf(textLine()) ?? fail('memo key is not an integer'));
          break;
        case 0x71: // BINPUT
          memoPut(u8());
          break;
        case 0x72: // LONG_BINPUT
          memoPut(u32());
          break;
        case 0x94: // MEMOIZE
          memoPut(memo.size);
          break;
        case 0x63: {
          // GLOBAL
          const module = textLine();
          const name = textLine();
          push(addGlobal(module, name, 'GLOBAL', true));
          break;
        }
        case 0x93: {
          // STACK_GLOBAL
          const name = pop();
          const module = pop();
          const known = (v: Value) => (v.t === 'str' && v.s !== undefined ? v.s : undefined);
          const m = known(module);
          const n = known(name);
          if (m === undefined || n === undefined) {
            note(
              `module or name is not a string known without running the stream (${render(module)}, ${render(name)})`,
            );
          }
          push(addGlobal(m ?? 'unknown', n ?? 'unknown', 'STACK_GLOBAL', m !== undefined && n !== undefined));
          break;
        }
        case 0x69: {
          // INST
          const module = textLine();
          const name = textLine();
          const args = popMark();
          push(call(addGlobal(module, name, 'INST', true), { t: 'tuple', items: args }));
          break;
        }
        case 0x6f: {
          // OBJ
          const items = popMark();
          if (items.length === 0) fail('no class to instantiate');
          push(call(items[0]!, { t: 'tuple', items: items.slice(1) }));
          break;
        }
        case 0x82: // EXT1
        case 0x83: // EXT2
        case 0x84: {
          // EXT4
          const ext = opName === 'EXT1' ? u8() : opName === 'EXT2' ? u16() : i32();
          if (ext <= 0) fail('extension code must be positive');
          // copyreg's extension registry is filled by the loading program; the import is unknown here.
          push(addGlobal('copyreg._extension_registry', String(ext), opName as 'EXT1', false));
          break;
        }
        case 0x52: // REDUCE
        case 0x81: {
          // NEWOBJ
          const args = pop();
          push(call(pop(), args));
          break;
        }
        case 0x92: {
          // NEWOBJ_EX
          pop();
          const args = pop();
          push(call(pop(), args));
          break;
        }
        case 0x62: {
          // BUILD
          const state = pop();
          const target = top();
          // BUILD on an imported object (a module or class, not an instance) overwrites its attributes.
          if (target.t === 'global') {
            target.g.overwritten = true;
            call(target, { t: 'tuple', items: [state] });
          } else if (
            target.t === 'result' &&
            target.of?.module === 'joblib.numpy_pickle' &&
            target.of.name === 'NumpyArrayWrapper'
          ) {
            joblibArray(state);
          }
          break;
        }
        case 0x80: {
          // PROTO
          const p = u8();
          if (p > HIGHEST_PROTOCOL) fail(`unsupported protocol ${p}`);
          result.protocol = Math.max(result.protocol, p);
          break;
        }
        case 0x95: // FRAME
          u64();
          break;
        default:
          fail('opcode not handled');
      }
    }
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    result.end = reader.pos;
    return result;
  }
}
