import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { licenceWords, matchLicenceText } from './licence.js';

const TRUTH = join(import.meta.dirname, '../../test/truth');
const SPDX = join(import.meta.dirname, '../../node_modules/spdx-license-list/licenses');
const spdxText = (id: string) =>
  (JSON.parse(readFileSync(join(SPDX, `${id}.json`), 'utf8')) as { licenseText: string }).licenseText;

describe('licence text matching', () => {
  it('recognises the real LICENSE files of the truth corpus', () => {
    const expected: Record<string, string | undefined> = {
      'composer+composer/LICENSE.upstream': 'MIT',
      'curl+curl/LICENSE.upstream': 'curl',
      'expressjs+express/LICENSE.upstream': 'MIT',
      'openai+openai-python/LICENSE.upstream': 'Apache-2.0',
      'pallets+flask/LICENSE.upstream': 'BSD-3-Clause',
      'rust-lang+cargo/LICENSE-APACHE.upstream': 'Apache-2.0',
      'rust-lang+cargo/LICENSE-MIT.upstream': 'MIT',
      'tokio-rs+tokio/LICENSE.upstream': 'MIT',
      // A licence notice pointing at Apache-2.0 is not the licence text.
      'NuGet+NuGet.Client/LICENSE.upstream': undefined,
    };
    for (const [file, id] of Object.entries(expected)) {
      expect(matchLicenceText(readFileSync(join(TRUTH, file), 'utf8'))?.id, file).toBe(id);
    }
    // Every LICENSE in the corpus is read without error.
    for (const d of readdirSync(TRUTH, { withFileTypes: true }).filter((e) => e.isDirectory())) {
      for (const f of readdirSync(join(TRUTH, d.name)).filter((n) => n.startsWith('LICENSE'))) {
        expect(() => matchLicenceText(readFileSync(join(TRUTH, d.name, f), 'utf8'))).not.toThrow();
      }
    }
  });

  it('tells close relatives apart (BSD-2 from BSD-3, MIT from MIT-0 and ISC)', () => {
    for (const id of ['BSD-2-Clause', 'BSD-3-Clause', 'MIT', 'MIT-0', 'ISC', '0BSD', 'Apache-2.0', 'MPL-2.0'])
      expect(matchLicenceText(spdxText(id))?.id, id).toBe(id);
  });

  it('ignores case, punctuation, bullets, copyright lines and re-wrapping, as the SPDX guidelines say', () => {
    const original = spdxText('BSD-3-Clause');
    const edited = original
      .replace(/Copyright.*\n/, 'Copyright (C) 2031 Someone Else <x@example.invalid>\n')
      .replace(/\n(\d)\./g, '\n  * ')
      .replace(/([^\n])\n(?!\n)/g, '$1 ')
      .toUpperCase()
      .replace(/"/g, '\u201c');
    expect(matchLicenceText(edited)?.id).toBe('BSD-3-Clause');
    expect(licenceWords('1. Redistributions, (a) of; SOURCE')).toEqual(['redistributions', 'of', 'source']);
  });

  it('does not call a text that is not a licence a licence, and leaves -only/-or-later to the vendor', () => {
    expect(
      matchLicenceText('# Widget\n\nA tool that does things. Licensed under terms to be agreed.'),
    ).toBeUndefined();
    const mit = spdxText('MIT');
    // Half a licence is not that licence.
    expect(matchLicenceText(mit.slice(0, mit.length / 2))).toBeUndefined();
    expect(matchLicenceText(spdxText('GPL-3.0-only'))).toMatchObject({
      id: 'GPL-3.0-only',
      ask: 'GPL-3.0-only or GPL-3.0-or-later',
    });
  });
});
