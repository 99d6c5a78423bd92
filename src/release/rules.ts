/**
 * rules/release-integrity.yaml, validated: release file kinds, signing and provenance markers, and
 * the commands and actions that publish a release.
 */
import type { z } from 'zod';
import { regexSource, ruleFile, ruleRegex } from '../collectors/rules.js';
import { lazySchema } from '../util/zod.js';
import type { ReleaseFileKinds } from './verify.js';

export const releaseProvides = ['signature', 'provenance', 'checksum'] as const;
export type ReleaseProvides = (typeof releaseProvides)[number];

const markerSchema = lazySchema((z) =>
  z.strictObject({
    id: z.string(),
    name: z.string(),
    provides: z.array(z.enum(releaseProvides)).min(1),
    uses: z.array(z.string()).optional(),
    commands: z.array(regexSource()).optional(),
    unlessParams: z.record(z.string(), regexSource()).optional(),
    config: z
      .strictObject({
        files: z.array(z.string()).min(1),
        keys: z.array(z.string()),
        /** The tool does it unless `<key>: { disable: true }`. */
        onByDefault: z.boolean().optional(),
      })
      .optional(),
  }),
);

const schema = lazySchema((z) =>
  z.strictObject({
    version: z.literal(1),
    files: z.strictObject({
      checksums: regexSource(),
      bundles: regexSource(),
      signatures: regexSource(),
      certificates: regexSource(),
      attestations: regexSource(),
      keys: regexSource(),
    }),
    markers: z.array(markerSchema()),
    publishing: z.strictObject({ uses: z.array(z.string()), commands: z.array(regexSource()) }),
  }),
);

export type ReleaseRules = z.infer<ReturnType<typeof schema>>;
export type ReleaseMarkerRule = z.infer<ReturnType<typeof markerSchema>>;

export function releaseRules(): ReleaseRules {
  return ruleFile('release-integrity.yaml', schema);
}

export function releaseFileKinds(): ReleaseFileKinds {
  const f = releaseRules().files;
  return {
    checksums: ruleRegex(f.checksums, 'i'),
    bundles: ruleRegex(f.bundles, 'i'),
    signatures: ruleRegex(f.signatures, 'i'),
    certificates: ruleRegex(f.certificates, 'i'),
    attestations: ruleRegex(f.attestations, 'i'),
    keys: ruleRegex(f.keys, 'i'),
  };
}
