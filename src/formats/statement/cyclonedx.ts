/**
 * The statement as a CycloneDX 1.6 attestation: both Codes as `definitions.standards` (SSCoP
 * themes, principles and claims; AI CoP phases, principles and provisions, each as requirements
 * linked to their parent), and the product's self-assessment as `declarations`: the assessor, one
 * attestation per Code mapping every requirement to the product's claim with its conformance,
 * the claims with their evidence and counter-evidence (failing findings), and the affirmation.
 * The document is validated against the official 1.6 schema before it is returned; an invalid one
 * is a bug in vouch and is refused. `vouch sign` adds a JSF signature at the top level.
 */
import { createHash } from 'node:crypto';
import type { Evidence, Verdict } from '../../assessment/types.js';
import type { Catalogue } from '../../catalogue/types.js';
import { canonicalJson } from '../../util/canonical-json.js';
import { toSafeJson } from '../../util/text.js';
import { uuidV5 } from '../cyclonedx/sbom-input.js';
import { validateCycloneDx } from '../cyclonedx/validate.js';
import { claimsOf, evidenceText, type Statement } from './model.js';

type Json = Record<string, unknown>;

export const PRODUCT_REF = 'product';
export const ASSESSOR_REF = 'assessor';
export const standardRef = (code: string) => `standard:${code}`;
/** Requirement refs carry the catalogue id ("sscop:1.2.3", "sscop:1.2"), or the theme/phase. */
export const requirementRef = (id: string) => `requirement:${id}`;
export const claimRef = (id: string) => `claim:${id}`;

/** A conformance score only where the evidence decided: unknown and not-applicable have none. */
const SCORE: Partial<Record<Verdict, number>> = { met: 1, partial: 0.5, 'not-met': 0 };

const evidenceKey = (e: Evidence) => createHash('sha256').update(canonicalJson(e)).digest('hex').slice(0, 20);
const dateTime = (day: string) => `${day}T00:00:00Z`;

function evidenceEntry(e: Evidence, assessedAt: string): Json {
  const data =
    e.kind === 'url'
      ? [{ name: 'url', contents: { url: e.url } }]
      : [
          {
            name: e.kind,
            contents: { attachment: { contentType: 'application/json', content: JSON.stringify(e) } },
          },
        ];
  return {
    'bom-ref': `evidence:${evidenceKey(e)}`,
    propertyName: `vouch:evidence:${e.kind}`,
    description: evidenceText(e),
    data,
    ...(e.kind === 'attestation'
      ? {
          ...(e.reviewed ? { created: dateTime(e.reviewed) } : {}),
          expires: dateTime(e.expires),
          author: { name: e.owner },
        }
      : { created: assessedAt }),
  };
}

/** Evidence that speaks against the claim: a failing finding. */
const isCounter = (e: Evidence) => e.kind === 'finding' && e.outcome === 'fail';

function standards(catalogue: Catalogue): Json[] {
  return catalogue.codes.map((code) => {
    const requirements: Json[] = [];
    const groups = new Set<string>();
    for (const p of code.principles) {
      const groupId = `${code.id}:${code.id === 'sscop' ? 'theme' : 'phase'}:${p.group}`;
      if (!groups.has(groupId)) {
        groups.add(groupId);
        requirements.push({ 'bom-ref': requirementRef(groupId), identifier: p.group, title: p.groupTitle });
      }
      requirements.push({
        'bom-ref': requirementRef(p.id),
        identifier: p.number,
        title: p.title,
        text: p.text,
        parent: requirementRef(groupId),
      });
      for (const r of p.requirements)
        requirements.push({
          'bom-ref': requirementRef(r.id),
          identifier: r.number,
          text: r.text,
          parent: requirementRef(p.id),
          properties: [
            { name: 'vouch:strength', value: r.strength },
            ...(r.refs ?? []).map((ref) => ({ name: 'vouch:crosswalk', value: ref })),
          ],
        });
    }
    return {
      'bom-ref': standardRef(code.id),
      name: code.title,
      version: code.published,
      description: `${code.title}, as paraphrased in vouch's catalogue; the Code's own wording is at the link.`,
      owner: code.publisher,
      requirements,
      externalReferences: [{ type: 'documentation', url: code.sourceUrl }],
    };
  });
}

