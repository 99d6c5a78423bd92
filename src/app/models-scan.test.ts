import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { safetensors, torchZip } from '../../test/helpers/model-files.js';
import { pickle } from '../../test/helpers/pickle-assembler.js';
import { makeZip } from '../../test/helpers/zip-writer.js';
import { registerModelsCommands } from '../cli/commands/models.js';
import type { CliIO } from '../cli/io.js';
import { sarifSchemaErrors } from '../formats/sarif/validate.js';
import { modelsScan, modelsScanExitCode, renderModelsScan } from './models-scan.js';

let dir: string;
const evil = pickle()
  .proto(4)
  .stackGlobal('os', 'system')
  .callWith('echo \x1b[31mred\u202e')
  .op('STOP')
  .bytes();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vouch-models-'));
  mkdirSync(join(dir, 'models'));
  writeFileSync(join(dir, 'models', 'good.safetensors'), safetensors([{ name: 'w', elements: 8 }]));
  writeFileSync(join(dir, 'models', 'model.pt'), torchZip([{ name: 'w', elements: 8 }]));
  writeFileSync(join(dir, 'models', 'evil\x1b[2J.bin'), evil);
  writeFileSync(join(dir, 'models', 'README.md'), '# not a model\n');
  writeFileSync(
    join(dir, 'models', 'broken.safetensors'),
    safetensors([{ name: 'w', elements: 8 }]).subarray(0, 30),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = undefined;
});

describe('modelsScan', () => {
  it('walks a directory, scans model files by content and summarises', () => {
    const report = modelsScan([join(dir, 'models')]);
    expect(report.results.map((r) => [r.name.slice(dir.length + 8), r.format, r.verdict])).toEqual([
      ['broken.safetensors', 'unknown', 'error'],
      ['evil\x1b[2J.bin', 'pickle', 'dangerous'],
      ['good.safetensors', 'safetensors', 'safe'],
      ['model.pt', 'pytorch-zip', 'safe'],
    ]);
    expect(report.summary).toMatchObject({ files: 4, dangerous: 1, safe: 2, error: 1 });
    expect(modelsScanExitCode(report)).toBe(1);
    expect(modelsScanExitCode(modelsScan([join(dir, 'models', 'good.safetensors')]))).toBe(0);
    expect(modelsScanExitCode(modelsScan([join(dir, 'missing.pt')]))).toBe(2);
  });

  it('renders text with hostile names and arguments made inert', () => {
    const text = renderModelsScan(modelsScan([join(dir, 'models')]), 'text');
    expect(text).toContain('DANGEROUS');
    expect(text).toMatch(/critical +os\.system \(STACK_GLOBAL @14\)/);
    expect(text).toContain("call: REDUCE@34 os.system('echo \\u001B[31mred\\u202E',)");
    expect(text).not.toMatch(/[\x1b\u202e]/);
    expect(text).toContain('4 file(s): 1 dangerous, 2 safe, 1 error');
  });

  it('renders JSON with every field and SARIF 2.1.0 (official schema) with stable fingerprints', async () => {
    const report = modelsScan([join(dir, 'models')]);
    const json = JSON.parse(renderModelsScan(report, 'json'));
    expect(json.results[1].findings[0]).toMatchObject({
      module: 'os',
      name: 'system',
      opcode: 'STACK_GLOBAL',
      offset: 14,
      severity: 'critical',
    });
    const sarif = JSON.parse(renderModelsScan(report, 'sarif'));
    expect(await sarifSchemaErrors(sarif)).toEqual([]);
    const results = sarif.runs[0].results;
    expect(results.map((r: { ruleId: string }) => r.ruleId).sort()).toEqual([
      'model-file/dangerous-import',
      'model-file/not-examined',
    ]);
    const again = JSON.parse(renderModelsScan(modelsScan([join(dir, 'models')]), 'sarif')).runs[0].results;
    expect(again.map((r: { partialFingerprints: unknown }) => r.partialFingerprints)).toEqual(
      results.map((r: { partialFingerprints: unknown }) => r.partialFingerprints),
    );
    const rules = sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id);
    for (const r of results) expect(rules).toContain(r.ruleId);
  });
});

describe('SARIF locations', () => {
  it('gives a byte region for a whole-file offset and none for an offset inside an archive entry', () => {
    const zipped = join(dir, 'zipped.pt');
    writeFileSync(zipped, makeZip([{ name: 'archive/data.pkl', data: evil }]));
    const sarif = JSON.parse(
      renderModelsScan(modelsScan([zipped, join(dir, 'models', 'evil\x1b[2J.bin')]), 'sarif'),
    );
    type Result = { message: { text: string }; locations: { physicalLocation: { region?: unknown } }[] };
    const results = sarif.runs[0].results as Result[];
    const inZip = results.find((r) => r.message.text.includes(' in archive/'))!;
    const plain = results.find((r) => !r.message.text.includes(' in archive/'))!;
    expect(inZip.locations[0]!.physicalLocation.region).toBeUndefined();
    expect(inZip.message.text).toContain('in archive/data.pkl');
    expect(plain.locations[0]!.physicalLocation.region).toEqual({ byteOffset: 14, byteLength: 1 });
  });
});

describe('vouch models scan (command)', () => {
  async function run(...args: string[]) {
    let out = '';
    const io: CliIO = {
      out: (s) => {
        out += s;
      },
      err: () => {},
      isTTY: false,
    };
    const program = new Command().name('vouch').exitOverride();
    registerModelsCommands(program, io);
    await program.parseAsync(['node', 'vouch', ...args]);
    return { out, code: process.exitCode };
  }

  it('prints the chosen format and sets the exit code', async () => {
    const dangerous = await run('models', 'scan', '--format', 'json', join(dir, 'models'));
    expect(JSON.parse(dangerous.out).summary.dangerous).toBe(1);
    expect(dangerous.code).toBe(1);
    process.exitCode = undefined;
    const safe = await run('models', 'scan', join(dir, 'models', 'model.pt'));
    expect(safe.out).toMatch(/^SAFE/);
    expect(safe.code).toBe(0);
  });
});
