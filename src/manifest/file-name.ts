/**
 * The product manifest's file name, apart from its reader (load.ts), so that code which only needs
 * the name (finding the repository root, say) does not load the schema and YAML machinery.
 */
export const MANIFEST_FILE = 'vouch.yaml';
