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
  /** Items of tuples kept at once (a tuple past it is a label: its items are not read). */
  maxTupleItems: number;
  /** Objects (imports, dicts, call results) the memo and tuples hold at once; past it they hold "unknown". */
  maxObjects: number;
}

export const DEFAULT_PICKLE_LIMITS: PickleLimits = {
  maxStack: 1_000_000,
  maxMemo: 1_000_000,
  maxLine: 64 * 1024,
  maxString: 64 * 1024,
  maxGlobals: 10_000,
  maxTupleItems: 4_000_000,
  maxObjects: 1_000_000,
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
  /** Its index in the object table of the emulation that holds it in the memo or a tuple (see Emulation.objectId). */
  id = -1;
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

// What a slot holds (on the stack, in the memo, or as an item of a tuple): a Value, or a string,
// an integer or a tuple kept in the typed arrays.
const SLOT_REF = 0;
const SLOT_LATIN1 = 1;
const SLOT_UTF8 = 2;
const SLOT_INT = 3;
/** A tuple: its items are the `len` slots of the tuple store from `num`. */
const SLOT_TUPLE = 4;
// A pickler's batches (1,000 items, a key and a value each) fit without growing: growing while the
// loop is being compiled throws that compilation away.
const FIRST_STACK_SLOTS = 4096;
/** The fast path runs an opcode when this many bytes (it and its largest fixed argument) are in the window. */
const FAST_BYTES = 9;
/**
 * A tuple becomes objects (to render a call's arguments or read joblib's state) to this depth and
 * length; a deeper or longer one is a label. Rendering shows three levels and 200 characters.
 */
const MAX_TUPLE_DEPTH = 4;
const MAX_TUPLE_VIEW = 256;
const LONG_TUPLE = other('tuple');

/**
 * Slots in typed arrays, for the stack, the memo and the items of tuples. CPython's pickler
 * memoises every string and tuple it writes, so the memo of a large state_dict holds millions of
 * them: an object for each, or even a pointer for each in a JS array, made garbage collection
 * nearly all of the scan's time. A Value is held on the stack in a JS array beside the slots
 * (the stack is short); in the memo and the tuple store, a slot holds the Value's index in the
 * emulation's object table.
 */
class Slots {
  kind: Uint8Array;
  /**
   * SLOT_INT: the number; SLOT_LATIN1/UTF8: offset of the string's bytes in the stream;
   * SLOT_TUPLE: its first item in the tuple store; SLOT_REF, in the memo and the tuple store: the
   * Value's index in the object table. 32 bits: a larger number or offset is an object (a Value).
   */
  num: Int32Array;
  /** SLOT_LATIN1/UTF8: the string's byte length; SLOT_TUPLE: its item count. */
  len: Int32Array;

  constructor(size: number) {
    this.kind = new Uint8Array(size);
    this.num = new Int32Array(size);
    this.len = new Int32Array(size);
  }

  get size(): number {
    return this.kind.length;
  }

  /** Grows to `size` slots (more than it has), keeping what it holds. */
  grow(size: number): void {
    const kind = new Uint8Array(size);
    const num = new Int32Array(size);
    const len = new Int32Array(size);
    kind.set(this.kind);
    num.set(this.num);
    len.set(this.len);
    this.kind = kind;
    this.num = num;
    this.len = len;
  }

  /** Copies slot `i` of `from` into slot `j`. */
  copy(j: number, from: Slots, i: number): void {
    this.kind[j] = from.kind[i]!;
    this.num[j] = from.num[i]!;
    this.len[j] = from.len[i]!;
  }
}

/**
 * The memo's and the tuple store's slots are made as large as the stream could fill (each entry
 * takes at least one byte of it) up to the limits, so that they never grow while the opcodes run:
 * memory that is allocated but not touched costs nothing, while growing copies, and touching fresh
 * memory (a page fault per 4 KiB) cost as much as the opcodes of a large state_dict. Slots of a
 * finished emulation are kept for the next one, their memory mapped already.
 */
const spare = { memo: [] as Slots[], tuples: [] as Slots[] };

function takeSlots(role: keyof typeof spare, size: number): Slots {
  const kept = spare[role].pop();
  return kept !== undefined && kept.size >= size ? kept : new Slots(Math.max(size, 16));
}

function giveBackSlots(role: keyof typeof spare, s: Slots): void {
  if (spare[role].length < 2) spare[role].push(s);
}

/**
 * The memo. Picklers number entries 0, 1, 2, ... (MEMOIZE does by definition), so those live in
 * dense slots; any other key (a hostile stream may use any) has a slot of its own through a map.
 * A key is in one of them.
 */
class Memo {
  count = 0;
  /** The fast path stores a key below this (0 once a key is sparse: it leaves them all to `store`). */
  fastEnd: number;
  private readonly sparse = new Map<number, number>();
  private readonly spread = new Slots(16);

  constructor(
    /** Keys 0 .. count - 1 (what it holds past them is stale). */
    readonly dense: Slots,
    private readonly max: number,
  ) {
    this.fastEnd = Math.min(dense.size, max);
  }

  get size(): number {
    return this.count + this.sparse.size;
  }
  has(key: number): boolean {
    return key < this.count || this.sparse.has(key);
  }
  /** Stores a slot (as the memo holds it: an object by its index) under `key`. */
  store(key: number, kind: number, num: number, len: number): void {
    let to = this.dense;
    let at = key;
    if (key === this.count && !this.sparse.has(key)) {
      if (key === this.dense.size) {
        this.dense.grow(2 * key);
        if (this.sparse.size === 0) this.fastEnd = Math.min(this.dense.size, this.max);
      }
      this.count++;
    } else if (key >= this.count) {
      to = this.spread;
      const known = this.sparse.get(key);
      at = known ?? this.sparse.size;
      if (known === undefined) {
        if (at === this.spread.size) this.spread.grow(2 * at);
        this.sparse.set(key, at);
        this.fastEnd = 0;
      }
    }
    to.kind[at] = kind;
    to.num[at] = num;
    to.len[at] = len;
  }
  /** The slots and the index there of what is stored under `key`; undefined when nothing is. */
  find(key: number): [Slots, number] | undefined {
    if (key < this.count) return [this.dense, key];
    const at = this.sparse.get(key);
    return at === undefined ? undefined : [this.spread, at];
  }
  clear(): void {
    this.count = 0;
    this.sparse.clear();
    this.fastEnd = Math.min(this.dense.size, this.max);
  }
}

/**
 * The emulation of one disassembly. The stack has its own height (`sp`) and is never shortened,
 * so popping a MARK's items is an index move and not an array resize; `fence` is the height of the
 * last MARK, below which nothing may be popped. A tuple's items are copied to the tuple store,
 * which grows like a stack: a tuple that is used up (the arguments of a call, a persistent id)
 * and that nothing else holds gives its items back when it is the last one made. Below `pinned`
 * the store holds tuples that the memo (or a DUP) may still give back.
 */
class Emulation {
  readonly result: PickleDisassembly;
  private readonly stack = new Slots(FIRST_STACK_SLOTS);
  /** The Value of each SLOT_REF stack slot (other slots may hold a stale one: it is never read). */
  private readonly refs: Array<Value | undefined> = new Array(FIRST_STACK_SLOTS).fill(undefined);
  private sp = 0;
  private readonly marks: number[] = [];
  private fence = 0;
  private readonly memo: Memo;
  /** What it holds past `tupleTop` is stale. */
  private readonly tuples: Slots;
  private tupleTop = 0;
  /** The tuple store's room: its size, within the limit. */
  private tupleEnd: number;
  private pinned = 0;
  /** Values held by the memo and the tuple store, by index (see Slots); 0 is UNKNOWN, what the memo holds past the limit. */
  private readonly objects: Value[] = [UNKNOWN];
  private capped = false;
  private opOffset: number;
  /** The opcode being run; -1 while its byte is read. */
  private opCode = -1;
  // One record (and one stack value) per distinct import: a stream may import the same object a million times.
  private readonly seen = new Map<string, Value>();

  constructor(
    private readonly reader: Reader,
    private readonly limits: PickleLimits,
    /** Stop after this many pickles (see disassemblePickle). */
    private readonly maxPickles: number,
    /** False runs every opcode by `step` (tests compare the two paths). */
    private readonly fastPath: boolean,
  ) {
    this.result = { globals: [], pickles: 0, protocol: 0, notes: [], end: reader.pos };
    this.opOffset = reader.pos;
    const bytes = reader.end - reader.pos;
    this.memo = new Memo(takeSlots('memo', Math.min(bytes, limits.maxMemo)), limits.maxMemo);
    this.tuples = takeSlots('tuples', Math.min(bytes, limits.maxTupleItems));
    this.tupleEnd = Math.min(this.tuples.size, limits.maxTupleItems);
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

  /** Notes, once, that the memo and tuples hold as much as they may; what comes later is a label. */
  private full(what: string): void {
    if (this.capped) return;
    this.capped = true;
    this.note(`${what}: later ones are kept as a label, unread`);
  }

  /** Room for one more slot; fails past the limit. */
  private room(): void {
    if (this.sp >= this.limits.maxStack) this.fail(`stack deeper than ${this.limits.maxStack} entries`);
    if (this.sp === this.stack.size) {
      const size = Math.min(2 * this.sp, this.limits.maxStack);
      this.stack.grow(size);
      for (let i = this.refs.length; i < size; i++) this.refs.push(undefined);
    }
  }

  private push(v: Value): void {
    this.room();
    this.stack.kind[this.sp] = SLOT_REF;
    this.refs[this.sp++] = v;
  }

  /**
   * Pushes a string (SLOT_LATIN1/UTF8, its offset and length) or an integer (SLOT_INT, its value);
   * as an object when the number or offset needs more than 32 bits.
   */
  private pushScalar(kind: number, num: number, len: number): void {
    if (num !== (num | 0)) {
      this.push(
        kind === SLOT_INT
          ? intValue(num)
          : new Value(STR, num, len, kind === SLOT_UTF8, undefined, undefined, undefined, undefined),
      );
      return;
    }
    this.room();
    const s = this.stack;
    s.kind[this.sp] = kind;
    s.num[this.sp] = num;
    s.len[this.sp++] = len;
  }

  /**
   * The index of `v` in the object table, added now if it is not there; -1 when the table is full.
   * A Value keeps its index, checked against the table: a Value met by two emulations (a module's
   * constant) is added to each.
   */
  private objectId(v: Value): number {
    const objects = this.objects;
    const id = v.id;
    if (id >= 0 && id < objects.length && objects[id] === v) return id;
    if (objects.length >= this.limits.maxObjects) return -1;
    v.id = objects.length;
    objects.push(v);
    return v.id;
  }

  /** What the memo or the tuple store keeps as `num` for stack slot `i`: an object by its index. */
  private heldNum(i: number): number {
    if (this.stack.kind[i] !== SLOT_REF) return this.stack.num[i]!;
    const id = this.objectId(this.refs[i]!);
    if (id >= 0) return id;
    this.full(`more than ${this.limits.maxObjects} objects are held by the memo and tuples`);
    return 0;
  }

  /** Copies slot `j` of the memo's or the tuple store's slots to stack slot `i` (made room for). */
  private loadSlot(from: Slots, j: number, i: number): void {
    this.stack.copy(i, from, j);
    if (from.kind[j] === SLOT_REF) this.refs[i] = this.objects[from.num[j]!];
  }

  /** The value in stack slot `i`, made an object if it was a string, an integer or a tuple. */
  private valueAt(i: number): Value {
    const s = this.stack;
    return s.kind[i] === SLOT_REF ? this.refs[i]! : this.valueIn(s, i, 0);
  }

  /** The value in slot `i` of `s` (not a Value on the stack), made an object. */
  private valueIn(s: Slots, i: number, depth: number): Value {
    switch (s.kind[i]) {
      case SLOT_REF:
        return this.objects[s.num[i]!]!;
      case SLOT_INT:
        return this.int(s.num[i]!);
      case SLOT_TUPLE: {
        const n = s.len[i]!;
        if (depth >= MAX_TUPLE_DEPTH || n > MAX_TUPLE_VIEW) return LONG_TUPLE;
        const start = s.num[i]!;
        const items: Value[] = new Array(n);
        for (let k = 0; k < n; k++) items[k] = this.valueIn(this.tuples, start + k, depth + 1);
        return tupleValue(items);
      }
      default:
        return new Value(
          STR,
          s.num[i]!,
          s.len[i]!,
          s.kind[i] === SLOT_UTF8,
          undefined,
          undefined,
          undefined,
          undefined,
        );
    }
  }

  /** The text of the string in stack slot `i`; undefined for any other value. */
  private textAt(i: number): string | undefined {
    const kind = this.stack.kind[i];
    if (kind === SLOT_REF) return this.text(this.refs[i]!);
    if (kind !== SLOT_LATIN1 && kind !== SLOT_UTF8) return undefined;
    return this.reader.textAt(this.stack.num[i]!, this.stack.len[i]!, kind === SLOT_UTF8);
  }

  private drop(): void {
    if (this.sp <= this.fence) this.fail('stack underflow');
    this.sp--;
  }

  private pop(): Value {
    if (this.sp <= this.fence) this.fail('stack underflow');
    return this.valueAt(--this.sp);
  }

  /** Fails when there is no value above the fence. */
  private checkTop(): void {
    if (this.sp <= this.fence) this.fail('stack underflow');
  }

  /** The top value when it is an object (a dict, an import, a call's result), else undefined. */
  private topRef(): Value | undefined {
    this.checkTop();
    return this.stack.kind[this.sp - 1] === SLOT_REF ? this.refs[this.sp - 1] : undefined;
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

  /**
   * Makes the `n` stack slots from `from` (the top ones) one tuple in slot `from`. Past the
   * limit on tuple items a tuple is a label: imports are named all the same; only the rendering
   * of calls' arguments and joblib's array state lose it.
   */
  private makeTuple(from: number, n: number): void {
    if (n === 0) {
      this.stack.kind[from] = SLOT_REF;
      this.refs[from] = NO_ARGS;
      return;
    }
    if (this.tupleTop + n > this.tupleEnd && !this.growTuples(this.tupleTop + n)) {
      this.stack.kind[from] = SLOT_REF;
      this.refs[from] = LONG_TUPLE;
      return;
    }
    this.storeTuple(from, n, true);
  }

  /**
   * Copies the `n` stack slots from `from` to the top of the tuple store (which has room) and
   * makes slot `from` that tuple. An object the table cannot hold is "unknown" there, noted, on
   * the `checked` path; the fast path returns false instead, changing nothing that counts.
   */
  private storeTuple(from: number, n: number, checked: boolean): boolean {
    const at = this.tupleTop;
    const s = this.stack;
    const t = this.tuples;
    for (let k = 0; k < n; k++) {
      const kind = s.kind[from + k]!;
      t.kind[at + k] = kind;
      t.len[at + k] = s.len[from + k]!;
      if (kind !== SLOT_REF) t.num[at + k] = s.num[from + k]!;
      else {
        const id = checked ? this.heldNum(from + k) : this.objectId(this.refs[from + k]!);
        if (id < 0) return false;
        t.num[at + k] = id;
      }
    }
    s.kind[from] = SLOT_TUPLE;
    s.num[from] = at;
    s.len[from] = n;
    this.tupleTop = at + n;
    return true;
  }

  /** Grows the tuple store to hold `need` items; false (noted once) past the limit. */
  private growTuples(need: number): boolean {
    const max = this.limits.maxTupleItems;
    if (need > max) {
      this.full(`tuples hold more than ${max} items`);
      return false;
    }
    this.tuples.grow(Math.min(max, Math.max(need, 2 * this.tuples.size)));
    this.tupleEnd = this.tuples.size;
    return true;
  }

  /** Stack slot `i` is used up: a tuple there that nothing else holds gives its items back. */
  private usedUp(i: number): void {
    const s = this.stack;
    if (s.kind[i] !== SLOT_TUPLE) return;
    const start = s.num[i]!;
    if (start >= this.pinned && start + s.len[i]! === this.tupleTop) this.tupleTop = start;
  }

  /** Stack slot `i` is now held elsewhere too (the memo, a DUP): a tuple there is kept. */
  private pin(i: number): void {
    const s = this.stack;
    if (s.kind[i] === SLOT_TUPLE) this.pinned = Math.max(this.pinned, s.num[i]! + s.len[i]!);
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
      const inner = new Emulation(this.reader, this.limits, 1, this.fastPath).run();
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
    const at = this.memo.find(key);
    if (at === undefined) {
      this.note(`memo key ${key} was never stored (CPython raises here); the value is unknown`);
      this.push(UNKNOWN);
      return;
    }
    this.room();
    this.loadSlot(at[0], at[1], this.sp++);
  }

  private memoPut(key: number): void {
    if (key < 0) this.fail('negative memo key');
    if (this.memo.size >= this.limits.maxMemo && !this.memo.has(key))
      this.fail(`memo larger than ${this.limits.maxMemo} entries`);
    this.checkTop();
    const t = this.sp - 1;
    this.memo.store(key, this.stack.kind[t]!, this.heldNum(t), this.stack.len[t]!);
    this.pin(t);
  }

  /**
   * REDUCE and NEWOBJ (and NEWOBJ_EX, its keyword arguments dropped first): calls the value below
   * the arguments. The arguments become objects only when the call is recorded or kept (a dtype's).
   */
  private reduce(): void {
    if (this.sp - 2 < this.fence) this.fail('stack underflow');
    const callee = this.valueAt(this.sp - 2);
    const g = callee.kind === GLOBAL || callee.kind === RESULT ? callee.g : undefined;
    const read = (callee.kind === GLOBAL && callee.n < MAX_CALLS_KEPT) || g?.name === 'dtype';
    const args = read ? this.valueAt(this.sp - 1) : NO_ARGS;
    this.usedUp(this.sp - 1);
    this.sp -= 2;
    this.push(this.call(callee, args));
  }

  /** The fast path's TUPLE: false, changing nothing that counts, when the store is full (see storeTuple). */
  private fastTuple(from: number, n: number): boolean {
    return this.tupleTop + n <= this.tupleEnd && this.storeTuple(from, n, false);
  }

  /**
   * The fast path's memo store of stack slot `t`. False, storing nothing, unless every key is
   * dense, the key is one of them or the next, and there is room: `step` grows the memo, takes a
   * key out of order, or fails at the limit.
   */
  private fastMemo(key: number, t: number): boolean {
    const memo = this.memo;
    const dense = memo.dense;
    if (key > memo.count || key >= memo.fastEnd) return false;
    const stack = this.stack;
    const kind = stack.kind[t]!;
    let num = stack.num[t]!;
    if (kind === SLOT_REF) {
      num = this.objectId(this.refs[t]!);
      if (num < 0) return false;
    }
    dense.kind[key] = kind;
    dense.num[key] = num;
    dense.len[key] = stack.len[t]!;
    if (kind === SLOT_TUPLE) this.pinned = Math.max(this.pinned, num + stack.len[t]!);
    if (key === memo.count) memo.count++;
    return true;
  }

  run(): PickleDisassembly {
    try {
      this.loop();
    } catch (e) {
      if (!(e instanceof Stop)) throw e;
      this.result.end = this.reader.pos;
    } finally {
      giveBackSlots('memo', this.memo.dense);
      giveBackSlots('tuples', this.tuples);
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
   * calls), run straight from the reader's window with the stack height, the memo's size and the
   * tuple store's top in locals: no call per byte and no bounds test per argument. Whatever it does
   * not take as it comes (an argument beyond the window, a full or empty stack, memo or tuple
   * store, a memo key not dense, a MARK missing, a call to record, any other opcode) it leaves,
   * with the state as that opcode starts, to `step`, which runs it with every check. So each case
   * here does what `step` does for it, and only when `step` would not fail.
   */
  private fast(): void {
    const reader = this.reader;
    if (!reader.ensure(FAST_BYTES)) return;
    const win = reader.win;
    const base = reader.winStart;
    const limit = Math.min(win.length, reader.end - base);
    // a string's offset is kept in 32 bits here: past 2 GiB into a file, every opcode is checked
    if (base + limit > 0x7fffffff) return;
    // An opcode and its fixed-size arguments (at most 8 bytes) fit when it starts at or before `last`.
    const last = limit - FAST_BYTES;
    const stack = this.stack;
    const kind = stack.kind;
    const num = stack.num;
    const len = stack.len;
    const marks = this.marks;
    const memo = this.memo;
    const refs = this.refs;
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
        case 0x51: // BINPERSID: the id (a tuple, as a rule) is used up
          if (sp <= fence) break run;
          this.usedUp(sp - 1);
          kind[sp - 1] = SLOT_REF;
          refs[sp - 1] = PERSISTENT;
          i++;
          break;
        case 0x68: {
          // BINGET
          const key = win[i + 1]!;
          if (key >= memo.count || sp >= cap) break run;
          this.loadSlot(memo.dense, key, sp++);
          i += 2;
          break;
        }
        case 0x6a: {
          // LONG_BINGET
          const key = (win[i + 1]! | (win[i + 2]! << 8) | (win[i + 3]! << 16) | (win[i + 4]! << 24)) >>> 0;
          if (key >= memo.count || sp >= cap) break run;
          this.loadSlot(memo.dense, key, sp++);
          i += 5;
          break;
        }
        case 0x71: {
          // BINPUT
          if (sp <= fence || !this.fastMemo(win[i + 1]!, sp - 1)) break run;
          i += 2;
          break;
        }
        case 0x72: {
          // LONG_BINPUT
          if (
            sp <= fence ||
            !this.fastMemo(
              (win[i + 1]! | (win[i + 2]! << 8) | (win[i + 3]! << 16) | (win[i + 4]! << 24)) >>> 0,
              sp - 1,
            )
          )
            break run;
          i += 5;
          break;
        }
        case 0x94: {
          // MEMOIZE
          if (sp <= fence || !this.fastMemo(memo.count, sp - 1)) break run;
          i++;
          break;
        }
        case 0x85: // TUPLE1
        case 0x86: // TUPLE2
        case 0x87: {
          // TUPLE3
          const n = code - 0x84;
          const from = sp - n;
          if (from < fence || !this.fastTuple(from, n)) break run;
          sp = from + 1;
          i++;
          break;
        }
        case 0x74: {
          // TUPLE
          const marked = marks.length;
          if (marked === 0) break run;
          const from = marks[marked - 1]!;
          // an empty one needs room for NO_ARGS: `step` makes it
          if (from === sp || !this.fastTuple(from, sp - from)) break run;
          marks.pop();
          fence = marked > 1 ? marks[marked - 2]! : 0;
          sp = from + 1;
          i++;
          break;
        }
        case 0x52: // REDUCE
        case 0x81: {
          // NEWOBJ
          // A call to record (the first calls of an import), or one whose arguments are kept (a
          // dtype's), or on anything else, is left to `step`, which knows the opcode's offset.
          if (sp - 2 < fence || kind[sp - 2] !== SLOT_REF) break run;
          const callee = refs[sp - 2]!;
          if (callee.kind === GLOBAL ? callee.n < MAX_CALLS_KEPT : callee.kind !== RESULT) break run;
          if (callee.g?.name === 'dtype') break run;
          this.usedUp(sp - 1);
          sp--;
          refs[sp - 1] = this.callResult(callee, NO_ARGS);
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
          this.usedUp(this.sp);
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
        case 0x74: {
          // TUPLE
          const start = this.markStart();
          if (start === this.sp) this.room();
          this.makeTuple(start, this.sp - start);
          this.sp = start + 1;
          break;
        }
        case 0x29: // EMPTY_TUPLE
          this.push(NO_ARGS);
          break;
        case 0x85: // TUPLE1
        case 0x86: // TUPLE2
        case 0x87: {
          // TUPLE3
          const n = code - 0x84;
          if (this.sp - n < this.fence) this.fail('stack underflow');
          this.makeTuple(this.sp - n, n);
          this.sp -= n - 1;
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
        case 0x81: // NEWOBJ
          this.reduce();
          break;
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
        this.refs.fill(undefined);
        this.sp = 0;
        this.objects.length = 1;
        this.tupleTop = 0;
        this.pinned = 0;
        this.marks.length = 0;
        this.fence = 0;
        this.memo.clear();
        // Another pickle follows only if a PROTO opcode (with a known protocol) starts it.
        if (result.pickles >= this.maxPickles || reader.remaining === 0) return true;
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
        this.checkTop();
        this.room();
        this.stack.copy(this.sp, this.stack, this.sp - 1);
        this.refs[this.sp] = this.refs[this.sp - 1];
        this.pin(this.sp++);
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
          this.pushScalar(SLOT_INT, n, 0);
        }
        break;
      }
      case 0x4c: // LONG
        this.pushScalar(SLOT_INT, this.lineInt(), 0);
        break;
      case 0x8a: // LONG1
      case 0x8b: {
        // LONG4
        const n = code === 0x8a ? this.u8() : this.i32();
        if (n < 0) this.fail('negative length');
        const bytes = n <= 6 ? this.take(n) : undefined;
        if (!bytes) this.skip(n);
        this.pushScalar(SLOT_INT, bytes && n > 0 ? bytes.readIntLE(0, n) : 0, 0);
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
        this.reduce();
        break;
      }
      case 0x62: {
        // BUILD
        // the state becomes an object only for a target that reads it
        this.drop();
        const state = this.sp;
        const target = this.topRef();
        // BUILD on an imported object (a module or class, not an instance) overwrites its attributes.
        if (target?.kind === GLOBAL) {
          target.g!.overwritten = true;
          this.call(target, tupleValue([this.valueAt(state)]));
        } else if (
          target?.kind === RESULT &&
          target.g?.module === 'joblib.numpy_pickle' &&
          target.g.name === 'NumpyArrayWrapper'
        ) {
          this.joblibArray(this.valueAt(state));
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
 * read when a PROTO opcode follows (legacy PyTorch files are a sequence of pickles), up to
 * `maxPickles`; any other trailing bytes are noted, not read.
 */
export function disassemblePickle(
  reader: Reader,
  limits: PickleLimits = DEFAULT_PICKLE_LIMITS,
  /**
   * Stop after this many pickles, noting nothing after them: 1 for a pickle nested in another
   * stream; 5 for a legacy PyTorch file, whose storages follow its pickles as raw bytes.
   */
  maxPickles = Number.POSITIVE_INFINITY,
  /** False runs every opcode through the checked path alone (tests compare the two). */
  fastPath = true,
): PickleDisassembly {
  return new Emulation(reader, limits, maxPickles, fastPath).run();
}
