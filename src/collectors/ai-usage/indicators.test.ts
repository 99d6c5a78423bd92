import { describe, expect, it } from 'vitest';
import { type AiIndicators, aiIndicators, aiLibraries } from './index.js';

/** Every "ecosystem lacks kind" gap in the list: a kind another ecosystem has, with no reason given. */
function gaps(indicators: AiIndicators): string[] {
  const out: string[] = [];
  const kindsInUse = new Set(Object.values(indicators.libraries).flatMap((kinds) => Object.keys(kinds)));
  for (const kind of kindsInUse)
    if (!Object.hasOwn(indicators.kinds, kind)) out.push(`undeclared kind ${kind}`);
  for (const [eco, kinds] of Object.entries(indicators.libraries)) {
    for (const kind of kindsInUse) if (!Object.hasOwn(kinds, kind)) out.push(`${eco} lacks ${kind}`);
  }
  return out;
}

describe('AI indicator list (rules/ai-indicators.yaml)', () => {
  it('gives every ecosystem every kind of AI library, or a reason it has none', () => {
    expect(gaps(aiIndicators())).toEqual([]);
  });

  it('the check catches an ecosystem that lacks a kind another has', () => {
    const uneven: AiIndicators = {
      version: 2,
      kinds: { 'mcp-sdk': 'MCP', 'model-provider-sdk': 'SDKs' },
      libraries: {
        npm: { 'mcp-sdk': ['@modelcontextprotocol/sdk'], 'model-provider-sdk': ['openai'] },
        golang: { 'model-provider-sdk': ['github.com/sashabaranov/go-openai'] },
        composer: { 'mcp-sdk': { none: 'no such package in this ecosystem' }, 'model-provider-sdk': ['x/y'] },
      },
      modelFiles: [],
    };
    expect(gaps(uneven)).toEqual(['golang lacks mcp-sdk']);
  });

  it.each([
    ['npm', '@modelcontextprotocol/sdk'],
    ['pypi', 'mcp'],
    ['golang', 'github.com/modelcontextprotocol/go-sdk'],
    ['golang', 'github.com/mark3labs/mcp-go'],
    ['cargo', 'rmcp'],
    ['maven', 'io.modelcontextprotocol.sdk:mcp'],
    ['nuget', 'ModelContextProtocol'],
  ] as const)('finds the MCP SDK for %s (%s)', (ecosystem, name) => {
    expect(aiLibraries([{ ecosystem, name }])).toEqual([{ ecosystem, name, kind: 'mcp-sdk' }]);
  });

  it('matches Go major-version module paths by prefix and ignores reasons as names', () => {
    expect(
      aiLibraries([
        { ecosystem: 'golang', name: 'github.com/anthropics/anthropic-sdk-go/v2' },
        { ecosystem: 'composer', name: 'no vector-store client package in wide use on Packagist' },
      ]).map((l) => l.name),
    ).toEqual(['github.com/anthropics/anthropic-sdk-go/v2']);
  });
});
