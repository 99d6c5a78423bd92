/**
 * Container image references, `[registry[:port]/]path[:tag][@algorithm:digest]`, as written in
 * Dockerfiles and `docker://` GitHub Actions. Names are kept as written (no docker.io/library/
 * expansion) so the component points at what the file says.
 */
import type { Component, Hash, Scope, SourceLocation } from '../../component.js';
import { purlFor } from '../../purl.js';

export interface ImageRef {
  name: string;
  tag?: string;
  digest?: string;
}

const NAME = /^[a-z0-9][a-z0-9._\-/:]*$/i;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-f0-9]{32,}$/i;

/** Parses a reference, or undefined when it is not one (unexpanded variables, spaces, empty parts). */
export function parseImageRef(ref: string): ImageRef | undefined {
  if (ref.length === 0 || ref.length > 1024) return undefined;
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  if (!NAME.test(rest) || rest.endsWith('/') || rest.includes('//')) return undefined;
  const out: ImageRef = { name: rest };
  if (tag !== undefined) out.tag = tag;
  if (digest !== undefined) out.digest = digest.toLowerCase();
  return out;
}

function digestHash(digest: string): Hash | undefined {
  const [alg, hex] = digest.split(':') as [string, string];
  if (alg === 'sha256' && hex.length === 64) return { alg: 'SHA-256', content: hex };
  if (alg === 'sha512' && hex.length === 128) return { alg: 'SHA-512', content: hex };
  return undefined;
}

/**
 * One image occurrence. The version is the tag as written (`latest` when none is written, which is
 * what Docker pulls), or the digest when there is no tag; only a digest pins the image.
 */
export function imageComponent(image: ImageRef, scope: Scope, location: SourceLocation): Component {
  const version = image.tag ?? image.digest ?? 'latest';
  const component: Component = {
    ecosystem: 'docker',
    name: image.name,
    version,
    pinned: image.digest !== undefined,
    purl: purlFor('docker', image.name, version),
    scope,
    direct: true,
    source: 'registry',
    location,
  };
  const hash = image.digest ? digestHash(image.digest) : undefined;
  if (hash) component.hashes = [hash];
  return component;
}
