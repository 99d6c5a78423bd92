import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown, oneLine } from './text.js';

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
    expect(s).toBe('\\[x\\]\\(javascript:alert\\(1\\)\\) \\| \\*b\\* &lt;img src=x&gt; \\# h');
  });
  it('escapeMarkdown shows unsafe characters as escapes whose backslash survives rendering', () => {
    expect(escapeMarkdown('a\u202Eb')).toBe('a\\\\u202Eb');
  });
});
