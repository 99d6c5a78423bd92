/**
 * A child process for the crash-safety test: imports the given paths into a store with small
 * batches and prints the running count after each committed batch, so the parent knows when to
 * kill it.
 */
import { openStore } from '../../src/store/db.js';
import { importPaths } from '../../src/vulnerabilities/import/index.js';

const [file, ...paths] = process.argv.slice(2);
const store = await openStore(file!);
importPaths(store, paths, {
  now: '2026-12-01T00:00:00.000Z',
  batchSize: 500,
  onProgress: (n) => process.stdout.write(`committed ${n}\n`),
});
await store.close();
process.stdout.write('done\n');
