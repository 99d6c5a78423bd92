/**
 * The commented vouch.yaml that `vouch init` writes. Values are YAML double-quoted scalars
 * (JSON string syntax is valid YAML), so nothing detected from the repository can inject keys.
 */
import type { DetectedProduct } from './detect.js';

const q = (s: string) => JSON.stringify(s);
/** Repository text inside a YAML comment: one line, so it cannot start a key. */
const comment = (s: string) => s.replace(/[\r\n\u2028\u2029]+/g, ' ');

export function manifestTemplate(d: DetectedProduct, today: string): string {
  const nextYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
  const ai = d.aiSignals.length > 0;
  return `# vouch.yaml: what vouch needs to know about this product that a machine cannot see.
# Docs: \`vouch catalog list\` for every claim id; \`vouch catalog show <id>\` for what evidences it.
schemaVersion: 1

product:
  name: ${q(d.name)}
${
  d.kind
    ? `  # REVIEW: guessed from ${(d.kindBasis ?? 'the repository').replace(/[\r\n]/g, ' ')}\n  kind: ${q(d.kind)}\n`
    : ''
}  # kind: application | service | library | framework | firmware | model
${d.version ? `  version: ${q(d.version)}\n` : ''}${d.description ? `  description: ${q(d.description)}\n` : ''}  # SPDX licence expression, or "proprietary" (copyleft components are then flagged).
${d.licenseNote ? `  # ${comment(d.licenseNote)}\n` : ''}  license: ${q(d.license ?? 'CHANGE ME: an SPDX licence expression (e.g. MIT), or proprietary')}

vendor:
  name: ${q(d.vendor ?? 'CHANGE ME: the legal name of the software vendor')}
  # url: "https://example.com"
${
  d.securityContact
    ? `  securityContact: ${q(d.securityContact)}\n`
    : d.securityChannel
      ? `  # The policy sends reporters to: ${comment(d.securityChannel)}\n  securityContact: "CHANGE ME: the URI of that channel"\n`
      : '  # securityContact: "mailto:security@example.com"\n'
}
# The Senior Responsible Owner who gains assurance that the Code is met (SSCoP).
sro:
  name: "CHANGE ME"
  role: "CHANGE ME: e.g. Chief Technology Officer"

# developer-and-distributor: all four SSCoP themes; reseller: themes 3 and 4;
# developer-only: themes 1 and 2, and 3 where it is within your responsibility.
vendorRole: developer-and-distributor

# AI Cyber Security Code of Practice: declare AI use and the roles you hold
# (developer, system-operator, data-custodian, end-user, affected-entity).
ai:
  uses: ${ai ? 'true' : 'false'}
  roles: [${ai ? '"developer"' : ''}]
${
  ai
    ? `  # vouch saw AI use: ${d.aiSignals
        .slice(0, 5)
        .map((s) => s.replace(/[\r\n]/g, ' '))
        .join('; ')}\n`
    : ''
}
repositories:
  - path: "."
${d.remote ? `    # remote: ${d.remote.replace(/[\r\n]/g, ' ')}\n` : ''}
# A person vouches for what machines cannot see. Each attestation counts until it expires.
# status: met | not-met | partial | not-applicable (not-applicable needs a statement of why).
# evidence: repository paths or URLs; after review, \`vouch attest --update\` pins their SHA-256
# in vouch.lock, and a later change stops the attestation counting until it is reviewed again.
# An id may be a principle (sscop:1.1): it then stands for each of the principle's claims.
attestations: {}
#  sscop:1.1.2:
#    status: met
#    statement: "All developers complete secure-coding training on joining and yearly."
#    evidence:
#      - docs/security/training.md
#      - url: "https://intranet.example.com/training-records"
#    owner: "Head of Engineering"
#    reviewed: "${today}"
#    expires: "${nextYear}"

# Suppress a finding you have judged acceptable: a reason and an expiry are required.
suppressions: []
#  - rule: codeowners-present
#    reason: "Two-person team; every change is reviewed by the other."
#    expires: "${nextYear}"
`;
}
