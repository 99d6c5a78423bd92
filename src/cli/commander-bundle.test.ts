import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CommanderModule, commanderBundlePaths, loadCommanderBundle } from './commander.js';
import { sampleCommanderRun, writeCommanderBundle } from './commander-bundle.js';

const dir = mkdtempSync(join(tmpdir(), 'vouch-commander-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const paths = writeCommanderBundle(dir);

describe('the commander bundle', () => {
  it('behaves as the installed commander', () => {
    const bundled = loadCommanderBundle(paths);
    expect(bundled).toBeDefined();
    const real = createRequire(import.meta.url)('commander') as CommanderModule;
    const viaBundle = sampleCommanderRun(bundled!.module);
    expect(viaBundle).toEqual(sampleCommanderRun(real));
    expect(viaBundle.opts).toEqual({ format: 'spdx', output: 'x.json' });
    expect(viaBundle.help).toContain('--format <format>');
  });

  it('is compiled from its code cache in a fresh process', () => {
    const script = `
      import { loadCommanderBundle } from ${JSON.stringify(new URL('./commander.ts', import.meta.url).href)};
      process.stdout.write(String(loadCommanderBundle(${JSON.stringify(paths)})?.cache));`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.status, child.stderr).toBe(0);
    expect(child.stdout).toBe('used');
  });

  it('is not used once the installed commander differs from the one bundled, or when absent', () => {
    const stale = commanderBundlePaths(mkdtempSync(join(dir, 'stale-')));
    const source = readFileSync(paths.bundle, 'utf8');
    writeFileSync(stale.bundle, source.replace(/(\n\/\/ package: \S+) \d+:\d+\n/, '$1 1:1\n'));
    expect(readFileSync(stale.bundle, 'utf8')).not.toBe(source);
    expect(loadCommanderBundle(stale)).toBeUndefined();
    expect(loadCommanderBundle(commanderBundlePaths(join(dir, 'none')))).toBeUndefined();
  });
});
