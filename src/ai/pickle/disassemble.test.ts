import { describe, expect, it } from 'vitest';
import { torchStateDictPickle } from '../../../test/helpers/model-files.js';
import { pickle } from '../../../test/helpers/pickle-assembler.js';
import { Reader } from '../reader.js';
import { scanModelFile } from '../scan.js';
import { BufferSource } from '../source.js';
import { DEFAULT_PICKLE_LIMITS, disassemblePickle } from './disassemble.js';

const disassemble = (b: Buffer, limits = DEFAULT_PICKLE_LIMITS) =>
  disassemblePickle(new Reader(new BufferSource(b)), limits);
const imports = (b: Buffer) => disassemble(b).globals.map((g) => `${g.module}.${g.name}`);
const flagged = (b: Buffer) => scanModelFile(b, 't').findings.map((g) => `${g.module}.${g.name}`);

describe('disassemblePickle: imports', () => {
  it('resolves STACK_GLOBAL through memo indirection of every kind', () => {
    const b = pickle()
      .proto(4)
      .str('os')
      .op('MEMOIZE')
      .op('POP')
      .str('system')
      .op('BINPUT', 7)
      .op('POP')
      .op('BINGET', 0)
      .op('BINGET', 7)
      .op('LONG_BINPUT', 70000)
      .op('POP')
      .op('LONG_BINGET', 70000)
      .op('STACK_GLOBAL')
      .callWith('id')
      .op('STOP')
      .bytes();
    expect(imports(b)).toEqual(['os.system']);
    expect(scanModelFile(b, 't').verdict).toBe('dangerous');
  });

  it('resolves STACK_GLOBAL from strings of every string opcode, protocol 0 text included', () => {
    const b = pickle()
      .proto(4)
      .op('STRING', "'o\\x73'")
      .op('UNICODE', 'sys\\u0074em')
      .op('STACK_GLOBAL')
      .op('SHORT_BINSTRING', 'builtins')
      .op('BINUNICODE8', 'eval')
      .op('STACK_GLOBAL')
      .op('BINSTRING', 'subprocess')
      .op('PUT', '3')
      .op('GET', '3')
      .op('POP')
      .op('BINUNICODE', 'Popen')
      .op('STACK_GLOBAL')
      .op('STOP')
      .bytes();
    expect(imports(b)).toEqual(['os.system', 'builtins.eval', 'subprocess.Popen']);
  });

  it('names INST, OBJ, NEWOBJ and NEWOBJ_EX calls with their arguments and offsets', () => {
    const b = pickle()
      .op('MARK')
      .op('STRING', "'touch /tmp/x'")
      .op('INST', ['os', 'system'])
      .op('POP')
      .op('MARK')
      .op('GLOBAL', ['subprocess', 'Popen'])
      .op('STRING', "'ls'")
      .op('OBJ')
      .op('POP')
      .op('PROTO', 4)
      .stackGlobal('webbrowser', 'open')
      .str('http://x')
      .op('TUPLE1')
      .op('NEWOBJ')
      .op('POP')
      .stackGlobal('ctypes', 'CDLL')
      .op('EMPTY_TUPLE')
      .op('EMPTY_DICT')
      .op('NEWOBJ_EX')
      .op('STOP')
      .bytes();
    const d = disassemble(b);
    expect(d.globals.map((g) => [g.module, g.name, g.opcode, g.calls.map((c) => c.opcode)])).toEqual([
      ['os', 'system', 'INST', ['INST']],
      ['subprocess', 'Popen', 'GLOBAL', ['OBJ']],
      ['webbrowser', 'open', 'STACK_GLOBAL', ['NEWOBJ']],
      ['ctypes', 'CDLL', 'STACK_GLOBAL', ['NEWOBJ_EX']],
    ]);
    expect(d.globals[0]!.calls[0]).toEqual({ opcode: 'INST', offset: 17, args: "('touch /tmp/x',)" });
    expect(d.globals[0]!.offset).toBe(17);
  });

  it('reports EXT1/EXT2/EXT4 imports as unresolved (the extension registry is the loader’s)', () => {
    const b = pickle()
      .proto(2)
      .op('EXT1', 1)
      .op('POP')
      .op('EXT2', 300)
      .op('POP')
      .op('EXT4', 70000)
      .op('EMPTY_TUPLE')
      .op('REDUCE')
      .op('STOP')
      .bytes();
    const r = scanModelFile(b, 't');
    expect(r.verdict).toBe('dangerous');
    expect(r.findings.map((g) => [g.name, g.opcode, g.severity])).toEqual([
      ['1', 'EXT1', 'critical'],
      ['300', 'EXT2', 'critical'],
      ['70000', 'EXT4', 'critical'],
    ]);
  });

  it('flags BUILD on an imported object even when the import is allow-listed', () => {
    const b = pickle()
      .proto(4)
      .stackGlobal('collections', 'OrderedDict')
      .op('EMPTY_DICT')
      .str('__reduce__')
      .str('x')
      .op('SETITEM')
      .op('BUILD')
      .op('STOP')
      .bytes();
    const r = scanModelFile(b, 't');
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ module: 'collections', name: 'OrderedDict', severity: 'critical' });
    expect(r.findings[0]!.calls[0]!.opcode).toBe('BUILD');
  });

  it('reports an import whose operands are not known strings as unknown, never drops it', () => {
    const b = pickle().proto(4).op('BININT1', 5).str('system').op('STACK_GLOBAL').op('STOP').bytes();
    expect(flagged(b)).toEqual(['unknown.system']);
    const fromCall = pickle()
      .proto(4)
      .stackGlobal('builtins', 'str')
      .callWith('os')
      .str('system')
      .op('STACK_GLOBAL')
      .op('STOP')
      .bytes();
    expect(flagged(fromCall)).toEqual(['unknown.system']);
  });

  it('keeps reading the pickles that follow STOP (legacy PyTorch files) and notes trailing junk', () => {
    const b = Buffer.concat([
      pickle().proto(2).op('BININT2', 1001).op('STOP').bytes(),
      pickle().proto(2).op('GLOBAL', ['posix', 'system']).callWith('id').op('STOP').bytes(),
      Buffer.from('\x00\x01junk'),
    ]);
    const d = disassemble(b);
    expect(d.pickles).toBe(2);
    expect(d.globals.map((g) => g.name)).toEqual(['system']);
    expect(d.notes[0]!.message).toMatch(/6 bytes after the end/);
  });
});

