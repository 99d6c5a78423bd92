import type { Extractor } from '../../component.js';
import { gradleLockfileExtractor } from './gradlelockfile/index.js';
import { pomXmlExtractor } from './pomxml/index.js';

export const extractors: Extractor[] = [gradleLockfileExtractor, pomXmlExtractor];
