import { describe, expect, it } from 'vitest';
import { oneYearAfter, parseDateTime } from './date-time.js';
import { generate, SecurityTxtError } from './generate.js';
import { isLanguageTag } from './language-tag.js';
import { parse } from './parse.js';
import { checkUri } from './uri.js';

const now = new Date('2026-08-20T00:00:00Z');

describe('parse: positions and clauses', () => {
  it('points value errors at the value and every diagnostic at its clause', () => {
    const r = parse('Contact: ftp://example.com/\nExpires:   nope\nPolicy: http://example.com/\n', { now });
    expect(r.diagnostics.map((d) => [d.code, d.line, d.column, d.rfc])).toEqual([
      ['contact-scheme', 1, 10, '2.5.3'],
      ['expires-syntax', 2, 12, '2.5.5'],
      ['not-https', 3, 9, '2.5.7'],
      ['unsigned', null, null, '2.3'],
    ]);
    expect(r.valid).toBe(false);
    expect(r.fields.map((f) => f.name)).toEqual(['Contact', 'Expires', 'Policy']);
  });

  it('reads a signed file with CRLF and dash-escaping, keeping physical columns and the armour', () => {
    const text = [
      '-----BEGIN PGP SIGNED MESSAGE-----',
      'Hash: SHA512',
      '',
      '- Contact: mailto:security@example.com',
      'Encryption: openpgp4fpr:0123456789ABCDEF',
      'Canonical: https://example.com/.well-known/security.txt',
      'Expires: 2027-01-01T00:00:00+01:00',
      '-----BEGIN PGP SIGNATURE-----',
      '',
      'iQEzBAEBCgAdFiEE',
      '-----END PGP SIGNATURE-----',
      '',
    ].join('\r\n');
    const r = parse(text, { now, location: 'https://example.com/.well-known/security.txt' });
    expect(r.signed).toBe(true);
    expect(r.valid).toBe(true);
    expect(r.diagnostics).toEqual([]);
    expect(r.fields[0]).toEqual({
      name: 'Contact',
      value: 'mailto:security@example.com',
      line: 4,
      column: 3,
    });
    expect(r.expiresAt).toBe('2026-12-31T23:00:00.000Z');
    expect(r.signature?.hashes).toEqual(['SHA512']);
    expect(r.signature?.armoured).toMatch(
      /^-----BEGIN PGP SIGNATURE-----\n\niQEzBAEBCgAdFiEE\n-----END PGP SIGNATURE-----$/,
    );
  });

  it('treats text after the signature as breaking the envelope', () => {
    const r = parse(
      '-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nContact: https://e.example/\nExpires: 2027-01-01T00:00:00Z\n-----BEGIN PGP SIGNATURE-----\nx\n-----END PGP SIGNATURE-----\nContact: https://evil.example/\n',
      { now },
    );
    expect(r.signed).toBe(false);
    expect(r.contact).toEqual(['https://e.example/', 'https://evil.example/']);
  });

  it('warns when no Canonical lists the location read, and not when one does', () => {
    const text =
      'Contact: https://e.example/\nExpires: 2027-01-01T00:00:00Z\nCanonical: https://e.example/.well-known/security.txt\n';
    const elsewhere = parse(text, { now, location: 'https://mirror.example/.well-known/security.txt' });
    expect(elsewhere.diagnostics.find((d) => d.code === 'canonical-mismatch')).toMatchObject({
      level: 'warning',
      line: 3,
    });
    const here = parse(text, {
      now,
      location: ['https://x.example/', 'https://e.example/.well-known/security.txt'],
    });
    expect(here.diagnostics.map((d) => d.code)).toEqual(['unsigned']);
  });

  it('judges Expires against the instant given, not the clock', () => {
    const text = 'Contact: https://e.example/\nExpires: 2027-01-01T00:00:00Z\n';
    expect(parse(text, { now: new Date('2025-12-31T23:59:59Z') }).diagnostics.map((d) => d.code)).toEqual([
      'expires-far',
      'unsigned',
    ]);
    expect(parse(text, { now: new Date('2026-01-01T00:00:00Z') }).diagnostics.map((d) => d.code)).toEqual([
      'unsigned',
    ]);
    expect(parse(text, { now: new Date('2027-01-01T00:00:00Z') }).valid).toBe(true);
    expect(parse(text, { now: new Date('2027-01-01T00:00:00.001Z') }).diagnostics[0]?.code).toBe('expired');
  });
});

