/**
 * The baseline: fingerprints of findings someone accepted (written by `vouch secrets
 * --write-baseline`), so a repository with old, rotated secrets can gate on new ones only.
 */
export const BASELINE_VERSION = 1;
export const MAX_BASELINE_BYTES = 16 * 1024 * 1024;

export interface SecretsBaseline {
  version: typeof BASELINE_VERSION;
  findings: { fingerprint: string; rule: string; path: string; reason?: string }[];
}

/** Fingerprint -> reason. Throws with a message for people when the text is not a baseline. */
export function parseBaseline(text: string, name: string): Map<string, string> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`baseline ${name} is not JSON: ${(e as Error).message}`);
  }
  const d = data as { version?: unknown; findings?: unknown };
  if (d?.version !== BASELINE_VERSION || !Array.isArray(d.findings))
    throw new Error(`baseline ${name}: expected {"version": 1, "findings": [...]}`);
  const out = new Map<string, string>();
  for (const f of d.findings as { fingerprint?: unknown; reason?: unknown }[]) {
    if (typeof f?.fingerprint === 'string')
      out.set(f.fingerprint, typeof f.reason === 'string' ? f.reason : '');
  }
  return out;
}
