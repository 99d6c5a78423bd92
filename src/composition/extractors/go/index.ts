import type { Extractor } from '../../component.js';
import { goModExtractor } from './gomod/index.js';

export const extractors: Extractor[] = [goModExtractor];
