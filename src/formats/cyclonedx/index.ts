/**
 * CycloneDX 1.6 JSON: build, serialise, validate.
 */
export { buildCycloneDx, licensesOf, serializeCycloneDx } from './build.js';
export type { ProductInfo, SbomInput } from './sbom-input.js';
export { type SchemaError, type ValidationResult, validateCycloneDx } from './validate.js';
