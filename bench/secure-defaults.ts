/**
 * The secure-default scan (src/secure-defaults/) against the secret scan on the same inventory
 * of real files (this repository's installed packages, walked as a tree of their own), in one
 * process: CPU time of each, medians over interleaved runs, and the findings by rule, so the
 * cost the scan adds to `vouch assess` and its matches on real code are both visible.
 */
import { join } from 'node:path';
import { buildInventory } from '../src/inventory/walk.js';
import { scanInventory } from '../src/secrets/tree.js';
import { scanSecureDefaults } from '../src/secure-defaults/scan.js';
import { formatCount, formatMs, formatRatio, median } from './lib/timing.js';
import type { BenchContext, BenchResult } from './types.js';

export const name = 'secure-defaults';
export const description =
  'secure-default scan vs the secret scan (CPU, in process) on the installed packages as a tree of real files';

async function cpuMs(once: () => Promise<unknown>): Promise<number> {
  const start = process.cpuUsage();
  await once();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

export async function run(ctx: BenchContext): Promise<BenchResult> {
  const root = join(ctx.repoRoot, 'node_modules');
  ctx.log(`walking ${root}`);
  const inventory = await buildInventory(root, { useGitignore: false });
  const runs = ctx.runs ?? 5;
  const defaults: number[] = [];
  const secrets: number[] = [];
  let last: Awaited<ReturnType<typeof scanSecureDefaults>> | undefined;
  for (let i = 0; i < runs; i++) {
    defaults.push(
      await cpuMs(async () => {
        last = await scanSecureDefaults(inventory);
      }),
    );
    secrets.push(await cpuMs(() => scanInventory(inventory)));
  }
  const d = median(defaults);
  const s = median(secrets);
  const byRule = new Map<string, { fail: number; apart: number }>();
  for (const f of last!.findings) {
    const n = byRule.get(f.rule) ?? { fail: 0, apart: 0 };
    if (f.scope === 'product') n.fail++;
    else n.apart++;
    byRule.set(f.rule, n);
  }
  return {
    lines: [
      `secure-defaults: ${formatCount(inventory.files.length)} files, ${formatCount(last!.candidates)} of the types read, ${formatCount(last!.scanned)} scanned; CPU median of ${runs}: secure-defaults ${formatMs(d)}, secrets ${formatMs(s)}, ratio ${formatRatio(d, s, 2)}`,
      `secure-defaults findings on these files: ${
        [...byRule]
          .sort()
          .map(([rule, n]) => `${rule} ${n.fail} in product scope, ${n.apart} apart`)
          .join('; ') || 'none'
      }`,
    ],
  };
}
