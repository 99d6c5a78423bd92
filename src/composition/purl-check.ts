/**
 * Purl validation through packageurl-js, the reference implementation. Kept apart from purl.ts
 * so that building purls does not load it.
 */
import { PackageURL } from 'packageurl-js';

/** True when the string parses as a purl. */
export function isValidPurl(purl: string): boolean {
  try {
    PackageURL.fromString(purl);
    return true;
  } catch {
    return false;
  }
}
