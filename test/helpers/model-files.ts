/**
 * Benign model files built byte by byte, shaped like what PyTorch, safetensors, NumPy and GGUF
 * write, for tests and the bench. Tensor data is filler: only the layout matters.
 */
import { pickle } from './pickle-assembler.js';
import { makeZip } from './zip-writer.js';

/**
 * A PyTorch state_dict pickle (protocol 2) whose tensors live in persistent storages "0", "1", ...,
 * written as CPython's pickler writes what torch.save gives it: every string, non-empty tuple,
 * call result and global is memoised (BINPUT, LONG_BINPUT past 255 entries), a global or an
 * interned string met again is read back (BINGET), and the dict's items go in batches of 1,000
 * (MARK ... SETITEMS; a batch of one is a lone SETITEM), so the stack never holds more than one
 * batch. Python's pickle module writes the same bytes for the same tensors (checked by hand with
 * stand-ins for torch's classes). `unbatched` puts every item under one MARK instead, which no
 * pickler writes but a hand-made stream may.
 */
export function torchStateDictPickle(
  tensors: ReadonlyArray<{ name: string; elements: number }>,
  {
    unbatched = false,
    legacy = false,
  }: {
    unbatched?: boolean;
    /** The persistent ids of torch.save's legacy format, which end with a view (None). */
    legacy?: boolean;
  } = {},
): Buffer {
  const batch = unbatched ? Number.POSITIVE_INFINITY : 1000;
  const p = pickle().proto(2);
  let memoSize = 0;
  const put = () => {
    const at = memoSize++;
    p.op(at < 256 ? 'BINPUT' : 'LONG_BINPUT', at);
    return at;
  };
  // Objects written more than once: globals, and the strings Python interns ('storage', 'cpu').
  const shared = new Map<string, number>();
  const once = (key: string, emit: () => void) => {
    const at = shared.get(key);
    if (at !== undefined) p.op(at < 256 ? 'BINGET' : 'LONG_BINGET', at);
    else {
      emit();
      shared.set(key, put());
    }
  };
  const global = (module: string, name: string) =>
    once(`${module}.${name}`, () => p.op('GLOBAL', [module, name]));
  const interned = (s: string) => once(`'${s}`, () => p.op('BINUNICODE', s));
  const text = (s: string) => {
    p.op('BINUNICODE', s);
    put();
  };
  const int = (n: number) => p.op(n <= 0xff ? 'BININT1' : n <= 0xffff ? 'BININT2' : 'BININT', n);
  global('collections', 'OrderedDict');
  p.op('EMPTY_TUPLE').op('REDUCE');
  put();
  tensors.forEach((t, i) => {
    const inBatch = Math.min(batch, tensors.length - (i - (i % batch)));
    if (i % batch === 0 && inBatch > 1) p.op('MARK');
    text(t.name);
    global('torch._utils', '_rebuild_tensor_v2');
    p.op('MARK').op('MARK');
    // the persistent id: ('storage', storage type, key, location, element count)
    interned('storage');
    global('torch', 'FloatStorage');
    text(String(i));
    interned('cpu');
    int(t.elements);
    if (legacy) p.op('NONE');
    p.op('TUPLE');
    put();
    p.op('BINPERSID');
    // storage offset, size, stride, requires_grad, backward hooks (an empty OrderedDict)
    int(0);
    int(t.elements);
    p.op('TUPLE1');
    put();
    int(1);
    p.op('TUPLE1');
    put();
    p.op('NEWFALSE');
    global('collections', 'OrderedDict');
    p.op('EMPTY_TUPLE').op('REDUCE');
    put();
    p.op('TUPLE');
    put();
    p.op('REDUCE');
    put();
    if (i % batch === inBatch - 1) p.op(inBatch > 1 ? 'SETITEMS' : 'SETITEM');
  });
  return p.op('STOP').bytes();
}

/**
 * A file in torch.save's legacy format (PyTorch before 1.6; many published pytorch_model.bin
 * files): five pickles (torch's magic number, the protocol version 1001, system information, the
 * state_dict, its sorted storage keys), then each storage as its element count (8 bytes, little
 * endian) and its float32 bytes. Python's pickle module writes the same pickles (checked by hand).
 */
