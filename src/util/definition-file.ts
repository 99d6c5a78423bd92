/**
 * Reading one of vouch's own definition files (a probe.yaml, an extractor.yaml) at build and test
 * time: bounded, YAML without aliases or duplicate keys, checked against its schema. Problems are
 * collected (file: path: message) so one build run names every bad file.
 */
import { readFileSync, statSync } from 'node:fs';
import { parse } from 'yaml';
import type { z } from 'zod';

/** The validated value, or undefined after pushing each problem to `problems`. */
export function readDefinitionFile<S extends z.ZodType>(
  file: URL,
  where: string,
  schema: S,
  maxBytes: number,
  problems: string[],
): z.infer<S> | undefined {
  if (statSync(file).size > maxBytes) {
    problems.push(`${where}: larger than ${Math.round(maxBytes / 1024)} KiB`);
    return undefined;
  }
  let data: unknown;
  try {
    data = parse(readFileSync(file, 'utf8'), { uniqueKeys: true, maxAliasCount: 0 });
  } catch (error) {
    problems.push(`${where}: not valid YAML: ${(error as Error).message}`);
    return undefined;
  }
  const result = schema.safeParse(data, { jitless: true });
  if (!result.success) {
    for (const issue of result.error.issues) {
      problems.push(`${where}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
    }
    return undefined;
  }
  return result.data;
}
