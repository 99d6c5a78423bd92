/**
 * `vouch keygen`, `vouch sign` and `vouch verify`: offline Ed25519 signatures over what vouch
 * publishes. A detached `<file>.sig` always; inside a CycloneDX JSON document also an enveloped
 * JSF signature (the format provides for one), written before the detached signature so that
 * the detached one covers the final bytes. Input problems come back as `problem` (exit 2).
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type DetachedSignature,
  generateSigningKeys,
  MAX_SIGNATURE_FILE_BYTES,
  signDetached,
  signJsf,
  type Verification,
  verifyDetached,
  verifyJsf,
} from '../formats/signature/index.js';

/** Files larger than this are not statements or SBOMs vouch signs: refused with a message. */
export const MAX_SIGNED_FILE_BYTES = 256 * 1024 * 1024;

export const PRIVATE_KEY_FILE = 'vouch-signing.key';
export const PUBLIC_KEY_FILE = 'vouch-signing.pub';

export type Outcome<T> = ({ ok: true } & T) | { ok: false; problem: string };

export function keygen(
  dir: string,
  opts: { force?: boolean } = {},
): Outcome<{ privateKey: string; publicKey: string; keyId: string }> {
  if (existsSync(dir) && !statSync(dir).isDirectory())
    return { ok: false, problem: `${dir} is a file; give a folder for the key pair` };
  // A new folder for keys is private to its owner.
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const privateKey = join(dir, PRIVATE_KEY_FILE);
  const publicKey = join(dir, PUBLIC_KEY_FILE);
  if (!opts.force && (existsSync(privateKey) || existsSync(publicKey)))
    return {
      ok: false,
      problem: `${privateKey} or ${publicKey} exists; give --force to replace the key pair`,
    };
  const keys = generateSigningKeys();
  // The private key is readable by its owner only, from the moment it exists.
  const fd = openSync(privateKey, opts.force ? 'w' : 'wx', 0o600);
  try {
    writeFileSync(fd, keys.privateKeyPem);
  } finally {
    closeSync(fd);
  }
  writeFileSync(publicKey, keys.publicKeyPem);
  return { ok: true, privateKey, publicKey, keyId: keys.keyId };
}

function readInput(path: string, what: string, limit: number): Outcome<{ bytes: Buffer }> {
  let size: number;
  try {
    const s = statSync(path);
    if (!s.isFile()) return { ok: false, problem: `${what} ${path} is not a file` };
    size = s.size;
  } catch {
    return { ok: false, problem: `${what} ${path} does not exist` };
  }
  if (size > limit)
    return { ok: false, problem: `${what} ${path} is ${size} bytes, over the ${limit}-byte limit` };
  return { ok: true, bytes: readFileSync(path) };
}

function cycloneDxDocument(bytes: Buffer): Record<string, unknown> | undefined {
  // Only a JSON object that says it is CycloneDX: anything else is signed as plain bytes.
  if (!bytes.subarray(0, 64).toString('utf8').trimStart().startsWith('{')) return undefined;
  try {
    const doc = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
    return doc && typeof doc === 'object' && !Array.isArray(doc) && doc.bomFormat === 'CycloneDX'
      ? doc
      : undefined;
  } catch {
    return undefined;
  }
}

export function signFile(
  file: string,
  keyFile: string,
): Outcome<{ signatureFile: string; keyId: string; embedded: boolean }> {
  const key = readInput(keyFile, 'key', MAX_SIGNATURE_FILE_BYTES);
  if (!key.ok) return key;
  const input = readInput(file, 'file', MAX_SIGNED_FILE_BYTES);
  if (!input.ok) return input;
  const pem = key.bytes.toString('utf8');
  let bytes = input.bytes;
  let embedded = false;
  try {
    const bom = cycloneDxDocument(bytes);
    if (bom) {
      bytes = Buffer.from(`${JSON.stringify(signJsf(bom, pem), null, 2)}\n`, 'utf8');
      writeFileSync(file, bytes);
      embedded = true;
    }
    const signature = signDetached(bytes, pem);
    const signatureFile = `${file}.sig`;
    writeFileSync(signatureFile, `${JSON.stringify(signature, null, 2)}\n`);
    return { ok: true, signatureFile, keyId: signature.keyId, embedded };
  } catch (e) {
    return { ok: false, problem: `cannot sign with ${keyFile}: ${(e as Error).message}` };
  }
}

export interface FileVerification {
  valid: boolean;
  checks: (Verification & { kind: 'detached' | 'jsf' })[];
}

export function verifyFile(
  file: string,
  publicKeyFile: string,
  signatureFile = `${file}.sig`,
): Outcome<{ result: FileVerification }> {
  const key = readInput(publicKeyFile, 'public key', MAX_SIGNATURE_FILE_BYTES);
  if (!key.ok) return key;
  const input = readInput(file, 'file', MAX_SIGNED_FILE_BYTES);
  if (!input.ok) return input;
  const sig = readInput(signatureFile, 'signature', MAX_SIGNATURE_FILE_BYTES);
  if (!sig.ok) return sig;
  const pem = key.bytes.toString('utf8');
  let parsed: DetachedSignature | undefined;
  try {
    parsed = JSON.parse(sig.bytes.toString('utf8')) as DetachedSignature;
  } catch {
    parsed = undefined;
  }
  try {
    const checks: FileVerification['checks'] = [
      { kind: 'detached', ...verifyDetached(input.bytes, parsed, pem) },
    ];
    const bom = cycloneDxDocument(input.bytes);
    if (bom && bom.signature !== undefined) checks.push({ kind: 'jsf', ...verifyJsf(bom, pem) });
    return { ok: true, result: { valid: checks.every((c) => c.valid), checks } };
  } catch (e) {
    return { ok: false, problem: `cannot verify with ${publicKeyFile}: ${(e as Error).message}` };
  }
}
