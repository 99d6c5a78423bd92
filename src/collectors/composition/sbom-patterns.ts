/**
 * Data: the tools or steps that generate an SBOM in CI and release configuration (where that
 * configuration lives is the scope policy's, rules/scope.yaml). Patterns are tested against one
 * line, `uses:` value or `with:` entry at a time (bounded length), so none can backtrack across a
 * whole file.
 */

export interface SbomTool {
  name: string;
  /** Tested against each line (`key: value` for `with:` entries, `uses: ref` for uses). */
  line: RegExp;
  /** Only in files whose path matches (goreleaser's `sboms:` key, say). */
  onlyIn?: RegExp;
}

export const sbomTools: readonly SbomTool[] = [
  { name: 'cdxgen', line: /\bcdxgen\b/i },
  { name: 'syft', line: /\bsyft\b/i },
  { name: 'anchore/sbom-action', line: /anchore\/sbom-action/i },
  { name: 'CycloneDX tooling', line: /cyclonedx[-_/:][a-z]/i },
  { name: 'cargo-cyclonedx', line: /\bcargo[- ]cyclonedx\b/i },
  { name: 'vouch sbom', line: /\bvouch\s+sbom\b/ },
  { name: 'spdx-sbom-generator', line: /spdx-sbom-generator/i },
  { name: 'Microsoft sbom-tool', line: /\bsbom-tool\b/i },
  { name: 'npm sbom', line: /\bnpm\s+sbom\b/ },
  { name: 'Kubernetes bom', line: /\bbom\s+generate\b/ },
  { name: 'trivy SBOM output', line: /\btrivy\b.*--format[ =]['"]?(cyclonedx|spdx)/i },
  { name: 'SBOM format option', line: /^\s*format:\s*['"]?(cyclonedx|spdx-json|spdx)['"]?\s*$/i },
  { name: 'docker build --sbom', line: /--sbom(=true)?\b/ },
  { name: 'BuildKit SBOM attestation', line: /^\s*sbom:\s*true\b/ },
  { name: 'actions/attest-sbom', line: /actions\/attest-sbom/ },
  { name: 'goreleaser sboms', line: /^\s*sboms\s*:/, onlyIn: /goreleaser\.ya?ml$/ },
];

/** SBOM documents committed to the repository (by base name). */
export const committedSbom = /(^|[._-])(sbom|bom)\.(cdx\.)?(json|xml)$|\.(cdx|spdx)\.json$|\.spdx$/i;
