/**
 * The opcode loop's fast path (opcodes run straight from the reader's window) must give exactly
 * what the checked path alone gives: the same imports, calls, notes, errors and offsets, on model
 * pickles, on picklescan's attack fixtures, on every truncation, and at every limit it leaves to
 * the checked path.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { torchStateDictPickle } from '../../../test/helpers/model-files.js';
import { pickle } from '../../../test/helpers/pickle-assembler.js';
import { Reader } from '../reader.js';
import { BufferSource } from '../source.js';
import { DEFAULT_PICKLE_LIMITS, disassemblePickle, type PickleLimits } from './disassemble.js';

const PEER = join(import.meta.dirname, '../../../../shared/peer-suites/pickles');

const both = (b: Buffer, limits: PickleLimits = DEFAULT_PICKLE_LIMITS) => ({
  fast: disassemblePickle(new Reader(new BufferSource(b)), limits, Number.POSITIVE_INFINITY, true),
  checked: disassemblePickle(new Reader(new BufferSource(b)), limits, Number.POSITIVE_INFINITY, false),
});

const tensors = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ name: `layer.${i}.weight`, elements: 16 + i }));

/**
 * A protocol 4 stream with every opcode the fast path takes: 300 calls on 40 imports, so the
 * first ten calls of each are recorded with their arguments (which show every value read).
 */
function protocol4Mix(): Buffer {
  const p = pickle().proto(4).op('EMPTY_LIST').op('MEMOIZE').op('MARK');
  for (let i = 0; i < 300; i++) {
    p.op('GLOBAL', ['m', `f${i % 40}`])
      .op('MARK')
      .op('SHORT_BINUNICODE', `k${i}`)
      .op('MEMOIZE')
      .op('LONG_BINPUT', 100_000 + i)
      .op('BININT2', 40_000 + i)
      .op('BININT', -70_000 * i)
      .op('BININT1', i & 255)
      .op('BINFLOAT', 0.5)
      .op('SHORT_BINBYTES', Buffer.from('ab'))
      .op('NONE')
      .op('NEWTRUE')
      .op('BINUNICODE', `long name ${i}`)
      .op('BINPUT', i & 255)
      .op('LONG_BINGET', 100_000 + Math.floor(i / 2))
      .op('BINGET', 0)
      .op('EMPTY_TUPLE')
      .op('BININT1', 3)
      .op('TUPLE2')
      .op('NEWFALSE')
      .op('TUPLE1')
      .op('EMPTY_LIST')
      .op('MEMOIZE')
      .op('MARK')
      .op('NONE')
      .op('APPENDS')
      .op('BININT1', 1)
      .op('BININT1', 2)
      .op('TUPLE3')
      .op('TUPLE')
      .op(i % 2 ? 'REDUCE' : 'NEWOBJ');
  }
  return p.op('APPENDS').op('STOP').bytes();
}

/** An import called twelve times, left in memo 0. */
function manyCalls() {
  const p = pickle().proto(2).op('GLOBAL', ['os', 'system']).op('BINPUT', 0).op('POP');
  for (let i = 0; i < 12; i++) p.op('BINGET', 0).op('NONE').op('TUPLE1').op('REDUCE').op('POP');
  return p;
}

