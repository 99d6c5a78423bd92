import { describe, expect, it } from 'vitest';
import { createDocumentCache } from './documents.js';
import { memoryInventory } from './memory.js';

describe('document cache', () => {
  it('reads and parses each file once, sharing the result', async () => {
    const inventory = memoryInventory({ 'a.yml': 'on: push\n', 'p.json': '{"x":1}', 'c.toml': 'k = 2\n' });
    let reads = 0;
    const readText = inventory.readText.bind(inventory);
    inventory.readText = (path, max) => {
      reads++;
      return readText(path, max);
    };
    const docs = createDocumentCache(inventory);
    const [y1, y2] = await Promise.all([docs.yaml('a.yml'), docs.yaml('a.yml')]);
    expect(y1).toBe(y2);
    expect('yaml' in y1 && y1.yaml.doc?.toJS()).toEqual({ on: 'push' });
    await docs.text('a.yml');
    expect(reads).toBe(1);
    expect(await docs.json('p.json')).toMatchObject({ value: { x: 1 } });
    expect(await docs.toml('c.toml')).toMatchObject({ value: { k: 2 } });
  });

  it('returns problems as values', async () => {
    const docs = createDocumentCache(
      memoryInventory({ 'bad.json': '{', 'bad.toml': '= =', 'bad.yml': 'a: [' }),
    );
    expect(await docs.json('bad.json')).toMatchObject({ error: expect.stringMatching(/not valid JSON/) });
    expect(await docs.toml('bad.toml')).toMatchObject({ error: expect.stringMatching(/not valid TOML/) });
    const y = await docs.yaml('bad.yml');
    expect('yaml' in y && y.yaml.error?.line).toBe(1);
    expect(await docs.text('missing.txt')).toMatchObject({ error: expect.stringMatching(/cannot read/) });
  });
});
