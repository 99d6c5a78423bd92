/**
 * Offline checks of release signatures with node:crypto: Sigstore bundles (a message signature
 * or a DSSE envelope), cosign's detached `.sig` (with its `.pem` certificate or a given key) and
 * in-toto statements (SLSA provenance). A signature is checked against the public key in the
 * bundle's certificate or a key the user gave; the certificate's chain to Fulcio, its identity and
 * the transparency-log entry need trust roots vouch does not hold offline, and every result says
 * so. OpenPGP signatures are recognised and reported as present, never guessed at.
 */
import { createPublicKey, createVerify, type KeyObject, verify, X509Certificate } from 'node:crypto';

export type SignatureStatus = 'valid' | 'invalid' | 'unverified';

export interface SignatureCheck {
  /** sigstore-bundle, cosign-signature, dsse, openpgp. */
  kind: string;
  status: SignatureStatus;
  /** What was checked and what was not, in one sentence. */
  detail: string;
  /** An in-toto statement whose subjects name this artefact: provenance or another attestation. */
  predicateType?: string;
}

/** A public key with where it came from (a given file, the bundle's certificate). */
export interface NamedKey {
  key: KeyObject;
  source: string;
}

/** What a verifier needs of one artefact: its digest, and its bytes on demand (signatures cover the bytes). */
export interface ArtefactData {
  sha256: string;
  chunks(): AsyncIterable<Buffer>;
}

const CHAIN_NOTE = 'certificate chain, identity and transparency log not checked offline';

/** The key of a PEM or base64 certificate (cosign writes base64 of the PEM), or undefined. */
export function keyFromCertificate(text: string): KeyObject | undefined {
  const candidates = [text];
  if (!text.includes('-----BEGIN')) candidates.push(Buffer.from(text.trim(), 'base64').toString('latin1'));
  for (const c of candidates) {
    try {
      return new X509Certificate(c).publicKey;
    } catch {
      try {
        return new X509Certificate(Buffer.from(c.trim(), 'base64')).publicKey;
      } catch {
        // next form
      }
    }
  }
  return undefined;
}

/** A PEM public key (cosign.pub), or undefined. */
export function keyFromPem(text: string): KeyObject | undefined {
  try {
    return createPublicKey(text);
  } catch {
    return undefined;
  }
}

function hashFor(key: KeyObject): string | null {
  if (key.asymmetricKeyType === 'ed25519' || key.asymmetricKeyType === 'ed448') return null;
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (curve === 'secp384r1') return 'sha384';
  if (curve === 'secp521r1') return 'sha512';
  return 'sha256';
}

/** Largest artefact held in memory for a signature scheme that cannot stream (Ed25519). */
const MAX_ONE_SHOT_BYTES = 256 * 1024 * 1024;

async function verifyOver(data: ArtefactData, key: KeyObject, signature: Buffer): Promise<boolean> {
  const hash = hashFor(key);
  try {
    if (hash === null) {
      const parts: Buffer[] = [];
      let size = 0;
      for await (const c of data.chunks()) {
        size += c.length;
        if (size > MAX_ONE_SHOT_BYTES) return false;
        parts.push(c);
      }
      return verify(null, Buffer.concat(parts), key, signature);
    }
    const v = createVerify(hash);
    for await (const c of data.chunks()) v.update(c);
    return v.verify(key, signature);
  } catch {
    return false;
  }
}

function verifyBytes(bytes: Buffer, key: KeyObject, signature: Buffer): boolean {
  try {
    return verify(hashFor(key), bytes, key, signature);
  } catch {
    return false;
  }
}

/** A signature over the artefact's bytes, checked with each key in turn. */
async function checkOverArtefact(
  kind: string,
  withoutKeys: string,
  signature: Buffer,
  data: ArtefactData,
  keys: readonly NamedKey[],
): Promise<SignatureCheck> {
  if (keys.length === 0) {
    return { kind, status: 'unverified', detail: `${withoutKeys} and no key given to check it with` };
  }
  const ok = await firstValidKey(keys, (k) => verifyOver(data, k, signature));
  return ok
    ? { kind, status: 'valid', detail: `signature valid for ${ok.source}; ${CHAIN_NOTE}` }
    : {
        kind,
        status: 'invalid',
        detail: `signature does not verify with ${keys.map((k) => k.source).join(' or ')}`,
      };
}

