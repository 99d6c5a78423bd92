/**
 * The AI part of a CycloneDX 1.6 SBOM (`vouch sbom --ai`): one `machine-learning-model` component
 * per model file, with its SHA-256, a modelCard from the Hugging Face card beside it or from
 * vouch.yaml ai.models, source and licence; one `data` component per dataset, and prompt files as
 * `data` of type configuration. Components are sorted by bom-ref so the output is deterministic.
 * Repository strings go through toSafeJson with the rest of the document.
 */
import { licensesOf } from './build.js';

type Json = Record<string, unknown>;

export interface AiBomModel {
  path: string;
  sha256?: string;
  size: number;
  /** The format its content shows (safetensors, gguf, pytorch-zip ...). */
  format: string;
  name?: string;
  version?: string;
  license?: string;
  /** Where it came from: a URL becomes an external reference, anything else a property. */
  source?: string;
  task?: string;
  architectureFamily?: string;
  datasets?: string[];
  limitations?: string;
  /** The card it was described from (a README path or vouch.yaml). */
  cardFrom?: string;
}

export interface AiBomData {
  path: string;
  kind: 'dataset' | 'prompt';
  reason: string;
  sha256?: string;
}

export interface AiBomInput {
  models: readonly AiBomModel[];
  data: readonly AiBomData[];
}

const isUrl = (s: string) => /^https?:\/\/\S+$/i.test(s);
const compare = (a: Json, b: Json) => String(a['bom-ref']).localeCompare(String(b['bom-ref']));

function property(name: string, value: string | undefined): Json[] {
  return value ? [{ name, value }] : [];
}

function modelComponent(m: AiBomModel, dataRefs: ReadonlyMap<string, string>): Json {
  const out: Json = {
    type: 'machine-learning-model',
    'bom-ref': `vouch:model:${m.path}`,
    name: m.name ?? m.path.slice(m.path.lastIndexOf('/') + 1),
  };
  if (m.version) out.version = m.version;
  if (m.sha256) out.hashes = [{ alg: 'SHA-256', content: m.sha256 }];
  const licenses = m.license ? licensesOf([m.license]) : undefined;
  if (licenses) out.licenses = licenses;
  if (m.source && isUrl(m.source)) out.externalReferences = [{ type: 'distribution', url: m.source }];
  const parameters: Json = {};
  if (m.task) parameters.task = m.task;
  if (m.architectureFamily) parameters.architectureFamily = m.architectureFamily;
  if (m.datasets && m.datasets.length > 0) {
    // A dataset in the BOM is referenced; one known only by name is described inline.
    parameters.datasets = m.datasets.map((d) => {
      const ref = dataRefs.get(d);
      return ref ? { ref } : { type: 'dataset', name: d };
    });
  }
  const card: Json = {};
  if (Object.keys(parameters).length > 0) card.modelParameters = parameters;
  if (m.limitations) card.considerations = { technicalLimitations: [m.limitations] };
  if (Object.keys(card).length > 0) out.modelCard = card;
  out.properties = [
    { name: 'vouch:location', value: m.path },
    { name: 'vouch:format', value: m.format },
    { name: 'vouch:size', value: String(m.size) },
    ...property('vouch:source', m.source && !isUrl(m.source) ? m.source : undefined),
    ...property('vouch:modelCard', m.cardFrom),
  ];
  return out;
}

function dataComponent(d: AiBomData): Json {
  const name = d.path.slice(d.path.lastIndexOf('/') + 1);
  return {
    type: 'data',
    'bom-ref': `vouch:${d.kind}:${d.path}`,
    name,
    ...(d.sha256 ? { hashes: [{ alg: 'SHA-256', content: d.sha256 }] } : {}),
    data: [{ type: d.kind === 'dataset' ? 'dataset' : 'configuration', name, description: d.reason }],
    properties: [
      { name: 'vouch:location', value: d.path },
      { name: 'vouch:aiAsset', value: d.kind },
    ],
  };
}

/** The AI components, sorted by bom-ref. */
export function aiBomComponents(input: AiBomInput): Json[] {
  const dataRefs = new Map<string, string>();
  for (const d of input.data) {
    if (d.kind !== 'dataset') continue;
    const ref = `vouch:dataset:${d.path}`;
    dataRefs.set(d.path, ref);
    dataRefs.set(d.path.slice(d.path.lastIndexOf('/') + 1), ref);
  }
  return [...input.models.map((m) => modelComponent(m, dataRefs)), ...input.data.map(dataComponent)].sort(
    compare,
  );
}
