import { describe, expect, it } from 'vitest';
import { memoryInventory } from '../inventory/memory.js';
import { matchesAny } from '../util/glob.js';
import { secureDefaultRules } from './rules.js';
import { SecureDefaultScanner, scanSecureDefaults, tailSegments } from './scan.js';

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

describe('SecureDefaultScanner.rulesFor', () => {
  it('bounds the path segments the globs look at only when each starts with **/', () => {
    expect(tailSegments(['**/*.py', '**/settings/*.py'])).toBe(2);
    expect(tailSegments(['**/*.py', 'src/*.py'])).toBeUndefined();
    expect(tailSegments(['**/a/**/b.py'])).toBeUndefined();
    expect(tailSegments(secureDefaultRules().rules.flatMap((r) => r.files))).toBeGreaterThan(0);
  });

  it('gives, remembered per path tail, the rules the globs give for the whole path', () => {
    const rules = secureDefaultRules();
    const scanner = new SecureDefaultScanner(rules);
    const paths = [
      'settings.py',
      'app/settings.py',
      'app/settings/base.py',
      'other/settings/base.py',
      'settings/base.py',
      'base.py',
      'deep/a/b/c/base.py',
      'x/Dockerfile',
      'Dockerfile.prod',
      'svc/.env.example',
      'svc/nginx.conf',
      'svc/nginx-site.conf.j2',
      'README.md',
      'a/values.yaml',
      'a/b/values.yaml',
    ];
    // Twice: the second round comes from what the first remembered.
    for (const round of [1, 2]) {
      for (const path of paths) {
        const direct = rules.rules.filter((r) => matchesAny(r.files, path)).map((r) => r.id);
        expect(
          scanner.rulesFor(path).map((r) => r.id),
          `${path} (round ${round})`,
        ).toEqual(direct);
      }
    }
    expect(scanner.rulesFor('app/settings/base.py').map((r) => r.id)).toContain('debug-django-settings');
    expect(scanner.rulesFor('app/base.py').map((r) => r.id)).not.toContain('debug-django-settings');
  });
});
