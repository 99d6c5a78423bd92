/**
 * One ajv configuration for the schemas vouch validates SBOMs against, shared by the
 * build-time generator of standalone validators and by run-time compilation (ingest of older
 * versions, full error lists). Heavy: import lazily.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

export interface AjvOptions {
  allErrors?: boolean;
  /** Emit source for ajv's standalone code generation. */
  standalone?: boolean;
}

export function createAjv(opts: AjvOptions = {}): Ajv {
  const ajv = new Ajv({
    strict: false,
    allErrors: opts.allErrors ?? false,
    // Keep the error list short of pathological on hostile input.
    messages: true,
    // Generated code inlines only definitions of up to 3 keywords; larger ones (most of the
    // component's optional parts) become functions of their own, compiled only if a document uses
    // them. An inlined component check is one huge function that V8 optimises on a background
    // thread late in a run, and `vouch sbom` then waits for that compile to finish before it can
    // exit (~10 ms).
    ...(opts.standalone ? { code: { source: true, esm: true, lines: false }, inlineRefs: 3 } : {}),
  });
  addFormats(ajv);
  // ajv-formats has no IRI or internationalised e-mail checkers: accepted unchecked, as the
  // shared CycloneDX conformance run did.
  ajv.addFormat('iri', true);
  ajv.addFormat('iri-reference', true);
  ajv.addFormat('idn-email', true);
  return ajv;
}

export function compileWith(
  ajv: Ajv,
  main: Record<string, unknown>,
  refs: Record<string, Record<string, unknown>>,
): ValidateFunction {
  // Register each referenced schema under the URL the main schema's $ref resolves to (relative to
  // its $id): the library's renamed copies still carry the upstream $id, which would not match.
  const base = typeof main.$id === 'string' ? main.$id : 'http://localhost/';
  for (const [name, schema] of Object.entries(refs)) {
    const id = new URL(name, base).href;
    if (!ajv.getSchema(id)) ajv.addSchema({ ...schema, $id: id });
  }
  return ajv.compile(main);
}
