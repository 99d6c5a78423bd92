import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../util/canonical-json.js';
import { precompiledValidator } from '../precompiled-validator.js';
import { generateSigningKeys, signDetached, signJsf, verifyDetached, verifyJsf } from './index.js';

const keys = generateSigningKeys();
const other = generateSigningKeys();

describe('canonical JSON (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units and serialises numbers and strings as ECMAScript does', () => {
    // The RFC's own sorting example (section 3.2.3): code-unit order, not code-point order.
    const sorted = canonicalJson({
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    });
    // (JSON.parse would put the integer-like key first again: read the keys off the text.)
    expect([...sorted.matchAll(/"((?:[^"\\]|\\.)*)":/g)].map((m) => JSON.parse(`"${m[1]}"`))).toEqual([
      '\r',
      '1',
      '\u0080',
      '\u00f6',
      '\u20ac',
      '\ud83d\ude00',
      '\ufb33',
    ]);
    expect(canonicalJson({ b: [1e21, 1e-7, -0, 0.1], a: 'x\u2028' })).toBe(
      '{"a":"x\u2028","b":[1e+21,1e-7,0,0.1]}',
    );
    expect(() => canonicalJson({ n: Number.NaN })).toThrow();
  });
});

describe('detached Ed25519 signatures', () => {
  const statement = Buffer.from('# Conformance statement\n\nsscop:1.1.1 met (attested)\n');

  it('verify with the signer key, and every single-byte change fails', () => {
    const sig = signDetached(statement, keys.privateKeyPem);
    expect(verifyDetached(statement, sig, keys.publicKeyPem)).toMatchObject({ valid: true });
    for (let i = 0; i < statement.length; i++) {
      const changed = Buffer.from(statement);
      changed[i] = changed[i]! ^ 0x01;
      const r = verifyDetached(changed, sig, keys.publicKeyPem);
      expect(r.valid, `byte ${i}`).toBe(false);
      expect(r.reason).toMatch(/changed after it was signed/);
    }
  });

  it('fails for another key, an altered signature and a file that is not a signature', () => {
    const sig = signDetached(statement, keys.privateKeyPem);
    expect(verifyDetached(statement, sig, other.publicKeyPem).reason).toMatch(/not by the given key/);
    const raw = Buffer.from(sig.signature, 'base64');
    raw[5] = raw[5]! ^ 0x80;
    expect(
      verifyDetached(statement, { ...sig, signature: raw.toString('base64') }, keys.publicKeyPem),
    ).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/signature itself was altered/),
    });
    expect(verifyDetached(statement, { hello: 1 }, keys.publicKeyPem).valid).toBe(false);
    expect(verifyDetached(statement, null, keys.publicKeyPem).valid).toBe(false);
  });

  it('refuses keys that are not Ed25519 with a message', () => {
    expect(() =>
      signDetached(statement, '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n'),
    ).toThrow();
  });
});

describe('JSF inside CycloneDX', () => {
  const bom = {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    version: 1,
    serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
    components: [
      { type: 'library', name: 'left-pad', version: '1.3.0', 'bom-ref': 'pkg:npm/left-pad@1.3.0' },
    ],
  };

  it('a signed BOM is valid CycloneDX 1.6 and verifies; a changed field fails', () => {
    const signed = signJsf(bom, keys.privateKeyPem);
    const validate = precompiledValidator('cyclonedx-1.6');
    expect(validate(signed), JSON.stringify(validate.errors)).toBe(true);
    expect(verifyJsf(signed, keys.publicKeyPem)).toMatchObject({ valid: true });
    // Survives a round trip through text with other whitespace: JSF covers the canonical form.
    expect(verifyJsf(JSON.parse(JSON.stringify(signed)), keys.publicKeyPem).valid).toBe(true);
    const tampered = JSON.parse(JSON.stringify(signed));
    tampered.components[0].version = '1.3.1';
    expect(verifyJsf(tampered, keys.publicKeyPem)).toMatchObject({ valid: false });
    expect(verifyJsf(signed, other.publicKeyPem).reason).toMatch(/not by the given key/);
    expect(verifyJsf(bom).valid).toBe(false);
  });
});