describe('disassemblePickle: safe pickles', () => {
  it('calls a PyTorch state_dict safe and lists its allow-listed imports', () => {
    const r = scanModelFile(torchStateDictPickle([{ name: 'w', elements: 4 }]), 'sd.pkl');
    expect(r.verdict).toBe('safe');
    expect(r.format).toBe('pickle');
    expect(r.safeImports).toEqual([
      'collections.OrderedDict',
      'torch.FloatStorage',
      'torch._utils._rebuild_tensor_v2',
    ]);
  });

  it('reads a state_dict the way CPython batches it and the way no pickler writes it alike', () => {
    const tensors = Array.from({ length: 3_001 }, (_, i) => ({ name: `layer.${i}.weight`, elements: 8 }));
    const batched = torchStateDictPickle(tensors);
    const unbatched = torchStateDictPickle(tensors, { unbatched: true });
    // Three batches of 1,000 (MARK ... SETITEMS each) and a lone SETITEM: 7 bytes of
    // framing against 2 for one MARK ... SETITEMS.
    expect(batched.length).toBe(unbatched.length + 5);
    // the last tensor: REDUCE, its result memoised (LONG_BINPUT), then SETITEM and STOP
    expect(batched.subarray(-8, -6)).toEqual(Buffer.from([0x52, 0x72]));
    expect(batched.subarray(-2)).toEqual(Buffer.from([0x73, 0x2e]));
    for (const b of [batched, unbatched]) {
      const d = disassemblePickle(new Reader(new BufferSource(b)));
      expect(d.error).toBeUndefined();
      expect(d.notes).toEqual([]);
      expect(d.globals.map((g) => `${g.module}.${g.name}`).sort()).toEqual([
        'collections.OrderedDict',
        'torch.FloatStorage',
        'torch._utils._rebuild_tensor_v2',
      ]);
    }
  });

  it('skips large byte payloads without reading them', () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 0x63); // 'c' bytes: GLOBAL opcodes if misread
    const b = pickle()
      .proto(5)
      .op('FRAME', 16)
      .op('BINBYTES8', big)
      .op('SHORT_BINBYTES', 'x')
      .op('BYTEARRAY8', 'y')
      .op('POP')
      .op('POP')
      .op('STOP')
      .bytes();
    let reads = 0;
    const src = new BufferSource(b);
    const counting = {
      size: src.size,
      read: (o: number, n: number) => {
        reads++;
        return src.read(o, n);
      },
    };
    const d = disassemblePickle(new Reader(counting));
    expect(d.error).toBeUndefined();
    expect(d.globals).toEqual([]);
    expect(reads).toBeLessThanOrEqual(3);
  });
});

