/**
 * The AI assets of a repository as AI-BOM input (`vouch sbom --ai`): the AI inventory and the
 * model scan (each model file hashed, streamed), described by the Hugging Face card in or above
 * its folder, or by vouch.yaml ai.models (which wins, being the vendor's own statement).
 */
import { posix } from 'node:path';
import { aiModelsCollector, aiModelsFact } from '../collectors/ai-models/index.js';
import { aiUsageCollector, aiUsageFact, type Card } from '../collectors/ai-usage/index.js';
import { manifestCollector, manifestFact } from '../collectors/manifest/index.js';
import { collectFacts } from '../collectors/run.js';
import type { AiBomData, AiBomInput, AiBomModel } from '../formats/cyclonedx/ai-bom.js';
import type { Inventory } from '../inventory/types.js';

export interface AiBomCollected extends AiBomInput {
  /** Files that could not be read or hashed, for the command to report. */
  problems: { path: string; message: string }[];
}

/** The nearest model card in the model's folder or above it. */
function cardFor(path: string, cards: readonly Card[]): Card | undefined {
  const byFolder = new Map(cards.filter((c) => c.kind === 'model').map((c) => [posix.dirname(c.path), c]));
  for (let d = posix.dirname(path); ; d = posix.dirname(d)) {
    const card = byFolder.get(d);
    if (card) return card;
    if (d === '.' || d === '/') return undefined;
  }
}

export async function collectAiBom(inventory: Inventory): Promise<AiBomCollected> {
  const facts = await collectFacts(inventory, [manifestCollector, aiUsageCollector, aiModelsCollector]);
  const usage = facts.get(aiUsageFact);
  const scanned = facts.get(aiModelsFact);
  if (!usage || !scanned)
    throw new Error(facts.error(aiUsageFact) ?? facts.error(aiModelsFact) ?? 'the AI inventory did not run');
  const declared = new Map((facts.get(manifestFact)?.manifest?.ai.models ?? []).map((m) => [m.path, m]));
  const models: AiBomModel[] = scanned.models.map((s) => {
    const card = cardFor(s.path, usage.cards);
    const own = declared.get(s.path);
    const name = own?.name ?? card?.name;
    const license = own?.license ?? card?.license;
    const source = own?.source ?? card?.baseModel?.[0];
    const task = own?.task ?? card?.pipelineTag;
    const datasets = own?.datasets ?? card?.datasets;
    const cardFrom = own ? 'vouch.yaml' : card?.path;
    return {
      path: s.path,
      size: s.size,
      format: s.scan.format,
      ...(s.sha256 ? { sha256: s.sha256 } : {}),
      ...(name ? { name } : {}),
      ...(own?.version ? { version: own.version } : {}),
      ...(license ? { license } : {}),
      ...(source ? { source } : {}),
      ...(task ? { task } : {}),
      ...(card?.libraryName ? { architectureFamily: card.libraryName } : {}),
      ...(datasets ? { datasets } : {}),
      ...(own?.limitations ? { limitations: own.limitations } : {}),
      ...(cardFrom ? { cardFrom } : {}),
    };
  });
  const problems = [...scanned.problems];
  const data: AiBomData[] = [];
  const assets = [
    ...usage.datasets.map((d) => ({ ...d, kind: 'dataset' as const })),
    ...usage.prompts.map((p) => ({ ...p, kind: 'prompt' as const })),
  ];
  for (const a of assets) {
    let sha256: string | undefined;
    try {
      sha256 = await inventory.sha256(a.path);
    } catch (e) {
      problems.push({ path: a.path, message: (e as Error).message });
    }
    data.push({ path: a.path, kind: a.kind, reason: a.reason, ...(sha256 ? { sha256 } : {}) });
  }
  return { models, data, problems };
}
