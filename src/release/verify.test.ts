/**
 * A signed release built in the test (keys from node:crypto, a Sigstore bundle, a cosign
 * signature, a DSSE provenance statement, a SHA256SUMS list) verifies offline; one flipped byte
 * of an artefact fails it.
 */
import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { releaseFileKinds } from './rules.js';
import { dssePae, keyFromPem } from './signatures.js';
import { folderSource } from './source.js';
import { type ReleaseVerification, verifyRelease } from './verify.js';

const scratch = mkdtempSync(join(tmpdir(), 'vouch-release-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ed = generateKeyPairSync('ed25519');
const pem = (k: KeyObject) => k.export({ type: 'spki', format: 'pem' }).toString();
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest();

function bundleFor(artefact: Buffer, signature: Buffer): string {
  return JSON.stringify({
    mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    verificationMaterial: { publicKey: { hint: 'test' }, tlogEntries: [] },
    messageSignature: {
      messageDigest: { algorithm: 'SHA2_256', digest: sha256(artefact).toString('base64') },
      signature: signature.toString('base64'),
    },
  });
}

function provenanceFor(artefacts: Record<string, Buffer>): string {
  const statement = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: Object.entries(artefacts).map(([name, b]) => ({
      name,
      digest: { sha256: sha256(b).toString('hex') },
    })),
    predicateType: 'https://slsa.dev/provenance/v1',
    predicate: {},
  };
  const payload = Buffer.from(JSON.stringify(statement));
  const type = 'application/vnd.in-toto+json';
  const sig = sign(null, dssePae(type, payload), ed.privateKey);
  return `${JSON.stringify({ payloadType: type, payload: payload.toString('base64'), signatures: [{ keyid: '', sig: sig.toString('base64') }] })}\n`;
}

/** Writes a release folder: an archive with a Sigstore bundle, a .deb with a cosign signature, a SHA256SUMS. */
function release(name: string, files: Record<string, string | Buffer>): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  for (const [path, content] of Object.entries(files)) writeFileSync(join(dir, path), content);
  return dir;
}

const archive = Buffer.from('an archive of the product\n'.repeat(1000));
const deb = Buffer.from('a debian package\n'.repeat(500));
const notes = Buffer.from('release notes\n');
const sums = `${createHash('sha256').update(archive).digest('hex')}  widget.tar.gz\n${createHash('sha256').update(deb).digest('hex')} *widget.deb\n`;

function signedRelease(name: string, archiveBytes = archive): string {
  return release(name, {
    'widget.tar.gz': archiveBytes,
    'widget.tar.gz.sigstore.json': bundleFor(archive, sign('sha256', archive, ec.privateKey)),
    'widget.deb': deb,
    'widget.deb.sig': sign('sha256', deb, ec.privateKey).toString('base64'),
    SHA256SUMS: sums,
    'notes.txt': notes,
    'cosign.pub': pem(ec.publicKey),
  });
}

const byPath = (v: ReleaseVerification) => Object.fromEntries(v.artefacts.map((a) => [a.path, a]));

