/**
 * Known advisories for the GitHub Actions the repository's workflows and actions use, read from
 * the advisory store (`vouch db import` of GHSA / OSV "GitHub Actions" records) when one exists
 * (`--db`, or `.vouch/vouch.db` under the root). Never creates a store, never goes online.
 */
import { existsSync } from 'node:fs';
import { usesOf } from '../../models/github-actions/index.js';
import type { ActionAdvisories } from '../../vulnerabilities/actions.js';
import { ciFact } from '../ci/index.js';
import { type Collector, defineFact } from '../types.js';
import { shownStoreFile, storeFileFor } from '../vulnerabilities/index.js';

export type ActionAdvisoryFacts =
  | { store: 'absent'; file: string; shown: string }
  | ({ store: 'present'; file: string; shown: string } & ActionAdvisories);

export const actionAdvisoriesFact = defineFact<ActionAdvisoryFacts>('action-advisories');

export const actionAdvisoriesCollector: Collector<ActionAdvisoryFacts> = {
  fact: actionAdvisoriesFact,
  needs: [ciFact],
  async collect({ inventory, run, need }) {
    const file = storeFileFor(inventory.root, run.settings.vulnerabilityStore);
    const shown = shownStoreFile(inventory.root, file);
    if (!existsSync(file)) return { store: 'absent', file, shown };
    // loaded only when a store exists, so runs without one never load the database driver
    const [ci, { openStore }, { actionNames, readActionAdvisories }] = await Promise.all([
      need(ciFact),
      import('../../store/db.js'),
      import('../../vulnerabilities/actions.js'),
    ]);
    const names = new Set<string>();
    for (const f of ci.files) {
      if (!f.model) continue;
      for (const uses of usesOf(f.model))
        if (uses.kind === 'repository') for (const n of actionNames(uses)) names.add(n);
    }
    const store = await openStore(file, { readOnly: true });
    try {
      return { store: 'present', file, shown, ...readActionAdvisories(store, names) };
    } finally {
      await store.close();
    }
  },
};