describe('disassemblePickle: calls and persistent ids', () => {
  it('records the first ten calls of an import with their arguments, and counts the rest', () => {
    const p = pickle().proto(2).op('GLOBAL', ['os', 'system']).op('BINPUT', 0).op('POP');
    for (let i = 0; i < 12; i++)
      p.op('BINGET', 0).op('MARK').op('BINUNICODE', `echo ${i}`).op('TUPLE').op('REDUCE').op('POP');
    const d = disassemble(p.op('NONE').op('STOP').bytes());
    expect(d.error).toBeUndefined();
    const calls = d.globals[0]!.calls;
    expect(calls).toHaveLength(10);
    expect(calls[0]).toMatchObject({ opcode: 'REDUCE', args: "('echo 0',)" });
    expect(calls[9]!.args).toBe("('echo 9',)");
  });

  it('still fails a TUPLE and REDUCE with no callee above the mark, and a persistent id of a tuple passes', () => {
    // MARK MARK TUPLE REDUCE: the callee would have to sit between the two marks
    const bare = pickle()
      .proto(2)
      .op('MARK')
      .op('MARK')
      .op('NONE')
      .op('TUPLE')
      .op('REDUCE')
      .op('STOP')
      .bytes();
    expect(disassemble(bare).error?.message).toMatch(/REDUCE: stack underflow/);
    const persid = pickle()
      .proto(2)
      .op('MARK')
      .op('BINUNICODE', 'storage')
      .op('TUPLE')
      .op('BINPERSID')
      .op('STOP');
    const d = disassemble(persid.bytes());
    expect(d.error).toBeUndefined();
    expect(d.end).toBe(persid.bytes().length);
  });
});

