/**
 * `vouch attest [path]`: the hash of every evidence file each attestation cites, and whether it
 * still matches vouch.lock; `--update` pins the current hashes in vouch.lock, like a lockfile.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Command, Option } from 'commander';
import { oneLine } from '../../util/text.js';
import { repositoryRoot } from '../config-gate.js';
import { EXIT } from '../exit-codes.js';
import type { CliIO } from '../io.js';

export function registerAttestCommand(program: Command, io: CliIO): void {
  program
    .command('attest')
    .description(
      'show the SHA-256 of each attestation’s evidence against vouch.lock; --update pins them after review',
    )
    .argument('[path]', 'repository root (default: the work tree holding this folder, found like git)')
    .option('--update', 'write vouch.lock with the evidence as it is now (do this after reviewing it)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (path: string | undefined, opts: { update?: boolean; format: string }) => {
      const root = await repositoryRoot(io, path);
      if (!root) return;
      const { configGate } = await import('../config-gate.js');
      const gate = await configGate(io, root);
      // An invalid vouch.lock is what --update replaces; an invalid vouch.yaml stops everything.
      if (gate.check.manifest.errors.length > 0 || (!opts.update && !gate.ok)) {
        process.exitCode = EXIT.usage;
        return;
      }
      if (!gate.check.manifest.found) {
        io.err('vouch: no vouch.yaml here, so nothing is attested; `vouch init` writes one\n');
        process.exitCode = EXIT.usage;
        return;
      }
      process.exitCode = undefined;
      const [{ attestStatus }, { LOCK_FILE, serialiseLock }] = await Promise.all([
        import('../../app/attest.js'),
        import('../../manifest/lock.js'),
      ]);
      const status = await attestStatus(root);
      if (opts.format === 'json') io.out(`${JSON.stringify(status.evidence, null, 2)}\n`);
      else {
        for (const e of status.evidence) {
          const what = oneLine(e.path ?? e.url ?? '');
          const detail =
            e.state === 'missing'
              ? `missing: ${oneLine(e.problem ?? '')}`
              : e.state === 'changed'
                ? `changed (recorded ${e.recorded?.slice(0, 12)}…)`
                : e.state;
          io.out(`${e.attestation}  ${what}  ${e.sha256 ?? '-'}  ${detail}\n`);
        }
        if (status.evidence.length === 0) io.out('no attestation cites an evidence file\n');
      }
      const missing = status.evidence.filter((e) => e.state === 'missing');
      if (opts.update) {
        await writeFile(join(root, LOCK_FILE), serialiseLock(status.lock));
        io.err(
          `vouch: wrote ${LOCK_FILE} with ${status.evidence.filter((e) => e.sha256).length} evidence hash(es); commit it beside vouch.yaml\n`,
        );
        if (missing.length > 0) {
          io.err(`vouch: ${missing.length} evidence file(s) could not be read and were not pinned\n`);
          process.exitCode = EXIT.usage;
        }
      } else if (status.evidence.some((e) => e.state === 'changed' || e.state === 'unpinned')) {
        io.err('vouch: some evidence is unpinned or changed; review it, then run `vouch attest --update`\n');
      }
    });
}