describe('the fast path agrees with the checked path', () => {
  it('on state_dict pickles, batched and not, large enough to cross many read windows', () => {
    for (const b of [
      torchStateDictPickle(tensors(20_000)),
      torchStateDictPickle(tensors(3_000), { unbatched: true }),
    ]) {
      const { fast, checked } = both(b);
      expect(fast.error).toBeUndefined();
      expect(fast.globals.map((g) => `${g.module}.${g.name}`)).toEqual([
        'collections.OrderedDict',
        'torch._utils._rebuild_tensor_v2',
        'torch.FloatStorage',
      ]);
      expect(fast).toEqual(checked);
    }
  });

  it('on a protocol 4 mix of strings, memo, lists, tuples and numbers', () => {
    const { fast, checked } = both(protocol4Mix());
    expect(fast.error).toBeUndefined();
    expect(fast).toEqual(checked);
  });

  it("on every one of picklescan's fixtures that is a plain pickle", () => {
    let compared = 0;
    for (const dir of ['data', 'data2']) {
      for (const name of readdirSync(join(PEER, dir))) {
        const b = readFileSync(join(PEER, dir, name));
        if (b[0] !== 0x80 && b[0] !== 0x28 && b[0] !== 0x63) continue; // zips and others: not a bare stream
        const { fast, checked } = both(b);
        expect(fast, `${dir}/${name}`).toEqual(checked);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(30);
  });

  it('on every truncation of a state_dict pickle and of the protocol 4 mix', () => {
    for (const whole of [torchStateDictPickle(tensors(40)), protocol4Mix().subarray(0, 4000)]) {
      for (let cut = 1; cut < whole.length; cut += 3) {
        const { fast, checked } = both(whole.subarray(0, cut));
        expect(fast.error, `cut at ${cut}`).toBeDefined();
        expect(fast, `cut at ${cut}`).toEqual(checked);
      }
    }
  });

  it('at the stack, memo and string limits the fast path leaves to the checked path', () => {
    const tight: PickleLimits[] = [
      { ...DEFAULT_PICKLE_LIMITS, maxStack: 200 },
      { ...DEFAULT_PICKLE_LIMITS, maxStack: 1500 },
      { ...DEFAULT_PICKLE_LIMITS, maxMemo: 3 },
      { ...DEFAULT_PICKLE_LIMITS, maxMemo: 200 },
      { ...DEFAULT_PICKLE_LIMITS, maxString: 4 },
    ];
    for (const limits of tight) {
      for (const b of [torchStateDictPickle(tensors(6_000)), protocol4Mix()]) {
        const { fast, checked } = both(b, limits);
        expect(fast).toEqual(checked);
      }
    }
    // each limit is met by at least one of those streams
    expect(both(protocol4Mix(), tight[0]!).fast.error?.message).toMatch(/stack deeper than 200/);
    expect(both(protocol4Mix(), tight[2]!).fast.error?.message).toMatch(/memo larger than 3/);
    expect(both(torchStateDictPickle(tensors(6_000)), tight[1]!).fast.error?.message).toMatch(
      /stack deeper than 1500/,
    );
    expect(both(protocol4Mix(), tight[4]!).fast.globals[0]!.calls[0]!.args).toContain("'…'");
  });

  it('on a MARK set when the first stack is exactly full', () => {
    // 4096 values fill the first stack; the persistent id after MARK TUPLE needs it to grow
    const p = pickle().proto(2);
    for (let i = 0; i < 4096; i++) p.op('NONE');
    p.op('MARK').op('TUPLE').op('BINPERSID');
    for (let i = 0; i < 8; i++) p.op('NONE');
    const { fast, checked } = both(p.op('STOP').bytes());
    expect(fast.error).toBeUndefined();
    expect(fast).toEqual(checked);
  });

  it('on stack underflows and missing marks and memo keys in the middle of fast opcodes', () => {
    const streams = [
      pickle().proto(2).op('TUPLE1').op('STOP'),
      pickle().proto(2).op('NONE').op('TUPLE2').op('STOP'),
      pickle().proto(2).op('MARK').op('NONE').op('TUPLE3').op('STOP'),
      pickle().proto(2).op('NONE').op('TUPLE').op('STOP'),
      pickle().proto(2).op('BINGET', 9).op('LONG_BINGET', 70000).op('TUPLE2').op('STOP'),
      pickle().proto(2).op('MARK').op('BINPUT', 1).op('STOP'),
      pickle().proto(2).op('NONE').op('REDUCE').op('STOP'),
      pickle().proto(2).op('BINPERSID').op('STOP'),
      // a callee whose calls are no longer recorded, below the MARK of the arguments
      manyCalls().op('BINGET', 0).op('MARK').op('NONE').op('REDUCE').op('STOP'),
      manyCalls().op('MARK').op('BINGET', 0).op('MARK').op('TUPLE').op('REDUCE').op('STOP'),
      pickle().proto(2).op('MARK').op('NONE').op('APPENDS').op('STOP'),
    ];
    for (const p of streams) {
      // ends with a tail of opcodes: the fast path takes an opcode only with 8 bytes after it
      const tail = pickle()
        .op('NONE')
        .op('POP')
        .op('NONE')
        .op('POP')
        .op('NONE')
        .op('POP')
        .op('NONE')
        .op('POP')
        .bytes();
      const b = Buffer.concat([p.bytes(), tail]);
      const { fast, checked } = both(b);
      expect(fast).toEqual(checked);
      expect(fast.error ?? fast.notes[0]).toBeDefined();
    }
  });
});
