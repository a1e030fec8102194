// Nonparametric percentile bootstrap over units, seeded, for the agreement coefficients.
//
// Source: B. Efron & R. J. Tibshirani, An Introduction to the Bootstrap, Chapman & Hall 1993, ch. 13
// (percentile interval). Units (clips) are resampled with replacement; when a unit is made of several
// rows (the pooled "overall" set has one row per clip × emotion), whole clips are resampled, because
// the six emotion ratings of one clip by one rater are not independent. Replicates in which a
// coefficient is undefined (e.g. every resampled rating identical) are dropped and counted.
//
// Krippendorff's own bootstrap for alpha (Hayes & Krippendorff 2007) resamples pairable values within
// the coincidence matrix instead; resampling units is the common, simpler choice and matches how the
// ICC intervals are formed, so both coefficients are treated alike (docs/adr/0101).
//
// Parameters: replicates B (default 1000), seed (default 1), level 0.95; percentiles by linear
// interpolation between order statistics (Hyndman & Fan type 7, as R's quantile() default).
import { createRng } from '../../ml/rng';
import type { Interval } from './types';

export interface BootstrapOptions {
  replicates: number;
  seed: number;
  level?: number;
}

export interface BootstrapInterval {
  ci: Interval | null;
  /** Replicates in which the statistic was defined. */
  valid: number;
  note?: string;
}

export const DEFAULT_REPLICATES = 1000;
export const DEFAULT_SEED = 1;

/** Fewer defined replicates than this share of B → no interval (it would describe a biased subset). */
const MIN_VALID_SHARE = 0.5;

/**
 * Runs `replicates` resamples of the clusters 0..nClusters−1 (with replacement) and evaluates
 * `statistics(draws)`, where draws[c] is how many times cluster c was drawn in this replicate; it returns
 * one number per statistic (NaN when undefined in that resample).
 */
export function clusterBootstrap(
  nClusters: number,
  statisticCount: number,
  statistics: (draws: Int32Array) => ArrayLike<number>,
  opts: BootstrapOptions,
): BootstrapInterval[] {
  const B = opts.replicates;
  const level = opts.level ?? 0.95;
  if (B <= 0 || nClusters < 2) {
    const note = B <= 0 ? 'bootstrap switched off' : 'fewer than two clips to resample';
    return Array.from({ length: statisticCount }, () => ({ ci: null, valid: 0, note }));
  }
  const rng = createRng(opts.seed);
  const draws = new Int32Array(nClusters);
  const samples = Array.from({ length: statisticCount }, () => new Float64Array(B));
  const valid = new Int32Array(statisticCount);
  for (let b = 0; b < B; b++) {
    draws.fill(0);
    for (let i = 0; i < nClusters; i++) draws[rng.int(nClusters)]++;
    const values = statistics(draws);
    for (let s = 0; s < statisticCount; s++) {
      const v = values[s];
      if (Number.isFinite(v)) samples[s][valid[s]++] = v;
    }
  }
  const lowerP = (1 - level) / 2;
  return samples.map((arr, s) => {
    const n = valid[s];
    if (n < Math.max(2, MIN_VALID_SHARE * B)) {
      return { ci: null, valid: n, note: `only ${n} of ${B} resamples had a defined value` };
    }
    const sorted = arr.subarray(0, n).sort();
    return { ci: [quantileSorted(sorted, lowerP), quantileSorted(sorted, 1 - lowerP)] as Interval, valid: n };
  });
}

/** Hyndman & Fan type 7 quantile of an ascending array. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
