/**
 * The Codes themselves in OSCAL 1.2.1: one catalog holding both Codes (a group per Code, a group
 * per SSCoP theme or AI CoP phase, a control per principle, a sub-control per claim or
 * provision, in vouch's paraphrase with a link to the Code's own wording), and the OSPS Baseline
 * crosswalk (the OSPS Baseline's own mapping to the SSCoP, kept as refs in catalogue/sscop.yaml)
 * as an OSCAL mapping collection, so that a vendor who tracks OSPS sees which claims it covers.
 * Control ids are the assessment results' objective ids ("sscop-1.2.3").
 */
import type { Catalogue } from '../../catalogue/types.js';
import { toSafeJson } from '../../util/text.js';
import { uuidV5 } from '../cyclonedx/sbom-input.js';
import { OSCAL_VERSION, oscalId, VOUCH_OSCAL_NS } from './oscal.js';

type Json = Record<string, unknown>;

const metadata = (title: string, catalogue: Catalogue) => ({
  title,
  'last-modified': '2026-01-01T00:00:00Z',
  version: catalogue.version,
  'oscal-version': OSCAL_VERSION,
  remarks: "vouch's paraphrase of the Codes; the Codes' own wording is at each group's link.",
});

export function buildOscalCatalog(catalogue: Catalogue): Json {
  return {
    catalog: {
      uuid: uuidV5(`oscal-catalog:${catalogue.version}`),
      metadata: metadata(
        'UK Software Security and AI Cyber Security Codes of Practice (vouch catalogue)',
        catalogue,
      ),
      groups: catalogue.codes.map((code) => {
        const groups = new Map<string, Json & { controls: Json[] }>();
        for (const p of code.principles) {
          const gid = `${code.id}-${code.id === 'sscop' ? 'theme' : 'phase'}-${p.group}`.replace(
            /[^A-Za-z0-9._-]/g,
            '-',
          );
          const group = groups.get(gid) ?? { id: gid, title: p.groupTitle, controls: [] };
          groups.set(gid, group);
          group.controls.push({
            id: oscalId(p.id),
            class: 'principle',
            title: p.title,
            parts: [{ id: `${oscalId(p.id)}_smt`, name: 'statement', prose: p.text }],
            controls: p.requirements.map((r) => ({
              id: oscalId(r.id),
              class: r.kind,
              title: `${r.number}`,
              props: [
                { name: 'strength', ns: VOUCH_OSCAL_NS, value: r.strength },
                { name: 'automatable', ns: VOUCH_OSCAL_NS, value: r.automatable },
              ],
              parts: [{ id: `${oscalId(r.id)}_smt`, name: 'statement', prose: r.text }],
            })),
          });
        }
        return {
          id: code.id,
          title: code.title,
          props: [{ name: 'published', ns: VOUCH_OSCAL_NS, value: code.published }],
          links: [{ href: code.sourceUrl, rel: 'reference' }],
          groups: [...groups.values()],
        };
      }),
    },
  };
}

/** OSPS Baseline control -> the SSCoP claims the OSPS Baseline maps it to. */
export function ospsCrosswalk(catalogue: Catalogue): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const code of catalogue.codes)
    for (const p of code.principles)
      for (const r of p.requirements)
        for (const ref of r.refs ?? [])
          if (ref.startsWith('OSPS-')) out.set(ref, [...(out.get(ref) ?? []), r.id]);
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function buildOspsMapping(catalogue: Catalogue): Json {
  const crosswalk = ospsCrosswalk(catalogue);
  return {
    'mapping-collection': {
      uuid: uuidV5(`oscal-mapping:osps:${catalogue.version}`),
      metadata: metadata('OSPS Baseline to the UK Software Security Code of Practice (crosswalk)', catalogue),
      provenance: {
        method: 'human',
        'matching-rationale': 'semantic',
        status: 'complete',
        'mapping-description':
          "The OSPS Baseline's own mapping of its controls to the Software Security Code of Practice claims, as recorded in vouch's catalogue.",
      },
      mappings: [
        {
          uuid: uuidV5(`oscal-mapping:osps:sscop:${catalogue.version}`),
          'source-resource': {
            type: 'catalog',
            href: 'https://baseline.openssf.org/',
            remarks: 'OpenSSF OSPS Baseline v2026.02.19',
          },
          'target-resource': { type: 'catalog', href: '#sscop' },
          maps: [...crosswalk.entries()].map(([osps, claims]) => ({
            uuid: uuidV5(`oscal-map:${osps}`),
            relationship: 'intersects-with',
            sources: [{ type: 'control', 'id-ref': osps }],
            targets: claims.map((id) => ({ type: 'control', 'id-ref': oscalId(id) })),
          })),
        },
      ],
    },
  };
}

export async function renderOscalCatalog(): Promise<string> {
  const { loadCatalogue } = await import('../../catalogue/load.js');
  return `${toSafeJson(buildOscalCatalog(loadCatalogue()), 2)}\n`;
}

export async function renderOspsMapping(): Promise<string> {
  const { loadCatalogue } = await import('../../catalogue/load.js');
  return `${toSafeJson(buildOspsMapping(loadCatalogue()), 2)}\n`;
}
