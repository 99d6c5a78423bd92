import { access, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import { repositoryRoot } from '../paths.js';

export function registerInitCommand(program: Command, io: CliIO): void {
  program
    .command('init')
    .description('write a commented vouch.yaml, pre-filled from what vouch detects in the repository')
    .argument('[path]', 'repository root (default: the work tree holding this folder, found like git)')
    .option('--force', 'overwrite an existing vouch.yaml')
    .option('--stdout', 'print the template instead of writing it')
    .action(async (path: string | undefined, opts: { force?: boolean; stdout?: boolean }) => {
      const [
        { collectors },
        { collectFacts, withNeeds },
        { buildInventory },
        { detectProduct },
        load,
        { manifestTemplate },
      ] = await Promise.all([
        import('../../collectors/index.js'),
        import('../../collectors/run.js'),
        import('../../inventory/walk.js'),
        import('../../manifest/detect.js'),
        import('../../manifest/load.js'),
        import('../../manifest/template.js'),
      ]);
      const root = await repositoryRoot(io, path, 'init');
      if (!root) return;
      const target = join(root, load.MANIFEST_FILE);
      if (!opts.stdout && !opts.force) {
        const exists = await access(target).then(
          () => true,
          () => false,
        );
        if (exists) {
          // Say what is wrong with the file that is there, so --force is a choice, not a reflex.
          const { configGate } = await import('../config-gate.js');
          await configGate(io, root);
          io.err(`vouch: ${target} exists; use --force to overwrite it\n`);
          process.exitCode = EXIT.usage;
          return;
        }
      }
      const inventory = await buildInventory(root);
      const facts = await collectFacts(
        inventory,
        withNeeds(
          collectors.filter((c) => ['ai-usage', 'composition', 'security-policy'].includes(c.fact.id)),
          collectors,
        ),
      );
      const detected = await detectProduct(facts);
      const text = manifestTemplate(detected, new Date().toISOString().slice(0, 10));
      // The template must always load: a failure here is our bug, not the user's.
      const check = load.parseManifest(text);
      if (check.errors.length > 0) throw new Error(`template does not validate: ${check.errors[0]?.message}`);
      if (opts.stdout) {
        io.out(text);
        return;
      }
      await writeFile(target, text);
      io.out(`wrote ${target}: review every CHANGE ME, then run \`vouch assess\`\n`);
    });
}