describe('disassemblePickle: the memo and the tuple store', () => {
  /** `os.system` in memo 0 and an allow-listed callee called past its recorded calls in memo 1. */
  const withCallees = () => {
    const p = pickle()
      .proto(2)
      .op('GLOBAL', ['os', 'system'])
      .op('BINPUT', 0)
      .op('POP')
      .op('GLOBAL', ['collections', 'OrderedDict'])
      .op('BINPUT', 1)
      .op('POP');
    for (let i = 0; i < 10; i++) p.op('BINGET', 1).op('EMPTY_TUPLE').op('REDUCE').op('POP');
    return p;
  };
  /** The disassembly on the fast path, which must equal the checked path's (both keep the store). */
  const bothPaths = (b: Buffer, limits = DEFAULT_PICKLE_LIMITS) => {
    const fast = disassemble(b, limits);
    expect(fast).toEqual(
      disassemblePickle(new Reader(new BufferSource(b)), limits, Number.POSITIVE_INFINITY, false),
    );
    return fast;
  };
  const systemCalls = (p: ReturnType<typeof pickle>) => {
    const d = bothPaths(p.op('NONE').op('STOP').bytes());
    expect(d.error).toBeUndefined();
    return d.globals.find((g) => g.name === 'system')!.calls.map((c) => c.args);
  };

  it('gives back the object a memo key holds, whatever the stack slot held before', () => {
    const p = pickle()
      .proto(2)
      .op('GLOBAL', ['os', 'system'])
      .op('BINPUT', 0)
      .op('GLOBAL', ['os', 'popen'])
      .op('BINPUT', 1)
      .op('POP')
      .op('POP');
    for (let i = 0; i < 3; i++) {
      p.op('BINGET', 1).op('BINUNICODE', `p${i}`).op('TUPLE1').op('REDUCE').op('POP');
      p.op('BINGET', 0).op('BINUNICODE', `s${i}`).op('TUPLE1').op('REDUCE').op('POP');
    }
    const d = bothPaths(p.op('NONE').op('STOP').bytes());
    expect(d.globals.map((g) => [g.name, g.calls.map((c) => c.args)])).toEqual([
      ['system', ["('s0',)", "('s1',)", "('s2',)"]],
      ['popen', ["('p0',)", "('p1',)", "('p2',)"]],
    ]);
  });

  it('keeps a memoised tuple whole while later tuples are made and given back', () => {
    const p = withCallees()
      .op('BINUNICODE', 'b')
      .op('TUPLE1')
      .op('BINPUT', 2) // the next key: the fast path stores it
      .op('BINPERSID') // used up, as CPython's pickler writes a persistent id: the memo still holds it
      .op('POP')
      .op('MARK')
      .op('BINUNICODE', 'a')
      .op('MARK')
      .op('BININT1', 1)
      .op('BININT', 70_000)
      .op('TUPLE')
      .op('TUPLE')
      .op('LONG_BINPUT', 300) // a key out of order: the checked path stores it
      .op('BINPERSID')
      .op('POP');
    // tuples used up right away (call arguments, persistent ids) give their items back
    for (let i = 0; i < 50; i++) {
      p.op('BINGET', 1).op('BININT1', i).op('BININT1', i).op('TUPLE2').op('REDUCE').op('POP');
      p.op('MARK').op('BINUNICODE', `k${i}`).op('TUPLE').op('BINPERSID').op('POP');
    }
    p.op('BINGET', 0).op('LONG_BINGET', 300).op('REDUCE').op('POP');
    p.op('BINGET', 0).op('BINGET', 2).op('REDUCE').op('POP');
    expect(systemCalls(p)).toEqual(["('a', (1, 70000))", "('b',)"]);
  });

  it('keeps both copies of a duplicated tuple when one is used up', () => {
    const p = withCallees()
      .op('BINUNICODE', 'x')
      .op('TUPLE1')
      .op('DUP')
      // the copy on top is used up (a persistent id), then a new tuple is made
      .op('BINPERSID')
      .op('POP')
      .op('MARK')
      .op('BINUNICODE', 'y')
      .op('TUPLE')
      .op('POP')
      // the copy below still holds 'x'
      .op('BINPUT', 5)
      .op('POP')
      .op('BINGET', 0)
      .op('BINGET', 5)
      .op('REDUCE')
      .op('POP');
    expect(systemCalls(p)).toEqual(["('x',)"]);
  });

  it('reads a tuple of tuples made from the memo, and the same tuple twice in one', () => {
    const p = withCallees()
      .op('BININT1', 7)
      .op('TUPLE1')
      .op('BINPUT', 2)
      .op('BINGET', 2)
      .op('TUPLE2')
      .op('BINPUT', 3)
      .op('POP')
      .op('BINGET', 0)
      .op('BINGET', 3)
      .op('BINGET', 2)
      .op('TUPLE2')
      .op('REDUCE')
      .op('POP');
    expect(systemCalls(p)).toEqual(['(((7,), (7,)), (7,))']);
  });

  it('keeps numbers and offsets past 32 bits as objects', () => {
    const p = withCallees()
      .op('BINGET', 0)
      .op('LONG1', Buffer.from([0, 0, 0, 0, 1])) // 2 ** 32
      .op('LONG', '-12345678901234')
      .op('TUPLE2')
      .op('BINPUT', 9)
      .op('REDUCE')
      .op('POP');
    expect(systemCalls(p)).toEqual(['(4294967296, -12345678901234)']);
  });

  it('past the limit on tuple items, a tuple is a label and the imports are all still named', () => {
    const p = withCallees();
    for (let i = 0; i < 20; i++)
      p.op('BININT1', i)
        .op('BININT1', i)
        .op('TUPLE2')
        .op('BINPUT', 10 + i)
        .op('POP');
    p.op('BINGET', 0).op('BINUNICODE', 'rm').op('TUPLE1').op('REDUCE').op('POP');
    p.op('GLOBAL', ['subprocess', 'call']).op('POP');
    const d = bothPaths(p.op('NONE').op('STOP').bytes(), { ...DEFAULT_PICKLE_LIMITS, maxTupleItems: 30 });
    expect(d.error).toBeUndefined();
    expect(d.notes.map((n) => n.message)).toEqual([
      expect.stringMatching(/^TUPLE2: tuples hold more than 30 items: later ones are kept as a label/),
    ]);
    expect(d.globals.find((g) => g.name === 'system')!.calls.map((c) => c.args)).toEqual(['<tuple>']);
    expect(d.globals.map((g) => g.name)).toEqual(['system', 'OrderedDict', 'call']);
  });

  it('counts only the tuples still held against the limit on tuple items', () => {
    // a thousand persistent ids and call arguments, each used up as it is made
    const p = withCallees();
    for (let i = 0; i < 1000; i++) {
      p.op('MARK').op('BINUNICODE', 'storage').op('BININT', i).op('TUPLE').op('BINPERSID').op('POP');
      p.op('BINGET', 1).op('BININT1', 1).op('BININT1', 2).op('TUPLE2').op('REDUCE').op('POP');
    }
    const d = bothPaths(p.op('NONE').op('STOP').bytes(), { ...DEFAULT_PICKLE_LIMITS, maxTupleItems: 8 });
    expect(d.error).toBeUndefined();
    expect(d.notes).toEqual([]);
  });

  it('past the limit on objects held, the memo holds "unknown" and the import is still flagged', () => {
    const p = pickle().proto(2);
    for (let i = 0; i < 20; i++) p.op('EMPTY_DICT').op('BINPUT', i).op('POP');
    p.op('GLOBAL', ['os', 'system']).op('BINPUT', 30).op('POP').op('BINGET', 30).op('NONE').op('TUPLE1');
    const d = bothPaths(p.op('REDUCE').op('STOP').bytes(), { ...DEFAULT_PICKLE_LIMITS, maxObjects: 10 });
    expect(d.error).toBeUndefined();
    expect(d.notes[0]?.message).toMatch(/more than 10 objects are held by the memo and tuples/);
    expect(d.globals.map((g) => `${g.module}.${g.name}`)).toEqual(['os.system']);
  });

  it('gives the same results with the memo and tuples of an earlier disassembly reused', () => {
    const big = torchStateDictPickle(
      Array.from({ length: 3_000 }, (_, i) => ({ name: `layer.${i}.weight`, elements: 16 })),
    );
    const hostile = withCallees().op('BINGET', 0).op('BINUNICODE', 'id').op('TUPLE1').op('REDUCE');
    const first = disassemble(Buffer.concat([hostile.bytes(), Buffer.from('.')]));
    disassemble(big);
    expect(disassemble(Buffer.concat([hostile.bytes(), Buffer.from('.')]))).toEqual(first);
    expect(first.globals[0]!.calls.map((c) => c.args)).toEqual(["('id',)"]);
  });
});

