/**
 * One read and one keyword pass over each file for every byte scanner of a run (the secret
 * scanner and the secure-default scanner in `vouch assess`). Each scanner decides which files it
 * reads and how far (its own file-type and size rules), names its keyword sets, and gets the
 * hits of its own keywords; a file two scanners read is read once, and its bytes are walked once
 * by one automaton over the keywords of both (each keyword tagged with its set). The patterns
 * then run only near hits, in each scanner's own code.
 */
import { KeywordAutomaton } from '../secrets/keywords.js';
import { BatchReader } from './batch-read.js';
import { SNIFF_BYTES } from './read.js';
import type { Inventory, InventoryFile } from './types.js';

/** Files read between two turns of the event loop. */
const YIELD_EVERY = 256;

/** How a scanner reads one file. */
export interface FilePlan {
  /** Bytes to read at most (a larger file is the scanner's to report before planning it). */
  limit: number;
}

/** The keyword hits of one file for one scanner, then its findings. */
export interface FileScan {
  /** The scanner's keyword set (an index into its `keywordSets`) whose hits this file takes. */
  set: number;
  add(hit: number, keywords: readonly number[]): void;
  finish(): void;
}

export interface ByteScanner<P extends FilePlan = FilePlan> {
  /** The keyword lists a file of this scanner can be scanned for (one per distinct rule set). */
  readonly keywordSets: readonly (readonly string[])[];
  /** undefined: the file is not read for this scanner (the scanner counts why). */
  plan(file: InventoryFile): P | undefined;
  /** The file turned out to be binary (a NUL byte in its head). */
  binary(file: InventoryFile): void;
  /** The file could not be read. */
  unreadable(file: InventoryFile, reason: string): void;
  /** The file's bytes (valid only until `finish` returns): its scan, or undefined to skip it after all. */
  open(file: InventoryFile, plan: P, bytes: Buffer): FileScan | undefined;
}

/** Reads each file some scanner plans once, and walks its bytes once for all of them. */
export async function keywordPass(inventory: Inventory, scanners: readonly ByteScanner[]): Promise<void> {
  // Each scanner's sets get consecutive numbers in the one automaton.
  const firstSet: number[] = [];
  const sets: (readonly string[])[] = [];
  for (const s of scanners) {
    firstSet.push(sets.length);
    sets.push(...s.keywordSets);
  }
  if (sets.length > 31) throw new Error('at most 31 keyword sets in one pass');
  const automaton = new KeywordAutomaton(sets, true);
  const reader = new BatchReader(inventory.root, inventory.identity);
  const plans: (FilePlan | undefined)[] = new Array(scanners.length);
  const scans: (FileScan | undefined)[] = new Array(scanners.length);
  /** For the file being scanned: global set number -> its FileScan. */
  const bySet: (FileScan | undefined)[] = new Array(sets.length);
  const onHit = (set: number, start: number, keywords: readonly number[]) => bySet[set]!.add(start, keywords);
  /** Tells each scanner that planned the current file. */
  const tell = (what: (s: ByteScanner) => void) => {
    for (let i = 0; i < scanners.length; i++) if (plans[i]) what(scanners[i]!);
  };
  let reads = 0;
  for (const file of inventory.files) {
    let limit = -1;
    for (let i = 0; i < scanners.length; i++) {
      const p = scanners[i]!.plan(file);
      plans[i] = p;
      if (p && p.limit > limit) limit = p.limit;
    }
    if (limit < 0) continue;
    // Other collectors of the same run get the event loop back every few hundred files.
    if (++reads % YIELD_EVERY === 0) await new Promise((r) => setImmediate(r));
    const read = reader.read(file.path, limit, limit);
    if (read?.binary) {
      tell((s) => s.binary(file));
      continue;
    }
    let bytes = read?.bytes;
    if (!bytes) {
      // Not for the fast path (a symlink, an odd name, an in-memory tree): the inventory reads it.
      try {
        bytes = await inventory.readBytes(file.path, limit);
      } catch (e) {
        tell((s) => s.unreadable(file, (e as Error).message));
        continue;
      }
      if (bytes.subarray(0, SNIFF_BYTES).includes(0)) {
        tell((s) => s.binary(file));
        continue;
      }
    }
    let active = 0;
    for (let i = 0; i < scanners.length; i++) {
      const p = plans[i];
      const scan = p ? scanners[i]!.open(file, p, bytes) : undefined;
      scans[i] = scan;
      if (scan) {
        const set = firstSet[i]! + scan.set;
        bySet[set] = scan;
        active |= 1 << set;
      }
    }
    if (active === 0) continue;
    automaton.scanSets(bytes, active, onHit);
    for (const scan of scans) scan?.finish();
    bySet.fill(undefined);
  }
}
