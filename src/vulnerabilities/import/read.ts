/**
 * Reading advisory sources without trusting them: files are read in bounded chunks, a line or
 * record over the size limit is skipped (and counted) rather than buffered, and zip archives go
 * through the bounded zip reader. Nothing here writes; `import/index.ts` stores what it yields.
 */
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { FileSource } from '../../ai/source.js';
import { ZipArchive } from '../../ai/zip/zip.js';
import { MAX_RECORD_BYTES } from './osv.js';

/** A whole-document source (one OSV record, the KEV catalogue) larger than this is refused. */
export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;
const CHUNK = 1024 * 1024;

export type SourceKind = 'osv-json' | 'osv-jsonl' | 'osv-zip' | 'kev' | 'epss';

/** The kind a file's name says; undefined for files an import ignores inside a folder. */
export function kindByName(path: string): 'osv-zip' | 'osv-jsonl' | 'epss' | 'json' | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.zip')) return 'osv-zip';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'osv-jsonl';
  if (lower.endsWith('.csv') || lower.endsWith('.csv.gz')) return 'epss';
  if (lower.endsWith('.json')) return 'json';
  return undefined;
}

/** Files under a folder that an import reads, in a stable order; symbolic links are not followed. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    const entries = readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && kindByName(p) !== undefined) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** One text unit (a line, a file, a zip entry), or why it was skipped unread. */
export type Unit = { text: string } | { skip: string };

const TOO_LARGE: Unit = { skip: 'record too large' };

/** Lines of a file, each at most `max` bytes; longer ones are reported and skipped, never held. */
export function* linesOf(path: string, max = MAX_RECORD_BYTES): Generator<Unit> {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let skipping = false;
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      let start = 0;
      for (;;) {
        const nl = buf.indexOf(10, start);
        const end = nl === -1 || nl >= n ? n : nl;
        if (!skipping) {
          pendingBytes += end - start;
          if (pendingBytes > max) {
            skipping = true;
            pending = [];
          } else pending.push(end < n ? buf.subarray(start, end) : Buffer.from(buf.subarray(start, end)));
        }
        if (end === n) break;
        // A full line.
        if (skipping) yield TOO_LARGE;
        else {
          // Most lines lie inside one chunk: decode them in place, without a copy.
          const text = (
            pending.length === 1 ? buf.toString('utf8', start, end) : Buffer.concat(pending).toString('utf8')
          ).trim();
          if (text !== '') yield { text };
        }
        pending = [];
        pendingBytes = 0;
        skipping = false;
        start = end + 1;
      }
    }
    if (skipping) yield TOO_LARGE;
    else if (pending.length > 0) {
      const text = Buffer.concat(pending).toString('utf8').trim();
      if (text !== '') yield { text };
    }
  } finally {
    closeSync(fd);
  }
}

/** A whole file as text, or why not; gzip inflated (bounded) when the name says .gz. */
export function documentOf(path: string, max = MAX_DOCUMENT_BYTES): Unit {
  if (statSync(path).size > max) return TOO_LARGE;
  const src = new FileSource(path);
  try {
    let bytes = src.read(0, src.size);
    if (path.toLowerCase().endsWith('.gz')) {
      try {
        bytes = gunzipSync(bytes, { maxOutputLength: max });
      } catch {
        return TOO_LARGE;
      }
    }
    return { text: bytes.toString('utf8') };
  } finally {
    src.close();
  }
}

/** The `.json` entries of an OSV zip archive (as osv.dev publishes per ecosystem). */
export function* zipEntriesOf(path: string, max = MAX_RECORD_BYTES): Generator<Unit> {
  const src = new FileSource(path);
  try {
    const zip = new ZipArchive(src);
    for (const entry of zip.entries) {
      if (!entry.name.toLowerCase().endsWith('.json')) continue;
      if (entry.size > max) {
        yield TOO_LARGE;
        continue;
      }
      try {
        const bytes = zip.open(entry);
        yield { text: bytes.read(0, bytes.size).toString('utf8') };
      } catch (e) {
        yield { skip: `unreadable zip entry (${(e as Error).message.slice(0, 200)})` };
      }
    }
  } finally {
    src.close();
  }
}
