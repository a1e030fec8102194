// Agreement between our extractor and COVAREP's reference CSVs, per clip and column group. Shared by
// tests/features/agreement.test.ts (asserts the tolerances) and scripts/feature-agreement.ts (writes the
// table in docs/features.md), so the documented numbers are the tested numbers.
import { join } from 'node:path';
import { FEATURE_COLUMNS, FEATURE_COUNT } from '../../src-main/contract/feature-spec';
import { extractFeatures, type FeatureResult } from '../../src-main/features/extractor';
import { f0VuvGroup } from '../../src-main/features/f0-vuv';
import { hmpdGroup } from '../../src-main/features/hmpd';
import { mcepGroup } from '../../src-main/features/mcep';

/** The column groups of part I (issue 4); part II's glottal group has its own agreement tests. */
export const PART1_GROUPS = [f0VuvGroup, mcepGroup, hmpdGroup];
import { readRefCsv, readWav16, refCsvDir, refWavDir, type RefCsv } from './reference';

export const col = (name: string): number => FEATURE_COLUMNS.indexOf(name);
export const MCEP_COLS = Array.from({ length: 25 }, (_, i) => col(`MCEP_${i}`));
export const HMPDM_COLS = Array.from({ length: 25 }, (_, i) => col(`HMPDM_${i}`));
export const HMPDD_COLS = Array.from({ length: 13 }, (_, i) => col(`HMPDD_${i}`));
/** HMPDM_24 and every HMPDD column change with the random seed in COVAREP's own output. */
export const SEED_DEPENDENT = new Set([col('HMPDM_24'), ...HMPDD_COLS]);
/** Analysed (SRH) frames left out at each end for HMPDD (README: edge effects of the smoothing). */
export const HMPDD_EDGE = 10;

export interface ClipRun {
  clip: string;
  ref: [RefCsv, RefCsv];
  ours: [FeatureResult, FeatureResult]; // seed 0 (part I columns), seed 1 (HMPD columns only)
}

export function runClip(clip: string): ClipRun {
  const { samples, sampleRate } = readWav16(join(refWavDir, `${clip}.wav`));
  const ours0 = extractFeatures(samples, sampleRate, { seed: 0, groups: PART1_GROUPS });
  const ours1 = extractFeatures(samples, sampleRate, { seed: 1, groups: [hmpdGroup] });
  return {
    clip,
    ref: [readRefCsv(join(refCsvDir, `${clip}.seed0.csv`)), readRefCsv(join(refCsvDir, `${clip}.seed1.csv`))],
    ours: [ours0, ours1],
  };
}

export function ourCol(r: FeatureResult, c: number): Float64Array {
  const out = new Float64Array(r.frames);
  for (let k = 0; k < r.frames; k++) out[k] = r.data[k * FEATURE_COUNT + c];
  return out;
}

export function refCol(r: RefCsv, c: number): Float64Array {
  return Float64Array.from(r.rows, (row) => row[c]);
}

export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) { ma += a[i]; mb += b[i]; }
  ma /= n; mb /= n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) { const da = a[i] - ma, db = b[i] - mb; sab += da * db; saa += da * da; sbb += db * db; }
  return sab / Math.sqrt(saa * sbb);
}

export function std(a: ArrayLike<number>): number {
  const n = a.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += a[i];
  m /= n;
  let s = 0;
  for (let i = 0; i < n; i++) s += (a[i] - m) ** 2;
  return Math.sqrt(s / n);
}

export const wrapPi = (x: number): number => x - 2 * Math.PI * Math.round(x / (2 * Math.PI));

/** Our circular column moved onto the same 2π branch as the reference, value by value. */
export function alignCircular(ours: Float64Array, ref: Float64Array): Float64Array {
  return Float64Array.from(ours, (v, i) => ref[i] + wrapPi(v - ref[i]));
}

export interface F0Stats { vuvAgreement: number; f0MedianRelErr: number; f0Identical: number; bothVoiced: number }

export function f0Stats(run: ClipRun): F0Stats {
  const f0 = ourCol(run.ours[0], col('F0')), vuv = ourCol(run.ours[0], col('VUV'));
  const rf0 = refCol(run.ref[0], col('F0')), rvuv = refCol(run.ref[0], col('VUV'));
  let agree = 0, same = 0;
  const rel: number[] = [];
  for (let k = 0; k < f0.length; k++) {
    if (vuv[k] === rvuv[k]) agree++;
    if (Math.abs(f0[k] - rf0[k]) < 1e-6) same++;
    if (vuv[k] === 1 && rvuv[k] === 1) rel.push(Math.abs(f0[k] - rf0[k]) / rf0[k]);
  }
  rel.sort((a, b) => a - b);
  return {
    vuvAgreement: agree / f0.length, f0MedianRelErr: rel.length ? rel[rel.length >> 1] : 0,
    f0Identical: same / f0.length, bothVoiced: rel.length,
  };
}

export interface ColStats { r: number; rmseOverStd: number; maxAbs: number; refStd: number }

export function colStats(ours: Float64Array, ref: Float64Array, circular: boolean): ColStats {
  const o = circular ? alignCircular(ours, ref) : ours;
  let se = 0, mx = 0;
  for (let i = 0; i < o.length; i++) { const d = o[i] - ref[i]; se += d * d; mx = Math.max(mx, Math.abs(d)); }
  const s = std(ref);
  return { r: pearson(o, ref), rmseOverStd: Math.sqrt(se / o.length) / s, maxAbs: mx, refStd: s };
}

/**
 * Output frames kept for the seed-dependent HMPD columns: frames more than HMPDD_EDGE frames away from any
 * frame that is outside the analysed stretch (reference HMPDD_0 = 0) or next to digital silence (SRH gives
 * F0 = 1 Hz there, so the output F0 is below 50 Hz) — the README's "edge effects of the smoothed phase
 * statistics" at the clip ends and around the silent gaps of espeak_fox.
 */
export function hmpdInterior(ref: RefCsv): boolean[] {
  const c = col('HMPDD_0'), f = col('F0');
  const n = ref.rows.length;
  const gap = ref.rows.map((row) => row[c] === 0 || row[f] < 50);
  return Array.from({ length: n }, (_, k) => {
    for (let j = Math.max(0, k - HMPDD_EDGE); j <= Math.min(n - 1, k + HMPDD_EDGE); j++) if (gap[j]) return false;
    return true;
  });
}

export interface SeedStats { maxDiffToRef: number; seedSpread: number; r: number }

/** For a seed-dependent column: our value vs the reference of the same seed, compared with the spread
 *  between the two reference seeds, over the interior frames. */
export function seedStats(run: ClipRun, c: number, circular: boolean): SeedStats {
  const keep = hmpdInterior(run.ref[0]);
  let maxDiff = 0, spread = 0;
  const o0: number[] = [], r0: number[] = [];
  for (let s = 0; s < 2; s++) {
    const ours = ourCol(run.ours[s], c), ref = refCol(run.ref[s], c), other = refCol(run.ref[1 - s], c);
    for (let k = 0; k < keep.length; k++) {
      if (!keep[k]) continue;
      const d = circular ? wrapPi(ours[k] - ref[k]) : ours[k] - ref[k];
      const sp = circular ? wrapPi(other[k] - ref[k]) : other[k] - ref[k];
      maxDiff = Math.max(maxDiff, Math.abs(d));
      spread = Math.max(spread, Math.abs(sp));
      if (s === 0) { o0.push(circular ? ref[k] + d : ours[k]); r0.push(ref[k]); }
    }
  }
  return { maxDiffToRef: maxDiff, seedSpread: spread, r: pearson(o0, r0) };
}
