/**
 * The statement as OSCAL 1.2.1 assessment results, and back (`vouch statement --ingest`).
 * One result per Code; per claim or provision (and per principle) one finding whose target is
 * the requirement (objective-id "sscop-1.2.3": OSCAL tokens have no colon), its verdict and basis
 * as vouch-namespaced props, its reason as description and its argument as remarks; each piece
 * of evidence one observation the findings link to (related-observations), with the evidence
 * record itself in the observation's remarks so that ingest restores every evidence link exactly.
 * UUIDs are version 5, derived from ids, so the same statement gives the same document.
 */
import type { Basis, Evidence, Verdict } from '../../assessment/types.js';
import { canonicalJson } from '../../util/canonical-json.js';
import { oneLine, toSafeJson } from '../../util/text.js';
import { uuidV5 } from '../cyclonedx/sbom-input.js';
import { evidenceText, type Statement, type StatementClaim, VERDICTS } from './model.js';

type Json = Record<string, unknown>;
export const OSCAL_VERSION = '1.2.1';
/** vouch's namespace for the props OSCAL has no field for. */
export const VOUCH_OSCAL_NS = 'https://vouch-tool.dev/ns/oscal';

/** "sscop:1.2.3" <-> "sscop-1.2.3" (an OSCAL token). */
export const oscalId = (id: string) => id.replace(':', '-');
const vouchId = (token: string) => token.replace('-', ':');

/**
 * A prop value: one line with no surrounding blanks (OSCAL's string type), absent when empty.
 * Other characters stay as they are (the JSON writer escapes unsafe ones), so ingest reads back
 * the same text.
 */
function prop(name: string, value: string | number | boolean | undefined): Json[] {
  if (value === undefined) return [];
  const v = String(value)
    .replace(/[\t\n\v\f\r\u0085\u2028\u2029]+/g, ' ')
    .trim();
  return v ? [{ name, ns: VOUCH_OSCAL_NS, value: v }] : [];
}

const METHOD: Record<Evidence['kind'], string> = {
  finding: 'TEST',
  file: 'EXAMINE',
  url: 'EXAMINE',
  attestation: 'INTERVIEW',
};

const STATE = (v: Verdict) => ({
  state: v === 'met' || v === 'not-applicable' ? 'satisfied' : 'not-satisfied',
  reason: v === 'met' ? 'pass' : v === 'not-met' ? 'fail' : 'other',
});

function observation(e: Evidence, collected: string): Json {
  const href = e.kind === 'url' ? e.url : e.kind === 'file' ? e.path : undefined;
  return {
    uuid: uuidV5(`oscal-observation:${canonicalJson(e)}`),
    title: `${e.kind} evidence`,
    description: evidenceText(e),
    props: [
      ...prop('evidence-kind', e.kind),
      ...(e.kind === 'finding' ? [...prop('fingerprint', e.fingerprint), ...prop('outcome', e.outcome)] : []),
      ...(e.kind === 'file' ? prop('sha256', e.sha256) : []),
    ],
    methods: [METHOD[e.kind]],
    collected,
    ...(e.kind === 'attestation' ? { expires: `${e.expires}T00:00:00Z` } : {}),
    ...(href && /^[^\s]+$/.test(href)
      ? { 'relevant-evidence': [{ href, description: evidenceText(e) }] }
      : {}),
    // The evidence record, so that ingest restores it exactly.
    remarks: JSON.stringify(e),
  };
}

function claimFinding(r: StatementClaim, observations: Map<string, Json>, collected: string): Json {
  const related = r.evidence.map((e) => {
    const o = observation(e, collected);
    observations.set(o.uuid as string, o);
    return { 'observation-uuid': o.uuid };
  });
  return {
    uuid: uuidV5(`oscal-finding:${r.id}`),
    title: r.title,
    description: r.reason,
    props: [
      ...prop('level', 'requirement'),
      ...prop('kind', r.kind),
      ...prop('strength', r.strength),
      ...prop('verdict', r.verdict),
      ...prop('basis', r.basis),
      ...prop('recommendation', r.recommendation),
      ...r.findings.flatMap((fp) => prop('finding', fp)),
    ],
    target: {
      type: 'objective-id',
      'target-id': oscalId(r.id),
      title: `${r.number} ${r.title}`,
      status: STATE(r.verdict),
    },
    ...(related.length ? { 'related-observations': related } : {}),
    ...(r.argument ? { remarks: r.argument } : {}),
  };
}

