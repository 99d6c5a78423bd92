/**
 * Data: copyleft licence families, by SPDX id prefix (and the words non-SPDX names use), and the
 * lockfile formats that record each package's licence.
 */

export interface CopyleftFamily {
  /** Matches an SPDX id (case-insensitive). */
  id: RegExp;
  /** Matches a free-text licence name that is not an SPDX expression. */
  name?: RegExp;
  label: string;
  strength: 'strong' | 'weak' | 'network';
}

export const copyleftFamilies: readonly CopyleftFamily[] = [
  { id: /^AGPL-/i, name: /\baffero\b|\bagpl/i, label: 'AGPL', strength: 'network' },
  { id: /^SSPL-/i, name: /server side public/i, label: 'SSPL', strength: 'network' },
  { id: /^LGPL-/i, name: /\blesser general public\b|\blgpl/i, label: 'LGPL', strength: 'weak' },
  { id: /^GPL-/i, name: /\bgeneral public licen[cs]e\b|\bgpl/i, label: 'GPL', strength: 'strong' },
  { id: /^MPL-/i, name: /\bmozilla public\b/i, label: 'MPL', strength: 'weak' },
  { id: /^EPL-/i, name: /\beclipse public\b/i, label: 'EPL', strength: 'weak' },
  { id: /^CDDL-/i, name: /\bcommon development and distribution\b/i, label: 'CDDL', strength: 'weak' },
  { id: /^EUPL-/i, name: /\beuropean union public\b/i, label: 'EUPL', strength: 'strong' },
  { id: /^OSL-/i, name: /\bopen software licen[cs]e\b/i, label: 'OSL', strength: 'strong' },
  { id: /^CPL-1\.0$/i, name: /\bcommon public licen[cs]e\b/i, label: 'CPL', strength: 'weak' },
  { id: /^RPL-/i, label: 'RPL', strength: 'network' },
  { id: /^Sleepycat$/i, label: 'Sleepycat', strength: 'strong' },
  { id: /^QPL-/i, label: 'QPL', strength: 'strong' },
  { id: /^CC-BY(-NC)?-SA-/i, name: /\bsharealike\b|\bshare-alike\b/i, label: 'CC BY-SA', strength: 'strong' },
  { id: /^CECILL-(1|2)/i, label: 'CeCILL', strength: 'strong' },
  { id: /^CECILL-C$/i, label: 'CeCILL-C', strength: 'weak' },
  { id: /^MS-RL$/i, label: 'MS-RL', strength: 'weak' },
  { id: /^APSL-/i, label: 'APSL', strength: 'weak' },
  { id: /^ODbL-/i, label: 'ODbL', strength: 'strong' },
];

/** Extractors whose format records a licence per package (npm lockfile v2+, composer.lock). */
export const licenceCarryingFormats: ReadonlySet<string> = new Set([
  'javascript/packagelockjson',
  'php/composerlock',
]);

/** How a product licence in vouch.yaml says "not open source". */
export const proprietaryProductLicence =
  /^(proprietary|commercial|unlicensed|all rights reserved)$|^LicenseRef-.*(proprietary|commercial)/i;
