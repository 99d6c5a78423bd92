import { describe, expect, it } from 'vitest';
import { gguf, npy, safetensors, torchLegacyFile } from '../../../test/helpers/model-files.js';
import { pickle } from '../../../test/helpers/pickle-assembler.js';
import { makeZip } from '../../../test/helpers/zip-writer.js';
import { scanModelFile } from '../scan.js';
import { HDF5_SIGNATURE } from './detect.js';

const evil = pickle().proto(2).op('GLOBAL', ['os', 'system']).callWith('id').op('STOP').bytes();
const tensors = [
  { name: 'a', elements: 16 },
  { name: 'b', elements: 3 },
];

function withHeader(json: unknown, dataBytes: number, declared?: bigint): Buffer {
  const text = Buffer.from(JSON.stringify(json));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(declared ?? BigInt(text.length));
  return Buffer.concat([len, text, Buffer.alloc(dataBytes)]);
}

describe('safetensors', () => {
  it('is safe when the header adds up', () => {
    expect(scanModelFile(safetensors(tensors), 'm.safetensors')).toMatchObject({
      format: 'safetensors',
      verdict: 'safe',
    });
  });

  it('is an error when the header lies', () => {
    const cases: Array<[Buffer, RegExp]> = [
      [withHeader({ a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, 8), /outside the 8 data bytes/],
      [
        withHeader({ a: { dtype: 'F32', shape: [4], data_offsets: [0, 12] } }, 16),
        /12 data bytes, its dtype and shape need 16/,
      ],
      [
        withHeader(
          {
            a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
            b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] },
          },
          12,
        ),
        /overlap/,
      ],
      [withHeader({ a: { dtype: 'PY', shape: [1], data_offsets: [0, 1] } }, 1), /unknown dtype/],
      [withHeader({}, 0, 1n << 40n), /declared header/],
    ];
    for (const [b, message] of cases) {
      const r = scanModelFile(b, 'x.safetensors');
      if (r.format === 'safetensors') expect(r.problems[0]!.message).toMatch(message);
      expect(r.verdict).toBe('error');
    }
  });
});

describe('GGUF', () => {
  it('is safe when the header adds up, an error when truncated or lying', () => {
    const good = gguf(tensors);
    expect(scanModelFile(good, 'm.gguf')).toMatchObject({ format: 'gguf', verdict: 'safe' });
    const cut = scanModelFile(good.subarray(0, good.length - 40), 'm.gguf');
    expect(cut.verdict).toBe('error');
    expect(cut.problems[0]!.message).toMatch(/run past the/);
    const huge = Buffer.from(good);
    huge.writeBigUInt64LE(1n << 62n, 16); // metadata count
    expect(scanModelFile(huge, 'm.gguf').problems[0]!.message).toMatch(/exceeds the file size/);
    expect(scanModelFile(good.subarray(0, 30), 'm.gguf').problems[0]!.message).toMatch(/truncated|runs past/);
  });
});

describe('NumPy', () => {
  it('checks plain arrays by size and scans object arrays as pickles', () => {
    expect(scanModelFile(npy('<f4', [4], Buffer.alloc(16)), 'a.npy')).toMatchObject({
      format: 'npy',
      verdict: 'safe',
    });
    expect(scanModelFile(npy('<f4', [4], Buffer.alloc(8)), 'a.npy').verdict).toBe('error');
    const r = scanModelFile(npy('|O', [1], evil), 'o.npy');
    expect(r).toMatchObject({ format: 'npy', verdict: 'dangerous' });
    expect(r.findings[0]).toMatchObject({ module: 'os', name: 'system' });
  });

  it('scans every array of an .npz', () => {
    const z = makeZip([
      { name: 'a.npy', data: npy('<f4', [2], Buffer.alloc(8)), method: 8 },
      { name: 'b.npy', data: npy('|O', [1], evil), method: 8 },
    ]);
    const r = scanModelFile(z, 'x.npz');
    expect(r).toMatchObject({ format: 'npz', verdict: 'dangerous', findings: [{ entry: 'b.npy' }] });
  });
});

describe('Keras', () => {
  const config = (layers: unknown[]) => ({ class_name: 'Sequential', config: { name: 'm', layers } });
  const lambda = { class_name: 'Lambda', config: { name: 'shell', function: ['4wEAAAAAAAAA', null, null] } };
  const dense = { class_name: 'Dense', config: { name: 'd', units: 1 } };

  it('flags Lambda layers in a .keras archive', () => {
    const z = (layers: unknown[]) =>
      makeZip([
        { name: 'metadata.json', data: Buffer.from('{}') },
        { name: 'config.json', data: Buffer.from(JSON.stringify(config(layers))), method: 8 },
        { name: 'model.weights.h5', data: Buffer.concat([HDF5_SIGNATURE, Buffer.alloc(64)]) },
      ]);
    const r = scanModelFile(z([dense, lambda]), 'm.keras');
    expect(r).toMatchObject({
      format: 'keras',
      verdict: 'dangerous',
      findings: [{ module: 'keras.layers', name: 'Lambda', entry: 'config.json' }],
    });
    // The .h5 inside holds weights only; the model is config.json.
    expect(scanModelFile(z([dense]), 'm.keras')).toMatchObject({ format: 'keras', verdict: 'safe' });
  });

  it('finds the model config of an HDF5 file by its text, and says unknown without one', () => {
    const h5 = (json: unknown) =>
      Buffer.concat([
        HDF5_SIGNATURE,
        Buffer.alloc(200),
        Buffer.from(JSON.stringify(json)),
        Buffer.alloc(100),
      ]);
    expect(scanModelFile(h5(config([dense, lambda])), 'm.h5')).toMatchObject({
      format: 'keras',
      verdict: 'dangerous',
    });
    expect(scanModelFile(h5(config([dense])), 'm.h5')).toMatchObject({ format: 'keras', verdict: 'safe' });
    const bare = scanModelFile(Buffer.concat([HDF5_SIGNATURE, Buffer.alloc(500)]), 'w.h5');
    expect(bare).toMatchObject({ format: 'hdf5', verdict: 'error' });
    expect(bare.problems[0]!.message).toMatch(/unknown/);
  });
});