export function buildAssessmentResults(s: Statement): Json {
  const parties = [
    ...(s.product.vendor
      ? [
          {
            uuid: uuidV5(`oscal-party:vendor:${s.product.vendor}`),
            type: 'organization',
            name: s.product.vendor,
          },
        ]
      : []),
    ...(s.assessor
      ? [{ uuid: uuidV5(`oscal-party:assessor:${s.assessor}`), type: 'person', name: s.assessor }]
      : []),
  ];
  const methodResource = uuidV5('oscal-resource:vouch-method');
  return {
    'assessment-results': {
      uuid: uuidV5(`oscal-ar:${s.product.name}:${s.scope.commit ?? ''}:${s.assessedAt}:${s.date}`),
      metadata: {
        title: `Self-assessment: ${s.product.name}${s.product.version ? ` ${s.product.version}` : ''}`,
        published: `${s.date}T00:00:00Z`,
        'last-modified': s.assessedAt,
        version: s.product.version ?? 'unversioned',
        'oscal-version': OSCAL_VERSION,
        props: [
          ...prop('product-name', s.product.name),
          ...prop('product-version', s.product.version),
          ...prop('vendor', s.product.vendor),
          ...prop('vendor-role', s.product.vendorRole),
          ...prop('sro', s.product.sro),
          ...prop('assessor', s.assessor),
          ...prop('statement-date', s.date),
          ...prop('tool-version', s.tool.version),
          ...prop('catalogue-version', s.tool.catalogueVersion),
          ...prop('scope-repository', s.scope.repository),
          ...prop('scope-commit', s.scope.commit),
          ...prop('scope-branch', s.scope.branch),
          ...prop('scope-remote', s.scope.remote),
          ...prop('scope-files', s.scope.files),
        ],
        ...(parties.length ? { parties } : {}),
      },
      // vouch has no separate assessment plan: the method is described in the back matter.
      'import-ap': { href: `#${methodResource}` },
      results: s.codes.map((c) => {
        const observations = new Map<string, Json>();
        const findings: Json[] = [];
        for (const p of c.principles) {
          findings.push({
            uuid: uuidV5(`oscal-finding:${p.id}`),
            title: p.title,
            description: `Principle ${p.number}: ${p.verdict}, from its ${c.id === 'sscop' ? 'claims' : 'provisions'}.`,
            props: [...prop('level', 'principle'), ...prop('verdict', p.verdict)],
            target: { type: 'objective-id', 'target-id': oscalId(p.id), status: STATE(p.verdict) },
          });
          for (const r of p.claims) findings.push(claimFinding(r, observations, s.assessedAt));
        }
        return {
          uuid: uuidV5(`oscal-result:${c.id}:${s.assessedAt}`),
          title: c.title,
          description: c.applicable
            ? `${c.title}: applicable to the product.`
            : `Not applicable: ${c.reason ?? ''}`,
          start: s.assessedAt,
          props: [
            ...prop('code', c.id),
            ...prop('applicable', c.applicable),
            ...prop('not-applicable-reason', c.reason),
            ...VERDICTS.flatMap((v) => prop(`count-${v}`, c.counts[v] ?? 0)),
          ],
          links: [{ href: c.sourceUrl, rel: 'reference' }],
          'reviewed-controls': { 'control-selections': [{ 'include-all': {} }] },
          ...(observations.size ? { observations: [...observations.values()] } : {}),
          findings,
        };
      }),
      'back-matter': {
        resources: [
          {
            uuid: methodResource,
            title: 'vouch assessment method',
            description:
              'vouch reads the repository once, derives facts, runs probes and judges each claim from the evidence its catalogue names as sufficient; what no machine can see is attested by a named person in vouch.yaml.',
          },
        ],
      },
    },
  };
}

export async function renderStatementOscal(s: Statement): Promise<string> {
  return `${toSafeJson(buildAssessmentResults(s), 2)}\n`;
}

