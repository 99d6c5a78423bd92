/**
 * Collectors read the inventory and produce typed facts. They never judge; probes do.
 *
 * Each fact is named by a typed token; a collector declares the fact it provides and the facts
 * it needs, and the runner orders them (src/collectors/run.ts). Everything a collector may
 * depend on besides the repository (the clock, configuration, cache folder, network policy)
 * arrives in the run context, never from the environment or the wall clock directly.
 */
import type { DocumentCache } from '../inventory/documents.js';
import type { Inventory } from '../inventory/types.js';

/** A named, typed fact. Compare by identity or by `id`; `id` appears in reports and probe.yaml. */
export interface FactToken<T> {
  readonly id: string;
  /** Phantom field: carries T for the type checker only (covariant, so any token is a FactToken<unknown>). */
  readonly __type?: T;
}

export function defineFact<T>(id: string): FactToken<T> {
  return Object.freeze({ id }) as FactToken<T>;
}

export type NetworkPolicy = 'offline' | 'online';

/** What one run knows besides the repository. */
export interface RunContext {
  /** The day (YYYY-MM-DD, UTC) expiry and age checks are made against: `--today`, or the real day. */
  today: string;
  /** The instant checks are made against: the real time, or the start of `today` (UTC) when it was pinned. */
  now: Date;
  /** When the run really started (for timestamps in outputs), whatever `today` says. */
  startedAt: Date;
  /** Online features (host API, downloads) run only when this is 'online'. */
  network: NetworkPolicy;
  /** Where a run may keep downloaded or derived data between runs. */
  cacheDir?: string;
  /** Credentials and settings given on the command line or by the environment, read once by the caller. */
  settings: Readonly<RunSettings>;
}

export interface RunSettings {
  /** Lets the host collector ask GitHub; never written to any output. */
  githubToken?: string | undefined;
  /** owner/name on GitHub, when the git remote does not say. */
  githubRepository?: string | undefined;
  /** GitHub Enterprise Server's REST API base URL. */
  githubApiUrl?: string | undefined;
  /** A folder of release artefacts to verify offline (`--release-dir`), absolute. */
  releaseDir?: string | undefined;
  /** PEM public keys (absolute paths) release signatures are checked against (`--release-key`). */
  releaseKeys?: readonly string[] | undefined;
  /** How many recent commits the change-history collector reads (default 100). */
  historyWindow?: number | undefined;
  /** An SSH allowed-signers file (absolute path) commit and tag signatures are verified with. */
  allowedSigners?: string | undefined;
  /** The advisory store (`--db`, absolute); `.vouch/vouch.db` under the root when unset. */
  vulnerabilityStore?: string | undefined;
}

export interface CollectContext {
  inventory: Inventory;
  run: RunContext;
  /** Every YAML/JSON/TOML/text file parsed once per run, shared by all collectors. */
  documents: DocumentCache;
  /** The value of a fact this collector declared in `needs`; throws when that collector failed. */
  need<T>(fact: FactToken<T>): Promise<T>;
}

export interface Collector<T = unknown> {
  fact: FactToken<T>;
  /** Facts read through `need`; the runner refuses undeclared reads and cycles. */
  needs?: readonly FactToken<unknown>[];
  collect(ctx: CollectContext): Promise<T>;
}

/** Facts by token. A collector that threw leaves an entry in `errors` instead. */
export interface Facts {
  inventory: Inventory;
  run: RunContext;
  documents: DocumentCache;
  get<T>(fact: FactToken<T>): T | undefined;
  error(fact: FactToken<unknown>): string | undefined;
  /** Every collector failure, in collector order. */
  errors(): { fact: string; error: string }[];
}
