/**
 * Insecure defaults shipped in product code, scripts and settings: TLS certificate checks turned
 * off, debug modes on, any-origin CORS with credentials, world-writable modes (rules in
 * rules/secure-defaults.yaml). Containers running as root are container-user-non-root's.
 */
import type { Facts } from '../../collectors/types.js';
import { definitionFor } from '../definitions.js';
import { secureDefaultFindings } from '../secure-defaults.js';
import type { Finding, Probe } from '../types.js';

const definition = definitionFor(import.meta.url);

function run(facts: Facts): Finding[] {
  return secureDefaultFindings(facts, definition, 'insecure-defaults', true);
}

export const probe: Probe = { definition, run };
