import type { Extractor } from '../../component.js';

export const extractors: Extractor[] = [];
