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

// What a stack or memo value is. Only what naming imports and calls needs is kept: strings (as
// byte ranges, decoded when an import or a rendering reads them), integers (joblib shapes),
// imports, call results, tuples and a few dict keys; everything else is a label.
const STR = 0;
const INT = 1;
const GLOBAL = 2;
const RESULT = 3;
const DICT = 4;
const TUPLE = 5;
const OTHER = 6;
type Kind =
  | typeof STR
  | typeof INT
  | typeof GLOBAL
  | typeof RESULT
  | typeof DICT
  | typeof TUPLE
  | typeof OTHER;

/**
 * One emulated value. A single class for every kind keeps property reads in the opcode loop
 * monomorphic; a dense state_dict pickle makes millions of them.
 */
class Value {
  constructor(
    readonly kind: Kind,
    /**
     * INT: the number. STR: offset of its bytes in the stream, or -1 when `text` is all there is.
     * GLOBAL: how many of its calls are recorded (a count here, not the record's array length, keeps
     * the opcode loop's reads on one kind of object).
     */
    public n: number,
    /** STR: byte length; `utf8` says how to decode them. */
    readonly len: number,
    readonly utf8: boolean,
    /** STR: the text once decoded (undefined for one too long to keep); OTHER: what it is. */
    public text: string | undefined,
    /** GLOBAL: the import; RESULT: the import whose call made it, when known. */
    readonly g: ImportedGlobal | undefined,
    /** TUPLE: its items; RESULT: the call's arguments, kept only for a dtype (joblib reads them). */
    readonly items: Value[] | undefined,
    /** DICT: up to MAX_DICT_KEYS string keys (joblib's array wrapper state). */
    readonly dict: Map<string, Value> | undefined,
  ) {}

  /** GLOBAL: what calling it gives (one value: results keep no arguments, a dtype's aside). */
  called: Value | undefined = undefined;
}

const other = (kind: string) => new Value(OTHER, 0, 0, false, kind, undefined, undefined, undefined);
const textValue = (s: string | undefined) => new Value(STR, -1, 0, false, s, undefined, undefined, undefined);
const intValue = (n: number) => new Value(INT, n, 0, false, undefined, undefined, undefined, undefined);
const tupleValue = (items: Value[]) => new Value(TUPLE, 0, 0, false, undefined, undefined, items, undefined);

const UNKNOWN = other('unknown');
const NONE = other('None');
const BOOL = other('bool');
const FLOAT = other('float');
const BYTES = other('bytes');
const LIST = other('list');
const SET = other('set');
const PERSISTENT = other('persistent id');
const BUFFER = other('buffer');
const LONG_STRING = textValue(undefined);
const NO_ARGS = tupleValue([]);
const UNKNOWN_RESULT = new Value(RESULT, 0, 0, false, undefined, undefined, undefined, undefined);
const SMALL_INTS: Value[] = Array.from({ length: 256 }, (_, n) => intValue(n));
const MAX_ARGS_TEXT = 200;
const MAX_DICT_KEYS = 64;
/** Calls kept per import: the first few show what it would do. */
const MAX_CALLS_KEPT = 10;

const utf8 = new TextDecoder('utf-8', { fatal: true });

class Stop extends Error {}

/**
 * The memo. Picklers number entries 0, 1, 2, ... (MEMOIZE does by definition), so those live in
 * an array; any other key (a hostile stream may use any) goes to a map. A key is in one of them.
 */
class Memo {
  private readonly dense: Value[] = [];
  /** dense.length, kept apart so that an empty memo's array is never read (see `fast`). */
  private count = 0;
  private readonly sparse = new Map<number, Value>();