describe('graph formats', () => {
  it('recognises ONNX and TFLite as formats without code', () => {
    const onnx = Buffer.from([0x08, 0x07, 0x12, 0x04, 0x74, 0x65, 0x73, 0x74, 0x3a, 0x00]);
    expect(scanModelFile(onnx, 'm.onnx')).toMatchObject({ format: 'onnx', verdict: 'safe' });
    const tflite = Buffer.concat([Buffer.from([0x1c, 0, 0, 0]), Buffer.from('TFL3'), Buffer.alloc(40)]);
    expect(scanModelFile(tflite, 'm.tflite')).toMatchObject({ format: 'tflite', verdict: 'safe' });
  });

  it('recognises formats by content whatever the file is called', () => {
    expect(scanModelFile(evil, 'innocent.safetensors').verdict).toBe('dangerous');
    expect(scanModelFile(Buffer.alloc(0), 'empty.pt')).toMatchObject({ format: 'unknown', verdict: 'error' });
  });
});

describe("torch.save's legacy format", () => {
  // 640 elements: each storage starts with 80 02 00 ..., a PROTO 2 if it were read as a pickle
  const layers = Array.from({ length: 3 }, (_, i) => ({ name: `layer.${i}.weight`, elements: 640 }));

  /** The magic number's pickle as protocol 2 writes it (torch's default), 15 bytes. */
  const MAGIC_PICKLE = 15;

  it('reads its five pickles and leaves the storages after them unread', () => {
    const r = scanModelFile(torchLegacyFile(layers, 0x63), 'pytorch_model.bin');
    expect(r).toMatchObject({ format: 'pytorch-legacy', verdict: 'safe', problems: [], findings: [] });
    expect(r.safeImports).toEqual([
      'collections.OrderedDict',
      'torch.FloatStorage',
      'torch._utils._rebuild_tensor_v2',
    ]);
  });

  it('is known by its magic number under protocols 3 to 5 too (a FRAME from 4 on)', () => {
    const file = torchLegacyFile(layers, 0x63);
    // Python's pickle.dumps(0x1950a86a20f9469cfc6c, protocol=p)
    for (const magic of [
      '80038a0a6cfc9c46f9206aa850192e',
      '8004950d000000000000008a0a6cfc9c46f9206aa850192e',
      '8005950d000000000000008a0a6cfc9c46f9206aa850192e',
    ]) {
      const r = scanModelFile(
        Buffer.concat([Buffer.from(magic, 'hex'), file.subarray(MAGIC_PICKLE)]),
        'pytorch_model.bin',
      );
      expect(r).toMatchObject({ format: 'pytorch-legacy', verdict: 'safe', problems: [] });
    }
    // another number pickled first is a plain pickle sequence
    const other = Buffer.concat([
      Buffer.from('80028a0a6cfc9c46f9206aa850182e', 'hex'),
      file.subarray(MAGIC_PICKLE),
    ]);
    expect(scanModelFile(other, 'pytorch_model.bin').format).toBe('pickle');
  });

  it('flags a dangerous import in any of its pickles', () => {
    const file = torchLegacyFile(layers);
    const magicAndVersion = MAGIC_PICKLE + 6;
    const hostile = Buffer.concat([file.subarray(0, magicAndVersion), evil, file.subarray(magicAndVersion)]);
    const r = scanModelFile(hostile, 'pytorch_model.bin');
    expect(r.format).toBe('pytorch-legacy');
    expect(r.verdict).toBe('dangerous');
    expect(r.findings.map((f) => `${f.module}.${f.name}`)).toEqual(['os.system']);
  });

  it('is an error when it ends before its five pickles do', () => {
    const file = torchLegacyFile(layers);
    const r = scanModelFile(file.subarray(0, 200), 'pytorch_model.bin');
    expect(r.format).toBe('pytorch-legacy');
    expect(r.verdict).toBe('error');
    expect(r.problems[0]).toMatchObject({
      fatal: true,
      message: expect.stringMatching(/^pickle: .*truncated/),
    });
    // cut where the fourth pickle starts: three whole pickles, no error in any
    const cut = scanModelFile(file.subarray(0, MAGIC_PICKLE + 6 + 116), 'pytorch_model.bin');
    expect(cut.problems).toEqual([
      expect.objectContaining({
        fatal: true,
        message: 'the file ends after 3 of the 5 pickles of its format',
      }),
    ]);
  });
});