describe('the state_dict pickles tests and the bench make', () => {
  it("are the bytes CPython's pickler writes", () => {
    // Python 3.11's pickle.Pickler(protocol=2) on an OrderedDict of two 16-element tensors, with
    // stand-ins for torch's classes (the bytes were checked against larger ones, 1,500 and 2,001
    // tensors, too)
    const cpython = Buffer.from(
      '800263636f6c6c656374696f6e730a4f726465726564446963740a71002952710128580e0000006c617965722e302e776569676874710263746f7263682e5f7574696c730a5f72656275696c645f74656e736f725f76320a71032828580700000073746f72616765710463746f7263680a466c6f617453746f726167650a71055801000000307106580300000063707571074b10747108514b004b108571094b0185710a8968002952710b74710c52710d580e0000006c617965722e312e776569676874710e6803282868046805580100000031710f68074b10747110514b004b108571114b0185711289680029527113747114527115752e',
      'hex',
    );
    const made = torchStateDictPickle([
      { name: 'layer.0.weight', elements: 16 },
      { name: 'layer.1.weight', elements: 16 },
    ]);
    expect(made.toString('hex')).toBe(cpython.toString('hex'));
  });
});

describe('disassemblePickle: malformed and hostile streams', () => {
  it('still reports the dangerous import of a truncated stream', () => {
    const b = pickle().proto(4).stackGlobal('os', 'system').str('id').bytes();
    const r = scanModelFile(b, 't');
    expect(r.verdict).toBe('dangerous');
    expect(r.problems[0]!.message).toMatch(/truncated/);
  });

  it('calls a truncated benign stream an error, not safe', () => {
    const b = torchStateDictPickle([{ name: 'w', elements: 4 }]);
    const r = scanModelFile(b.subarray(0, b.length - 20), 't');
    expect(r.verdict).toBe('error');
    expect(r.problems.some((p) => p.fatal && /truncated/.test(p.message))).toBe(true);
  });

  it('refuses huge declared lengths without allocating them', () => {
    for (const b of [
      pickle().proto(4).raw([0x8d]).raw(Buffer.from('ffffffffffffff7f', 'hex')).bytes(),
      pickle().proto(4).raw([0x58]).raw(Buffer.from('ffffffff', 'hex')).raw([0x61]).bytes(),
      pickle().proto(4).raw([0x54]).raw(Buffer.from('ffffffff', 'hex')).bytes(),
      pickle().proto(4).raw([0x8b]).raw(Buffer.from('ffffff7f', 'hex')).bytes(),
    ]) {
      const d = disassemble(b);
      expect(d.error?.message).toMatch(/truncated|negative/);
    }
  });

  it('stops with a clear error on a non-opcode byte, a bad protocol and an unterminated line', () => {
    expect(disassemble(Buffer.from([0x80, 4, 0xff])).error).toEqual({
      offset: 2,
      message: 'byte 0xff is not a pickle opcode',
    });
    expect(disassemble(Buffer.from([0x80, 9])).error?.message).toBe('PROTO: unsupported protocol 9');
    expect(disassemble(Buffer.from('cos\nsystem')).error?.message).toMatch(/truncated: a line without/);
    expect(disassemble(Buffer.from([0x80, 4, 0x30])).error?.message).toBe('POP: stack underflow');
  });

  it('reports the import of an INST without a MARK before failing on the missing MARK', () => {
    const d = disassemble(pickle().op('INST', ['os', 'system']).op('STOP').bytes());
    expect(d.globals.map((g) => `${g.module}.${g.name}`)).toEqual(['os.system']);
    expect(d.error?.message).toBe('INST: no MARK on the stack');
  });

  it('needs a container under SETITEM’s key and value, as CPython does', () => {
    const d = disassemble(pickle().proto(2).str('k').str('v').op('SETITEM').op('STOP').bytes());
    expect(d.error?.message).toBe('SETITEM: stack underflow');
    const ok = disassemble(
      pickle().proto(2).op('EMPTY_DICT').str('k').str('v').op('SETITEM').op('STOP').bytes(),
    );
    expect(ok.error).toBeUndefined();
  });

  it('bounds the stack', () => {
    const b = pickle().proto(4);
    for (let i = 0; i < 20; i++) b.op('NONE');
    const d = disassemble(b.op('STOP').bytes(), { ...DEFAULT_PICKLE_LIMITS, maxStack: 10 });
    expect(d.error?.message).toMatch(/stack deeper than 10/);
  });

  it('takes a protocol 0 text pickle without PROTO as a pickle', () => {
    const b = Buffer.from("cos\nsystem\n(S'id'\ntR.");
    const r = scanModelFile(b, 't');
    expect(r).toMatchObject({ format: 'pickle', verdict: 'dangerous' });
    expect(r.findings[0]!.calls[0]!.args).toBe("('id',)");
  });

  it('does not take text that merely starts with an opcode letter for a pickle', () => {
    const r = scanModelFile(Buffer.from('(c) 2024 Example Ltd\nAll rights reserved\n'), 'LICENSE');
    expect(r).toMatchObject({ format: 'unknown', verdict: 'error', findings: [] });
  });
});

