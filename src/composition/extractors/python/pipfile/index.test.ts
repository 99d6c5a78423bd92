import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { pipfileExtractor as ex } from './index.js';

const TESTDATA = join(dirname(fileURLToPath(import.meta.url)), 'testdata');

describe('python/pipfile', () => {
  it('matches Pipfile only', () => {
    expect(ex.matches('Pipfile')).toBe(true);
    expect(ex.matches('app/Pipfile')).toBe(true);
    expect(ex.matches('Pipfile.lock')).toBe(false);
  });

  it('reads [packages] and [dev-packages] with their lines and sources', async () => {
    const text = readFileSync(join(TESTDATA, 'Pipfile'), 'utf8');
    const r = await ex.extract({ path: 'Pipfile', text, readSibling: async () => undefined });
    expect(r.error).toBeUndefined();
    expect(
      r.components.map((c) => [c.name, c.version, c.pinned, c.scope, c.source, c.location.line]),
    ).toEqual([
      ['requests', '>=2.31', false, 'prod', 'registry', 7],
      ['tool', '', false, 'prod', 'git', 8],
      ['mylib', '', false, 'prod', 'path', 9],
      ['pytest', '8.1.1', true, 'dev', 'registry', 12],
      ['black', '', false, 'dev', 'registry', 13],
    ]);
    expect(r.components[0]?.constraint).toBe(">=2.31; python_version >= '3.7'");
    expect(r.components[1]?.commit).toBe('0123456789abcdef0123456789abcdef01234567');
    expect(r.components[3]?.purl).toBe('pkg:pypi/pytest@8.1.1');
    expect(r.notes).toEqual(['package category [docs] not read']);
  });
});