  get size(): number {
    return this.count + this.sparse.size;
  }
  get(key: number): Value | undefined {
    return key < this.count ? this.dense[key] : this.sparse.get(key);
  }
  has(key: number): boolean {
    return key < this.count || this.sparse.has(key);
  }
  set(key: number, v: Value): void {
    if (key < this.count) this.dense[key] = v;
    else if (key === this.count && (this.sparse.size === 0 || !this.sparse.has(key))) {
      this.dense.push(v);
      this.count++;
    } else this.sparse.set(key, v);
  }
  clear(): void {
    // Emptied in place: a new array in the field would throw away code compiled against it.
    this.dense.length = 0;
    this.count = 0;
    this.sparse.clear();
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

// What a stack slot holds: a Value in `refs`, or a string or integer kept in the typed arrays.
const SLOT_REF = 0;
const SLOT_LATIN1 = 1;
const SLOT_UTF8 = 2;
const SLOT_INT = 3;
// A pickler's batches (1,000 items, a key and a value each) fit without growing: growing while the
// loop is being compiled throws that compilation away.
const FIRST_STACK_SLOTS = 4096;
/** The fast path runs an opcode when this many bytes (it and its largest fixed argument) are in the window. */
const FAST_BYTES = 9;

/**
 * The emulation of one disassembly. The stack has its own height (`sp`) and is never shortened,
 * so popping a MARK's items is an index move and not an array resize; `fence` is the height of the
 * last MARK, below which nothing may be popped. Strings and integers sit in typed arrays and
 * become Value objects only when something keeps them (a tuple, the memo, a dict): a state_dict
 * holds every tensor name on the stack until its last opcode, and objects for them made garbage
 * collection the main cost.
 */
class Emulation {
  readonly result: PickleDisassembly;
  /** As long as the typed arrays, so that a push is always a store within the array. */
  private readonly refs: Array<Value | undefined> = new Array(FIRST_STACK_SLOTS).fill(undefined);
  private slotKind = new Uint8Array(FIRST_STACK_SLOTS);
  /** SLOT_INT: the number; SLOT_LATIN1/UTF8: offset of the string's bytes in the stream. */
  private slotNum = new Float64Array(FIRST_STACK_SLOTS);
  /** SLOT_LATIN1/UTF8: the string's byte length. */
  private slotLen = new Int32Array(FIRST_STACK_SLOTS);
  private sp = 0;
  private readonly marks: number[] = [];
  private fence = 0;
  private readonly memo = new Memo();
  private opOffset: number;
  /** The opcode being run; -1 while its byte is read. */
  private opCode = -1;
  // One record (and one stack value) per distinct import: a stream may import the same object a million times.
  private readonly seen = new Map<string, Value>();

  constructor(
    private readonly reader: Reader,
    private readonly limits: PickleLimits,
    /** Stop after the first STOP (a pickle nested in another stream). */
    private readonly single: boolean,
    /** False runs every opcode by `step` (tests compare the two paths). */
    private readonly fastPath: boolean,
  ) {
    this.result = { globals: [], pickles: 0, protocol: 0, notes: [], end: reader.pos };
    this.opOffset = reader.pos;
  }

  private get opName(): string {
    return this.opCode < 0 ? '' : OPCODES[this.opCode]!.name;
  }

  private fail(message: string): never {
    const op = this.opName;
    this.result.error = { offset: this.opOffset, message: `${op ? `${op}: ` : ''}${message}` };
    throw new Stop();
  }

  private note(message: string): void {
    if (this.result.notes.length < 100)
      this.result.notes.push({ offset: this.opOffset, message: `${this.opName}: ${message}` });
  }

  /** Room for one more slot; fails past the limit. */
  private room(): void {
    if (this.sp >= this.limits.maxStack) this.fail(`stack deeper than ${this.limits.maxStack} entries`);
    if (this.sp === this.slotKind.length) {
      const size = Math.min(2 * this.sp, this.limits.maxStack);
      const kind = new Uint8Array(size);
      const num = new Float64Array(size);
      const len = new Int32Array(size);
      kind.set(this.slotKind);
      num.set(this.slotNum);
      len.set(this.slotLen);
      for (let i = this.refs.length; i < size; i++) this.refs.push(undefined);
      this.slotKind = kind;
      this.slotNum = num;
      this.slotLen = len;
    }
  }

  private push(v: Value): void {
    this.room();
    this.slotKind[this.sp] = SLOT_REF;
    this.refs[this.sp++] = v;
  }

  /** Pushes a string (SLOT_LATIN1/UTF8, its offset and length) or an integer (SLOT_INT, its value). */
  private pushScalar(kind: number, num: number, len: number): void {
    this.room();
    this.slotKind[this.sp] = kind;
    this.slotNum[this.sp] = num;
    this.slotLen[this.sp] = len;
    this.refs[this.sp++] = undefined;
  }

  /** The value in slot `i`, made an object if it was a string or an integer. */
  private valueAt(i: number): Value {
    switch (this.slotKind[i]) {
      case SLOT_REF:
        return this.refs[i]!;
      case SLOT_INT:
        return this.int(this.slotNum[i]!);
      default:
        return new Value(
          STR,
          this.slotNum[i]!,
          this.slotLen[i]!,
          this.slotKind[i] === SLOT_UTF8,
          undefined,
          undefined,
          undefined,
          undefined,
        );
    }
  }

  /** The text of the string in slot `i`; undefined for any other value. */
  private textAt(i: number): string | undefined {
    const kind = this.slotKind[i];
    if (kind === SLOT_REF) return this.text(this.refs[i]!);
    if (kind === SLOT_INT) return undefined;
    return this.reader.textAt(this.slotNum[i]!, this.slotLen[i]!, kind === SLOT_UTF8);
  }

  private drop(): void {
    if (this.sp <= this.fence) this.fail('stack underflow');
    this.sp--;
  }

  private pop(): Value {
    if (this.sp <= this.fence) this.fail('stack underflow');
    return this.valueAt(--this.sp);
  }

  /** The top value (kept as an object from now on: the memo and the stack then share it). */
  private top(): Value {
    this.checkTop();
    return this.keep(this.sp - 1);
  }

  /** The value in slot `i`, kept as an object from now on. */
  private keep(i: number): Value {
    if (this.slotKind[i] === SLOT_REF) return this.refs[i]!;
    const v = this.valueAt(i);
    this.slotKind[i] = SLOT_REF;
    this.refs[i] = v;
    return v;
  }

  /** Fails when there is no value above the fence. */
  private checkTop(): void {
    if (this.sp <= this.fence) this.fail('stack underflow');
  }

  /** The top value when it is an object (a dict, an import, a call's result), else undefined. */
  private topRef(): Value | undefined {
    this.checkTop();
    return this.slotKind[this.sp - 1] === SLOT_REF ? this.refs[this.sp - 1] : undefined;
  }

  /** Removes the last MARK; returns the stack height it recorded (its items are above it). */
  private markStart(): number {
    const start = this.marks.pop();
    if (start === undefined) this.fail('no MARK on the stack');
    this.fence = this.marks.length > 0 ? this.marks[this.marks.length - 1]! : 0;
    return start;
  }

  /** Pops the items above the last MARK, and the MARK. */
  private popMark(): Value[] {
    const start = this.markStart();
    const items: Value[] = new Array(this.sp - start);
    for (let i = start; i < this.sp; i++) items[i - start] = this.valueAt(i);
    this.sp = start;
    return items;
  }

  /** The text of a string value (decoded now if it was not yet); undefined for any other value. */
  private text(v: Value): string | undefined {
    if (v.kind !== STR) return undefined;
    if (v.text === undefined && v.n >= 0) v.text = this.reader.textAt(v.n, v.len, v.utf8);
    return v.text;
  }

  private render(v: Value, depth = 0): string {
    switch (v.kind) {
      case STR: {
        const s = this.text(v);
        return s === undefined ? "'…'" : `'${s.length > 80 ? `${s.slice(0, 80)}…` : s}'`;
      }
      case INT:
        return String(v.n);
      case GLOBAL:
        return `${v.g!.module}.${v.g!.name}`;
      case RESULT:
        return v.g ? `${v.g.module}.${v.g.name}(…)` : '<object>';
      case TUPLE: {
        if (depth > 2) return '(…)';
        const items = v.items!;
        return `(${items.map((i) => this.render(i, depth + 1)).join(', ')}${items.length === 1 ? ',' : ''})`;
      }
      case DICT:
        return '<dict>';
      default:
        return `<${v.text}>`;
    }
  }

  private truncated(): never {
    return this.fail(`truncated: ${this.reader.remaining} bytes left for the argument`);
  }
  private u8(): number {
    const n = this.reader.u8();
    return n < 0 ? this.truncated() : n;
  }
  private u16(): number {
    const n = this.reader.u16();
    return n < 0 ? this.truncated() : n;
  }
  private u32(): number {
    const n = this.reader.u32();
    return n < 0 ? this.truncated() : n;
  }
  private i32(): number {
    return this.reader.i32() ?? this.truncated();
  }
  private u64(): number {
    const n = this.reader.u64();
    return n < 0 ? this.truncated() : n;
  }
  private take(n: number): Buffer {
    return this.reader.take(n) ?? this.fail(`truncated: needs ${n} bytes`);
  }
  private skip(n: number): void {
    if (!this.reader.skip(n)) this.fail(`truncated: declares ${n} bytes, ${this.reader.remaining} left`);
  }

  private rawLine(): Buffer {
    const line = this.reader.line(this.limits.maxLine);
    if (line !== undefined) return line;
    return this.fail(
      this.reader.remaining <= this.limits.maxLine
        ? 'truncated: a line without its "\\n"'
        : `line longer than ${this.limits.maxLine} bytes`,
    );
  }

  private textLine(): string {
    const bytes = this.rawLine();
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i]! >= 0x80) {
        try {
          return utf8.decode(bytes);
        } catch {
          return this.fail('line is not valid UTF-8');
        }
      }
    }
    return bytes.toString('latin1');
  }

  /** A counted string: its bytes are passed over now and decoded only if something reads it. */
  private str(n: number, isUtf8: boolean): void {
    if (n < 0) this.fail('negative length');
    if (n > this.limits.maxString) {
      this.skip(n);
      this.push(LONG_STRING);
      return;
    }
    const at = this.reader.pos;
    if (!this.reader.skip(n)) this.fail(`truncated: needs ${n} bytes, ${this.reader.remaining} left`);
    this.pushScalar(isUtf8 ? SLOT_UTF8 : SLOT_LATIN1, at, n);
  }

  private int(n: number): Value {
    return n >= 0 && n < SMALL_INTS.length ? SMALL_INTS[n]! : intValue(n);
  }

  private lineInt(): number {
    const t = this.textLine();
    return intOf(t) ?? this.fail(`not an integer: ${JSON.stringify(t.slice(0, 40))}`);
  }

  private memoKey(): number {
    return intOf(this.textLine()) ?? this.fail('memo key is not an integer');
  }

  private addGlobal(
    module: string,
    name: string,
    opcode: ImportedGlobal['opcode'],
    resolved: boolean,
  ): Value {
    const key = `${opcode}\u0000${module}\u0000${name}`;
    const known = resolved ? this.seen.get(key) : undefined;
    if (known) return known;
    if (this.result.globals.length >= this.limits.maxGlobals)
      this.fail(`more than ${this.limits.maxGlobals} distinct imports`);
    const g: ImportedGlobal = {
      module,
      name,
      offset: this.opOffset,
      opcode,
      resolved,
      calls: [],
      overwritten: false,
    };
    this.result.globals.push(g);
    const value = new Value(GLOBAL, 0, 0, false, undefined, g, undefined, undefined);
    if (resolved) this.seen.set(key, value);
    return value;
  }

  private call(callee: Value, args: Value): Value {
    if (callee.kind === GLOBAL && callee.n < MAX_CALLS_KEPT) {
      callee.n++;
      const text = this.render(args);
      callee.g!.calls.push({
        opcode: this.opName,
        offset: this.opOffset,
        args: text.length > MAX_ARGS_TEXT ? `${text.slice(0, MAX_ARGS_TEXT)}…` : text,
      });
    }
    return this.callResult(callee, args);
  }

  /** What calling `callee` gives: no record of the call (see `call`). */
  private callResult(callee: Value, args: Value): Value {
    const of = callee.kind === GLOBAL || callee.kind === RESULT ? callee.g : undefined;
    // Results stay on the stack until their container is built (a whole state_dict): they keep no
    // arguments, so one value per import serves them all. Only a dtype's arguments are read later.
    if (of?.name === 'dtype') {
      return new Value(
        RESULT,
        0,
        0,
        false,
        undefined,
        of,
        args.kind === TUPLE ? args.items : undefined,
        undefined,
      );
    }
    if (callee.kind === GLOBAL) {
      callee.called ??= new Value(RESULT, 0, 0, false, undefined, of, undefined, undefined);
      return callee.called;
    }
    // A result of `of` without arguments is what calling it gives again; nothing else is known.
    return callee.kind === RESULT ? callee : UNKNOWN_RESULT;
  }

  /**
   * TUPLE whose items nothing will read, run together with the opcode after it: a persistent id
   * (BINPERSID drops the tuple), or the arguments of a call that keeps none (REDUCE on a call's
   * result, or on an import whose first calls are already recorded; a dtype's are kept). A
   * state_dict makes two such tuples per tensor; not building them halves what the loop allocates.
   * False when the opcodes must run one by one.
   */
  private tupleUnread(): boolean {
    const next = this.reader.peek();
    if (next !== 0x51 && next !== 0x52) return false;
    const start = this.marks[this.marks.length - 1];
    if (start === undefined) return false;
    let callee: Value | undefined;
    if (next === 0x52) {
      // the callee sits below the MARK, above the MARK before it
      const below = this.marks.length > 1 ? this.marks[this.marks.length - 2]! : 0;
      if (start <= below || this.slotKind[start - 1] !== SLOT_REF) return false;
      callee = this.refs[start - 1]!;
      const g = callee.kind === GLOBAL || callee.kind === RESULT ? callee.g : undefined;
      if (g?.name === 'dtype') return false;
      if (callee.kind === GLOBAL ? callee.n < MAX_CALLS_KEPT : callee.kind !== RESULT) return false;
    }
    this.sp = this.markStart();
    this.opOffset = this.reader.pos;
    this.opCode = this.reader.u8();
    if (callee === undefined) this.push(PERSISTENT);
    else {
      this.sp--;
      this.push(this.call(callee, NO_ARGS));
    }
    return true;
  }

  /** SETITEM(S) into a dict: only what joblib's array wrapper needs, a few string keys per dict. */
  private setItems(target: Value | undefined, from: number, to: number): void {
    if (target?.kind !== DICT) return;
    const dict = target.dict!;
    // Once full, a dict takes no more keys, not even new values for old ones.
    for (let i = from; i + 1 < to && dict.size < MAX_DICT_KEYS; i += 2) {
      const key = this.textAt(i);
      if (key !== undefined) dict.set(key, this.valueAt(i + 1));
    }
  }

  /**
   * joblib writes each NumPy array's data right after the BUILD of its NumpyArrayWrapper, outside
   * the pickle: raw bytes (after alignment padding) or, for object arrays, a whole nested pickle.
   * The wrapper's state says which, and how long.
   */
  private joblibArray(state: Value): void {
    const get = (k: string) => (state.kind === DICT ? state.dict!.get(k) : undefined);
    const dtype = get('dtype');
    const first = dtype?.kind === RESULT ? dtype.items?.[0] : undefined;
    const descr = first ? this.text(first) : undefined;
    if (descr === undefined) this.fail('joblib array of unknown dtype: the data after it cannot be skipped');
    if (/^[|<>=]?O\d*$/.test(descr)) {
      const inner = new Emulation(this.reader, this.limits, true, this.fastPath).run();
      this.result.globals.push(...inner.globals);
      this.result.notes.push(...inner.notes);
      if (inner.error) {
        this.opOffset = inner.error.offset;
        this.opCode = -1;
        this.fail(`joblib object array: ${inner.error.message}`);
      }
      return;
    }
    const kind = /^[|<>=]?([a-zA-Z])(\d+)$/.exec(descr);
    const shape = get('shape');
    if (!kind || shape?.kind !== TUPLE || !shape.items!.every((d) => d.kind === INT)) {
      this.fail(
        `joblib array of dtype ${JSON.stringify(descr)} and unknown shape: the data after it cannot be skipped`,
      );
    }
    const itemSize = Number(kind[2]) * (kind[1] === 'U' ? 4 : 1);
    const elements = shape.items!.reduce((a, d) => a * d.n, 1);
    if (get('numpy_array_alignment_bytes')?.kind === INT) this.skip(this.u8());
    this.skip(elements * itemSize);
  }

  private memoGet(key: number): void {
    const v = this.memo.get(key);
    if (v === undefined) {
      this.note(`memo key ${key} was never stored (CPython raises here); the value is unknown`);
      this.push(UNKNOWN);
    } else this.push(v);
  }

  private memoPut(key: number): void {
    if (key < 0) this.fail('negative memo key');
    if (this.memo.size >= this.limits.maxMemo && !this.memo.has(key))
      this.fail(`memo larger than ${this.limits.maxMemo} entries`);
    this.memo.set(key, this.top());
  }

  /**
   * MEMO store of the value at height `sp` - 1 (above the fence) for the fast path: false, doing
   * nothing, when the memo is full, so that `step` fails on it.
   */
  private memoTop(key: number, sp: number): boolean {
    const memo = this.memo;
    if (memo.size >= this.limits.maxMemo && !memo.has(key)) return false;
    memo.set(key, this.keep(sp - 1));
    return true;
  }

  run(): PickleDisassembly {
    try {
      this.loop();
    } catch (e) {
      if (!(e instanceof Stop)) throw e;
      this.result.end = this.reader.pos;
    }
    return this.result;
  }

  /** Runs opcodes until the stream ends: as many as it can on the fast path, each other one by `step`. */
  private loop(): void {
    for (;;) {
      if (this.fastPath) this.fast();
      if (this.step()) return;
    }
  }

  /**
   * The opcodes that make up the bulk of a model pickle (strings, small integers, memo, tuples,
   * calls), run straight from the reader's window with the stack height in a local: no call per
   * byte and no bounds test per argument. Whatever it does not take as it comes (an argument
   * beyond the window, a full or empty stack, an unknown memo key, a MARK missing, any other
   * opcode) it leaves, with the state as that opcode starts, to `step`, which runs it with every
   * check. So each case here does what `step` does for it, and only when `step` would not fail.
   */
  private fast(): void {
    const reader = this.reader;
    if (!reader.ensure(FAST_BYTES)) return;
    const win = reader.win;
    const base = reader.winStart;
    const limit = Math.min(win.length, reader.end - base);
    // An opcode and its fixed-size arguments (at most 8 bytes) fit when it starts at or before `last`.
    const last = limit - FAST_BYTES;
    const kind = this.slotKind;
    const num = this.slotNum;
    const len = this.slotLen;
    const refs = this.refs;
    const marks = this.marks;
    const memo = this.memo;
    const cap = Math.min(kind.length, this.limits.maxStack);
    const maxString = this.limits.maxString;
    let sp = this.sp;
    let fence = this.fence;
    let i = reader.pos - base;
    run: while (i <= last) {
      const code = win[i]!;
      switch (code) {
        case 0x28: // MARK
          marks.push(sp);
          fence = sp;
          i++;
          break;
        case 0x4a: // BININT
          if (sp >= cap) break run;
          kind[sp] = SLOT_INT;
          num[sp] = win[i + 1]! | (win[i + 2]! << 8) | (win[i + 3]! << 16) | (win[i + 4]! << 24);
          refs[sp++] = undefined;
          i += 5;
          break;
        case 0x4b: // BININT1
          if (sp >= cap) break run;
          kind[sp] = SLOT_INT;
          num[sp] = win[i + 1]!;
          refs[sp++] = undefined;
          i += 2;
          break;
        case 0x4d: // BININT2
          if (sp >= cap) break run;
          kind[sp] = SLOT_INT;
          num[sp] = win[i + 1]! | (win[i + 2]! << 8);
          refs[sp++] = undefined;
          i += 3;
          break;
        // One case per opcode, even where two differ only in a width: a shared case compiles a branch
        // that one pickler's output never takes, and code compiled without it is thrown away when
        // another pickler's output arrives.
        case 0x58: {
          // BINUNICODE
          const n = (win[i + 1]! | (win[i + 2]! << 8) | (win[i + 3]! << 16) | (win[i + 4]! << 24)) >>> 0;
          if (sp >= cap || n > maxString || i + 5 + n > limit) break run;
          kind[sp] = SLOT_UTF8;
          num[sp] = base + i + 5;
          len[sp] = n;
          refs[sp++] = undefined;
          i += 5 + n;
          break;
        }
        case 0x8c: {
          // SHORT_BINUNICODE
          const n = win[i + 1]!;
          if (sp >= cap || n > maxString || i + 2 + n > limit) break run;
          kind[sp] = SLOT_UTF8;
          num[sp] = base + i + 2;
          len[sp] = n;
          refs[sp++] = undefined;
          i += 2 + n;
          break;
        }
        case 0x4e: // NONE
          if (sp >= cap) break run;
          kind[sp] = SLOT_REF;
          refs[sp++] = NONE;
          i++;
          break;
        case 0x88: // NEWTRUE
        case 0x89: // NEWFALSE
          if (sp >= cap) break run;
          kind[sp] = SLOT_REF;
          refs[sp++] = BOOL;
          i++;
          break;
        case 0x29: // EMPTY_TUPLE
          if (sp >= cap) break run;
          kind[sp] = SLOT_REF;
          refs[sp++] = NO_ARGS;
          i++;
          break;
        case 0x5d: // EMPTY_LIST
          if (sp >= cap) break run;
          kind[sp] = SLOT_REF;
          refs[sp++] = LIST;
          i++;
          break;
        case 0x51: // BINPERSID
          if (sp <= fence) break run;
          kind[sp - 1] = SLOT_REF;
          refs[sp - 1] = PERSISTENT;
          i++;
          break;
        case 0x68: {
          // BINGET
          const v = memo.get(win[i + 1]!);
          if (v === undefined || sp >= cap) break run;
          kind[sp] = SLOT_REF;
          refs[sp++] = v;
          i += 2;
          break;
        }
        case 0x6a: {
          // LONG_BINGET
          const v = memo.get(
            (win[i + 1]! | (win[i + 2]! << 8) | (win[i + 3]! << 16) | (win[i + 4]! << 24)) >>> 0,
          );
          if (v === undefined || sp >= cap) break run;
          kind[sp] = SLOT_REF;
          refs[sp++] = v;
          i += 5;
          break;
        }
        case 0x71: // BINPUT
          if (sp <= fence || !this.memoTop(win[i + 1]!, sp)) break run;
          i += 2;
          break;
        case 0x72: // LONG_BINPUT
          if (
            sp <= fence ||
            !this.memoTop(
              (win[i + 1]! | (win[i + 2]! << 8) | (win[i + 3]! << 16) | (win[i + 4]! << 24)) >>> 0,
              sp,
            )
          )
            break run;
          i += 5;
          break;
        case 0x94: // MEMOIZE
          if (sp <= fence || !this.memoTop(memo.size, sp)) break run;
          i++;
          break;
        case 0x85: // TUPLE1
        case 0x86: // TUPLE2
        case 0x87: {
          // TUPLE3
          const n = code - 0x84;
          if (sp - n < fence) break run;
          const items: Value[] = new Array(n);
          for (let k = 0; k < n; k++) items[k] = this.valueAt(sp - n + k);
          sp -= n - 1;
          kind[sp - 1] = SLOT_REF;
          refs[sp - 1] = tupleValue(items);
          i++;
          break;
        }
        case 0x74: {
          // TUPLE, with the opcode after it when nothing reads its items (see tupleUnread)
          const marked = marks.length;
          if (marked === 0) break run;
          const start = marks[marked - 1]!;
          const below = marked > 1 ? marks[marked - 2]! : 0;
          const next = win[i + 1]!;
          if (next === 0x51) {
            // a MARK set on a full stack leaves no room for the id: the checked path fails there
            if (start >= cap) break run;
            marks.pop();
            fence = below;
            sp = start;
            kind[sp] = SLOT_REF;
            refs[sp++] = PERSISTENT;
            i += 2;
            break;
          }
          if (next === 0x52 && start > below && kind[start - 1] === SLOT_REF) {
            const callee = refs[start - 1]!;
            const g = callee.kind === GLOBAL || callee.kind === RESULT ? callee.g : undefined;
            const unread =
              g?.name !== 'dtype' &&
              (callee.kind === GLOBAL ? callee.n >= MAX_CALLS_KEPT : callee.kind === RESULT);
            if (unread) {
              marks.pop();
              fence = below;
              sp = start - 1;
              kind[sp] = SLOT_REF;
              refs[sp++] = this.callResult(callee, NO_ARGS);
              i += 2;
              break;
            }
          }
          if (start >= cap) break run;
          const items: Value[] = new Array(sp - start);
          for (let k = start; k < sp; k++) items[k - start] = this.valueAt(k);
          marks.pop();
          fence = below;
          sp = start;
          kind[sp] = SLOT_REF;
          refs[sp++] = tupleValue(items);
          i++;
          break;
        }
        case 0x52: // REDUCE
        case 0x81: {
          // NEWOBJ
          // A call to record (the first calls of an import, or on anything else) is left to `step`,
          // which knows the opcode's offset: this path keeps no offsets.
          if (sp - 2 < fence || kind[sp - 2] !== SLOT_REF) break run;
          const callee = refs[sp - 2]!;
          if (callee.kind === GLOBAL ? callee.n < MAX_CALLS_KEPT : callee.kind !== RESULT) break run;
          const args = this.valueAt(sp - 1);
          sp--;
          kind[sp - 1] = SLOT_REF;
          refs[sp - 1] = this.callResult(callee, args);
          i++;
          break;
        }
        default:
          break run;
      }
    }
    this.sp = sp;
    this.fence = fence;
    reader.pos = base + i;
  }

  /**
   * Runs one opcode with every check; true when the stream has ended. The opcodes of a model
   * pickle are cased here on the byte (dense integer cases compile to a jump table); the others go
   * to `rareOpcode`.
   */
  private step(): boolean {
    const reader = this.reader;
    {
      this.opOffset = reader.pos;
      const code = reader.u8();
      this.opCode = code;
      switch (code) {
        case 0x28: // MARK
          this.marks.push(this.sp);
          this.fence = this.sp;
          break;
        case 0x4a: // BININT
          this.pushScalar(SLOT_INT, this.i32(), 0);
          break;
        case 0x4b: // BININT1
          this.pushScalar(SLOT_INT, this.u8(), 0);
          break;
        case 0x4d: // BININT2
          this.pushScalar(SLOT_INT, this.u16(), 0);
          break;
        case 0x4e: // NONE
          this.push(NONE);
          break;
        case 0x88: // NEWTRUE
        case 0x89: // NEWFALSE
          this.push(BOOL);
          break;
        case 0x47: // BINFLOAT
          this.take(8);
          this.push(FLOAT);
          break;
        case 0x51: // BINPERSID
          this.drop();
          this.push(PERSISTENT);
          break;
        case 0x58: // BINUNICODE
          this.str(this.u32(), true);
          break;
        case 0x8c: // SHORT_BINUNICODE
          this.str(this.u8(), true);
          break;
        case 0x42: // BINBYTES
          this.skip(this.u32());
          this.push(BYTES);
          break;
        case 0x43: // SHORT_BINBYTES
          this.skip(this.u8());
          this.push(BYTES);
          break;
        case 0x61: // APPEND
          this.drop();
          this.checkTop();
          break;
        case 0x65: // APPENDS
        case 0x90: // ADDITEMS
          this.sp = this.markStart();
          this.checkTop();
          break;
        case 0x73: {
          // SETITEM: value, key, then the dict they go into
          this.drop();
          this.drop();
          this.setItems(this.topRef(), this.sp, this.sp + 2);
          break;
        }
        case 0x5d: // EMPTY_LIST
          this.push(LIST);
          break;
        case 0x7d: // EMPTY_DICT
          this.push(new Value(DICT, 0, 0, false, undefined, undefined, undefined, new Map()));
          break;
        case 0x74: // TUPLE
          if (!this.tupleUnread()) this.push(tupleValue(this.popMark()));
          break;
        case 0x29: // EMPTY_TUPLE
          this.push(NO_ARGS);
          break;
        case 0x85: // TUPLE1
          this.push(tupleValue([this.pop()]));
          break;
        case 0x86: {
          // TUPLE2
          const b = this.pop();
          this.push(tupleValue([this.pop(), b]));
          break;
        }
        case 0x87: {
          // TUPLE3
          const c = this.pop();
          const b = this.pop();
          this.push(tupleValue([this.pop(), b, c]));
          break;
        }
        case 0x68: // BINGET
          this.memoGet(this.u8());
          break;
        case 0x6a: // LONG_BINGET
          this.memoGet(this.u32());
          break;
        case 0x71: // BINPUT
          this.memoPut(this.u8());
          break;
        case 0x72: // LONG_BINPUT
          this.memoPut(this.u32());
          break;
        case 0x94: // MEMOIZE
          this.memoPut(this.memo.size);
          break;
        case 0x52: // REDUCE
        case 0x81: {
          // NEWOBJ
          const args = this.pop();
          this.push(this.call(this.pop(), args));
          break;
        }
        default:
          return this.rareOpcode(code);
      }
    }
    return false;
  }

  /** Runs any other opcode (or fails on a byte that is none); true when the stream has ended. */
  private rareOpcode(code: number): boolean {
    const reader = this.reader;
    const result = this.result;
    if (code < 0 || OPCODES[code] === undefined) {
      this.opCode = -1;
      if (code < 0) this.fail('truncated: the stream ends without STOP');
      this.fail(`byte 0x${code.toString(16).padStart(2, '0')} is not a pickle opcode`);
    }
    switch (code) {
      case 0x2e: {
        // STOP
        result.pickles++;
        result.end = reader.pos;
        this.sp = 0;
        this.refs.fill(undefined);
        this.marks.length = 0;
        this.fence = 0;
        this.memo.clear();
        // Another pickle follows only if a PROTO opcode (with a known protocol) starts it.
        if (this.single || reader.remaining === 0) return true;
        const next = reader.take(2);
        reader.pos = result.end;
        if (next === undefined || next[0] !== 0x80 || next[1]! > HIGHEST_PROTOCOL) {
          this.opOffset = reader.pos;
          this.note(`${reader.remaining} bytes after the end of the pickle are not read by the unpickler`);
          return true;
        }
        break;
      }
      case 0x75: {
        // SETITEMS, once per batch of 1,000 items: here, so that the loop, compiled before a
        // pickler's first batch ends, is not compiled again when it does. The items stay in the
        // array above the new height until the next push.
        const end = this.sp;
        this.sp = this.markStart();
        this.setItems(this.topRef(), this.sp, end);
        break;
      }
      case 0x30: // POP
        if (this.marks.length > 0 && this.fence === this.sp) this.markStart();
        else this.drop();
        break;
      case 0x31: // POP_MARK
        this.sp = this.markStart();
        break;
      case 0x32: // DUP
        this.push(this.top());
        break;
      case 0x46: // FLOAT
        this.textLine();
        this.push(FLOAT);
        break;
      case 0x49: {
        // INT
        const t = this.textLine();
        if (t === '00' || t === '01') this.push(BOOL);
        else {
          const n = intOf(t) ?? this.fail(`not an integer: ${JSON.stringify(t.slice(0, 40))}`);
          this.push(intValue(n));
        }
        break;
      }
      case 0x4c: // LONG
        this.push(intValue(this.lineInt()));
        break;
      case 0x8a: // LONG1
      case 0x8b: {
        // LONG4
        const n = code === 0x8a ? this.u8() : this.i32();
        if (n < 0) this.fail('negative length');
        const bytes = n <= 6 ? this.take(n) : undefined;
        if (!bytes) this.skip(n);
        this.push(bytes && n > 0 ? intValue(bytes.readIntLE(0, n)) : SMALL_INTS[0]!);
        break;
      }
      case 0x50: // PERSID
        this.textLine();
        this.push(PERSISTENT);
        break;
      case 0x53: {
        // STRING
        const s = this.rawLine().toString('latin1');
        const q = s[0];
        if (s.length < 2 || (q !== "'" && q !== '"') || s[s.length - 1] !== q)
          this.fail('the STRING opcode argument must be quoted');
        this.push(textValue(unescapeString(s.slice(1, -1))));
        break;
      }
      case 0x54: {
        // BINSTRING
        const n = this.i32();
        if (n < 0) this.fail('negative length');
        this.str(n, false);
        break;
      }
      case 0x55: // SHORT_BINSTRING
        this.str(this.u8(), false);
        break;
      case 0x56: // UNICODE
        this.push(textValue(rawUnicodeEscape(this.rawLine())));
        break;
      case 0x8d: // BINUNICODE8
        this.str(this.u64(), true);
        break;
      case 0x8e: // BINBYTES8
      case 0x96: // BYTEARRAY8
        this.skip(this.u64());
        this.push(BYTES);
        break;
      case 0x97: // NEXT_BUFFER
        this.push(BUFFER);
        break;
      case 0x98: // READONLY_BUFFER
        this.checkTop();
        break;
      case 0x6c: // LIST
        this.sp = this.markStart();
        this.push(LIST);
        break;
      case 0x64: {
        // DICT
        const end = this.sp;
        const dict = new Value(DICT, 0, 0, false, undefined, undefined, undefined, new Map());
        this.sp = this.markStart();
        this.setItems(dict, this.sp, end);
        this.push(dict);
        break;
      }
      case 0x8f: // EMPTY_SET
        this.push(SET);
        break;
      case 0x91: // FROZENSET
        this.sp = this.markStart();
        this.push(SET);
        break;
      case 0x67: // GET
        this.memoGet(this.memoKey());
        break;
      case 0x70: // PUT
        this.memoPut(this.memoKey());
        break;
      case 0x63: {
        // GLOBAL
        const module = this.textLine();
        const name = this.textLine();
        this.push(this.addGlobal(module, name, 'GLOBAL', true));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = this.pop();
        const module = this.pop();
        const m = this.text(module);
        const n = this.text(name);
        if (m === undefined || n === undefined) {
          this.note(
            `module or name is not a string known without running the stream (${this.render(module)}, ${this.render(name)})`,
          );
        }
        this.push(
          this.addGlobal(m ?? 'unknown', n ?? 'unknown', 'STACK_GLOBAL', m !== undefined && n !== undefined),
        );
        break;
      }
      case 0x69: {
        // INST: the import is recorded before its MARK is looked for (pickle.py imports first).
        const module = this.textLine();
        const name = this.textLine();
        const cls = this.addGlobal(module, name, 'INST', true);
        this.push(this.call(cls, tupleValue(this.popMark())));
        break;
      }
      case 0x6f: {
        // OBJ
        const items = this.popMark();
        if (items.length === 0) this.fail('no class to instantiate');
        this.push(this.call(items[0]!, tupleValue(items.slice(1))));
        break;
      }
      case 0x82: // EXT1
      case 0x83: // EXT2
      case 0x84: {
        // EXT4
        const ext = code === 0x82 ? this.u8() : code === 0x83 ? this.u16() : this.i32();
        if (ext <= 0) this.fail('extension code must be positive');
        // copyreg's extension registry is filled by the loading program; the import is unknown here.
        this.push(this.addGlobal('copyreg._extension_registry', String(ext), this.opName as 'EXT1', false));
        break;
      }
      case 0x92: {
        // NEWOBJ_EX
        this.drop();
        const args = this.pop();
        this.push(this.call(this.pop(), args));
        break;
      }
      case 0x62: {
        // BUILD
        const state = this.pop();
        const target = this.topRef();
        // BUILD on an imported object (a module or class, not an instance) overwrites its attributes.
        if (target?.kind === GLOBAL) {
          target.g!.overwritten = true;
          this.call(target, tupleValue([state]));
        } else if (
          target?.kind === RESULT &&
          target.g?.module === 'joblib.numpy_pickle' &&
          target.g.name === 'NumpyArrayWrapper'
        ) {
          this.joblibArray(state);
        }
        break;
      }
      case 0x80: {
        // PROTO
        const p = this.u8();
        if (p > HIGHEST_PROTOCOL) this.fail(`unsupported protocol ${p}`);
        result.protocol = Math.max(result.protocol, p);
        break;
      }
      case 0x95: // FRAME
        this.u64();
        break;

      default:
        this.fail('opcode not handled');
    }
    return false;
  }
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
  /** False runs every opcode through the checked path alone (tests compare the two). */
  fastPath = true,
): PickleDisassembly {
  return new Emulation(reader, limits, single, fastPath).run();
}
