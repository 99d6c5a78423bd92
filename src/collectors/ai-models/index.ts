/**
 * Every model file the AI inventory found, scanned without executing anything (src/ai/scan.ts:
 * pickle opcodes emulated, archives and headers checked within limits) and hashed with SHA-256,
 * streamed, for the AI-BOM and for AI CoP 8.1.2. The hashes the vendor publishes are collected
 * too: vouch.yaml `ai.models[].sha256`, and checksum files in the sha256sum or BSD format.
 */
import { existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { ModelScanResult } from '../../ai/types.js';
import type { Inventory } from '../../inventory/types.js';
import { aiUsageFact } from '../ai-usage/index.js';
import { manifestFact } from '../manifest/index.js';
import { type Collector, defineFact } from '../types.js';

export interface ScannedModel {
  path: string;
  size: number;
  sha256?: string;
  scan: Pick<ModelScanResult, 'format' | 'verdict' | 'findings' | 'problems'>;
}

export interface PublishedHash {
  /** The model file it names, relative to the root. */
  path: string;
  sha256: string;
  /** Where it was published: vouch.yaml, or the checksum file, with its line. */
  source: string;
  line?: number;
}

export interface AiModelFacts {
  models: ScannedModel[];
  published: PublishedHash[];
  problems: { path: string; message: string }[];
}

export const aiModelsFact = defineFact<AiModelFacts>('ai-models');

/** Checksum files by name: sha256sum's output and the usual names releases give it. */
const CHECKSUM_FILE = /^(sha256sums?(\.txt)?|checksums?(\.sha256|\.txt)?|.+\.sha256)$/i;
const MAX_CHECKSUM_BYTES = 1024 * 1024;
/** "<hex>  <path>" (sha256sum, "*" marks binary mode) or "SHA256 (<path>) = <hex>" (BSD). */
const GNU_LINE = /^([a-fA-F0-9]{64})\s+\*?(.+)$/;
const BSD_LINE = /^SHA256 \((.+)\) = ([a-fA-F0-9]{64})$/;

type Scanner = typeof import('../../ai/scan.js') & typeof import('../../ai/source.js');

function scanOne(
  { scanModelFile, FileSource }: Scanner,
  inventory: Inventory,
  path: string,
  bytes: Buffer | undefined,
): ScannedModel['scan'] {
  if (bytes) return scanModelFile(bytes, path);
  const file = new FileSource(join(inventory.root, path));
  try {
    return scanModelFile(file, path);
  } finally {
    file.close();
  }
}

export const aiModelsCollector: Collector<AiModelFacts> = {
  fact: aiModelsFact,
  needs: [aiUsageFact, manifestFact],
  async collect({ inventory, documents, need }) {
    const usage = await need(aiUsageFact);
    const manifest = (await need(manifestFact)).manifest;
    const problems: AiModelFacts['problems'] = [];
    // The walk checked every listed path resolves inside the root; an in-memory inventory (tests)
    // has no folder on disk and hands over bytes instead.
    const onDisk = existsSync(inventory.root);
    const models: ScannedModel[] = [];
    // The model scanners load only when there is a model file to scan (most repositories have none).
    const scanner: Scanner | undefined =
      usage.modelFiles.length === 0
        ? undefined
        : { ...(await import('../../ai/scan.js')), ...(await import('../../ai/source.js')) };
    for (const m of usage.modelFiles) {
      try {
        const bytes = onDisk ? undefined : await inventory.readBytes(m.path);
        const scan = scanOne(scanner!, inventory, m.path, bytes);
        const sha256 = await inventory.sha256(m.path);
        models.push({
          path: m.path,
          size: m.size,
          sha256,
          scan: {
            format: scan.format,
            verdict: scan.verdict,
            findings: scan.findings,
            problems: scan.problems,
          },
        });
      } catch (e) {
        problems.push({ path: m.path, message: (e as Error).message });
      }
    }

    const published: PublishedHash[] = [];
    for (const m of manifest?.ai.models ?? [])
      if (m.sha256) published.push({ path: m.path, sha256: m.sha256.toLowerCase(), source: 'vouch.yaml' });
    for (const f of inventory.files) {
      if (!CHECKSUM_FILE.test(posix.basename(f.path)) || f.size > MAX_CHECKSUM_BYTES) continue;
      const read = await documents.text(f.path);
      if ('error' in read) {
        problems.push({ path: f.path, message: read.error });
        continue;
      }
      const dir = posix.dirname(f.path);
      read.text.split('\n').forEach((raw, i) => {
        const line = raw.trim();
        const gnu = GNU_LINE.exec(line);
        const bsd = gnu ? undefined : BSD_LINE.exec(line);
        const hex = gnu?.[1] ?? bsd?.[2];
        const named = (gnu?.[2] ?? bsd?.[1])?.trim();
        if (!hex || !named) return;
        // Names in a checksum file are relative to the file's own folder.
        const path = posix.normalize(dir === '.' ? named : posix.join(dir, named)).replace(/^\.\//, '');
        published.push({ path, sha256: hex.toLowerCase(), source: f.path, line: i + 1 });
      });
    }
    return { models, published, problems };
  },
};