describe('verifyRelease on a folder', () => {
  it('verifies a signed release offline, per artefact, and says what was not checked', async () => {
    const v = await verifyRelease(await folderSource(signedRelease('good')), releaseFileKinds());
    const a = byPath(v);
    expect(a['widget.tar.gz']?.verdict).toBe('signed');
    expect(a['widget.tar.gz']?.summary).toContain('the key cosign.pub');
    expect(a['widget.tar.gz']?.summary).toContain(
      'certificate chain, identity and transparency log not checked offline',
    );
    expect(a['widget.tar.gz']?.checksums).toMatchObject([{ file: 'SHA256SUMS', line: 1, status: 'match' }]);
    expect(a['widget.deb']).toMatchObject({ verdict: 'signed' });
    expect(a['widget.deb']?.signatures[0]).toMatchObject({ kind: 'cosign-signature', status: 'valid' });
    // not averaged away: the release notes are neither signed nor checksummed
    expect(a['notes.txt']).toMatchObject({ verdict: 'neither' });
    expect(v.problems).toEqual([]);
  });

  it('fails the artefact when one byte is flipped: its signature and its checksum both fail', async () => {
    const flipped = Buffer.from(archive);
    flipped[100] = flipped[100]! ^ 0x01;
    const v = await verifyRelease(await folderSource(signedRelease('flipped', flipped)), releaseFileKinds());
    const a = byPath(v);
    expect(a['widget.tar.gz']?.verdict).toBe('failed');
    expect(a['widget.tar.gz']?.checksums[0]?.status).toBe('mismatch');
    expect(a['widget.tar.gz']?.signatures[0]?.status).toBe('invalid');
    expect(a['widget.tar.gz']?.summary).toContain(
      "the bundle's message digest is not this artefact's SHA-256",
    );
    // the other artefacts are unaffected
    expect(a['widget.deb']?.verdict).toBe('signed');
  });

  it('fails a signature by another key even when the digest in the bundle matches', async () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const dir = release('other-key', {
      'a.bin': archive,
      'a.bin.sigstore.json': bundleFor(archive, sign('sha256', archive, other.privateKey)),
      'cosign.pub': pem(ec.publicKey),
    });
    const [a] = (await verifyRelease(await folderSource(dir), releaseFileKinds())).artefacts;
    expect(a).toMatchObject({ path: 'a.bin', verdict: 'failed' });
  });

  it('without a key, a bundle is present but unverified, and a checksum alone is checksummed', async () => {
    const dir = release('no-key', {
      'a.bin': archive,
      'a.bin.sigstore.json': bundleFor(archive, sign('sha256', archive, ec.privateKey)),
      'b.bin': deb,
      'b.bin.sha256': `${createHash('sha256').update(deb).digest('hex')}\n`,
      'c.bin': notes,
      'c.bin.asc': '-----BEGIN PGP SIGNATURE-----\n\nabc\n-----END PGP SIGNATURE-----\n',
    });
    const a = byPath(await verifyRelease(await folderSource(dir), releaseFileKinds()));
    expect(a['a.bin']).toMatchObject({ verdict: 'unverified' });
    expect(a['b.bin']).toMatchObject({ verdict: 'checksummed' });
    expect(a['b.bin']?.summary).toContain('not signed');
    expect(a['c.bin']?.summary).toContain(
      'OpenPGP signature present, not verified (no verifier for OpenPGP)',
    );
  });

  it('verifies with a given key, and a checksum list signed with it covers what it lists', async () => {
    const list = Buffer.from(sums);
    const dir = release('signed-list', {
      'widget.tar.gz': archive,
      'widget.deb': deb,
      SHA256SUMS: list,
      'SHA256SUMS.sig': sign('sha256', list, ec.privateKey).toString('base64'),
    });
    const key = keyFromPem(pem(ec.publicKey))!;
    const v = await verifyRelease(await folderSource(dir), releaseFileKinds(), [
      { key, source: 'the given key k.pub' },
    ]);
    const a = byPath(v);
    expect(a.SHA256SUMS).toMatchObject({ role: 'checksum-list', verdict: 'signed' });
    expect(a['widget.deb']).toMatchObject({ verdict: 'signed', signedVia: ['SHA256SUMS'] });
  });

  it('checks SLSA provenance (DSSE, Ed25519) against the digests it names', async () => {
    const dir = release('provenance', {
      'a.bin': archive,
      'b.bin': deb,
      'multiple.intoto.jsonl': provenanceFor({ 'a.bin': archive }),
    });
    const key = keyFromPem(pem(ed.publicKey))!;
    const a = byPath(
      await verifyRelease(await folderSource(dir), releaseFileKinds(), [{ key, source: 'k' }]),
    );
    expect(a['a.bin']).toMatchObject({ verdict: 'signed' });
    expect(a['a.bin']?.signatures[0]).toMatchObject({
      kind: 'dsse',
      predicateType: 'https://slsa.dev/provenance/v1',
    });
    expect(a['b.bin']).toMatchObject({ verdict: 'neither' });
  });

  it('reports hostile names and malformed files as problems, never following them', async () => {
    const dir = release('hostile', {
      SHA256SUMS: `${'0'.repeat(64)}  ../../etc/passwd\nnot a line\n`,
      'x.sigstore.json': '{"mediaType": 1}',
      'y.bin.sig': 'AAAA',
    });
    const v = await verifyRelease(await folderSource(dir), releaseFileKinds());
    expect(v.problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([
        'names a file outside the folder of the checksum file',
        'not a checksum line',
        'not a Sigstore bundle (no sigstore bundle mediaType)',
        'signs y.bin, which is not there',
      ]),
    );
  });
});
