import type { Extractor } from '../../component.js';
import { workflowExtractor } from './workflow/index.js';

export const extractors: Extractor[] = [workflowExtractor];