describe('generate', () => {
  const manifestLike = {
    contacts: ['mailto:security@vouch-tool.dev'],
    expires: new Date('2027-06-30T00:00:00Z'),
    encryption: 'https://vouch-tool.dev/pgp.asc',
    policy: 'https://vouch-tool.dev/security',
    preferredLanguages: ['en', 'cy'],
    canonical: 'https://vouch-tool.dev/.well-known/security.txt',
  };

  it('writes the registered fields in a fixed order, and the result passes the parser', () => {
    const text = generate(manifestLike, { now });
    expect(text).toBe(
      'Contact: mailto:security@vouch-tool.dev\nExpires: 2027-06-30T00:00:00.000Z\nCanonical: https://vouch-tool.dev/.well-known/security.txt\nEncryption: https://vouch-tool.dev/pgp.asc\nPolicy: https://vouch-tool.dev/security\nPreferred-Languages: en, cy\n',
    );
    expect(parse(text, { now }).valid).toBe(true);
  });

  it('throws with the diagnostics when the file would be invalid', () => {
    const err = (() => {
      try {
        generate(
          { ...manifestLike, expires: '2026-01-01T00:00:00Z', policy: 'http://vouch-tool.dev/' },
          { now },
        );
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(SecurityTxtError);
    expect((err as SecurityTxtError).diagnostics.map((d) => d.code)).toEqual(['expired', 'not-https']);
  });

  it('refuses values that would add lines', () => {
    expect(() =>
      generate({ ...manifestLike, policy: 'https://a.example/\u2028Contact: x' }, { now }),
    ).toThrow(/line break/);
    expect(() => generate({ ...manifestLike, comments: ['ok', 'no\rpe'] }, { now })).toThrow(/line break/);
  });
});

describe('field value syntax', () => {
  it.each([
    ['https://example.com/a?b=c#d', true],
    ['HTTPS://example.com', true],
    ['https://[2001:db8::1]:8443/x', true],
    ['mailto:security%2Btriage@example.com', true],
    ['tel:+44-20-7946-0000', true],
    ['dns:key.example.com?type=OPENPGPKEY', true],
    ['openpgp4fpr:0123456789ABCDEF', true],
    ['security@example.com', false],
    ['https://', false],
    ['https:///path', false],
    ['https://exa mple.com/', false],
    ['https://example.com/\u00e9', false],
    ['https://example.com/%zz', false],
    ['mailto:', false],
    ['mailto:#x', false],
    ['https://example.com/a#b#c', false],
  ])('URI %s → %s', (value, ok) => {
    expect(checkUri(value).ok).toBe(ok);
  });

  it.each([
    ['en', true],
    ['EN-gb', true],
    ['zh-Hant-TW', true],
    ['cy-GB-x-informal', true],
    ['i-klingon', true],
    ['de-1996', true],
    ['de-1996-1996', false],
    ['en-a-bbb-a-ccc', false],
    ['e', false],
    ['englishes', false],
    ['en-', false],
  ])('language tag %s → %s', (tag, ok) => {
    expect(isLanguageTag(tag)).toBe(ok);
  });

  it.each([
    ['2028-02-29T12:00:00Z', Date.UTC(2028, 1, 29, 12)],
    ['2027-01-01t00:00:00.5z', Date.UTC(2027, 0, 1, 0, 0, 0, 500)],
    ['2027-01-01T00:00:00-05:30', Date.UTC(2027, 0, 1, 5, 30)],
    ['2027-02-29T00:00:00Z', undefined],
    ['2027-01-01T24:00:00Z', undefined],
    ['2027-01-01', undefined],
    ['2027-01-01T00:00Z', undefined],
  ])('date-time %s', (text, ms) => {
    expect(parseDateTime(text)).toBe(ms);
  });

  it('counts a year ahead by the calendar, clamping 29 February', () => {
    expect(new Date(oneYearAfter(Date.UTC(2028, 1, 29, 6))).toISOString()).toBe('2029-02-28T06:00:00.000Z');
  });
});
