/**
 * SPDX 2.3 JSON: build, serialise, validate.
 */
export { buildSpdx, serializeSpdx } from './build.js';
export { classifyLicense, isSpdxExpression, type LicenseForm } from './license.js';
export { validateSpdx } from './validate.js';