export function buildStatementCycloneDx(s: Statement, catalogue: Catalogue): Json {
  const evidence = new Map<string, Json>();
  const refOf = (e: Evidence) => {
    const entry = evidenceEntry(e, s.assessedAt);
    evidence.set(entry['bom-ref'] as string, entry);
    return entry['bom-ref'] as string;
  };
  const claims: Json[] = [];
  const maps = new Map<string, Json[]>();
  for (const [code, , r] of claimsOf(s)) {
    const supporting = [...new Set(r.evidence.filter((e) => !isCounter(e)).map(refOf))];
    const counter = [...new Set(r.evidence.filter(isCounter).map(refOf))];
    claims.push({
      'bom-ref': claimRef(r.id),
      target: PRODUCT_REF,
      predicate: `${s.product.name}: ${r.title}`,
      reasoning: `${r.verdict} (basis: ${r.basis}): ${r.reason}${r.argument ? `. Argument: ${r.argument}` : ''}`,
      ...(supporting.length ? { evidence: supporting } : {}),
      ...(counter.length ? { counterEvidence: counter } : {}),
    });
    const score = SCORE[r.verdict];
    const list = maps.get(code.id) ?? [];
    list.push({
      requirement: requirementRef(r.id),
      claims: [claimRef(r.id)],
      conformance: {
        ...(score !== undefined ? { score } : {}),
        rationale: `${r.verdict}: ${r.reason}`,
      },
      confidence: {
        ...(r.basis === 'none' ? { score: 0 } : {}),
        rationale:
          r.basis === 'observed'
            ? 'observed: decided by what vouch saw in the repository (see the claim evidence)'
            : r.basis === 'attested'
              ? 'attested: a named person vouches for it (see the attestation evidence and its expiry)'
              : 'none: nothing observed or attested decides it',
      },
    });
    maps.set(code.id, list);
  }
  const vendor = s.product.vendor;
  const assessor = s.assessor;
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:${uuidV5(`statement:${s.product.name}:${s.scope.commit ?? ''}:${s.assessedAt}:${s.date}`)}`,
    version: 1,
    metadata: {
      timestamp: s.assessedAt,
      tools: { components: [{ type: 'application', name: 'vouch', version: s.tool.version }] },
      component: {
        type: 'application',
        'bom-ref': PRODUCT_REF,
        name: s.product.name,
        ...(s.product.version ? { version: s.product.version } : {}),
      },
      ...(vendor ? { manufacturer: { name: vendor } } : {}),
      properties: [
        { name: 'vouch:statement:date', value: s.date },
        { name: 'vouch:scope:repository', value: s.scope.repository },
        ...(s.scope.commit ? [{ name: 'vouch:scope:commit', value: s.scope.commit }] : []),
        ...(s.scope.remote ? [{ name: 'vouch:scope:remote', value: s.scope.remote }] : []),
        { name: 'vouch:catalogue', value: s.tool.catalogueVersion },
      ],
    },
    definitions: { standards: standards(catalogue) },
    declarations: {
      assessors: [
        {
          'bom-ref': ASSESSOR_REF,
          thirdParty: false,
          organization: {
            name: vendor ?? assessor ?? s.product.name,
            ...(assessor ? { contact: [{ name: assessor }] } : {}),
          },
        },
      ],
      attestations: s.codes.map((c) => ({
        summary: `Self-assessment of ${s.product.name} against the ${c.title}${c.applicable ? '' : ` (not applicable: ${c.reason ?? ''})`}`,
        assessor: ASSESSOR_REF,
        map: maps.get(c.id) ?? [],
      })),
      claims,
      evidence: [...evidence.values()],
      affirmation: {
        statement: `${assessor ?? 'The vendor'} affirms that this self-assessment of ${s.product.name}, made on ${s.date} from the repository ${s.scope.repository}${s.scope.commit ? ` at ${s.scope.commit}` : ''}, states each verdict with the evidence vouch found or a person attested.`,
        ...(assessor
          ? {
              signatories: [
                {
                  name: assessor,
                  role: 'self-assessor',
                  organization: { name: vendor ?? assessor },
                  // The signature itself is the document's JSF signature (`vouch sign`).
                  externalReference: { type: 'digital-signature', url: '#signature' },
                },
              ],
            }
          : {}),
      },
    },
  };
}

/** Throws, with the schema's reasons, when `doc` is not valid CycloneDX 1.6: vouch must not publish it. */
export async function assertValidCycloneDx(doc: unknown): Promise<void> {
  const result = await validateCycloneDx(doc, '1.6', { maxErrors: 5 });
  if (!result.valid)
    throw new Error(
      `the CycloneDX attestation vouch built fails the ${result.schema}, so it was not written: ${result.errors.map((e) => `${e.path || '/'} ${e.message}`).join('; ')}`,
    );
}

export async function renderStatementCycloneDx(s: Statement): Promise<string> {
  const { loadCatalogue } = await import('../../catalogue/load.js');
  const doc = buildStatementCycloneDx(s, loadCatalogue());
  await assertValidCycloneDx(doc);
  return `${toSafeJson(doc, 2)}\n`;
}