async function firstValidKey(
  keys: readonly NamedKey[],
  check: (key: KeyObject) => Promise<boolean> | boolean,
): Promise<NamedKey | undefined> {
  for (const k of keys) if (await check(k.key)) return k;
  return undefined;
}

function b64(value: unknown): Buffer | undefined {
  return typeof value === 'string' && value !== '' ? Buffer.from(value, 'base64') : undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** DSSE pre-authentication encoding: what a DSSE signature covers. */
export function dssePae(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `, 'utf8'),
    type,
    Buffer.from(` ${payload.length} `, 'utf8'),
    payload,
  ]);
}

export interface Statement {
  predicateType?: string;
  /** Subjects' sha256 digests (lower-case hex) with their names. */
  subjects: { name?: string; sha256?: string }[];
}

/** The in-toto statement a DSSE payload carries, or undefined when it is not one. */
export function statementOf(payloadType: string, payload: Buffer): Statement | undefined {
  if (payloadType !== 'application/vnd.in-toto+json') return undefined;
  try {
    const s = record(JSON.parse(payload.toString('utf8')));
    if (!s || !Array.isArray(s.subject)) return undefined;
    const subjects = s.subject.map((raw) => {
      const sub = record(raw);
      const digest = record(sub?.digest);
      const sha = typeof digest?.sha256 === 'string' ? digest.sha256.toLowerCase() : undefined;
      return {
        ...(typeof sub?.name === 'string' ? { name: sub.name } : {}),
        ...(sha ? { sha256: sha } : {}),
      };
    });
    return { ...(typeof s.predicateType === 'string' ? { predicateType: s.predicateType } : {}), subjects };
  } catch {
    return undefined;
  }
}

/** The envelope's statement and signature check; the statement names the artefacts it covers. */
export function checkEnvelope(
  envelope: Record<string, unknown>,
  keys: readonly NamedKey[],
): { statement?: Statement; check: SignatureCheck } {
  const payload = b64(envelope.payload);
  const payloadType = typeof envelope.payloadType === 'string' ? envelope.payloadType : '';
  if (!payload)
    return { check: { kind: 'dsse', status: 'invalid', detail: 'DSSE envelope without a payload' } };
  const statement = statementOf(payloadType, payload);
  const sigs = Array.isArray(envelope.signatures) ? envelope.signatures.map(record) : [];
  const pae = dssePae(payloadType, payload);
  const predicate = statement?.predicateType ? { predicateType: statement.predicateType } : {};
  if (keys.length === 0) {
    return {
      ...(statement ? { statement } : {}),
      check: {
        kind: 'dsse',
        status: 'unverified',
        detail: 'DSSE envelope present; no certificate or key to check its signature against',
        ...predicate,
      },
    };
  }
  for (const sig of sigs) {
    const bytes = b64(sig?.sig);
    if (!bytes) continue;
    const ok = keys.find((k) => verifyBytes(pae, k.key, bytes));
    if (ok) {
      return {
        ...(statement ? { statement } : {}),
        check: {
          kind: 'dsse',
          status: 'valid',
          detail: `DSSE signature valid for ${ok.source}; ${CHAIN_NOTE}`,
          ...predicate,
        },
      };
    }
  }
  return {
    ...(statement ? { statement } : {}),
    check: {
      kind: 'dsse',
      status: 'invalid',
      detail: `DSSE signature does not verify with ${keys.map((k) => k.source).join(' or ')}`,
      ...predicate,
    },
  };
}

/** Keys from the bundle's verification material (its leaf certificate), then the given ones. */
function bundleKeys(bundle: Record<string, unknown>, given: readonly NamedKey[]): NamedKey[] {
  const material = record(bundle.verificationMaterial);
  const cert = record(material?.certificate);
  const chain = record(material?.x509CertificateChain);
  const leaf =
    cert?.rawBytes ??
    (Array.isArray(chain?.certificates) ? record(chain.certificates[0])?.rawBytes : undefined);
  const keys: NamedKey[] = [];
  if (typeof leaf === 'string') {
    const key = keyFromCertificate(leaf);
    if (key) keys.push({ key, source: 'the certificate in the bundle' });
  }
  return [...keys, ...given];
}

export interface ParsedBundle {
  /** Message-signature bundles name the artefact by digest; DSSE bundles by their statement's subjects. */
  digest?: string;
  statement?: Statement;
  verifyAgainst(data: ArtefactData): Promise<SignatureCheck>;
}

/** A Sigstore bundle's JSON text, or why it is not one. */
export function parseSigstoreBundle(
  text: string,
  given: readonly NamedKey[],
): ParsedBundle | { error: string } {
  let bundle: Record<string, unknown> | undefined;
  try {
    bundle = record(JSON.parse(text));
  } catch (e) {
    return { error: `not JSON: ${(e as Error).message}` };
  }
  if (
    !bundle ||
    typeof bundle.mediaType !== 'string' ||
    !bundle.mediaType.startsWith('application/vnd.dev.sigstore.bundle')
  ) {
    return { error: 'not a Sigstore bundle (no sigstore bundle mediaType)' };
  }
  const keys = bundleKeys(bundle, given);
  const message = record(bundle.messageSignature);
  const envelope = record(bundle.dsseEnvelope);
  if (envelope) {
    const { statement, check } = checkEnvelope(envelope, keys);
    return {
      ...(statement ? { statement } : {}),
      verifyAgainst: async (data) => {
        if (check.status !== 'valid') return { ...check, kind: 'sigstore-bundle' };
        if (!statement?.subjects.some((s) => s.sha256 === data.sha256)) {
          return {
            ...check,
            kind: 'sigstore-bundle',
            status: 'invalid',
            detail: "the signed statement does not name this artefact's SHA-256",
          };
        }
        return { ...check, kind: 'sigstore-bundle' };
      },
    };
  }
  if (!message) return { error: 'Sigstore bundle with neither a message signature nor a DSSE envelope' };
  const digestRecord = record(message.messageDigest);
  const digest = b64(digestRecord?.digest)?.toString('hex');
  const signature = b64(message.signature);
  return {
    ...(digest && digestRecord?.algorithm === 'SHA2_256' ? { digest } : {}),
    verifyAgainst: async (data) => {
      const kind = 'sigstore-bundle';
      if (!signature) return { kind, status: 'invalid', detail: 'bundle without a signature' };
      if (digest !== undefined && digestRecord?.algorithm === 'SHA2_256' && digest !== data.sha256) {
        return {
          kind,
          status: 'invalid',
          detail: "the bundle's message digest is not this artefact's SHA-256",
        };
      }
      return checkOverArtefact(kind, 'bundle present; no certificate in it', signature, data, keys);
    },
  };
}

/** An OpenPGP signature (armored, or a binary signature packet). */
export function isOpenPgp(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 64).toString('latin1');
  if (head.startsWith('-----BEGIN PGP SIGNATURE-----')) return true;
  // old-format packet tag 2 (signature): 0x88-0x8b; new format: 0xc2
  return bytes.length > 0 && ((bytes[0]! & 0xfc) === 0x88 || bytes[0] === 0xc2);
}

/**
 * cosign's detached signature (`sign-blob --output-signature`: base64 of an ASN.1 signature) over
 * the artefact, checked with the certificate beside it (`.pem`, `.crt`, `.cert`) or given keys.
 */
export async function checkDetachedSignature(
  sigBytes: Buffer,
  data: ArtefactData,
  keys: readonly NamedKey[],
): Promise<SignatureCheck> {
  if (isOpenPgp(sigBytes)) {
    return {
      kind: 'openpgp',
      status: 'unverified',
      detail: 'OpenPGP signature present, not verified (no verifier for OpenPGP)',
    };
  }
  const kind = 'cosign-signature';
  const text = sigBytes.toString('latin1').trim();
  const signature = /^[A-Za-z0-9+/=\s]+$/.test(text) ? Buffer.from(text, 'base64') : sigBytes;
  return checkOverArtefact(kind, 'signature present; no certificate beside it', signature, data, keys);
}
