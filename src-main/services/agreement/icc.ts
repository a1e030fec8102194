// Intraclass correlation, two-way random effects, absolute agreement: ICC(2,1) (single rater) and
// ICC(2,k) (mean of k raters), from the two-way ANOVA mean squares, with F-based confidence intervals.
//
// Sources:
//  - P. E. Shrout & J. L. Fleiss, "Intraclass correlations: uses in assessing rater reliability",
//    Psychological Bulletin 86(2):420–428, 1979 — Case 2, ICC(2,1) and ICC(2,k).
//  - K. O. McGraw & S. P. Wong, "Forming inferences about some intraclass correlation coefficients",
//    Psychological Methods 1(1):30–46, 1996 — ICC(A,1) and ICC(A,k) (same estimators) and their
//    confidence intervals with Satterthwaite's approximate degrees of freedom (their Table 7, case 2A).
//  - T. K. Koo & M. Y. Li, "A guideline of selecting and reporting intraclass correlation coefficients
//    for reliability research", J. Chiropractic Medicine 15(2):155–163, 2016 — reporting and the bands
//    poor < 0.5 ≤ moderate < 0.75 ≤ good < 0.9 ≤ excellent, to be judged on the 95 % CI.
//
// With n targets (rows) and k raters (columns), complete data:
//   MSR = k Σ_i (x̄_i· − x̄)² / (n − 1)          between targets
//   MSC = n Σ_j (x̄_·j − x̄)² / (k − 1)          between raters
//   MSE = residual SS / ((n − 1)(k − 1))
//   ICC(2,1) = (MSR − MSE) / (MSR + (k − 1) MSE + k (MSC − MSE)/n)
//   ICC(2,k) = (MSR − MSE) / (MSR + (MSC − MSE)/n)
// Rows may carry integer multiplicities (weights), used by the bootstrap to resample targets.
import jStat from 'jstat';
import type { Interval } from './types';

export interface TwoWayAnova {
  /** Targets (rows, counted with multiplicity) and raters (columns). */
  n: number;
  k: number;
  msr: number;
  msc: number;
  mse: number;
  grandMean: number;
}

export interface IccEstimates {
  icc21: number | null;
  icc2k: number | null;
  note?: string;
}

export interface IccConfidence {
  icc21: Interval | null;
  icc2k: Interval | null;
  /** F = MSR/MSE with df (n − 1, (n − 1)(k − 1)): the test of ICC = 0. */
  f: number | null;
}

/**
 * Two-way ANOVA of a complete n × k matrix (every row has all k values; rows with a missing value must
 * be removed by the caller). `rowWeights[i]` repeats row i that many times (default 1).
 */
export function twoWayAnova(rows: ReadonlyArray<ArrayLike<number>>, rowWeights?: ArrayLike<number>): TwoWayAnova {
  const k = rows.length > 0 ? rows[0].length : 0;
  let n = 0;
  let total = 0;
  const colSum = new Float64Array(k);
  for (let i = 0; i < rows.length; i++) {
    const w = rowWeights ? rowWeights[i] : 1;
    if (w === 0) continue;
    const row = rows[i];
    if (row.length !== k) throw new Error(`ICC: row ${i} has ${row.length} ratings, expected ${k}`);
    n += w;
    for (let j = 0; j < k; j++) {
      colSum[j] += w * row[j];
      total += w * row[j];
    }
  }
  const grandMean = n > 0 && k > 0 ? total / (n * k) : Number.NaN;
  let ssRows = 0;
  let ssTotal = 0;
  for (let i = 0; i < rows.length; i++) {
    const w = rowWeights ? rowWeights[i] : 1;
    if (w === 0) continue;
    const row = rows[i];
    let s = 0;
    for (let j = 0; j < k; j++) {
      s += row[j];
      ssTotal += w * (row[j] - grandMean) ** 2;
    }
    ssRows += w * k * (s / k - grandMean) ** 2;
  }
  let ssCols = 0;
  for (let j = 0; j < k; j++) ssCols += n * (colSum[j] / n - grandMean) ** 2;
  // The residual can come out a hair below 0 through cancellation when it is 0 in exact arithmetic.
  const ssError = Math.max(0, ssTotal - ssRows - ssCols);
  return {
    n, k, grandMean,
    msr: n > 1 ? ssRows / (n - 1) : Number.NaN,
    msc: k > 1 ? ssCols / (k - 1) : Number.NaN,
    mse: n > 1 && k > 1 ? ssError / ((n - 1) * (k - 1)) : Number.NaN,
  };
}

