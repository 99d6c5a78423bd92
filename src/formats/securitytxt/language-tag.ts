/**
 * Language tags as RFC 5646 §2.1 writes them (well-formed), plus the two checks the ABNF
 * leaves to prose: no repeated variant (§2.2.5) and no repeated singleton (§2.2.6).
 * Case-insensitive throughout (§2.1.1).
 */

const LANGTAG =
  /^(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})(?:-[a-z]{4})?(?:-(?:[a-z]{2}|[0-9]{3}))?((?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*)((?:-[0-9a-wyz](?:-[a-z0-9]{2,8})+)*)(?:-x(?:-[a-z0-9]{1,8})+)?$/i;
const PRIVATE_USE = /^x(?:-[a-z0-9]{1,8})+$/i;
const GRANDFATHERED = new Set(
  [
    'en-GB-oed',
    'i-ami',
    'i-bnn',
    'i-default',
    'i-enochian',
    'i-hak',
    'i-klingon',
    'i-lux',
    'i-mingo',
    'i-navajo',
    'i-pwn',
    'i-tao',
    'i-tay',
    'i-tsu',
    'sgn-BE-FR',
    'sgn-BE-NL',
    'sgn-CH-DE',
    'art-lojban',
    'cel-gaulish',
    'no-bok',
    'no-nyn',
    'zh-guoyu',
    'zh-hakka',
    'zh-min',
    'zh-min-nan',
    'zh-xiang',
  ].map((t) => t.toLowerCase()),
);

export function isLanguageTag(tag: string): boolean {
  if (GRANDFATHERED.has(tag.toLowerCase()) || PRIVATE_USE.test(tag)) return true;
  const m = LANGTAG.exec(tag);
  if (!m) return false;
  const variants = (m[1] as string).toLowerCase().split('-').slice(1);
  if (new Set(variants).size !== variants.length) return false;
  const singletons = (m[2] as string)
    .toLowerCase()
    .split('-')
    .filter((s) => s.length === 1);
  return new Set(singletons).size === singletons.length;
}