export type IngestResult = { ok: true; statement: Statement } | { ok: false; problem: string };

const VERDICT_SET = new Set<string>(VERDICTS);
const BASES = new Set<string>(['observed', 'attested', 'none']);

/**
 * Reads OSCAL assessment results that vouch wrote back into a statement: every verdict, basis and
 * evidence link. The input is untrusted JSON: every field is checked before use, and a document
 * that is not vouch's says so rather than guessing.
 */
export function ingestAssessmentResults(doc: unknown): IngestResult {
  const fail = (problem: string): IngestResult => ({ ok: false, problem });
  const ar = (doc as { 'assessment-results'?: Json } | null)?.['assessment-results'];
  if (!ar || typeof ar !== 'object')
    return fail('not OSCAL assessment results (no "assessment-results" object)');
  const props = (o: unknown) =>
    new Map(
      (((o as Json | undefined)?.props as Json[] | undefined) ?? [])
        .filter(
          (p) => p && p.ns === VOUCH_OSCAL_NS && typeof p.name === 'string' && typeof p.value === 'string',
        )
        .map((p) => [p.name as string, p.value as string]),
    );
  const all = (o: unknown, name: string) =>
    (((o as Json | undefined)?.props as Json[] | undefined) ?? [])
      .filter((p) => p && p.ns === VOUCH_OSCAL_NS && p.name === name && typeof p.value === 'string')
      .map((p) => p.value as string);
  const meta = props(ar.metadata);
  const name = meta.get('product-name');
  const assessedAt = (ar.metadata as Json | undefined)?.['last-modified'];
  if (!name || typeof assessedAt !== 'string')
    return fail(
      'these assessment results carry no vouch product props; ingest reads results that vouch statement wrote',
    );
  if (!Array.isArray(ar.results)) return fail('"results" is not a list');
  const codes: Statement['codes'] = [];
  for (const result of ar.results as Json[]) {
    const rp = props(result);
    const codeId = rp.get('code');
    if (!codeId) return fail('a result has no vouch code prop');
    const observations = new Map<string, Evidence>();
    for (const o of (result.observations as Json[] | undefined) ?? []) {
      try {
        observations.set(String(o.uuid), JSON.parse(String(o.remarks)) as Evidence);
      } catch {
        return fail(`observation ${oneLine(String(o.uuid), 60)} has no evidence record in its remarks`);
      }
    }
    const principles: Statement['codes'][number]['principles'] = [];
    for (const f of (result.findings as Json[] | undefined) ?? []) {
      const fp = props(f);
      const target = (f.target as Json | undefined)?.['target-id'];
      const verdict = fp.get('verdict');
      if (typeof target !== 'string' || !verdict || !VERDICT_SET.has(verdict))
        return fail(`a finding of ${oneLine(codeId, 20)} has no target or no verdict vouch knows`);
      const id = vouchId(target);
      if (fp.get('level') === 'principle') {
        principles.push({
          id,
          number: id.split(':')[1] ?? id,
          title: String(f.title),
          verdict: verdict as Verdict,
          claims: [],
        });
        continue;
      }
      const basis = fp.get('basis') ?? 'none';
      const principle = principles.at(-1);
      if (!principle || !BASES.has(basis))
        return fail(`finding ${oneLine(target, 40)} is out of order or has no basis`);
      const evidence: Evidence[] = [];
      for (const rel of (f['related-observations'] as Json[] | undefined) ?? []) {
        const e = observations.get(String(rel['observation-uuid']));
        if (!e) return fail(`finding ${oneLine(target, 40)} links to an observation that is not there`);
        evidence.push(e);
      }
      principle.claims.push({
        id,
        number: id.split(':')[1] ?? id,
        kind: fp.get('kind') === 'provision' ? 'provision' : 'claim',
        strength: fp.get('strength') === 'should' ? 'should' : 'shall',
        title: String(f.title),
        verdict: verdict as Verdict,
        basis: basis as Basis,
        reason: String(f.description),
        ...(typeof f.remarks === 'string' ? { argument: f.remarks } : {}),
        ...(fp.get('recommendation') === 'true' ? { recommendation: true } : {}),
        evidence,
        findings: all(f, 'finding'),
        actions: [],
      });
    }
    const link = ((result.links as Json[] | undefined) ?? [])[0];
    codes.push({
      id: codeId,
      title: String(result.title),
      sourceUrl: typeof link?.href === 'string' ? link.href : '',
      applicable: rp.get('applicable') === 'true',
      ...(rp.get('not-applicable-reason') ? { reason: rp.get('not-applicable-reason') } : {}),
      counts: Object.fromEntries(VERDICTS.map((v) => [v, Number(rp.get(`count-${v}`) ?? 0)])) as Record<
        Verdict,
        number
      >,
      principles,
    });
  }
  const opt = (key: string, as: string) => (meta.get(key) ? { [as]: meta.get(key) } : {});
  return {
    ok: true,
    statement: {
      product: {
        name,
        ...opt('product-version', 'version'),
        ...opt('vendor', 'vendor'),
        ...opt('vendor-role', 'vendorRole'),
        ...opt('sro', 'sro'),
      },
      ...opt('assessor', 'assessor'),
      date: meta.get('statement-date') ?? assessedAt.slice(0, 10),
      assessedAt,
      tool: {
        version: meta.get('tool-version') ?? '',
        catalogueVersion: meta.get('catalogue-version') ?? '',
      },
      scope: {
        repository: meta.get('scope-repository') ?? '',
        ...opt('scope-commit', 'commit'),
        ...opt('scope-branch', 'branch'),
        ...opt('scope-remote', 'remote'),
        files: Number(meta.get('scope-files') ?? 0),
      },
      codes,
    },
  };
}

