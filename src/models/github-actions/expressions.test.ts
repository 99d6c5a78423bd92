// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${{ ... }} here is GitHub's syntax under test
import { describe, expect, it } from 'vitest';
import { contextTrust } from './contexts.js';
import { contextReferences, type Expr, embeddedExpressions, parseExpression } from './expressions.js';

function parse(source: string): Expr {
  const r = parseExpression(source);
  if (!('expr' in r)) throw new Error(`${source}: ${r.error}`);
  return r.expr;
}

/** A compact rendering of the tree, to compare shapes. */
function show(e: Expr): string {
  switch (e.type) {
    case 'literal':
      return JSON.stringify(e.value);
    case 'context':
      return e.name;
    case 'property':
      return `${show(e.object)}.${e.name}`;
    case 'index':
      return `${show(e.object)}[${show(e.index)}]`;
    case 'star':
      return `${show(e.object)}.*`;
    case 'call':
      return `${e.name}(${e.args.map(show).join(', ')})`;
    case 'unary':
      return `!(${show(e.operand)})`;
    case 'binary':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
  }
}

describe('expression parser', () => {
  it('parses literals, contexts, operators with GitHub precedence, calls and filters', () => {
    expect(show(parse("github.event_name == 'push' && !cancelled() || a.b[0] >= 2.5"))).toBe(
      '(((github.event_name == "push") && !(cancelled())) || (a.b[0] >= 2.5))',
    );
    expect(show(parse('contains(fromJSON(\'["a","b"]\'), matrix.os)'))).toBe(
      'contains(fromJSON("[\\"a\\",\\"b\\"]"), matrix.os)',
    );
    expect(show(parse('github.event.commits.*.message'))).toBe('github.event.commits.*.message');
    expect(show(parse("github['event'].pages[*].page_name"))).toBe('github["event"].pages.*.page_name');
    expect(show(parse("'it''s' != null"))).toBe('("it\'s" != null)');
    expect(show(parse('0xff == 255 && TRUE && .5 < 1e3 && -2'))).toBe(
      '((((255 == 255) && true) && (0.5 < 1000)) && -2)',
    );
  });

  it('returns errors as values with an offset, and bounds depth', () => {
    expect(parseExpression('a ==')).toMatchObject({ error: 'unexpected end of expression', offset: 4 });
    expect(parseExpression("'open")).toMatchObject({ error: 'unterminated string' });
    expect(parseExpression('a $ b')).toMatchObject({ offset: 2 });
    expect(parseExpression('')).toMatchObject({ error: 'empty expression' });
    expect(parseExpression(`${'('.repeat(500)}1${')'.repeat(500)}`)).toMatchObject({
      error: 'expression nested too deeply',
    });
    expect(parseExpression(`${'!'.repeat(500)}a`)).toMatchObject({ error: 'expression nested too deeply' });
  });

  it('finds embedded expressions, ignoring }} inside strings', () => {
    const text = "echo ${{ format('}}{0}', github.head_ref) }} and ${{ env.X }}";
    const found = embeddedExpressions(text);
    expect(found.map((e) => text.slice(e.start, e.end))).toEqual([
      "${{ format('}}{0}', github.head_ref) }}",
      '${{ env.X }}',
    ]);
    expect(embeddedExpressions('${{ unclosed')).toEqual([]);
  });

  it('lists context references, computed indexes as *', () => {
    const e = parse("toJSON(github.event.issue) || github.event.pages[inputs.n].page_name || 'x'");
    expect(contextReferences(e).map((r) => r.path)).toEqual([
      'github.event.issue',
      'github.event.pages.*.page_name',
      'inputs.n',
    ]);
  });
});

describe('context trust table (rules/github-actions-contexts.yaml)', () => {
  it('classifies attacker-controllable, fixed and unknown contexts', () => {
    expect(contextTrust('github.event.pull_request.title')).toBe('attacker');
    expect(contextTrust('GitHub.Head_Ref')).toBe('attacker');
    expect(contextTrust('github.event.commits.*.message')).toBe('attacker');
    expect(contextTrust('github.event.commits.0.message')).toBe('attacker');
    // an object that holds attacker text
    expect(contextTrust('github.event.pull_request')).toBe('attacker');
    expect(contextTrust('github.event.pull_request.head.sha')).toBe('fixed');
    expect(contextTrust('secrets.GITHUB_TOKEN')).toBe('fixed');
    expect(contextTrust('github.sha')).toBe('fixed');
    expect(contextTrust('matrix.os')).toBe('unknown');
    expect(contextTrust('steps.x.outputs.y')).toBe('unknown');
  });
});
