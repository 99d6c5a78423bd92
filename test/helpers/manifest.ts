/** The smallest valid vouch.yaml, with more YAML appended: the start of most test manifests. */
export function minimalManifest(extra = ''): string {
  return `schemaVersion: 1
product:
  name: demo
vendor:
  name: Demo Ltd
vendorRole: developer-and-distributor
${extra}`;
}
