/**
 * Findings about vouch.yaml itself: attestations and suppressions that no longer count.
 */
import type { RuleDefinition } from '../probes/types.js';

export const attestationExpired: RuleDefinition = {
  id: 'attestation-expired',
  title: 'Attestation has expired',
  description:
    'An attestation past its expiry date no longer vouches for anything; the claim falls back to what machines can see.',
  severity: 'medium',
  confidence: 'high',
  remediation: {
    text: 'Review the claim, then renew the attestation in vouch.yaml with a new `reviewed` and `expires` date.',
  },
};

export const attestationEvidence: RuleDefinition = {
  id: 'attestation-evidence',
  title: 'Attestation evidence is missing or has changed',
  description:
    'An attestation cites a file that is not in the repository, or whose SHA-256 no longer matches the one pinned in vouch.lock or vouch.yaml when it was reviewed.',
  severity: 'medium',
  confidence: 'high',
  remediation: {
    text: 'Restore the evidence file, or review the change and pin the new hashes with `vouch attest --update`.',
  },
};

export const attestationUnpinned: RuleDefinition = {
  id: 'attestation-unpinned',
  title: 'Attestation evidence is not pinned',
  description:
    'An attestation cites a file whose SHA-256 is recorded neither in vouch.lock nor in vouch.yaml, so a change to it after review would go unnoticed.',
  severity: 'low',
  confidence: 'high',
  remediation: {
    text: 'Once the evidence is reviewed, run `vouch attest --update` and commit vouch.lock.',
  },
};

export const attestationUnknownId: RuleDefinition = {
  id: 'attestation-unknown-id',
  title: 'Attestation names no known claim or provision',
  description: 'The attestation id is not in the catalogue, so it counts for nothing.',
  severity: 'low',
  confidence: 'high',
  remediation: {
    text: 'Use an id from `vouch catalog list`, such as sscop:1.1.1 or aicop:8.1.',
  },
};

export const suppressionExpired: RuleDefinition = {
  id: 'suppression-expired',
  title: 'Suppression has expired',
  description: 'A suppression past its expiry date no longer hides its findings.',
  severity: 'low',
  confidence: 'high',
  remediation: {
    text: 'Fix the suppressed finding, or review and extend the suppression in vouch.yaml.',
  },
};

export const manifestRules = [
  attestationExpired,
  attestationEvidence,
  attestationUnpinned,
  attestationUnknownId,
  suppressionExpired,
];
