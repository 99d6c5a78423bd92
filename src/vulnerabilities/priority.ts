/**
 * A priority a security lead can defend: known exploitation (CISA KEV) first, then the
 * likelihood of exploitation (EPSS), then severity (CVSS base score, computed from the vector).
 * The thresholds are the commonly cited ones: EPSS 0.1 is roughly the top few percent of scored
 * CVEs; CVSS 9 and 7 are the "critical" and "high" bands of the specification.
 */
export const priorities = ['known-exploited', 'high', 'medium', 'low'] as const;
export type Priority = (typeof priorities)[number];

export interface Signals {
  kev: boolean;
  /** Highest EPSS probability over the vulnerability's CVE ids. */
  epss?: number;
  /** Highest computed CVSS base score over its vectors. */
  cvss?: number;
}

export function priorityOf(s: Signals): Priority {
  if (s.kev) return 'known-exploited';
  if ((s.epss ?? 0) >= 0.1 || (s.cvss ?? 0) >= 9) return 'high';
  if ((s.epss ?? 0) >= 0.01 || (s.cvss ?? 0) >= 7) return 'medium';
  return 'low';
}

/** Rank: 0 for known-exploited, growing as priority falls. */
export function priorityRank(p: Priority): number {
  return priorities.indexOf(p);
}

/** Sort order for findings: priority, then EPSS, then CVSS, highest first. */
export function compareSignals(a: Signals, b: Signals): number {
  return (
    priorityRank(priorityOf(a)) - priorityRank(priorityOf(b)) ||
    (b.epss ?? -1) - (a.epss ?? -1) ||
    (b.cvss ?? -1) - (a.cvss ?? -1)
  );
}
