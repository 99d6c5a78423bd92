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
  // the Azure Pipelines task that runs sbom-tool, and the shared step template that calls it
  { name: 'Microsoft SBOM manifest generator task', line: /\bManifestGeneratorTask@/ },
  { name: 'generate-sbom step template', line: /^\s*-?\s*template:\s*\S*\bgenerate-sbom\.ya?ml\b/i },
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

/**
 * Signs that a CI or release file publishes a release (so an SBOM could be published with it): a
 * file named for releasing, or a line that publishes to a registry, a container registry or a
 * release page. Without any, releases are made outside the tree and whether an SBOM goes with
 * them cannot be seen.
 */
export const releaseFileName =
  /(?:^|[/._-])(?:release|releases|publish|deploy|promote)[^/]*\.ya?ml$|(?:^|\/)\.?goreleaser\.ya?ml$/i;

export const releaseLine: readonly { name: string; line: RegExp }[] = [
  // a job named publish… (`publish_release:`), not an option such as `publish_results: true`
  { name: 'publish job', line: /^\s*publish[\w-]*:\s*(?:#.*)?$/i },
  { name: 'publish action', line: /\buses:\s*['"]?[\w.-]+\/(?:[\w.-]+\/)*publish[\w-]*@/i },
  { name: 'npm publish', line: /\b(?:npm|pnpm|yarn)\s+(?:\S+\s+)*publish\b/ },
  { name: 'twine upload', line: /\btwine\s+upload\b|pypa\/gh-action-pypi-publish/ },
  { name: 'cargo publish', line: /\bcargo\s+publish\b/ },
  { name: 'gem push', line: /\bgem\s+push\b/ },
  { name: 'nuget push', line: /\b(?:dotnet\s+)?nuget\s+push\b/i },
  { name: 'maven deploy', line: /\bmvnw?\s+(?:\S+\s+)*deploy\b/ },
  { name: 'docker push', line: /\b(?:docker|podman)\s+push\b|docker\/build-push-action/ },
  {
    name: 'GitHub release',
    line: /\bgh\s+release\s+(?:create|upload)\b|softprops\/action-gh-release|ncipollo\/release-action/,
  },
  { name: 'goreleaser', line: /\bgoreleaser\b/i },
];
