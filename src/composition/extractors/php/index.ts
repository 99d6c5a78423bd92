import type { Extractor } from '../../component.js';
import { composerJsonExtractor } from './composerjson/index.js';
import { composerLockExtractor } from './composerlock/index.js';

export const extractors: Extractor[] = [composerLockExtractor, composerJsonExtractor];
