// Agreement of the nine glottal-source columns with COVAREP's own output (shared by the test and the
// bench script, so the numbers in docs/features-glottal.md come from the same code the test asserts on).
import { resolve } from 'node:path';
import { extractFeatures, type FeatureResult } from '../../src-main/features/extractor.js';
import { f0VuvGroup } from '../../src-main/features/f0-vuv.js';
import { glottalGroup } from '../../src-main/features/glottal/index.js';
import { FEATURE_COLUMNS, FEATURE_COUNT } from '../../src-main/contract/feature-spec.js';
import { REF_WAV_DIR, column, pearson, readRefCsv, readWav16, referenceClips } from './glottal-support.js';

export const GLOTTAL_COLS = ['NAQ', 'QOQ', 'H1H2', 'PSP', 'MDQ', 'peakSlope', 'Rd', 'Rd_conf', 'creak'] as const;
export type GlottalCol = (typeof GLOTTAL_COLS)[number];

/**
 * Absolute tolerance per column for the "frames within tolerance" statistic: the README's suggested
 * tolerances, except H1H2 (0.5 dB), which ADR 0045 computes from a zero-padded FFT instead of 1 Hz bins.
 */
export const ABS_TOL: Record<GlottalCol, number> = {
  NAQ: 1e-6, QOQ: 1e-6, H1H2: 0.5, PSP: 1e-6, MDQ: 1e-6, peakSlope: 1e-6, Rd: 0.01, Rd_conf: 1e-4, creak: 0.01,
};

/** Synthetic clips: structure only (README: numerically on a knife edge). */
export const isEdgeClip = (clip: string): boolean => clip.startsWith('edge_');

export interface ClipRun { clip: string; seconds: number; result: FeatureResult; ref: ReturnType<typeof readRefCsv> }

export function runClip(clip: string): ClipRun {
  const { x } = readWav16(resolve(REF_WAV_DIR, `${clip}.wav`));
  const result = extractFeatures(x, 16000, { groups: [f0VuvGroup, glottalGroup] });
  return { clip, seconds: x.length / 16000, result, ref: readRefCsv(clip) };
}

export function ours(run: ClipRun, name: string): Float64Array {
  const c = FEATURE_COLUMNS.indexOf(name);
  return Float64Array.from({ length: run.result.frames }, (_, k) => run.result.data[k * FEATURE_COUNT + c]);
}

export interface ColumnAgreement {
  column: GlottalCol;
  /** Pearson r over frames voiced in both (speech clips pooled). */
  r: number;
  frames: number;
  /** Share of all frames of the speech clips with |ours − COVAREP| ≤ ABS_TOL (equal infinities count). */
  withinTol: number;
  /** creak only: share of frames (speech clips) on the same side of 0.5. */
  decisionAgreement?: number;
  /** Lowest per-clip r (speech clips). */
  minClipR: number;
}

export function agreement(runs: ClipRun[]): ColumnAgreement[] {
  return GLOTTAL_COLS.map((col) => {
    const a: number[] = [], b: number[] = [];
    let within = 0, total = 0, sameSide = 0;
    let minClipR = Infinity;
    for (const run of runs) {
      const mine = ours(run, col), ref = column(run.ref, col);
      const vuvRef = column(run.ref, 'VUV'), vuvOurs = ours(run, 'VUV');
      const speech = !isEdgeClip(run.clip);
      const mask: boolean[] = [];
      for (let k = 0; k < ref.length; k++) {
        const voiced = vuvRef[k] === 1 && vuvOurs[k] === 1;
        mask.push(voiced);
        if (speech && voiced && Number.isFinite(mine[k]) && Number.isFinite(ref[k])) { a.push(mine[k]); b.push(ref[k]); }
        if (!speech) continue;
        total++;
        if (mine[k] === ref[k] || Math.abs(mine[k] - ref[k]) <= ABS_TOL[col]) within++;
        if ((mine[k] >= 0.5) === (ref[k] >= 0.5)) sameSide++;
      }
      if (speech) minClipR = Math.min(minClipR, pearson(mine, ref, mask).r);
    }
    const { r, n } = pearson(a, b);
    return {
      column: col, r, frames: n, withinTol: within / total, minClipR,
      ...(col === 'creak' ? { decisionAgreement: sameSide / total } : {}),
    };
  });
}

export function loadAllRuns(): ClipRun[] {
  return referenceClips().map(runClip);
}
