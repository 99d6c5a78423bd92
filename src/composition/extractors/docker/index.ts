import type { Extractor } from '../../component.js';
import { dockerfileExtractor } from './dockerfile/index.js';

export const extractors: Extractor[] = [dockerfileExtractor];
