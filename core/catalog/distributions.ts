// The dashboard's pies (customers by health band, by situation), declared once: each slice
// is a drill key, and its count is the number of selected customers that key's rule
// (members.ts ruleOf) accepts, so a slice's number and the customers it opens agree.
import type { DrillKey } from './members.js';

export type SliceKey = 'red' | 'yellow' | 'green' | 'none' | 'risk' | 'opportunity' | 'neutral';
export interface Slice { key: SliceKey; count: number; drill: DrillKey }

export const distributionDefs = {
  /** Health band on D; active customers without a score are the 'none' slice (inactive ones are not counted). */
  band: [['red', 'band:red'], ['yellow', 'band:yellow'], ['green', 'band:green'], ['none', 'band:none']],
  situation: [['risk', 'situation:risk'], ['opportunity', 'situation:opportunity'], ['neutral', 'situation:neutral']],
} as const satisfies Record<string, readonly (readonly [SliceKey, DrillKey])[]>;

export type DistributionId = keyof typeof distributionDefs;
export type Distributions = Record<DistributionId, Slice[]>;
