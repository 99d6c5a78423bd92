/**
 * SSH signatures (the sshsig format git writes with `gpg.format ssh`), verified with node:crypto:
 * Ed25519, ECDSA P-256/384/521 and RSA (rsa-sha2-256/512). The key is matched against an
 * allowed-signers file (`principals [options] keytype base64-key`), as `ssh-keygen -Y verify`
 * does; a key that file does not list is reported, not trusted.
 */
import { createHash, createPublicKey, type KeyObject, verify } from 'node:crypto';

class Reader {
  offset = 0;
  constructor(readonly buf: Buffer) {}
  bytes(): Buffer {
    if (this.offset + 4 > this.buf.length) throw new Error('truncated');
    const n = this.buf.readUInt32BE(this.offset);
    this.offset += 4;
    if (this.offset + n > this.buf.length) throw new Error('truncated');
    const out = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
  string(): string {
    return this.bytes().toString('latin1');
  }
}

function sshString(b: Buffer | string): Buffer {
  const body = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
}

const b64url = (b: Buffer) => b.toString('base64url');
/** An SSH mpint as unsigned big-endian bytes of `size` (leading zeros dropped or added). */
function unsigned(b: Buffer, size?: number): Buffer {
  let x = b;
  while (x.length > 1 && x[0] === 0) x = x.subarray(1);
  if (size === undefined || x.length >= size) return x;
  return Buffer.concat([Buffer.alloc(size - x.length), x]);
}

const CURVES: Record<string, { crv: string; size: number; hash: string }> = {
  nistp256: { crv: 'P-256', size: 32, hash: 'sha256' },
  nistp384: { crv: 'P-384', size: 48, hash: 'sha384' },
  nistp521: { crv: 'P-521', size: 66, hash: 'sha512' },
};

/** A public key from its SSH wire blob, or undefined for a type this does not know. */
export function sshPublicKey(blob: Buffer): { type: string; key: KeyObject } | undefined {
  try {
    const r = new Reader(blob);
    const type = r.string();
    if (type === 'ssh-ed25519') {
      return {
        type,
        key: createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64url(r.bytes()) }, format: 'jwk' }),
      };
    }
    if (type.startsWith('ecdsa-sha2-')) {
      const curve = CURVES[r.string()];
      const q = r.bytes();
      if (!curve || q[0] !== 4) return undefined;
      const x = q.subarray(1, 1 + curve.size);
      const y = q.subarray(1 + curve.size);
      return {
        type,
        key: createPublicKey({
          key: { kty: 'EC', crv: curve.crv, x: b64url(x), y: b64url(y) },
          format: 'jwk',
        }),
      };
    }
    if (type === 'ssh-rsa') {
      const e = unsigned(r.bytes());
      const n = unsigned(r.bytes());
      return {
        type,
        key: createPublicKey({ key: { kty: 'RSA', e: b64url(e), n: b64url(n) }, format: 'jwk' }),
      };
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** `SHA256:<base64>` as ssh-keygen prints a key's fingerprint. */
export function sshFingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

export interface AllowedSigner {
  principals: string;
  keyBlob: Buffer;
  namespaces?: string[];
}

const KEY_TYPES =
  /^(?:ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(?:256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com)$/;

/** An allowed-signers file; lines it cannot read are skipped. */
export function parseAllowedSigners(text: string): AllowedSigner[] {
  const out: AllowedSigner[] = [];
  for (const raw of text.split('\n').slice(0, 10_000)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    // options may hold quoted spaces: namespaces="git,file"
    const words = line.match(/(?:[^\s"]+|"[^"]*")+/g) ?? [];
    const typeAt = words.findIndex((w, i) => i > 0 && KEY_TYPES.test(w));
    if (typeAt < 1 || !words[typeAt + 1]) continue;
    const options = words.slice(1, typeAt).join(',');
    const ns = /namespaces="([^"]*)"/i.exec(options)?.[1];
    out.push({
      principals: words[0]!,
      keyBlob: Buffer.from(words[typeAt + 1]!, 'base64'),
      ...(ns ? { namespaces: ns.split(',').map((n) => n.trim()) } : {}),
    });
  }
  return out;
}

export interface SshSignatureCheck {
  /** valid: the signature verifies and the key is an allowed signer; unknown-key: it verifies with a key not listed. */
  status: 'valid' | 'invalid' | 'unknown-key' | 'unreadable';
  fingerprint?: string;
  principals?: string;
}

/** Verifies an armored SSH signature over `payload` in namespace `git`. */
export function verifySshSignature(
  armored: string,
  payload: Buffer,
  allowed: readonly AllowedSigner[],
): SshSignatureCheck {
  const body = armored.replace(/-----(?:BEGIN|END) SSH SIGNATURE-----/g, '').replace(/\s+/g, '');
  try {
    const blob = Buffer.from(body, 'base64');
    if (blob.subarray(0, 6).toString('latin1') !== 'SSHSIG') return { status: 'unreadable' };
    const r = new Reader(blob.subarray(10));
    const keyBlob = r.bytes();
    const namespace = r.string();
    const reserved = r.bytes();
    const hashAlg = r.string();
    const sig = new Reader(r.bytes());
    const sigType = sig.string();
    const sigBytes = sig.bytes();
    const fingerprint = sshFingerprint(keyBlob);
    const pub = sshPublicKey(keyBlob);
    if (!pub || (hashAlg !== 'sha512' && hashAlg !== 'sha256')) return { status: 'unreadable', fingerprint };
    const signed = Buffer.concat([
      Buffer.from('SSHSIG', 'latin1'),
      sshString(namespace),
      sshString(reserved),
      sshString(hashAlg),
      sshString(createHash(hashAlg).update(payload).digest()),
    ]);
    let ok: boolean;
    if (pub.type === 'ssh-ed25519') ok = verify(null, signed, pub.key, sigBytes);
    else if (pub.type.startsWith('ecdsa-sha2-')) {
      const curve = CURVES[pub.type.slice('ecdsa-sha2-'.length)]!;
      const rs = new Reader(sigBytes);
      const raw = Buffer.concat([unsigned(rs.bytes(), curve.size), unsigned(rs.bytes(), curve.size)]);
      ok = verify(curve.hash, signed, { key: pub.key, dsaEncoding: 'ieee-p1363' }, raw);
    } else {
      ok = verify(sigType === 'rsa-sha2-256' ? 'sha256' : 'sha512', signed, pub.key, sigBytes);
    }
    if (!ok || namespace !== 'git') return { status: 'invalid', fingerprint };
    const signer = allowed.find(
      (a) => a.keyBlob.equals(keyBlob) && (!a.namespaces || a.namespaces.includes('git')),
    );
    return signer
      ? { status: 'valid', fingerprint, principals: signer.principals }
      : { status: 'unknown-key', fingerprint };
  } catch {
    return { status: 'unreadable' };
  }
}
