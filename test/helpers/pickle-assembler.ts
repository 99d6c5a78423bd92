/**
 * A pickle assembler for tests and the bench: opcodes by name, arguments encoded as the opcode
 * table says. It builds hand-made (also hostile) streams byte by byte; nothing runs Python.
 */
import { OPCODES, type Opcode } from '../../src/ai/pickle/opcodes.js';

const byName = new Map<string, Opcode>(
  OPCODES.filter((o): o is Opcode => o !== undefined).map((o) => [o.name, o]),
);

export type PickleArg = number | bigint | string | Buffer | readonly [string, string];

function sized(data: Buffer, width: 1 | 4 | 8): Buffer {
  const len = Buffer.alloc(width);
  if (width === 1) len.writeUInt8(data.length);
  else if (width === 4) len.writeUInt32LE(data.length);
  else len.writeBigUInt64LE(BigInt(data.length));
  return Buffer.concat([len, data]);
}

const asBuffer = (a: PickleArg | undefined): Buffer =>
  Buffer.isBuffer(a) ? a : Buffer.from(String(a), 'utf8');

export class PickleAssembler {
  private readonly parts: Buffer[] = [];

  /** Emits one opcode with its argument encoded per the table. */
  op(name: string, arg?: PickleArg): this {
    const o = byName.get(name);
    if (!o) throw new Error(`no opcode ${name}`);
    this.parts.push(Buffer.from([o.code]));
    const n = typeof arg === 'bigint' ? arg : Number(arg);
    const b = Buffer.alloc(8);
    switch (o.arg) {
      case 'none':
        break;
      case 'uint1':
        this.parts.push(Buffer.from([Number(n)]));
        break;
      case 'uint2':
        b.writeUInt16LE(Number(n));
        this.parts.push(b.subarray(0, 2));
        break;
      case 'int4':
        b.writeInt32LE(Number(n));
        this.parts.push(b.subarray(0, 4));
        break;
      case 'uint4':
        b.writeUInt32LE(Number(n));
        this.parts.push(b.subarray(0, 4));
        break;
      case 'uint8':
        b.writeBigUInt64LE(BigInt(n));
        this.parts.push(b);
        break;
      case 'float8':
        b.writeDoubleBE(Number(n));
        this.parts.push(b);
        break;
      case 'line':
      case 'stringnl':
      case 'unicodenl':
        this.parts.push(Buffer.concat([asBuffer(arg), Buffer.from('\n')]));
        break;
      case 'twolines': {
        const [m, nm] = arg as readonly [string, string];
        this.parts.push(Buffer.from(`${m}\n${nm}\n`, 'utf8'));
        break;
      }
      case 'bytes1':
        this.parts.push(sized(asBuffer(arg), 1));
        break;
      case 'bytes4':
      case 'bytes4u':
        this.parts.push(sized(asBuffer(arg), 4));
        break;
      case 'bytes8':
        this.parts.push(sized(asBuffer(arg), 8));
        break;
    }
    return this;
  }

  /** Raw bytes, for lies the table cannot express (declared lengths past the end, junk). */
  raw(bytes: Buffer | number[]): this {
    this.parts.push(Buffer.from(bytes));
    return this;
  }

  proto(n = 4): this {
    return this.op('PROTO', n);
  }

  /** A string the shortest way protocol 4 writes it. */
  str(s: string): this {
    return Buffer.byteLength(s) < 256 ? this.op('SHORT_BINUNICODE', s) : this.op('BINUNICODE', s);
  }

  stackGlobal(module: string, name: string): this {
    return this.str(module).str(name).op('STACK_GLOBAL');
  }

  /** Calls the callable on the stack with one string argument: callable(arg). */
  callWith(arg: string): this {
    return this.str(arg).op('TUPLE1').op('REDUCE');
  }

  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }
}

export const pickle = () => new PickleAssembler();
