import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildInventory } from '../inventory/walk.js';
import { productFromManifests } from './product-manifests.js';

const tmp = mkdtempSync(join(tmpdir(), 'vouch-product-manifests-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function repo(name: string, files: Record<string, string>): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  for (const [p, content] of Object.entries(files)) writeFileSync(join(dir, p), content);
  return dir;
}

describe('productFromManifests', () => {
  it('reads the TOML manifests (the parser loads on first use): pyproject.toml, then Cargo.toml', async () => {
    const py = repo('py', {
      'pyproject.toml': '[project]\nname = "snake"\nversion = "2.1.0"\nlicense = "MIT"\n',
    });
    expect(await productFromManifests(await buildInventory(py))).toEqual({
      name: 'snake',
      version: '2.1.0',
      license: 'MIT',
    });
    const rust = repo('rust', {
      'Cargo.toml':
        '[package]\nname = "crab"\nversion.workspace = true\n\n[workspace.package]\nversion = "0.3.0"\n',
    });
    expect(await productFromManifests(await buildInventory(rust))).toEqual({
      name: 'crab',
      version: '0.3.0',
    });
  });

  it('names the product by its folder when no manifest says, and survives broken TOML', async () => {
    const broken = repo('broken-toml', { 'pyproject.toml': '[project\nname = ' });
    expect(await productFromManifests(await buildInventory(broken))).toEqual({ name: 'broken-toml' });
  });
});
