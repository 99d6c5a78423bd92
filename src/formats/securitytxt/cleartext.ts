/**
 * The OpenPGP cleartext signature framework (RFC 4880 §7), which RFC 9116 §2.3 recommends for
 * security.txt. Recognises the envelope and undoes dash-escaping; verifying the signature is
 * separate (and needs a key).
 */

export interface PhysicalLine {
  /** The line without its line ending. */
  text: string;
  /** 1-based line number in the file. */
  line: number;
  /** Characters before `text` on the physical line (2 for a dash-escaped "- " line). */
  offset: number;
}

export interface CleartextEnvelope {
  /** The signed lines, dash-escaping undone, with their physical positions. */
  body: PhysicalLine[];
  /** Hash algorithms the armour headers name. */
  hashes: string[];
  /** The ASCII-armoured signature block, BEGIN to END lines included. */
  signature: string;
}

const BEGIN_MESSAGE = '-----BEGIN PGP SIGNED MESSAGE-----';
const BEGIN_SIGNATURE = '-----BEGIN PGP SIGNATURE-----';
const END_SIGNATURE = '-----END PGP SIGNATURE-----';
const ARMOUR_HEADER = /^([A-Za-z0-9-]+): ?(.*)$/;

/** The envelope, or undefined when the lines are not one complete cleartext signed message. */
export function readCleartextEnvelope(lines: readonly PhysicalLine[]): CleartextEnvelope | undefined {
  // Trailing whitespace is not part of the markers (RFC 4880 §6.2 lets armour lines carry it).
  const at = (i: number) => lines[i]?.text.replace(/[ \t]+$/, '');
  if (at(0) !== BEGIN_MESSAGE) return undefined;
  let i = 1;
  const hashes: string[] = [];
  for (; i < lines.length && at(i) !== ''; i++) {
    const m = ARMOUR_HEADER.exec(at(i) as string);
    if (!m) return undefined;
    // RFC 4880 §7: the only header a cleartext signature carries is "Hash".
    if ((m[1] as string).toLowerCase() !== 'hash') return undefined;
    hashes.push(...(m[2] as string).split(',').map((h) => h.trim()));
  }
  if (hashes.length === 0 || i >= lines.length) return undefined;
  i++; // the blank line after the headers
  const body: PhysicalLine[] = [];
  for (; i < lines.length && at(i) !== BEGIN_SIGNATURE; i++) {
    const l = lines[i] as PhysicalLine;
    body.push(l.text.startsWith('- ') ? { text: l.text.slice(2), line: l.line, offset: 2 } : l);
  }
  if (i >= lines.length) return undefined;
  const start = i;
  for (; i < lines.length && at(i) !== END_SIGNATURE; i++);
  if (i >= lines.length) return undefined;
  const signature = lines
    .slice(start, i + 1)
    .map((l) => l.text)
    .join('\n');
  // Nothing but blank lines may follow the signature.
  for (let j = i + 1; j < lines.length; j++) if (!/^[ \t]*$/.test(lines[j]?.text ?? '')) return undefined;
  return { body, hashes, signature };
}
