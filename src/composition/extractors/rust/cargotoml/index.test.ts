import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ExtractInput } from '../../../component.js';
import { isValidPurl } from '../../../purl-check.js';
import { cargoTomlExtractor as ex } from './index.js';

const TESTDATA = join(dirname(fileURLToPath(import.meta.url)), 'testdata');

function input(path: string): ExtractInput {
  return {
    path,
    text: readFileSync(join(TESTDATA, path), 'utf8'),
    readSibling: async (p) => {
      const abs = join(TESTDATA, posix.normalize(p));
      return existsSync(abs) ? readFileSync(abs, 'utf8') : undefined;
    },
  };
}

describe('rust/cargotoml', () => {
  it('matches Cargo.toml only', () => {
    expect(ex.matches('Cargo.toml')).toBe(true);
    expect(ex.matches('crates/a/Cargo.toml')).toBe(true);
    expect(ex.matches('Cargo.lock')).toBe(false);
  });

  it('reads every dependency table with lines, scopes and sources', async () => {
    const r = await ex.extract(input('ws/crates/app/Cargo.toml'));
    expect(r.error).toBeUndefined();
    expect(
      r.components.map((c) => [
        c.name,
        c.version,
        c.pinned,
        c.scope,
        c.groups ?? [],
        c.source,
        c.location.line,
      ]),
    ).toEqual([
      ['serde', '1.0.197', false, 'prod', [], 'registry', 7],
      ['anyhow', '1.0.81', true, 'prod', [], 'registry', 8],
      ['tokio', '1.36', false, 'optional', [], 'registry', 9],
      ['serde_json', '1', false, 'prod', [], 'registry', 10],
      ['regex', '', false, 'prod', [], 'git', 11],
      ['core-lib', '', false, 'prod', [], 'path', 12],
      ['log', '0.4', false, 'prod', [], 'registry', 14],
      ['proptest', '1.4', false, 'dev', ['dev'], 'registry', 18],
      ['cc', '1.0.90', false, 'dev', ['build'], 'registry', 21],
      ['winapi', '0.3', false, 'prod', [], 'registry', 24],
    ]);
    const get = (n: string) => r.components.find((c) => c.name === n)!;
    expect(get('anyhow').purl).toBe('pkg:cargo/anyhow@1.0.81');
    expect(get('serde')).toMatchObject({ constraint: '1.0.197', purl: 'pkg:cargo/serde' });
    expect(get('regex').commit).toBe('b5ab0c4e6b4d1c2a3f4e5d6c7b8a9f0e1d2c3b4a');
    expect(get('core-lib').sourceRef).toBe('../core');
    expect(r.components.every((c) => c.direct && isValidPurl(c.purl))).toBe(true);
  });

  it('reports an inherited dependency as unknown when no workspace root can be read', async () => {
    const r = await ex.extract(input('orphan/Cargo.toml'));
    expect(r.components).toEqual([
      expect.objectContaining({ name: 'serde', version: '', pinned: false, source: 'unknown' }),
    ]);
    expect(r.notes).toEqual(['serde: inherited from the workspace, whose Cargo.toml could not be read']);
  });

  it('does not report [workspace.dependencies] of a virtual manifest itself', async () => {
    const r = await ex.extract(input('ws/Cargo.toml'));
    expect(r.components).toEqual([]);
    expect(r.notes).toEqual(['2 [workspace.dependencies] entries: reported where members use them']);
  });
});