export function iccFromAnova(a: TwoWayAnova): IccEstimates {
  if (a.n < 2 || a.k < 2) {
    return { icc21: null, icc2k: null, note: a.k < 2 ? 'fewer than two raters rated the same clips' : 'fewer than two clips were rated by every rater' };
  }
  const { n, k, msr, msc, mse } = a;
  const d1 = msr + (k - 1) * mse + (k * (msc - mse)) / n;
  const dk = msr + (msc - mse) / n;
  if (!(d1 > 1e-15) || !(dk > 1e-15)) {
    return { icc21: null, icc2k: null, note: 'all ratings are identical, so the ICC is undefined (0/0)' };
  }
  return { icc21: (msr - mse) / d1, icc2k: (msr - mse) / dk };
}

/**
 * McGraw & Wong (1996) confidence intervals for ICC(A,1) and ICC(A,k) at the given level (default
 * 0.95). Satterthwaite degrees of freedom v for the denominator mean square; F quantiles from jStat.
 */
export function iccFConfidence(a: TwoWayAnova, level = 0.95): IccConfidence {
  const est = iccFromAnova(a);
  const f = a.mse > 0 ? a.msr / a.mse : null;
  if (est.icc21 === null) return { icc21: null, icc2k: null, f };
  const { n, k, msr, msc, mse } = a;
  const p = est.icc21;
  if (p >= 1 || !(mse > 0)) return { icc21: null, icc2k: null, f };
  const A = (k * p) / (n * (1 - p));
  const B = 1 + (k * p * (n - 1)) / (n * (1 - p));
  const v = (A * msc + B * mse) ** 2 / ((A * msc) ** 2 / (k - 1) + (B * mse) ** 2 / ((n - 1) * (k - 1)));
  const q = 1 - (1 - level) / 2;
  if (!Number.isFinite(v) || v <= 0) return { icc21: null, icc2k: null, f };
  const fLow = jStat.centralF.inv(q, n - 1, v);
  const fHigh = jStat.centralF.inv(q, v, n - 1);
  const lower = (n * (msr - fLow * mse)) / (fLow * (k * msc + (k * n - k - n) * mse) + n * msr);
  const upper = (n * (fHigh * msr - mse)) / (k * msc + (k * n - k - n) * mse + n * fHigh * msr);
  // ICC(A,k) bounds are the Spearman–Brown step-up of the ICC(A,1) bounds; algebraically identical to
  // McGraw & Wong's case-2A formulas for ICC(A,k): n(MSR − F·MSE) / (F(MSC − MSE) + n·MSR), etc.
  const stepUp = (r: number): number => (k * r) / (1 + (k - 1) * r);
  if (![lower, upper].every(Number.isFinite)) return { icc21: null, icc2k: null, f };
  return { icc21: [lower, upper], icc2k: [stepUp(lower), stepUp(upper)], f };
}

export type IccBand = 'poor' | 'moderate' | 'good' | 'excellent';

/** Koo & Li (2016) band of a single ICC value. */
export function iccBand(value: number): IccBand {
  if (value < 0.5) return 'poor';
  if (value < 0.75) return 'moderate';
  if (value < 0.9) return 'good';
  return 'excellent';
}

/**
 * Koo & Li advise judging reliability on the 95 % CI: "poor–good" when the interval spans bands, a
 * single band when it lies within one.
 */
export function iccBandOfInterval(ci: Interval): string {
  const lo = iccBand(ci[0]);
  const hi = iccBand(ci[1]);
  return lo === hi ? lo : `${lo}–${hi}`;
}
