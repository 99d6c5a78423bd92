import { describe, expect, it } from 'vitest';
import { memoryInventory } from '../../inventory/memory.js';
import { collectOne } from '../test-helpers.js';
import { type CodeownersFacts, codeownersCollector, parseCodeowners } from './index.js';

describe('codeowners collector', () => {
  it('parses rules, owners, positions, comments and escapes', () => {
    const file = parseCodeowners(
      'CODEOWNERS',
      '# top\n*       @acme/maintainers # trailing\n/docs/  docs@acme.io\n/my\\ dir/ @alice\n/unowned/\n  /src/** @bob\n',
    );
    expect(file.rules.map((r) => [r.pattern, r.owners, r.line, r.column])).toEqual([
      ['*', ['@acme/maintainers'], 2, 1],
      ['/docs/', ['docs@acme.io'], 3, 1],
      ['/my dir/', ['@alice'], 4, 1],
      ['/unowned/', [], 5, 1],
      ['/src/**', ['@bob'], 6, 3],
    ]);
    expect(file.catchAll?.line).toBe(2);
    expect([file.ownedRules, file.unownedRules]).toEqual([4, 1]);
    expect(file.problems).toEqual([]);
  });

  it('reports invalid owners and unsupported patterns with columns', () => {
    const file = parseCodeowners('CODEOWNERS', '*.js alice @ok\n!x @bob\n');
    expect(file.problems).toEqual([
      { message: 'owner alice is not @user, @org/team or an email address', line: 1, column: 6 },
      { message: 'pattern !x uses syntax CODEOWNERS does not support', line: 2, column: 1 },
    ]);
    expect(file.rules[0]?.owners).toEqual(['@ok']);
  });

  it('applies GitLab section default owners', () => {
    const file = parseCodeowners(
      'CODEOWNERS',
      '[Docs] @docs-team\n/docs/\n^[Optional][2] @a @b\n*.md @writer\n',
    );
    expect(file.rules.map((r) => [r.pattern, r.owners, r.inherited, r.section])).toEqual([
      ['/docs/', ['@docs-team'], true, 'Docs'],
      ['*.md', ['@writer'], false, 'Optional'],
    ]);
  });

  it('uses the first file in precedence order as the effective one', async () => {
    const facts = (await collectOne(
      codeownersCollector,
      memoryInventory({
        CODEOWNERS: '* @a\n',
        'docs/CODEOWNERS': '* @b\n',
        'src/CODEOWNERS': '* @c\n',
      }),
    )) as CodeownersFacts;
    expect(facts.files.map((f) => [f.path, f.effective])).toEqual([
      ['CODEOWNERS', true],
      ['docs/CODEOWNERS', false],
    ]);
  });
});