describe('joblib', () => {
  /** A joblib stream: a NumpyArrayWrapper whose data follows its BUILD, outside the pickle. */
  function joblibStream(descr: string, shape: number[], data: Buffer, aligned = true) {
    const p = pickle()
      .proto(4)
      .stackGlobal('joblib.numpy_pickle', 'NumpyArrayWrapper')
      .op('EMPTY_TUPLE')
      .op('NEWOBJ')
      .op('EMPTY_DICT')
      .op('MARK')
      .str('subclass')
      .stackGlobal('numpy', 'ndarray')
      .str('shape');
    p.op('MARK');
    for (const d of shape) p.op('BININT', d);
    p.op('TUPLE')
      .str('order')
      .str('C')
      .str('dtype')
      .stackGlobal('numpy', 'dtype')
      .str(descr)
      .op('NEWFALSE')
      .op('NEWTRUE')
      .op('TUPLE3')
      .op('REDUCE')
      .op('MARK')
      .op('BININT1', 3)
      .str('<')
      .op('NONE')
      .op('TUPLE')
      .op('BUILD')
      .str('allow_mmap')
      .op('NEWFALSE');
    if (aligned) p.str('numpy_array_alignment_bytes').op('BININT1', 16);
    p.op('SETITEMS').op('BUILD');
    if (aligned) p.raw([3, 0xff, 0xff, 0xff]);
    return p.raw(data).op('STOP').bytes();
  }

  it('skips raw array data after each NumpyArrayWrapper (bytes that look like opcodes included)', () => {
    const r = scanModelFile(joblibStream('f8', [2, 3], Buffer.alloc(48, 0x63)), 'm.joblib');
    expect(r).toMatchObject({ format: 'joblib', verdict: 'safe', problems: [] });
    const unaligned = scanModelFile(joblibStream('<U2', [3], Buffer.alloc(24, 0x52), false), 'm.joblib');
    expect(unaligned).toMatchObject({ verdict: 'safe', problems: [] });
  });

  it('scans the nested pickle of an object array', () => {
    const nested = pickle().proto(2).op('GLOBAL', ['os', 'system']).callWith('id').op('STOP').bytes();
    const r = scanModelFile(joblibStream('O8', [1], nested, false), 'm.joblib');
    expect(r.verdict).toBe('dangerous');
    expect(r.findings.map((f) => `${f.module}.${f.name}`)).toEqual(['os.system']);
  });

  it('calls a truncated joblib stream an error', () => {
    const r = scanModelFile(joblibStream('f8', [], Buffer.alloc(8)).subarray(0, 60), 'm.joblib');
    expect(r.verdict).toBe('error');
  });
});
