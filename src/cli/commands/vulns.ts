/**
 * `vouch vulns [path]`: known vulnerabilities in the product's components, from the advisory
 * store (`vouch db import`). A table for people; JSON, SARIF 2.1.0, OpenVEX 0.2.0 or CycloneDX
 * VEX for machines. `--fail-on` exits 1 when an active (unsuppressed) match reaches a priority.
 */
import { statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import type { VulnsReport } from '../../app/vulns.js';
import type { Severity } from '../../probes/types.js';
import { oneLine } from '../../util/text.js';
import { type Priority, priorities } from '../../vulnerabilities/priority.js';
import { EXIT } from '../exit-codes.js';
import { type CliIO, processIO } from '../io.js';
import { todayOptionValid } from '../options.js';

export const vulnsFormats = ['table', 'json', 'sarif', 'openvex', 'cyclonedx-vex'] as const;
export type VulnsFormat = (typeof vulnsFormats)[number];

export interface VulnsCliOptions {
  format: VulnsFormat;
  db?: string;
  failOn?: Priority;
  today?: string;
  output?: string;
}

export const VULN_RULE = 'vulnerable-dependency';

const SEVERITY: Record<Priority, Severity> = {
  'known-exploited': 'critical',
  high: 'high',
  medium: 'medium',
  low: 'low',
};

export function vulnsJson(report: VulnsReport): Record<string, unknown> {
  return {
    product: report.product,
    store: report.store,
    checked: report.checked,
    matches: report.matches.map((m) => ({
      id: m.id,
      aliases: m.aliases,
      ...(m.summary ? { summary: m.summary } : {}),
      purl: m.purl,
      component: m.component,
      location: m.location,
      ranges: m.records,
      priority: m.priority,
      ...(m.fix ? { fix: m.fix } : {}),
      ...(m.kev ? { kev: m.kev } : {}),
      ...(m.epss ? { epss: m.epss } : {}),
      cvss: m.cvss,
      firstSeen: m.firstSeen,
      ...(m.due ? { due: m.due } : {}),
      overdue: m.overdue,
    })),
    suppressed: report.suppressed.map(({ match, by }) => ({ id: match.id, purl: match.purl, by })),
    audit: report.audit,
    notChecked: report.notChecked,
    undecided: report.undecided,
    warnings: report.warnings,
  };
}

function table(report: VulnsReport): string {
  const lines: string[] = [];
  const rows = report.matches.map((m) => [
    m.priority,
    oneLine(m.id, 40),
    oneLine(`${m.component.name}@${m.component.version}`, 60),
    m.fix ? oneLine(m.fix, 30) : '-',
    m.due ? `${m.due}${m.overdue ? ' OVERDUE' : ''}` : '-',
  ]);
  const head = ['PRIORITY', 'VULNERABILITY', 'COMPONENT', 'FIX', 'DUE'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  if (rows.length > 0) lines.push(fmt(head), ...rows.map(fmt));
  lines.push(
    `${report.matches.length} vulnerable match(es) in ${report.checked} component(s) checked; ${report.suppressed.length} suppressed by VEX`,
  );
  const s = report.store;
  lines.push(
    s.stale
      ? `advisory store ${s.importedAt ? `is ${s.ageDays} day(s) old (limit ${s.maxAgeDays})` : 'has no advisories imported'}: results may be incomplete`
      : `advisory store imported ${s.importedAt} (${s.ageDays} day(s) old)`,
  );
  if (report.audit.length > 0) {
    lines.push('', 'VEX statements:');
    for (const a of report.audit)
      lines.push(
        `  ${oneLine(a.statement.vulnerability, 40)} ${a.statement.status}${a.statement.expires ? ` until ${a.statement.expires}` : ''}${a.expired ? ' (EXPIRED, not applied)' : ''} from ${oneLine(a.statement.source, 80)}: suppressed ${a.suppressed.length}`,
      );
  }
  for (const w of report.warnings) lines.push(`warning: ${oneLine(w, 300)}`);
  return `${lines.join('\n')}\n`;
}

async function render(report: VulnsReport, format: VulnsFormat, startedAt: Date): Promise<string> {
  if (format === 'table') return table(report);
  if (format === 'json') return `${JSON.stringify(vulnsJson(report), null, 2)}\n`;
  if (format === 'openvex' || format === 'cyclonedx-vex') {
    const { writeCycloneDxVex, writeOpenVex } = await import('../../vulnerabilities/vex/write.js');
    const outcome = { active: report.matches, suppressed: report.suppressed, audit: report.audit };
    const doc =
      format === 'openvex'
        ? writeOpenVex(outcome, { author: report.product, timestamp: startedAt.toISOString() })
        : writeCycloneDxVex(outcome);
    return `${JSON.stringify(doc, null, 2)}\n`;
  }
  const [{ renderSarif }, { fingerprint }] = await Promise.all([
    import('../../formats/sarif/index.js'),
    import('../../probes/finding.js'),
  ]);
  return renderSarif({
    automationId: 'vouch/vulns/',
    rules: [
      {
        id: VULN_RULE,
        title: 'Component with a known vulnerability',
        description: 'A component the product ships is in a version an advisory (OSV) lists as affected.',
        severity: 'high',
        confidence: 'high',
        remediation: {
          text: 'Upgrade the component to a fixed version, or record why it does not apply (VEX).',
        },
      },
    ],
    findings: report.matches.map((m) => ({
      rule: `${VULN_RULE}/${m.id}`,
      outcome: 'fail' as const,
      severity: SEVERITY[m.priority],
      confidence: 'high' as const,
      message: `${m.component.name}@${m.component.version} is affected by ${m.id}${m.aliases.length ? ` (${m.aliases.join(', ')})` : ''}; priority ${m.priority}`,
      location: { path: m.location.path, ...(m.location.line ? { line: m.location.line } : {}) },
      remediation: m.fix ? `Upgrade ${m.component.name} to ${m.fix} or later.` : 'No fixed version is known.',
      fingerprint: fingerprint(`${VULN_RULE}/${m.id}`, m.location.path, m.purl),
      properties: {
        purl: m.purl,
        aliases: m.aliases,
        priority: m.priority,
        ...(m.fix ? { fix: m.fix } : {}),
      },
    })),
  });
}

export async function runVulns(path: string, opts: VulnsCliOptions, io: CliIO = processIO): Promise<number> {
  const root = resolve(path);
  try {
    if (!statSync(root).isDirectory()) throw new Error();
  } catch {
    io.err(`vouch: ${oneLine(path)} is not a directory\n`);
    return EXIT.usage;
  }
  if (!todayOptionValid(io, opts.today)) {
    return EXIT.usage;
  }
  const { configGate } = await import('../config-gate.js');
  const gate = await configGate(io, root, Boolean(opts.failOn));
  if (!gate.ok) return EXIT.usage;
  const [{ vulns, NoStoreError }, { defaultRunContext }, { defaultStorePath }] = await Promise.all([
    import('../../app/vulns.js'),
    import('../../collectors/run.js'),
    import('../../store/db.js'),
  ]);
  const run = defaultRunContext(opts.today ? { today: opts.today } : {});
  let report: VulnsReport;
  try {
    report = await vulns(root, {
      run,
      db: opts.db ? resolve(opts.db) : defaultStorePath(root),
      ...(gate.check.manifest.manifest ? { manifest: gate.check.manifest.manifest } : {}),
    });
  } catch (e) {
    if (e instanceof NoStoreError) {
      io.err(`vouch: ${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
  const text = await render(report, opts.format, run.startedAt);
  if (opts.output) writeFileSync(opts.output, text);
  else io.out(text);
  if (report.store.stale)
    io.err(
      `vouch vulns: warning: the advisory store ${report.store.importedAt ? `is ${report.store.ageDays} day(s) old (limit ${report.store.maxAgeDays})` : 'holds no advisories'}; run \`vouch db update\` or \`vouch db import\`\n`,
    );
  if (opts.failOn) {
    const limit = priorities.indexOf(opts.failOn);
    if (report.matches.some((m) => priorities.indexOf(m.priority) <= limit)) return EXIT.failed;
  }
  return EXIT.ok;
}

export function registerVulnsCommand(program: Command, io: CliIO = processIO): void {
  program
    .command('vulns')
    .description('known vulnerabilities in the repository’s components, from the advisory store')
    .argument('[path]', 'repository root', '.')
    .addOption(new Option('--format <format>', 'output format').choices(vulnsFormats).default('table'))
    .option('--db <file>', 'advisory store (default: .vouch/vouch.db under the root)')
    .addOption(
      new Option(
        '--fail-on <priority>',
        'exit 1 when an unsuppressed match has this priority or higher',
      ).choices(priorities),
    )
    .option('--today <date>', 'date (YYYY-MM-DD) for VEX expiry and remediation windows')
    .option('-o, --output <file>', 'write the output to a file')
    .action(async (path: string, opts: VulnsCliOptions) => {
      process.exitCode = await runVulns(path, opts, io);
    });
}
