/**
 * Probe ids the catalogue may map to requirements (catalogue/evidence.yaml). Kept here so the
 * catalogue can be checked without loading the probes; a test in the probe registry should
 * assert that this list and the registered probes agree.
 */
export const KNOWN_PROBE_IDS = [
  'security-policy-present',
  'security-policy-contact',
  'security-policy-disclosure-process',
  'security-policy-response-times',
  'lockfile-committed',
  'ci-present',
  'ci-runs-tests',
  'dependency-update-tool',
  'static-analysis-configured',
  'codeowners-present',
  'attestation-expired',
  'ai-use-undeclared',
  'composition-known',
  'sbom-published',
  'dependencies-pinned',
  'license-concerns',
  'unusual-sources',
] as const;

export type KnownProbeId = (typeof KNOWN_PROBE_IDS)[number];
