/** The CISA KEV catalogue (JSON) and EPSS scores (CSV), checked row by row; bad rows are counted. */

const CVE = /^CVE-\d{4}-\d{4,}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export interface KevRow {
  cve: string;
  dateAdded: string;
  dueDate: string | null;
  ransomware: string | null;
  name: string | null;
}

function str(v: unknown, max = 500): string | null {
  return typeof v === 'string' ? v.slice(0, max) : null;
}

/** The KEV rows, or undefined when the document is not a KEV catalogue. */
export function parseKev(
  value: unknown,
): { rows: KevRow[]; released: string | null; skipped: Record<string, number> } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const doc = value as Record<string, unknown>;
  if (!Array.isArray(doc.vulnerabilities) || typeof doc.catalogVersion !== 'string') return undefined;
  const rows: KevRow[] = [];
  let bad = 0;
  for (const v of doc.vulnerabilities as unknown[]) {
    const e = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
    if (
      typeof e.cveID !== 'string' ||
      !CVE.test(e.cveID) ||
      typeof e.dateAdded !== 'string' ||
      !DAY.test(e.dateAdded)
    ) {
      bad++;
      continue;
    }
    rows.push({
      cve: e.cveID,
      dateAdded: e.dateAdded,
      dueDate: typeof e.dueDate === 'string' && DAY.test(e.dueDate) ? e.dueDate : null,
      ransomware: str(e.knownRansomwareCampaignUse, 20),
      name: str(e.vulnerabilityName),
    });
  }
  const released = typeof doc.dateReleased === 'string' ? doc.dateReleased : null;
  return { rows, released, skipped: bad > 0 ? { 'KEV entry without a CVE id or date added': bad } : {} };
}

export interface EpssRow {
  cve: string;
  score: number;
  percentile: number;
}

/** EPSS CSV as FIRST publishes it: an optional `#model_version:…,score_date:…` line, a header, rows. */
export function parseEpss(text: string): {
  rows: EpssRow[];
  scoredOn: string | null;
  skipped: Record<string, number>;
} {
  const rows: EpssRow[] = [];
  let scoredOn: string | null = null;
  let bad = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const m = /score_date:(\d{4}-\d{2}-\d{2})/.exec(line);
      if (m) scoredOn = m[1]!;
      continue;
    }
    const [cve, score, percentile] = line.split(',');
    if (cve === 'cve') continue;
    const s = Number(score);
    const p = Number(percentile);
    if (cve === undefined || !CVE.test(cve) || !(s >= 0 && s <= 1) || !(p >= 0 && p <= 1)) {
      bad++;
      continue;
    }
    rows.push({ cve, score: s, percentile: p });
  }
  return { rows, scoredOn, skipped: bad > 0 ? { 'EPSS row without a CVE id and scores': bad } : {} };
}
