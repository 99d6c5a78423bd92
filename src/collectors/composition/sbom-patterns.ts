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
 * line that publishes to a registry, a container registry or a release page. Without any, releases
 * are made outside the tree and whether an SBOM goes with them cannot be seen. A file named for
 * releasing with no such line says that something is released, not what or where it is built
 * (release-drafter, release-please and release-notes checks are named so too, and a step may run
 * an opaque script), so its name alone decides nothing.
 *
 * `source`: the registry receives source that is compiled where it is installed (crates.io), so
 * an application's binaries are built elsewhere; `built`: what is published is what users run.
 */
export const releaseFileName = /(?:^|[/._-])(?:release|releases|publish|deploy|promote)[^/]*\.ya?ml$/i;

/** goreleaser's configuration builds and publishes the artefacts it lists. */
export const goreleaserFile = /(?:^|\/)\.?goreleaser\.ya?ml$/i;

export const releaseLine: readonly { name: string; line: RegExp; artefacts: 'built' | 'source' }[] = [
  // a job named publish… (`publish_release:`), not an option such as `publish_results: true`
  { name: 'publish job', line: /^\s*publish[\w-]*:\s*(?:#.*)?$/i, artefacts: 'built' },
  {
    name: 'publish action',
    line: /\buses:\s*['"]?[\w.-]+\/(?:[\w.-]+\/)*publish[\w-]*@/i,
    artefacts: 'built',
  },
  { name: 'npm publish', line: /\b(?:npm|pnpm|yarn)\s+(?:\S+\s+)*publish\b/, artefacts: 'built' },
  { name: 'twine upload', line: /\btwine\s+upload\b|pypa\/gh-action-pypi-publish/, artefacts: 'built' },
  // crates.io takes source: `cargo install` compiles it on the user's machine
  { name: 'cargo publish', line: /\bcargo\s+publish\b|\bCARGO_REGISTRY_TOKEN\b/, artefacts: 'source' },
  {
    name: 'gem push',
    line: /\bgem\s+push\b|rubygems\/(?:configure-rubygems-credentials|release-gem)@/,
    artefacts: 'built',
  },
  { name: 'nuget push', line: /\b(?:dotnet\s+)?nuget\s+push\b/i, artefacts: 'built' },
  { name: 'maven deploy', line: /\bmvnw?\s+(?:\S+\s+)*deploy\b/, artefacts: 'built' },
  { name: 'docker push', line: /\b(?:docker|podman)\s+push\b|docker\/build-push-action/, artefacts: 'built' },
  {
    name: 'GitHub release',
    line: /\bgh\s+release\s+(?:create|upload)\b|softprops\/action-gh-release|ncipollo\/release-action/,
    artefacts: 'built',
  },
  { name: 'goreleaser', line: /\bgoreleaser\b/i, artefacts: 'built' },
];
