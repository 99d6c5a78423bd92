export { type CleartextEnvelope, readCleartextEnvelope } from './cleartext.js';
export { generate, SecurityTxtError, type SecurityTxtInput, serialise } from './generate.js';
export {
  type Diagnostic,
  type DiagnosticCode,
  type Field,
  type Level,
  LIMITS,
  type ParseOptions,
  parse,
  type SecurityTxt,
} from './parse.js';
