import { describe, expect, it } from 'vitest';
import { memoryInventory } from '../inventory/memory.js';
import { secureDefaultRules } from './rules.js';
import { scanSecureDefaults } from './scan.js';

describe('scanSecureDefaults', () => {
  it('reports a file over the size limit as not scanned, and still scans the rest', async () => {
    const { maxFileBytes } = secureDefaultRules().limits;
    const result = await scanSecureDefaults(
      memoryInventory({
        'big/install.sh': `${'echo filler\n'.repeat(Math.ceil(maxFileBytes / 12) + 10)}chmod 777 /opt\n`,
        'install.sh': 'chmod 777 /opt/app\n',
      }),
    );
    expect(result.notScanned.map((n) => n.path)).toEqual(['big/install.sh']);
    expect(result.findings.map((f) => `${f.rule}@${f.location.path}`)).toEqual([
      'world-writable-chmod@install.sh',
    ]);
  });

  it('cuts hostile lines (one huge line of near-matches) and keeps scanning', async () => {
    const { maxLineChars } = secureDefaultRules().limits;
    const result = await scanSecureDefaults(
      memoryInventory({
        // Every pattern's keyword again and again on one line, none completing a match.
        'a/setup.sh': `${'curl chmod wget NODE_TLS_REJECT_UNAUTHORIZED= '.repeat(20_000)}\n`,
        // A real match past the cut is not seen: lines are read only up to the limit.
        'b/setup.sh': `${' '.repeat(maxLineChars)}chmod 777 /x\n`,
        'c/setup.sh': 'curl -k https://example.com\n',
      }),
    );
    expect(result.scanned).toBe(3);
    expect(result.findings.map((f) => `${f.rule}@${f.location.path}`)).toEqual([
      'tls-curl-insecure@c/setup.sh',
    ]);
  });

  it('reads no file of a type no rule names', async () => {
    const result = await scanSecureDefaults(
      memoryInventory({ 'README.txt': 'rejectUnauthorized: false', 'src/a.ts': 'export const a = 1;\n' }),
    );
    expect(result).toMatchObject({ candidates: 1, scanned: 1, findings: [] });
  });

  it('skips vendored and build output folders', async () => {
    const result = await scanSecureDefaults(
      memoryInventory({
        'node_modules/x/index.js': 'new Agent({ rejectUnauthorized: false })\n',
        'vendor/lib/install.sh': 'chmod 777 /x\n',
      }),
    );
    expect(result).toMatchObject({ candidates: 0, findings: [] });
  });
});
