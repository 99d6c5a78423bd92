/**
 * The cleartext signature of a security.txt verified with a key made here (openpgp.js, offline):
 * the signed file verifies; one changed byte, or another key, does not.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSecurityTxt } from '../../app/securitytxt-check.js';
import { verifyCleartext } from './verify.js';

const BODY =
  'Contact: mailto:security@acme.example\nExpires: 2027-06-01T00:00:00Z\nPolicy: https://acme.example/policy\n';
const now = new Date('2026-12-01T00:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'vouch-securitytxt-sig-'));
let signed: string;
let publicKey: string;
let otherKey: string;

beforeAll(async () => {
  const made = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: 'Acme Security', email: 'security@acme.example' }],
    format: 'armored',
  });
  publicKey = made.publicKey;
  otherKey = (
    await openpgp.generateKey({ type: 'ecc', userIDs: [{ email: 'x@other.example' }], format: 'armored' })
  ).publicKey;
  const signingKeys = await openpgp.readPrivateKey({ armoredKey: made.privateKey });
  signed = await openpgp.sign({
    message: await openpgp.createCleartextMessage({ text: BODY }),
    signingKeys,
    format: 'armored',
  });
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('verifyCleartext', () => {
  it('verifies a file signed by the key, and names the key', async () => {
    const r = await verifyCleartext(signed, publicKey);
    expect(r.status).toBe('verified');
    if (r.status === 'verified') expect(r.userIds).toEqual(['Acme Security <security@acme.example>']);
  });

  it('refuses the same file with one byte of the signed text changed', async () => {
    const tampered = signed.replace('acme.example/policy', 'acme.example/polico');
    expect(tampered).not.toBe(signed);
    expect((await verifyCleartext(tampered, publicKey)).status).toBe('invalid');
  });

  it('refuses a signature by another key, and says when the key is not a key', async () => {
    expect((await verifyCleartext(signed, otherKey)).status).toBe('invalid');
    expect((await verifyCleartext(signed, 'not a key')).status).toBe('unusable-key');
  });
});

describe('securitytxt check with --key', () => {
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('reports the signature verified, and the file stays valid', async () => {
    const r = await checkSecurityTxt(write('signed.txt', signed), { now, key: publicKey });
    expect(r.signature).toBe('verified');
    expect(r.signedBy?.userIds).toEqual(['Acme Security <security@acme.example>']);
    expect(r.exitCode).toBe(0);
  });

  it('makes a tampered file invalid (exit 1) with a signature-invalid error', async () => {
    const r = await checkSecurityTxt(write('tampered.txt', signed.replace('2027-06-01', '2027-06-02')), {
      now,
      key: publicKey,
    });
    expect(r.signature).toBe('invalid');
    expect(r.exitCode).toBe(1);
    expect(r.diagnostics.map((d) => d.code)).toContain('signature-invalid');
  });

  it('without a key, a signature is recognised and left unverified', async () => {
    const r = await checkSecurityTxt(write('plain-check.txt', signed), { now });
    expect(r.signature).toBe('present, not verified');
    expect(r.exitCode).toBe(0);
  });
});
