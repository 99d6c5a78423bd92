import type { Extractor } from '../../component.js';
import { gemfileLockExtractor } from './gemfilelock/index.js';

export const extractors: Extractor[] = [gemfileLockExtractor];
