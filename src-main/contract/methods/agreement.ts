// Methods of inter-rater agreement (issue 7): Krippendorff's alpha and ICC per emotion and overall, with
// bootstrap CIs, pairwise rater matrices, intra-rater repeat consistency and gold-clip accuracy.
// Definitions and formulas: docs/agreement.md. Pure TypeScript: no node:, no electron.
import { z } from 'zod';
import { id } from '../api-types';
import type { Emotion } from '../emotions';

/** The six emotions, then "overall": all six pooled as one set of units (clip × emotion). */
export type AgreementScope = Emotion | 'overall';

export type ConfidenceInterval = [number, number];

export interface AgreementEstimate {
  /** null when the coefficient is undefined for these data (see `note`). */
  value: number | null;
  /** Percentile bootstrap 95 % CI, resampling clips (seeded); null when switched off or undefined. */
  ci95: ConfidenceInterval | null;
  /** Bootstrap replicates in which the coefficient was defined. */
  bootstrapValid: number;
  note?: string;
}

export interface IccEstimate extends AgreementEstimate {
  /** McGraw & Wong (1996) F-based 95 % CI. */
  ci95F: ConfidenceInterval | null;
  /** Koo & Li (2016) band of the point estimate: poor < .5 ≤ moderate < .75 ≤ good < .9 ≤ excellent. */
  band: 'poor' | 'moderate' | 'good' | 'excellent' | null;
  /** Koo & Li band(s) spanned by the F-based 95 % CI, e.g. "poor–good" (they advise judging on the CI). */
  bandOfCi: string | null;
}

export interface ScopeAgreement {
  scope: AgreementScope;
  /** Clips with at least two usable ratings (pairable units for alpha). */
  clips: number;
  /** Raters with at least one pairable rating. */
  raters: number;
  /** Pairable values n (for "overall": clip × emotion values). */
  pairableValues: number;
  alphaInterval: AgreementEstimate;
  alphaOrdinal: AgreementEstimate;
  /** Nominal alpha, point estimate only (ratings are ordered, so it is reported for reference). */
  alphaNominal: number | null;
  /** ICC uses the clips rated by every one of `iccRaters` raters (complete cases). */
  iccClips: number;
  iccRaters: number;
  icc21: IccEstimate;
  icc2k: IccEstimate;
  /** One sentence in Koo & Li's reporting form. */
  iccReport: string;
}

export interface PairCell {
  /** Clips both raters rated (usable values). */
  clips: number;
  alphaInterval: number | null;
  icc21: number | null;
}

export interface PairwiseMatrix {
  scope: AgreementScope;
  /** cells[i][j] for raters[i] × raters[j]; null on the diagonal. */
  cells: Array<Array<PairCell | null>>;
}

export interface RaterRef { id: number; name: string }

export interface IntraRaterScope {
  scope: AgreementScope;
  /** Clips this rater rated twice. */
  pairs: number;
  /** Alpha (interval) and ICC(2,1) treating the first and the repeat rating as two "raters". */
  alphaInterval: number | null;
  icc21: number | null;
  /** Share of repeat ratings identical to the first. */
  exactRate: number | null;
}

export interface IntraRaterResult {
  rater: RaterRef;
  scopes: IntraRaterScope[];
}

export interface GoldAccuracy {
  rater: RaterRef;
  /** Gold clips this rater rated. */
  clips: number;
  /** Mean absolute error against the gold value, per emotion and over all clip × emotion cells. */
  mae: Record<AgreementScope, number | null>;
  /** Share of cells equal to the gold value, per emotion and over all cells. */
  exactRate: Record<AgreementScope, number | null>;
}

export interface AgreementReport {
  computedAt: string;
  raters: RaterRef[];
  /** Current label versions read (one per clip and rater). */
  labelsRead: number;
  /** Current labels excluded because the rater marked the clip "not rateable". */
  notRateableExcluded: number;
  bootstrap: { replicates: number; seed: number; level: 0.95; method: string };
  scopes: ScopeAgreement[];
  pairwise: PairwiseMatrix[];
  /** Same rater, same clip rated twice (hidden repeats). Empty when the project records none. */
  intraRater: IntraRaterResult[];
  /** The same over every rater's repeats together. Empty when the project records none. */
  intraRaterPooled: IntraRaterScope[];
  /** Accuracy on clips with a known (gold) label. Empty when the project has no gold clips. */
  gold: GoldAccuracy[];
  /** What could not be computed and why (e.g. "no repeats recorded in this project"). */
  notes: string[];
}

export const agreementRequestSchema = z.object({
  /** Bootstrap replicates (0 switches the bootstrap off; default 1000). */
  bootstrap: z.number().int().min(0).max(10_000).optional(),
  seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  /** Restrict to these raters (default: every rater with a label). */
  annotatorIds: z.array(id).min(2).max(1000).optional(),
}).strict();
export type AgreementRequest = z.infer<typeof agreementRequestSchema>;

export const agreementMethods = {
  'agreement.compute': { req: agreementRequestSchema, res: null as unknown as AgreementReport },
} as const;
