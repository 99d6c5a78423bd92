import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectors } from '../../collectors/index.js';
import { collectFacts, defaultRunContext } from '../../collectors/run.js';
import { memoryInventory } from '../../inventory/memory.js';
import { outcomes, runProbe, runProbeWithFailingCollector } from '../test-helpers.js';
import { probe } from './index.js';

const scratch = mkdtempSync(join(tmpdir(), 'vouch-release-probe-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const key = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const archive = Buffer.from('archive bytes\n'.repeat(100));
const deb = Buffer.from('deb bytes\n'.repeat(100));
const hex = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function withReleaseDir(files: Record<string, string | Buffer>, keys: string[] = []) {
  const dir = mkdtempSync(join(scratch, 'r-'));
  for (const [p, c] of Object.entries(files)) writeFileSync(join(dir, p), c);
  const facts = await collectFacts(memoryInventory({}), collectors, {
    run: defaultRunContext({ settings: { releaseDir: dir, releaseKeys: keys } }),
  });
  return { dir, findings: probe.run(facts) };
}

describe('release-artefacts-verified', () => {
  it('reports each artefact of a release folder: the signed archive passes, the unsigned .deb fails', async () => {
    const keyFile = join(scratch, 'release.pub');
    writeFileSync(keyFile, key.publicKey.export({ type: 'spki', format: 'pem' }));
    const { dir, findings } = await withReleaseDir(
      {
        'app.tar.gz': archive,
        'app.tar.gz.sig': sign('sha256', archive, key.privateKey).toString('base64'),
        'app.deb': deb,
      },
      [keyFile],
    );
    const byPath = Object.fromEntries(findings.map((f) => [f.location?.path, f]));
    expect(byPath[`${dir}/app.tar.gz`]).toMatchObject({ outcome: 'pass' });
    expect(byPath[`${dir}/app.tar.gz`]?.message).toContain(`signature valid for the given key ${keyFile}`);
    expect(byPath[`${dir}/app.deb`]).toMatchObject({ outcome: 'fail', severity: 'medium' });
    expect(byPath[`${dir}/app.deb`]?.message).toContain('neither signed nor checksummed');
  });

  it('fails high when one byte of a checksummed artefact is flipped', async () => {
    const flipped = Buffer.from(archive);
    flipped[0] = flipped[0]! ^ 0xff;
    const { findings } = await withReleaseDir({
      'app.tar.gz': flipped,
      SHA256SUMS: `${hex(archive)}  app.tar.gz\n`,
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ outcome: 'fail', severity: 'high' });
    expect(findings[0]?.message).toContain('FAILS verification: sha256 differs from SHA256SUMS:1');
  });

  it('is error for a release folder that does not exist, and for a key that is not a key', async () => {
    const facts = await collectFacts(memoryInventory({}), collectors, {
      run: defaultRunContext({ settings: { releaseDir: join(scratch, 'missing') } }),
    });
    expect(outcomes(probe.run(facts))).toEqual(['error']);
    const bad = join(scratch, 'bad.pub');
    writeFileSync(bad, 'not a key');
    const { findings } = await withReleaseDir({ 'a.bin': archive }, [bad]);
    expect(findings[0]).toMatchObject({ outcome: 'error' });
    expect(findings[0]?.message).toContain('is not a PEM public key');
  });

  it('verifies artefacts committed beside their checksums in the tree, and ignores unnamed files', async () => {
    const findings = await runProbe(probe, {
      'release/app.tar.gz': archive,
      'release/app.tar.gz.sha256': `${hex(archive)}  app.tar.gz\n`,
      'release/other.bin': deb,
      'README.md': '# x\n',
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      outcome: 'pass',
      confidence: 'low',
      location: { path: 'release/app.tar.gz' },
    });
    expect(findings[0]?.message).toContain('checksummed, not signed');
  });

  it('is not-applicable with nothing to verify', async () => {
    expect(outcomes(await runProbe(probe, { 'README.md': '# x\n' }))).toEqual(['not-applicable']);
  });

  it('is error when the release-integrity collector fails', async () => {
    const [f] = await runProbeWithFailingCollector(probe, {}, 'release-integrity');
    expect(f?.outcome).toBe('error');
  });
});
