/** OpenVEX 0.2.0 and CycloneDX VEX documents read into the one statement model. */
import {
  type VexJustification,
  type VexStatement,
  type VexStatus,
  vexJustifications,
  vexStatuses,
} from './model.js';

/** CycloneDX analysis states onto OpenVEX statuses. */
const CDX_STATE: Record<string, VexStatus> = {
  not_affected: 'not_affected',
  false_positive: 'not_affected',
  resolved: 'fixed',
  resolved_with_pedigree: 'fixed',
  exploitable: 'affected',
  in_triage: 'under_investigation',
};

/** CycloneDX justifications onto OpenVEX ones; the rest have no OpenVEX equivalent. */
const CDX_JUSTIFICATION: Record<string, VexJustification> = {
  code_not_present: 'vulnerable_code_not_present',
  code_not_reachable: 'vulnerable_code_not_in_execute_path',
  requires_configuration: 'vulnerable_code_cannot_be_controlled_by_adversary',
  requires_dependency: 'component_not_present',
  requires_environment: 'vulnerable_code_cannot_be_controlled_by_adversary',
  protected_by_compiler: 'inline_mitigations_already_exist',
  protected_at_runtime: 'inline_mitigations_already_exist',
  protected_at_perimeter: 'inline_mitigations_already_exist',
  protected_by_mitigating_control: 'inline_mitigations_already_exist',
};

/**
 * OpenVEX justifications onto the CycloneDX one each reads back from (the mapping above is many to
 * one; these are the choices that round-trip).
 */
export const CDX_JUSTIFICATION_OF: Record<VexJustification, string> = {
  component_not_present: 'requires_dependency',
  vulnerable_code_not_present: 'code_not_present',
  vulnerable_code_not_in_execute_path: 'code_not_reachable',
  vulnerable_code_cannot_be_controlled_by_adversary: 'requires_environment',
  inline_mitigations_already_exist: 'protected_by_mitigating_control',
};

/** And back, for writing CycloneDX VEX. */
export const CDX_STATE_OF: Record<VexStatus, string> = {
  not_affected: 'not_affected',
  fixed: 'resolved',
  affected: 'exploitable',
  under_investigation: 'in_triage',
};

function obj(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

export class VexError extends Error {}

/** Statements of an OpenVEX or CycloneDX VEX document; throws VexError when it is neither. */
export function readVex(value: unknown, source: string, expires?: string): VexStatement[] {
  const doc = obj(value);
  if (doc === undefined) throw new VexError(`${source}: not a JSON object`);
  const out: VexStatement[] = [];
  if (typeof doc['@context'] === 'string' && doc['@context'].startsWith('https://openvex.dev/ns')) {
    for (const s of Array.isArray(doc.statements) ? doc.statements : []) {
      const st = obj(s);
      const vuln = obj(st?.vulnerability);
      const status = st?.status;
      if (typeof vuln?.name !== 'string' || !vexStatuses.includes(status as VexStatus)) continue;
      const products = (Array.isArray(st!.products) ? st!.products : [])
        .map((p) => obj(p)?.['@id'])
        .filter((p): p is string => typeof p === 'string');
      const justification = vexJustifications.find((j) => j === st!.justification);
      const names = [vuln.name, ...(Array.isArray(vuln.aliases) ? vuln.aliases : [])].filter(
        (n): n is string => typeof n === 'string',
      );
      for (const name of names)
        out.push({
          vulnerability: name,
          products,
          status: status as VexStatus,
          ...(justification ? { justification } : {}),
          ...(typeof st!.impact_statement === 'string' ? { impact: st!.impact_statement } : {}),
          ...(expires ? { expires } : {}),
          source,
        });
    }
    return out;
  }
  if (doc.bomFormat === 'CycloneDX') {
    const refs = new Map<string, string>();
    const walk = (components: unknown) => {
      for (const c of Array.isArray(components) ? components : []) {
        const co = obj(c);
        if (typeof co?.['bom-ref'] === 'string' && typeof co.purl === 'string')
          refs.set(co['bom-ref'], co.purl);
        walk(co?.components);
      }
    };
    walk(doc.components);
    for (const v of Array.isArray(doc.vulnerabilities) ? doc.vulnerabilities : []) {
      const vu = obj(v);
      const analysis = obj(vu?.analysis);
      const status = CDX_STATE[String(analysis?.state)];
      if (typeof vu?.id !== 'string' || status === undefined) continue;
      const products = (Array.isArray(vu.affects) ? vu.affects : [])
        .map((a) => obj(a)?.ref)
        .filter((r): r is string => typeof r === 'string')
        .map((r) => refs.get(r) ?? (r.startsWith('pkg:') ? r : undefined))
        .filter((p): p is string => p !== undefined);
      const justification = CDX_JUSTIFICATION[String(analysis?.justification)];
      out.push({
        vulnerability: vu.id,
        products,
        status,
        ...(justification ? { justification } : {}),
        ...(typeof analysis?.detail === 'string' ? { impact: analysis.detail } : {}),
        ...(expires ? { expires } : {}),
        source,
      });
    }
    return out;
  }
  throw new VexError(`${source}: neither OpenVEX (@context https://openvex.dev/ns/…) nor CycloneDX`);
}
