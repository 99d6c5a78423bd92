/** `vouch keygen`, `vouch sign` and `vouch verify` as users run them: the built bin, offline. */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runBin } from '../helpers/bin.js';

const dir = mkdtempSync(join(tmpdir(), 'vouch-sign-'));
beforeAll(() => ensureBuilt(), 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vouch keygen / sign / verify', () => {
  it('signs a statement and an SBOM; every single-byte change to the statement fails verification', () => {
    const keys = join(dir, 'keys');
    writeFileSync(join(dir, 'a-file'), '');
    expect(runBin(['keygen', '--output', join(dir, 'a-file')]).code).toBe(2);
    const gen = runBin(['keygen', '--output', keys]);
    expect(gen.code, gen.err).toBe(0);
    expect(statSync(join(keys, 'vouch-signing.key')).mode & 0o777).toBe(0o600);
    expect(statSync(keys).mode & 0o777).toBe(0o700);
    // A second keygen does not overwrite the key pair by accident.
    expect(runBin(['keygen', '--output', keys]).err).toMatch(/--force/);

    const statement = join(dir, 'statement.md');
    writeFileSync(statement, '# vouch conformance statement\n\n| claim | verdict |\n| 1.1.1 | met |\n');
    const signed = runBin(['sign', statement, '--key', join(keys, 'vouch-signing.key')]);
    expect(signed.code, signed.err).toBe(0);
    const pub = join(keys, 'vouch-signing.pub');
    const ok = runBin(['verify', statement, '--key', pub]);
    expect(ok.code, ok.out + ok.err).toBe(0);
    expect(ok.out).toMatch(/^valid +detached/);

    const original = readFileSync(statement);
    // Every byte, in-process would be faster; through the CLI every eighth byte keeps the test short.
    for (let i = 0; i < original.length; i += 8) {
      const changed = Buffer.from(original);
      changed[i] = changed[i]! ^ 0x20;
      writeFileSync(statement, changed);
      const r = runBin(['verify', statement, '--key', pub]);
      expect(r.code, `byte ${i}`).toBe(1);
      expect(r.out).toMatch(/INVALID detached: the file changed after it was signed/);
    }
    writeFileSync(statement, original);
    expect(runBin(['verify', statement, '--key', pub, '--signature', join(dir, 'none.sig')]).code).toBe(2);

    const bom = join(dir, 'bom.json');
    writeFileSync(
      bom,
      JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, components: [] }),
    );
    const sb = runBin(['sign', bom, '--key', join(keys, 'vouch-signing.key')]);
    expect(sb.out).toMatch(/JSF signature inside/);
    const v = runBin(['verify', bom, '--key', pub]);
    expect(v.code, v.out).toBe(0);
    expect(v.out).toMatch(/valid +jsf/);
    const doc = JSON.parse(readFileSync(bom, 'utf8'));
    expect(doc.signature.algorithm).toBe('Ed25519');
  }, 240_000);
});
