/**
 * Default or empty passwords in shipped configuration templates (compose files, .env examples,
 * Helm values, Spring application settings). The value is never shown: the key and rule say
 * enough, and a real password in a template should not be copied into reports.
 */
import type { Facts } from '../../collectors/types.js';
import { definitionFor } from '../definitions.js';
import { secureDefaultFindings } from '../secure-defaults.js';
import type { Finding, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

function run(facts: Facts): Finding[] {
  return secureDefaultFindings(facts, definition, 'default-credentials', false);
}

export const probe: Probe = { definition, run };
