/** rules/container-build.yaml, validated: what runs a download unchecked, which users are root. */
import type { z } from 'zod';
import { regexSource, ruleFile, ruleRegex } from '../../collectors/rules.js';
import { lazySchema } from '../../util/zod.js';

const schema = lazySchema((z) =>
  z.strictObject({
    version: z.literal(1),
    pipeToShell: regexSource(),
    rootUsers: z.array(z.string()).min(1),
    nonRootImages: z.array(regexSource()),
  }),
);

export function dockerfileRules() {
  const r = ruleFile('container-build.yaml', schema);
  return {
    pipeToShell: ruleRegex(r.pipeToShell, 'i'),
    rootUsers: new Set(r.rootUsers),
    nonRootImages: r.nonRootImages.map((p) => ruleRegex(p, 'i')),
  };
}
