/**
 * The inventory is the single walk of a repository. Every collector reads from it; none walks
 * the tree again.
 */
import type { FileIdentity } from './read.js';

export interface InventoryFile {
  /** POSIX path relative to the root, never starting with "/" or containing "..". */
  path: string;
  size: number;
  /** Set once content was sniffed (first 8 KiB contain NUL or invalid text). */
  binary?: boolean;
}

export type InventoryProblemKind =
  | 'symlink-outside-root'
  | 'symlink-loop'
  | 'symlink-broken'
  | 'too-large'
  | 'unreadable'
  | 'special-file'
  | 'unsafe-name'
  | 'limit-reached';

export interface InventoryProblem {
  kind: InventoryProblemKind;
  path: string;
  detail: string;
}

export interface GitFacts {
  head?: string;
  branch?: string;
  remote?: string;
  /** ISO dates of the most recent commits, newest first. */
  recentCommitDates: string[];
  /** Files git tracks, when the root is a git work tree. */
  tracked?: Set<string>;
  /** Why git facts are missing or partial. */
  note?: string;
}

export interface Inventory {
  /** Absolute, real path of the root. */
  root: string;
  files: InventoryFile[];
  /** Directories seen (POSIX relative paths, "" for the root). */
  dirs: Set<string>;
  problems: InventoryProblem[];
  git: GitFacts;
  has(path: string): boolean;
  get(path: string): InventoryFile | undefined;
  /** Files whose base name matches (case-insensitive when `ci`). */
  byName(name: string, opts?: { ci?: boolean }): InventoryFile[];
  /** Reads a file inside the root as UTF-8 (replacement chars for invalid bytes); bounded by maxBytes. */
  readText(path: string, maxBytes?: number): Promise<string>;
  readBytes(path: string, maxBytes?: number): Promise<Buffer>;
  /** The first `maxBytes` of a file of any size (format signatures of large model files). */
  readHead(path: string, maxBytes: number): Promise<Buffer>;
  /** SHA-256 (hex) of the whole file, streamed, whatever its size. */
  sha256(path: string): Promise<string>;
  /** The device and inode the walk saw at a regular file's path (not through a link); walked inventories only. */
  identity?(path: string): FileIdentity | undefined;
}
