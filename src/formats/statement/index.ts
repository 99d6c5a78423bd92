/**
 * The statement formats by name: `vouch statement --format NAME`. A new format is one entry here
 * (its renderer takes the Statement model and returns the document's text). Heavy renderers
 * (schema validation) are imported only when asked for.
 */
import type { Statement } from './model.js';

export interface StatementFormat {
  /** File name extension for the document, without the dot. */
  extension: string;
  description: string;
  /** The document; throws when the document would not be valid (a bug in vouch, not in the input). */
  render(statement: Statement): Promise<string>;
}

export const statementFormats = {
  markdown: {
    extension: 'md',
    description: 'self-assessment table per Code, one row per claim or provision',
    render: async (s) => (await import('./markdown.js')).renderStatementMarkdown(s),
  },
  html: {
    extension: 'html',
    description: 'one self-contained page: heat map, drill-down per claim, prints to PDF',
    render: async (s) => (await import('./html.js')).renderStatementHtml(s),
  },
  csv: {
    extension: 'csv',
    description: 'one row per claim or provision (RFC 4180), for spreadsheets and GRC tools',
    render: async (s) => (await import('./csv.js')).renderStatementCsv(s),
  },
  cyclonedx: {
    extension: 'cdx.json',
    description: 'CycloneDX 1.6 attestation: both Codes as standards, the claims, evidence and affirmation',
    render: async (s) => (await import('./cyclonedx.js')).renderStatementCycloneDx(s),
  },
  oscal: {
    extension: 'oscal.json',
    description: 'OSCAL 1.2.1 assessment results: one finding per claim, evidence as observations',
    render: async (s) => (await import('./oscal.js')).renderStatementOscal(s),
  },
  'oscal-catalog': {
    extension: 'oscal-catalog.json',
    description: 'OSCAL 1.2.1 catalog of both Codes (the controls the assessment results refer to)',
    render: async () => (await import('./oscal-catalogue.js')).renderOscalCatalog(),
  },
  'oscal-component': {
    extension: 'oscal-component.json',
    description: 'OSCAL 1.2.1 component definition: the product and the claims it meets',
    render: async (s) => (await import('./oscal.js')).renderComponentDefinition(s),
  },
  'oscal-mapping': {
    extension: 'oscal-mapping.json',
    description: 'OSCAL 1.2.1 mapping: OSPS Baseline controls to the SSCoP claims they cover',
    render: async () => (await import('./oscal-catalogue.js')).renderOspsMapping(),
  },
} satisfies Record<string, StatementFormat>;

export type StatementFormatName = keyof typeof statementFormats;
export const STATEMENT_FORMAT_NAMES = Object.keys(statementFormats) as StatementFormatName[];
