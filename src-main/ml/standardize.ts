// Per-column standardisation of COVAREP-74 features, as in Nimitsurachat & Washington (AI 2024,
// arXiv 2307.12343) §Input: each column is shifted and scaled by the mean and standard deviation of the
// TRAINING clips only (fitted once, stored in the model manifest, reused verbatim for every clip the model
// later sees — evaluation and prediction clips never influence it).
//
// Rules beyond the paper (docs/training.md, ADR 0080):
//  - Non-finite values: COVAREP emits ±Inf (e.g. H1H2/PSP on degenerate frames) and an extractor may
//    emit NaN. They are excluded from the fit and become 0 after standardisation (the column's mean:
//    "no information"), never ±huge.
//  - Absent columns: a column the producer did not compute (present[c] = false) is excluded from the fit
//    and filled with 0 AFTER standardisation. It is never treated as measured. A column absent from every
//    training clip is listed in `filledColumns` and reported with the model.
//  - Zero spread: a column whose training standard deviation is below MIN_STD (constant, e.g. creak in a
//    clean corpus) gets std = 1, so it is centred but not blown up.
//  - Clamping: standardised values are clipped to ±clamp (default 10). The pretraining mask value is −30,
//    "far outside the standardised range"; a raw outlier 40 std away would otherwise look like a mask.
import { FEATURE_COLUMNS, FEATURE_COUNT } from '../contract/feature-spec';

export const MIN_STD = 1e-6;
export const DEFAULT_CLAMP = 10;

/** A clip's raw feature matrix as stored: row-major [frames × 74] and which columns were computed. */
export interface RawFeatures {
  data: Float32Array;
  frames: number;
  /** present[c]: the producer computed column c. Omitted = all computed. */
  present?: ArrayLike<boolean>;
}

export interface Standardization {
  mean: number[];
  std: number[];
  /** Columns absent from every training clip: always 0 after standardisation. */
  filledColumns: string[];
  clamp: number;
  /** Training frames that contributed to each column's statistics. */
  counts: number[];
}

export function fitStandardization(clips: readonly RawFeatures[], opts: { clamp?: number } = {}): Standardization {
  const sum = new Float64Array(FEATURE_COUNT);
  const sumSq = new Float64Array(FEATURE_COUNT);
  const count = new Float64Array(FEATURE_COUNT);
  // Two passes (mean, then squared deviations) for accuracy on columns with a large offset (F0 in Hz).
  for (const clip of clips) {
    checkShape(clip);
    for (let c = 0; c < FEATURE_COUNT; c++) {
      if (clip.present && !clip.present[c]) continue;
      for (let t = 0; t < clip.frames; t++) {
        const v = clip.data[t * FEATURE_COUNT + c];
        if (Number.isFinite(v)) { sum[c] += v; count[c]++; }
      }
    }
  }
  const mean = Array.from(sum, (s, c) => (count[c] > 0 ? s / count[c] : 0));
  for (const clip of clips) {
    for (let c = 0; c < FEATURE_COUNT; c++) {
      if (clip.present && !clip.present[c]) continue;
      const m = mean[c];
      for (let t = 0; t < clip.frames; t++) {
        const v = clip.data[t * FEATURE_COUNT + c];
        if (Number.isFinite(v)) sumSq[c] += (v - m) * (v - m);
      }
    }
  }
  const std = Array.from(sumSq, (s, c) => {
    const sd = count[c] > 1 ? Math.sqrt(s / count[c]) : 0;
    return sd >= MIN_STD && Number.isFinite(sd) ? sd : 1;
  });
  const filledColumns = FEATURE_COLUMNS.filter((_, c) => count[c] === 0);
  return { mean, std, filledColumns, clamp: opts.clamp ?? DEFAULT_CLAMP, counts: Array.from(count) };
}

/** Standardised copy of a clip's matrix (see the rules at the top of this file). */
export function standardize(s: Standardization, clip: RawFeatures): Float32Array {
  checkShape(clip);
  const out = new Float32Array(clip.frames * FEATURE_COUNT);
  const lim = s.clamp;
  const scale = s.std.map((v) => 1 / v);
  const filled = new Set(s.filledColumns);
  const skip = FEATURE_COLUMNS.map((name, c) => filled.has(name) || (clip.present ? !clip.present[c] : false));
  for (let t = 0; t < clip.frames; t++) {
    const row = t * FEATURE_COUNT;
    for (let c = 0; c < FEATURE_COUNT; c++) {
      if (skip[c]) continue; // stays 0
      const v = clip.data[row + c];
      if (!Number.isFinite(v)) continue; // ±Inf / NaN → 0
      let z = (v - s.mean[c]) * scale[c];
      if (z > lim) z = lim; else if (z < -lim) z = -lim;
      out[row + c] = z;
    }
  }
  return out;
}

function checkShape(clip: RawFeatures): void {
  if (clip.data.length !== clip.frames * FEATURE_COUNT) {
    throw new Error(`feature matrix has ${clip.data.length} values, expected ${clip.frames} frames × ${FEATURE_COUNT} columns`);
  }
}
