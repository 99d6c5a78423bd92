/**
 * Every extractor vouch knows, by language. Order matters only for display.
 */
import type { Extractor } from '../component.js';
import { extractors as actions } from './actions/index.js';
import { extractors as docker } from './docker/index.js';
import { extractors as dotnet } from './dotnet/index.js';
import { extractors as go } from './go/index.js';
import { extractors as java } from './java/index.js';
import { extractors as javascript } from './javascript/index.js';
import { extractors as php } from './php/index.js';
import { extractors as python } from './python/index.js';
import { extractors as ruby } from './ruby/index.js';
import { extractors as rust } from './rust/index.js';

export const extractors: readonly Extractor[] = [
  ...javascript,
  ...python,
  ...go,
  ...rust,
  ...ruby,
  ...php,
  ...dotnet,
  ...java,
  ...actions,
  ...docker,
];