export function torchLegacyFile(
  tensors: ReadonlyArray<{ name: string; elements: number }>,
  fill = 1,
): Buffer {
  const magic = pickle().proto(2).op('LONG1', Buffer.from('6cfc9c46f9206aa85019', 'hex')).op('STOP');
  const version = pickle().proto(2).op('BININT2', 1001).op('STOP');
  let memo = 0;
  const sysInfo = pickle().proto(2).op('EMPTY_DICT').op('BINPUT', memo++).op('MARK');
  const key = (k: string) => sysInfo.op('BINUNICODE', k).op('BINPUT', memo++);
  key('protocol_version');
  sysInfo.op('BININT2', 1001);
  key('little_endian');
  sysInfo.op('NEWTRUE');
  key('type_sizes');
  sysInfo.op('EMPTY_DICT').op('BINPUT', memo++).op('MARK');
  for (const [name, size] of [
    ['short', 2],
    ['int', 4],
    ['long', 4],
  ] as const) {
    key(name);
    sysInfo.op('BININT1', size);
  }
  sysInfo.op('SETITEMS').op('SETITEMS').op('STOP');
  const storageKeys = tensors.map((_, i) => String(i)).sort();
  const keys = pickle().proto(2).op('EMPTY_LIST').op('BINPUT', 0);
  // A list of one item is APPEND; a longer one goes in MARK ... APPENDS batches of 1,000, however
  // short the last (CPython's exact-list pickling, unlike the OrderedDict's items above).
  const one = storageKeys.length === 1;
  storageKeys.forEach((k, i) => {
    if (i % 1000 === 0 && !one) keys.op('MARK');
    keys.op('BINUNICODE', k).op(i + 1 < 256 ? 'BINPUT' : 'LONG_BINPUT', i + 1);
    if (i % 1000 === 999 || i === storageKeys.length - 1) keys.op(one ? 'APPEND' : 'APPENDS');
  });
  keys.op('STOP');
  const storages = storageKeys.map((k) => {
    const elements = tensors[Number(k)]!.elements;
    const count = Buffer.alloc(8);
    count.writeBigInt64LE(BigInt(elements));
    return Buffer.concat([count, Buffer.alloc(elements * 4, fill)]);
  });
  return Buffer.concat([
    magic.bytes(),
    version.bytes(),
    sysInfo.bytes(),
    torchStateDictPickle(tensors, { legacy: true }),
    keys.bytes(),
    ...storages,
  ]);
}

/** A PyTorch zip (torch.save since 1.6): archive/data.pkl plus one stored entry per tensor. */
export function torchZip(tensors: ReadonlyArray<{ name: string; elements: number }>, fill = 1): Buffer {
  return makeZip([
    { name: 'archive/data.pkl', data: torchStateDictPickle(tensors) },
    { name: 'archive/byteorder', data: Buffer.from('little') },
    ...tensors.map((t, i) => ({ name: `archive/data/${i}`, data: Buffer.alloc(t.elements * 4, fill) })),
    { name: 'archive/version', data: Buffer.from('3\n') },
  ]);
}

/** A safetensors file of F32 tensors. */
export function safetensors(tensors: ReadonlyArray<{ name: string; elements: number }>, fill = 1): Buffer {
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  let at = 0;
  for (const t of tensors) {
    header[t.name] = { dtype: 'F32', shape: [t.elements], data_offsets: [at, at + t.elements * 4] };
    at += t.elements * 4;
  }
  const json = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([len, json, Buffer.alloc(at, fill)]);
}

/** A .npy file: `descr` "<f4" (data filled) or "|O" (then `objectPickle` is the data). */
export function npy(descr: string, shape: number[], data: Buffer): Buffer {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64);
  header += '\n';
  const pre = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 0, 0]);
  pre.writeUInt16LE(header.length, 8);
  return Buffer.concat([pre, Buffer.from(header, 'latin1'), data]);
}

function ggufString(s: string): Buffer {
  const b = Buffer.from(s, 'utf8');
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(b.length));
  return Buffer.concat([len, b]);
}

/** A GGUF v3 file with one string metadata key and F32 tensors. */
export function gguf(tensors: ReadonlyArray<{ name: string; elements: number }>): Buffer {
  const head = Buffer.alloc(24);
  head.write('GGUF', 0, 'latin1');
  head.writeUInt32LE(3, 4);
  head.writeBigUInt64LE(BigInt(tensors.length), 8);
  head.writeBigUInt64LE(1n, 16);
  const kvType = Buffer.alloc(4);
  kvType.writeUInt32LE(8);
  const parts: Buffer[] = [head, ggufString('general.name'), kvType, ggufString('test')];
  let offset = 0;
  for (const t of tensors) {
    const info = Buffer.alloc(4 + 8 + 4 + 8);
    info.writeUInt32LE(1, 0);
    info.writeBigUInt64LE(BigInt(t.elements), 4);
    info.writeUInt32LE(0, 12); // F32
    info.writeBigUInt64LE(BigInt(offset), 16);
    parts.push(ggufString(t.name), info);
    offset += Math.ceil((t.elements * 4) / 32) * 32;
  }
  const headerLen = parts.reduce((a, b) => a + b.length, 0);
  parts.push(Buffer.alloc(Math.ceil(headerLen / 32) * 32 - headerLen), Buffer.alloc(offset, 1));
  return Buffer.concat(parts);
}
