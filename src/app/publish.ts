/**
 * `vouch publish`: the static trust-page folder a vendor serves for customers. It holds the
 * conformance summary (index.html) and the assessment as JSON, the support statement and dates,
 * the product's CSAF advisories (copied byte for byte from the repository's advisories/ folder)
 * with an Atom feed, a security.txt generated from vouch.yaml and checked by vouch's own parser,
 * and CycloneDX and SPDX SBOMs. The configuration gate has already refused an invalid vouch.yaml.
 */
import { lstatSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { AssessmentReport } from '../assessment/types.js';
import type { RunContext } from '../collectors/types.js';
import { renderIncidentFeed, renderIncidentsHtml } from '../formats/incidents/index.js';
import {
  renderAdvisoryFeed,
  renderTrustPage,
  TRUST_PAGE_CSS,
  type TrustPageAdvisory,
  type TrustPageLink,
} from '../formats/trust-page/index.js';
import type { ManifestResult } from '../manifest/load.js';
import type { ProductRepository } from '../repository/product-repositories.js';
import { toSafeJson } from '../util/text.js';
import { VERSION } from '../version.js';
import { assess } from './assess.js';
import { repositorySbom } from './sbom.js';
import { supportOutput } from './support.js';

/** Written into every folder vouch publishes, so that a later run may replace it and nothing else. */
export const PUBLISH_MARKER = '.vouch-publish';
/** The folder of the published site that holds the advisories (CSAF 2.0 JSON, one per file). */
export const ADVISORIES_DIR = 'advisories';
/** security.txt should be refreshed well within a year (RFC 9116 §2.5.5); vouch writes half a year. */
export const SECURITY_TXT_DAYS = 180;

export interface PublishOptions {
  run: RunContext;
  /** https://... where the folder will be served: security.txt's Canonical and absolute feed links. */
  baseUrl?: string;
  /** RFC 3339 expiry for security.txt; SECURITY_TXT_DAYS after the run's day by default. */
  securityTxtExpires?: string;
  /**
   * The product's repositories (vouch.yaml `repositories:`, resolved by the caller): the
   * assessment judges them as one product and the SBOMs hold the components of them all.
   */
  repositories?: readonly ProductRepository[];
}

export interface PublishResult {
  ok: boolean;
  /** What stopped the publication (ok false), or what was left out (ok true). */
  problems: string[];
  files: string[];
  report?: AssessmentReport;
}

/** The output folder may be new, empty, or one vouch published before; never anything else. */
export function checkOutputFolder(out: string): string | undefined {
  let entries: string[];
  try {
    if (!lstatSync(out).isDirectory()) return `${out} is not a folder`;
    entries = readdirSync(out);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return `cannot read ${out}: ${(e as Error).message}`;
  }
  if (entries.length > 0 && !entries.includes(PUBLISH_MARKER))
    return `${out} is not empty and was not written by vouch publish: give a new or empty folder`;
  return undefined;
}

/** CSAF's file-name rule (lower case; anything but a-z, 0-9, + and - becomes _) for a tracking id. */
export function csafFileName(trackingId: string): string {
  return `${trackingId.toLowerCase().replace(/[^+\-a-z0-9]+/g, '_')}.json`;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

interface AdvisoryFile {
  advisory: TrustPageAdvisory;
  bytes: string;
}

/**
 * The repository's CSAF advisories (vouch.yaml `advisories.path`, default advisories/): only those
 * that pass the CSAF 2.0 schema and the mandatory tests are published, byte for byte; every other
 * one is named in `problems`.
 */
export async function readAdvisories(
  root: string,
  folder: string,
  problems: string[],
): Promise<AdvisoryFile[]> {
  const [{ readAdvisoryFolder }, { validateCsaf }] = await Promise.all([
    import('./advisory.js'),
    import('../formats/csaf/validate.js'),
  ]);
  const out: AdvisoryFile[] = [];
  const taken = new Set<string>();
  for (const read of await readAdvisoryFolder(join(root, folder))) {
    const shown = relative(root, read.file);
    if (read.problem !== undefined || read.text === undefined) {
      problems.push(`${shown}: not read (${read.problem ?? 'unreadable'}); left out`);
      continue;
    }
    const checked = validateCsaf(read.doc, read.text);
    if (!checked.valid) {
      const first = checked.problems[0];
      problems.push(
        `${shown}: not a valid CSAF 2.0 advisory (${checked.problems.length} problem(s)${first ? `, first: ${first.test} ${first.message}` : ''}; \`vouch advisory validate\` lists them); left out`,
      );
      continue;
    }
    const document = isRecord(read.doc) && isRecord(read.doc.document) ? read.doc.document : {};
    const tracking = isRecord(document.tracking) ? document.tracking : {};
    const id = String(tracking.id);
    const target = csafFileName(id);
    if (taken.has(target)) {
      problems.push(`${shown}: another advisory has the tracking id ${id}; left out`);
      continue;
    }
    taken.add(target);
    out.push({
      advisory: {
        href: `${ADVISORIES_DIR}/${target}`,
        id,
        title: String(document.title),
        released: String(tracking.current_release_date),
      },
      bytes: read.text,
    });
  }
  return out;
}

/** A contact as security.txt wants it: a URI (an e-mail address becomes mailto:). */
function contactUri(contact: string): string {
  const c = contact.trim();
  return /^[^\s@:/]+@[^\s@]+$/.test(c) ? `mailto:${c}` : c;
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().replace(/\.000Z$/, 'Z');
}

export async function publish(
  root: string,
  manifest: ManifestResult,
  out: string,
  options: PublishOptions,
): Promise<PublishResult> {
  const m = manifest.manifest;
  if (!manifest.found || !m)
    return { ok: false, problems: ['there is no vouch.yaml: run vouch init first'], files: [] };
  const refused = checkOutputFolder(out);
  if (refused) return { ok: false, problems: [refused], files: [] };
  if (options.baseUrl !== undefined && !/^https:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(options.baseUrl))
    return {
      ok: false,
      problems: [`--base-url must be an https:// address, not ${options.baseUrl}`],
      files: [],
    };

  const problems: string[] = [];
  const files = new Map<string, string | Buffer>();
  const today = options.run.today;
  const report = await assess(root, {
    run: options.run,
    ...(options.repositories ? { repositories: options.repositories } : {}),
  });
  const others = (options.repositories ?? []).filter((r) => !r.primary);
  files.set('assessment.json', `${toSafeJson(report, 2)}\n`);

  const support: TrustPageLink[] = [];
  if (m.support) {
    for (const [format, file, label] of [
      ['html', 'support.html', 'Support statement'],
      ['endoflife', 'support-endoflife.md', 'Support dates for endoflife.date'],
      ['openeox', 'support-openeox.json', 'Support dates as OpenEoX records'],
    ] as const) {
      const o = supportOutput(manifest, format, today);
      if (!o.ok) problems.push(o.problem);
      else {
        files.set(file, o.text);
        support.push({ href: file, label });
      }
    }
  }

  let securityTxtHref: string | undefined;
  if (m.vendor.securityContact) {
    const { generate, SecurityTxtError } = await import('../formats/securitytxt/generate.js');
    const base = options.baseUrl?.replace(/\/?$/, '/');
    try {
      const text = generate(
        {
          comments: [`Security contact for ${m.product.name}, published by vouch from vouch.yaml.`],
          contacts: contactUri(m.vendor.securityContact),
          expires: options.securityTxtExpires ?? addDays(today, SECURITY_TXT_DAYS),
          preferredLanguages: 'en',
          ...(base ? { canonical: new URL('.well-known/security.txt', base).href } : {}),
        },
        { now: new Date(`${today}T00:00:00Z`) },
      );
      files.set('.well-known/security.txt', text);
      securityTxtHref = '.well-known/security.txt';
    } catch (e) {
      if (!(e instanceof SecurityTxtError)) throw e;
      problems.push(`security.txt not written: ${e.message}`);
    }
  } else problems.push('security.txt not written: vouch.yaml declares no vendor.securityContact');

  const { advisorySettings } = await import('./advisory.js');
  const advisories = await readAdvisories(root, advisorySettings(m).folder, problems);
  for (const a of advisories) files.set(a.advisory.href, a.bytes);

  const sboms: TrustPageLink[] = [];
  for (const [format, file, label] of [
    ['cyclonedx', 'sbom.cdx.json', 'CycloneDX 1.6'],
    ['spdx', 'sbom.spdx.json', 'SPDX 2.3'],
  ] as const) {
    const sbom = await repositorySbom(root, { format, deterministic: true, others });
    problems.push(...sbom.warnings);
    if (!sbom.emitted.ok) {
      problems.push(`${label} SBOM not written: vouch's own output failed the ${sbom.emitted.schema}`);
      continue;
    }
    files.set(file, sbom.emitted.text);
    sboms.push({
      href: file,
      label: `${label} SBOM`,
      note: `${sbom.components} component${sbom.components === 1 ? '' : 's'}`,
    });
  }

  const input = {
    product: m.product,
    vendor: m.vendor,
    today,
    toolVersion: VERSION,
    report,
    reportHref: 'assessment.json',
    ...(securityTxtHref ? { securityTxtHref } : {}),
    support,
    sboms,
    advisories: advisories.map((a) => a.advisory),
    feedHref: 'advisories.atom',
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
  };
  if (m.incidents) {
    const page = {
      product: m.product.name,
      vendor: m.vendor.name,
      today,
      incidents: m.incidents,
      feedHref: 'incidents.atom',
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    };
    files.set('incidents.html', renderIncidentsHtml(page));
    files.set('incidents.atom', renderIncidentFeed(page));
  }
  files.set(
    'index.html',
    renderTrustPage({ ...input, ...(m.incidents ? { incidentsHref: 'incidents.html' } : {}) }),
  );
  files.set('style.css', TRUST_PAGE_CSS);
  files.set('advisories.atom', renderAdvisoryFeed(input));
  files.set(
    PUBLISH_MARKER,
    `vouch ${VERSION} published this folder on ${today}; vouch publish may replace it.\n`,
  );

  // Replace a folder vouch published before as a whole, so that nothing stale stays behind.
  rmSync(out, { recursive: true, force: true });
  for (const [path, content] of files) {
    mkdirSync(dirname(join(out, path)), { recursive: true });
    writeFileSync(join(out, path), content);
  }
  return { ok: true, problems, files: [...files.keys()].sort(), report };
}
