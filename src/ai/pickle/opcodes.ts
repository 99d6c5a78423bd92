/**
 * The pickle opcodes of protocols 0 to 5 (CPython Lib/pickletools.py is the reference), as data:
 * byte, name, how its argument is encoded, and the protocol that introduced it.
 */

export type ArgKind =
  | 'none'
  | 'uint1'
  | 'uint2'
  | 'int4'
  | 'uint4'
  | 'uint8'
  | 'float8'
  | 'line' // one "\n"-terminated line (decimal numbers, memo keys, PERSID)
  | 'stringnl' // protocol 0 quoted string literal
  | 'unicodenl' // raw-unicode-escape line
  | 'twolines' // GLOBAL / INST: module line, name line
  | 'bytes1' // uint1 length + bytes
  | 'bytes4' // int4 length + bytes (negative is an error)
  | 'bytes4u' // uint4 length + bytes
  | 'bytes8'; // uint8 length + bytes

export interface Opcode {
  code: number;
  name: string;
  arg: ArgKind;
  proto: number;
}

const TABLE: ReadonlyArray<readonly [string, string, ArgKind, number]> = [
  ['(', 'MARK', 'none', 0],
  ['.', 'STOP', 'none', 0],
  ['0', 'POP', 'none', 0],
  ['1', 'POP_MARK', 'none', 1],
  ['2', 'DUP', 'none', 0],
  ['F', 'FLOAT', 'line', 0],
  ['I', 'INT', 'line', 0],
  ['J', 'BININT', 'int4', 1],
  ['K', 'BININT1', 'uint1', 1],
  ['L', 'LONG', 'line', 0],
  ['M', 'BININT2', 'uint2', 1],
  ['N', 'NONE', 'none', 0],
  ['P', 'PERSID', 'line', 0],
  ['Q', 'BINPERSID', 'none', 1],
  ['R', 'REDUCE', 'none', 0],
  ['S', 'STRING', 'stringnl', 0],
  ['T', 'BINSTRING', 'bytes4', 1],
  ['U', 'SHORT_BINSTRING', 'bytes1', 1],
  ['V', 'UNICODE', 'unicodenl', 0],
  ['X', 'BINUNICODE', 'bytes4u', 1],
  ['a', 'APPEND', 'none', 0],
  ['b', 'BUILD', 'none', 0],
  ['c', 'GLOBAL', 'twolines', 0],
  ['d', 'DICT', 'none', 0],
  ['}', 'EMPTY_DICT', 'none', 1],
  ['e', 'APPENDS', 'none', 1],
  ['g', 'GET', 'line', 0],
  ['h', 'BINGET', 'uint1', 1],
  ['i', 'INST', 'twolines', 0],
  ['j', 'LONG_BINGET', 'uint4', 1],
  ['l', 'LIST', 'none', 0],
  [']', 'EMPTY_LIST', 'none', 1],
  ['o', 'OBJ', 'none', 1],
  ['p', 'PUT', 'line', 0],
  ['q', 'BINPUT', 'uint1', 1],
  ['r', 'LONG_BINPUT', 'uint4', 1],
  ['s', 'SETITEM', 'none', 0],
  ['t', 'TUPLE', 'none', 0],
  [')', 'EMPTY_TUPLE', 'none', 1],
  ['u', 'SETITEMS', 'none', 1],
  ['G', 'BINFLOAT', 'float8', 1],
  ['\x80', 'PROTO', 'uint1', 2],
  ['\x81', 'NEWOBJ', 'none', 2],
  ['\x82', 'EXT1', 'uint1', 2],
  ['\x83', 'EXT2', 'uint2', 2],
  ['\x84', 'EXT4', 'int4', 2],
  ['\x85', 'TUPLE1', 'none', 2],
  ['\x86', 'TUPLE2', 'none', 2],
  ['\x87', 'TUPLE3', 'none', 2],
  ['\x88', 'NEWTRUE', 'none', 2],
  ['\x89', 'NEWFALSE', 'none', 2],
  ['\x8a', 'LONG1', 'bytes1', 2],
  ['\x8b', 'LONG4', 'bytes4', 2],
  ['B', 'BINBYTES', 'bytes4u', 3],
  ['C', 'SHORT_BINBYTES', 'bytes1', 3],
  ['\x8c', 'SHORT_BINUNICODE', 'bytes1', 4],
  ['\x8d', 'BINUNICODE8', 'bytes8', 4],
  ['\x8e', 'BINBYTES8', 'bytes8', 4],
  ['\x8f', 'EMPTY_SET', 'none', 4],
  ['\x90', 'ADDITEMS', 'none', 4],
  ['\x91', 'FROZENSET', 'none', 4],
  ['\x92', 'NEWOBJ_EX', 'none', 4],
  ['\x93', 'STACK_GLOBAL', 'none', 4],
  ['\x94', 'MEMOIZE', 'none', 4],
  ['\x95', 'FRAME', 'uint8', 4],
  ['\x96', 'BYTEARRAY8', 'bytes8', 5],
  ['\x97', 'NEXT_BUFFER', 'none', 5],
  ['\x98', 'READONLY_BUFFER', 'none', 5],
];

/** Opcode by byte value; undefined for bytes that are not opcodes. */
export const OPCODES: ReadonlyArray<Opcode | undefined> = (() => {
  const byCode: Array<Opcode | undefined> = new Array(256).fill(undefined);
  for (const [ch, name, arg, proto] of TABLE) {
    const code = ch.charCodeAt(0);
    byCode[code] = { code, name, arg, proto };
  }
  return byCode;
})();

/** The highest protocol this table covers. */
export const HIGHEST_PROTOCOL = 5;
