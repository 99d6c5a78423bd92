import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runRegistered } from '../test-helpers.js';
import { registerReleaseCommands } from './release.js';

const scratch = mkdtempSync(join(tmpdir(), 'vouch-release-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const run = (...args: string[]) => runRegistered(registerReleaseCommands, args);

const key = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const keyFile = join(scratch, 'release.pub');
writeFileSync(keyFile, key.publicKey.export({ type: 'spki', format: 'pem' }));

function folder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(scratch, 'r-'));
  for (const [p, c] of Object.entries(files)) writeFileSync(join(dir, p), c);
  return dir;
}

describe('vouch release verify', () => {
  const artefact = Buffer.from('the product\n');
  const signature = sign('sha256', artefact, key.privateKey).toString('base64');

  it('exits 0 when every artefact is signed with the given key, and says so per artefact in JSON', async () => {
    const dir = folder({ 'app.zip': artefact, 'app.zip.sig': signature });
    const { code, out } = await run('release', 'verify', dir, '--key', keyFile, '--format', 'json');
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.summary).toMatchObject({ signed: 1, neither: 0, failed: 0 });
    expect(report.artefacts[0]).toMatchObject({
      path: 'app.zip',
      verdict: 'signed',
      sha256: createHash('sha256').update(artefact).digest('hex'),
    });
  });

  it('exits 1 when one byte of the artefact is flipped', async () => {
    const flipped = Buffer.from(artefact);
    flipped[0] = flipped[0]! ^ 1;
    const dir = folder({ 'app.zip': flipped, 'app.zip.sig': signature });
    const { code, out } = await run('release', 'verify', dir, '--key', keyFile);
    expect(code).toBe(1);
    expect(out).toMatch(/failed {6}app\.zip/);
    expect(out).toContain('0 signed, 0 checksummed only, 0 unverified, 0 neither, 1 failed');
  });

  it('exits 2 for a key that is not there', async () => {
    const { code, err } = await run('release', 'verify', folder({}), '--key', join(scratch, 'nope.pub'));
    expect(code).toBe(2);
    expect(err).toContain('nope.pub is not a key file');
  });
});
