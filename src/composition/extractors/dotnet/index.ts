import type { Extractor } from '../../component.js';
import { csprojExtractor } from './csproj/index.js';
import { packagesLockJsonExtractor } from './packageslockjson/index.js';

export const extractors: Extractor[] = [packagesLockJsonExtractor, csprojExtractor];
