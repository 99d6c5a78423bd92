/**
 * Offline signatures for what vouch publishes: Ed25519 keys in PEM (PKCS#8 private, SPKI
 * public), a detached signature file beside the signed file, and JSF (JSON Signature Format)
 * enveloped inside CycloneDX documents, whose schema provides for it.
 *
 * The detached signature is over the file's exact bytes, so `openssl pkeyutl -verify -rawin`
 * can check it too once the base64 value is decoded. Everything here is node:crypto.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { canonicalJson } from '../../util/canonical-json.js';

export const SIGNATURE_FORMAT = 'vouch-signature/1';
/** A signature file larger than this is not one of ours: refused before parsing. */
export const MAX_SIGNATURE_FILE_BYTES = 64 * 1024;

export interface SigningKeys {
  privateKeyPem: string;
  publicKeyPem: string;
  keyId: string;
}

export interface DetachedSignature {
  format: typeof SIGNATURE_FORMAT;
  algorithm: 'Ed25519';
  keyId: string;
  /** SHA-256 of the signed bytes, so a mismatch can say "the file changed" rather than only "invalid". */
  sha256: string;
  /** Base64 of the 64-byte Ed25519 signature over the file's bytes. */
  signature: string;
}

export interface Verification {
  valid: boolean;
  reason: string;
}

/** The public half (createPublicKey refuses a key that is already public). */
function publicOf(key: KeyObject): KeyObject {
  return key.type === 'public' ? key : createPublicKey(key);
}

/** `sha256:<hex>` of the public key's SPKI DER: names a key without quoting it. */
export function keyIdOf(key: KeyObject): string {
  const der = publicOf(key).export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(der).digest('hex')}`;
}

export function generateSigningKeys(): SigningKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyId: keyIdOf(publicKey),
  };
}

function ed25519(key: KeyObject, what: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(
      `${what} is a ${key.asymmetricKeyType ?? 'symmetric'} key; vouch signs with Ed25519 keys (vouch keygen)`,
    );
  return key;
}

export function privateKeyFrom(pem: string): KeyObject {
  return ed25519(createPrivateKey(pem), 'the private key');
}

/** A public key from SPKI PEM, or the public half of a private key PEM. */
export function publicKeyFrom(pem: string): KeyObject {
  return ed25519(createPublicKey(pem), 'the public key');
}

export function signDetached(bytes: Uint8Array, privateKeyPem: string): DetachedSignature {
  const key = privateKeyFrom(privateKeyPem);
  return {
    format: SIGNATURE_FORMAT,
    algorithm: 'Ed25519',
    keyId: keyIdOf(key),
    sha256: createHash('sha256').update(bytes).digest('hex'),
    signature: sign(null, bytes, key).toString('base64'),
  };
}

function isDetached(v: unknown): v is DetachedSignature {
  const s = v as Partial<DetachedSignature> | null;
  return (
    typeof s === 'object' &&
    s !== null &&
    s.format === SIGNATURE_FORMAT &&
    s.algorithm === 'Ed25519' &&
    typeof s.keyId === 'string' &&
    typeof s.sha256 === 'string' &&
    typeof s.signature === 'string'
  );
}

/** Checks a detached signature (the parsed signature file) over `bytes` with the given public key. */
export function verifyDetached(
  bytes: Uint8Array,
  signatureFile: unknown,
  publicKeyPem: string,
): Verification {
  if (!isDetached(signatureFile))
    return { valid: false, reason: `the signature file is not a ${SIGNATURE_FORMAT} Ed25519 signature` };
  const key = publicKeyFrom(publicKeyPem);
  const keyId = keyIdOf(key);
  if (signatureFile.keyId !== keyId)
    return { valid: false, reason: `signed by key ${signatureFile.keyId}, not by the given key ${keyId}` };
  const raw = Buffer.from(signatureFile.signature, 'base64');
  if (raw.length !== 64) return { valid: false, reason: 'the signature value is not 64 bytes of base64' };
  if (!verify(null, bytes, key, raw)) {
    const digest = createHash('sha256').update(bytes).digest('hex');
    return {
      valid: false,
      reason:
        digest === signatureFile.sha256
          ? 'the signature does not verify (the signature itself was altered)'
          : 'the file changed after it was signed (its SHA-256 differs from the signed one)',
    };
  }
  return { valid: true, reason: `valid Ed25519 signature by ${keyId}` };
}

/** JSF public key: the raw 32-byte Ed25519 point, base64url, as a JWK would give it. */
function jwkOf(key: KeyObject): { kty: 'OKP'; crv: 'Ed25519'; x: string } {
  const jwk = publicOf(key).export({ format: 'jwk' }) as { x?: string };
  return { kty: 'OKP', crv: 'Ed25519', x: jwk.x ?? '' };
}

/**
 * Signs a JSON document with an enveloped JSF signature at its top-level `signature` property:
 * the signature object (without `value`) is part of what is canonicalised and signed.
 */
export function signJsf<T extends Record<string, unknown>>(
  doc: T,
  privateKeyPem: string,
): T & { signature: unknown } {
  const key = privateKeyFrom(privateKeyPem);
  const { signature: _previous, ...rest } = doc;
  const envelope = { algorithm: 'Ed25519', publicKey: jwkOf(key) };
  const bytes = Buffer.from(canonicalJson({ ...rest, signature: envelope }), 'utf8');
  const value = sign(null, bytes, key).toString('base64url');
  return { ...rest, signature: { ...envelope, value } } as T & { signature: unknown };
}

/** Checks a top-level JSF signature; with a public key, also that it is that key's. */
export function verifyJsf(doc: Record<string, unknown>, publicKeyPem?: string): Verification {
  const sig = doc.signature as
    | { algorithm?: unknown; publicKey?: { kty?: unknown; crv?: unknown; x?: unknown }; value?: unknown }
    | undefined;
  if (!sig || typeof sig !== 'object') return { valid: false, reason: 'the document has no JSF signature' };
  if (sig.algorithm !== 'Ed25519' || typeof sig.value !== 'string' || typeof sig.publicKey?.x !== 'string')
    return {
      valid: false,
      reason: 'the JSF signature is not an Ed25519 signature with an embedded public key',
    };
  let key: KeyObject;
  try {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: sig.publicKey.x }, format: 'jwk' });
  } catch {
    return { valid: false, reason: 'the JSF public key is not a valid Ed25519 key' };
  }
  if (publicKeyPem !== undefined && keyIdOf(key) !== keyIdOf(publicKeyFrom(publicKeyPem)))
    return { valid: false, reason: `the JSF signature is by key ${keyIdOf(key)}, not by the given key` };
  const { value, ...envelope } = sig;
  const bytes = Buffer.from(canonicalJson({ ...doc, signature: envelope }), 'utf8');
  const ok = verify(null, bytes, key, Buffer.from(value as string, 'base64url'));
  return ok
    ? { valid: true, reason: `valid JSF Ed25519 signature by ${keyIdOf(key)}` }
    : { valid: false, reason: 'the JSF signature does not verify: the document changed after signing' };
}
