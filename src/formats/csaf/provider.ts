/**
 * What a CSAF provider serves (CSAF 2.0 section 7, directory-based distribution): each advisory
 * in a folder named after the year of its initial release, with a SHA-256 file beside it;
 * index.txt and changes.csv listing them; provider-metadata.json describing the provider; and,
 * for scanners, each advisory as OpenVEX. Files are returned as data; the caller writes them.
 * https://docs.oasis-open.org/csaf/csaf/v2.0/os/csaf-v2.0-os.html#7-distributing-csaf-documents
 */
import { createHash } from 'node:crypto';
import { toSafeJson } from '../../util/text.js';
import { csafFileName } from './build.js';
import { csafToOpenVex } from './openvex.js';

export interface PublishedFile {
  /** Relative to the published folder, with forward slashes. */
  path: string;
  content: string;
}

export interface PublishInput {
  /** https URL the folder is served from (no trailing slash needed). */
  baseUrl: string;
  publisher: { category: 'vendor'; name: string; namespace: string };
  /** RFC 3339 UTC. */
  now: string;
  advisories: Record<string, unknown>[];
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};

export function providerMetadata(input: PublishInput): Json {
  const base = input.baseUrl.replace(/\/+$/, '');
  return {
    canonical_url: `${base}/provider-metadata.json`,
    distributions: [{ directory_url: base }],
    last_updated: input.now,
    list_on_CSAF_aggregators: true,
    metadata_version: '2.0',
    mirror_on_CSAF_aggregators: true,
    publisher: input.publisher,
    role: 'csaf_provider',
  };
}

/** The files of the published folder, advisories sorted by tracking id. */
export function publishFiles(input: PublishInput): PublishedFile[] {
  const base = input.baseUrl.replace(/\/+$/, '');
  const files: PublishedFile[] = [];
  const listed: { path: string; updated: string }[] = [];
  const sorted = [...input.advisories].sort((a, b) =>
    String(obj(obj(a.document).tracking).id).localeCompare(String(obj(obj(b.document).tracking).id)),
  );
  for (const doc of sorted) {
    const tracking = obj(obj(doc.document).tracking);
    const id = String(tracking.id);
    // Advisories reach here validated; the year is still checked, as it becomes a folder name.
    const year = /^\d{4}/.exec(String(tracking.initial_release_date))?.[0] ?? 'undated';
    const path = `${year}/${csafFileName(id)}`;
    const content = `${toSafeJson(doc, 2)}\n`;
    files.push({ path, content });
    files.push({
      path: `${path}.sha256`,
      content: `${createHash('sha256').update(content).digest('hex')}  ${csafFileName(id)}\n`,
    });
    listed.push({ path, updated: String(tracking.current_release_date) });
    const vex = csafToOpenVex(doc, {
      id: `${base}/openvex/${csafFileName(id).replace(/\.json$/, '.openvex.json')}`,
    });
    if ((vex.statements as unknown[]).length)
      files.push({
        path: `openvex/${csafFileName(id).replace(/\.json$/, '.openvex.json')}`,
        content: `${toSafeJson(vex, 2)}\n`,
      });
  }
  files.push({ path: 'index.txt', content: listed.map((l) => `${l.path}\n`).join('') });
  // changes.csv: newest change first, path and time quoted as the standard's example does.
  const changes = [...listed].sort(
    (a, b) => b.updated.localeCompare(a.updated) || a.path.localeCompare(b.path),
  );
  files.push({ path: 'changes.csv', content: changes.map((l) => `"${l.path}","${l.updated}"\n`).join('') });
  files.push({ path: 'provider-metadata.json', content: `${toSafeJson(providerMetadata(input), 2)}\n` });
  return files;
}
