/** commander, through `require` (see util/commonjs.ts). */
import { requireCommonJs } from '../util/commonjs.js';

type Commander = typeof import('commander');

export const { Command, Option } = requireCommonJs('commander') as Commander;
export type Command = InstanceType<Commander['Command']>;
