import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { makeRepo } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('vouch sbom reads vouch.yaml through the inventory', () => {
  it('does not follow a vouch.yaml that links out of the tree', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'vouch-outside-'));
    dirs.push(outside);
    writeFileSync(
      join(outside, 'vouch.yaml'),
      'schemaVersion: 1\nproduct:\n  name: from-outside\nvendor:\n  name: X\nvendorRole: reseller\n',
    );
    const root = makeRepo({ 'package.json': '{"name":"x","version":"1.0.0"}' });
    dirs.push(root);
    symlinkSync(join(outside, 'vouch.yaml'), join(root, 'vouch.yaml'));
    const out = join(outside, 'bom.json');
    const r = await runCli(['sbom', root, '--format', 'cyclonedx', '--output', out]);
    expect(r.code).toBe(0);
    const bom = JSON.parse(readFileSync(out, 'utf8'));
    expect(bom.metadata.component.name).toBe(basename(root));
    expect(JSON.stringify(bom)).not.toContain('from-outside');
  });
});
