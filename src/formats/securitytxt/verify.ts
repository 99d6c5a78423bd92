/**
 * Verifying the OpenPGP cleartext signature of a security.txt (RFC 9116 §2.3) against a public
 * key the user gives (armoured). Offline: the key is never looked up. openpgp.js is loaded only
 * here, when a key is given.
 */

export const MAX_KEY_BYTES = 64 * 1024;

export type SignatureCheck =
  | { status: 'verified'; fingerprint: string; userIds: string[] }
  | { status: 'invalid'; reason: string }
  | { status: 'unusable-key'; reason: string };

export async function verifyCleartext(text: string, armoredKey: string): Promise<SignatureCheck> {
  const openpgp = await import('openpgp');
  let key: Awaited<ReturnType<typeof openpgp.readKey>>;
  try {
    key = await openpgp.readKey({ armoredKey });
  } catch (e) {
    return { status: 'unusable-key', reason: `not an armoured OpenPGP public key: ${(e as Error).message}` };
  }
  try {
    const message = await openpgp.readCleartextMessage({ cleartextMessage: text });
    const { signatures } = await openpgp.verify({ message, verificationKeys: key, expectSigned: true });
    // expectSigned makes verify throw unless a signature by this key is valid.
    await signatures[0]?.verified;
    return {
      status: 'verified',
      fingerprint: key.getFingerprint().toUpperCase(),
      userIds: key.getUserIDs(),
    };
  } catch (e) {
    return { status: 'invalid', reason: (e as Error).message };
  }
}
