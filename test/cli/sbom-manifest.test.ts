import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { makeRepo } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('vouch sbom reads vouch.yaml through the inventory', () => {
  it('refuses a vouch.yaml that links out of the tree', async () => {
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
    // Refused, said, and nothing from outside written anywhere.
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/vouch\.yaml: refusing to read .*outside the repository/);
    expect(existsSync(out)).toBe(false);
    expect(r.out + r.err).not.toContain('from-outside');
  });
});
