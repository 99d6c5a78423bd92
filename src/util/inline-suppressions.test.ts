import { describe, expect, it } from 'vitest';
import { commentLeaders, inlineSuppressionFor, inlineSuppressions } from './inline-suppressions.js';

describe('inline suppressions', () => {
  it('reads the comment syntax of the file type, and any syntax for an unknown type', () => {
    const yaml = 'a: 1 # vouch: ignore[gha-x] reviewed\nb: 2 // vouch: ignore[gha-y] not a YAML comment\n';
    expect(inlineSuppressions(yaml, '.github/workflows/ci.yml').map((s) => s.rules)).toEqual([['gha-x']]);
    const ts =
      'const a = 1; // vouch: ignore[r1] fixture\nconst b = "# vouch: ignore[r2] inside a string";\n';
    expect(inlineSuppressions(ts, 'src/a.ts').map((s) => s.rules)).toEqual([['r1']]);
    expect(inlineSuppressions('x <!-- vouch: ignore[r3] why -->', 'README.md')[0]?.reason).toBe('why');
    expect(commentLeaders('notes.unknown')).toContain('//');
    expect(commentLeaders('Dockerfile')).toEqual(['#']);
  });

  it('covers its own line, and the next one when it stands alone', () => {
    const text = 'run: a # vouch: ignore[r] same line\n# vouch: ignore[r] next line\nrun: b\nrun: c\n';
    const list = inlineSuppressions(text, 'w.yml');
    expect(list.map((s) => [s.line, s.from, s.to])).toEqual([
      [1, 1, 1],
      [2, 2, 3],
    ]);
    expect(inlineSuppressionFor(list, 'r', { line: 3 })?.line).toBe(2);
    expect(inlineSuppressionFor(list, 'r', { line: 4 })).toBeUndefined();
    // a finding inside a step is covered by a comment anywhere on the step
    expect(inlineSuppressionFor(list, 'r', { line: 4, scope: { line: 3, endLine: 4 } })?.line).toBe(2);
  });

  it('matches the rule, a parent rule, or the last segment; nothing for an empty list', () => {
    const list = inlineSuppressions(
      '# vouch: ignore[gha-a, github-token] why\n# vouch: ignore[] no rule\n',
      'x.sh',
    );
    expect(list).toHaveLength(1);
    expect(inlineSuppressionFor(list, 'gha-a/sub', { line: 1 })).toBeDefined();
    expect(inlineSuppressionFor(list, 'secrets/github-token', { line: 1 })).toBeDefined();
    expect(inlineSuppressionFor(list, 'gha-b', { line: 1 })).toBeUndefined();
  });

  it("reads another tool's marker when asked, and keeps a missing reason empty", () => {
    const text = 'x: 1 # zizmor: ignore[artipacked]\n';
    expect(inlineSuppressions(text, 'w.yml')).toEqual([]);
    expect(inlineSuppressions(text, 'w.yml', 'zizmor')).toEqual([
      { line: 1, from: 1, to: 1, rules: ['artipacked'], reason: '' },
    ]);
  });
});