/**
 * The product as an OSCAL component definition: one software component whose control
 * implementations (one per applicable Code, against the catalog `--format oscal-catalog` writes)
 * state, per claim that is met or partly met, how: the reason and the argument. Claims not met,
 * unknown or not applicable are not claimed as implemented.
 */
export function buildComponentDefinition(s: Statement): Json {
  const title = `${s.product.name}${s.product.version ? ` ${s.product.version}` : ''}`;
  return {
    'component-definition': {
      uuid: uuidV5(`oscal-cd:${s.product.name}:${s.scope.commit ?? ''}:${s.assessedAt}`),
      metadata: {
        title: `Component definition: ${title}`,
        'last-modified': s.assessedAt,
        version: s.product.version ?? 'unversioned',
        'oscal-version': OSCAL_VERSION,
      },
      components: [
        {
          uuid: uuidV5(`oscal-component:${s.product.name}`),
          type: 'software',
          title,
          description: `${title}${s.product.vendor ? ` by ${s.product.vendor}` : ''}, assessed from the repository ${s.scope.repository}${s.scope.commit ? ` at ${s.scope.commit}` : ''}.`,
          props: [...prop('scope-commit', s.scope.commit), ...prop('vendor', s.product.vendor)],
          'control-implementations': s.codes
            .map((c) => ({
              uuid: uuidV5(`oscal-ci:${s.product.name}:${c.id}`),
              source: `#${c.id}`,
              description: `How ${s.product.name} meets the ${c.title}, claim by claim, as vouch assessed it.`,
              'implemented-requirements': c.principles.flatMap((p) =>
                p.claims
                  .filter((r) => r.verdict === 'met' || r.verdict === 'partial')
                  .map((r) => ({
                    uuid: uuidV5(`oscal-ir:${s.product.name}:${r.id}`),
                    'control-id': oscalId(r.id),
                    description: `${r.verdict} (basis: ${r.basis}): ${r.reason}`,
                    props: [...prop('verdict', r.verdict), ...prop('basis', r.basis)],
                    ...(r.argument ? { remarks: r.argument } : {}),
                  })),
              ),
            }))
            .filter((ci) => ci['implemented-requirements'].length > 0),
        },
      ],
    },
  };
}

export async function renderComponentDefinition(s: Statement): Promise<string> {
  const doc = buildComponentDefinition(s);
  const component = (doc['component-definition'] as { components: Json[] }).components[0]!;
  // An empty list is not valid OSCAL: with nothing met there are no implementations to state.
  if ((component['control-implementations'] as unknown[]).length === 0)
    delete component['control-implementations'];
  return `${toSafeJson(doc, 2)}\n`;
}
