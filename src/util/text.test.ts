import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown, oneLine, wordWrap } from './text.js';

describe('output escaping', () => {
  it('oneLine flattens newlines and replaces control and bidi characters', () => {
    expect(oneLine('a\nb\tc\u001b[31md\u202ee')).toBe('a b c\\u001B[31md\\u202Ee');
    expect(oneLine('x'.repeat(500), 10)).toHaveLength(10);
  });
  it('escapeHtml leaves no markup', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });
  it('escapeMarkdown neutralises links, emphasis, tables and HTML', () => {
    const s = escapeMarkdown('[x](javascript:alert(1)) | *b* <img src=x>\n# h');
    expect(s).toBe('\\[x\\]\\(javascript:alert\\(1\\)\\) \\| \\*b\\* \\<img src=x\\> \\# h');
  });
  it('escapeMarkdown writes no HTML entities: apostrophes stay, & and < are backslash-escaped', () => {
    expect(escapeMarkdown("a person's R&D <team> &amp;")).toBe("a person's R\\&D \\<team\\> \\&amp;");
  });
  it('escapeMarkdown shows unsafe characters as escapes whose backslash survives rendering', () => {
    expect(escapeMarkdown('a\u202Eb')).toBe('a\\\\u202Eb');
  });
  it('wordWrap keeps every word, a long command included, within the width where it can', () => {
    const text = 'Run npx vouch sbom . --format cyclonedx --output sbom.cdx.json --deterministic in CI';
    const wrapped = wordWrap(text, '  ', '  ', 30);
    expect(wrapped.split('\n').every((l) => l.length <= 30)).toBe(true);
    expect(wrapped.replace(/\s+/g, ' ').trim()).toBe(text);
  });
  it('wordWrap never breaks a `code span`', () => {
    const text = 'e.g. `run: npm test`, `run: mvn -B verify` or `run: dotnet test` in a job';
    const wrapped = wordWrap(text, '', '', 24);
    expect(wrapped.split('\n')).toContain('`run: mvn -B verify` or');
  });
});
