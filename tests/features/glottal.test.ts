// The nine glottal-source columns (NAQ, QOQ, H1H2, PSP, MDQ, peakSlope, Rd, Rd_conf, creak) against
// COVAREP's own output for every reference clip, plus robustness on input COVAREP cannot handle.
// Tolerances are justified in docs/features-glottal.md; the floor is r ≥ 0.9 on frames voiced in
// both (pooled over the speech clips) and creak decisions ≥ 90 % equal at 0.5. Since the speed pass of
// ADR 0045 the extractor approximates (H1H2 from a zero-padded FFT, Rd from tabulated LF phases, …), so
// the contract is the project's margin over the issue — r ≥ 0.97 pooled AND on every speech clip, creak
// decisions ≥ 97 % — plus "within tolerance" shares that catch a systematic drift the r would hide.
import { beforeAll, describe, expect, it } from 'vitest';
import { extractFeatures } from '../../src-main/features/extractor.js';
import { f0VuvGroup } from '../../src-main/features/f0-vuv.js';
import { glottalGroup, LP_RESIDUAL_18_KEY } from '../../src-main/features/glottal/index.js';
import { lpResidual } from '../../src-main/features/lp-residual.js';
import { setFeatureWasm } from '../../src-main/features/dsp/wasm-fft.js';
import type { ColumnGroup } from '../../src-main/features/types.js';
import { FEATURE_COLUMNS, FEATURE_COUNT, frameCount } from '../../src-main/contract/feature-spec.js';
import { column, readWav16, REF_WAV_DIR } from './glottal-support.js';
import { resolve } from 'node:path';
import { agreement, GLOTTAL_COLS, loadAllRuns, ours, type ClipRun, type ColumnAgreement, type GlottalCol } from './glottal-agreement.js';

/** Pooled Pearson r on frames voiced in both (speech clips). Issue floor 0.9. */
const MIN_R: Record<GlottalCol, number> = {
  NAQ: 0.97, QOQ: 0.97, H1H2: 0.97, PSP: 0.97, MDQ: 0.97, peakSlope: 0.97, Rd: 0.97, Rd_conf: 0.97, creak: 0.95,
};
/** Lowest per-clip r allowed (speech clips). */
const MIN_CLIP_R: Record<GlottalCol, number> = {
  NAQ: 0.97, QOQ: 0.97, H1H2: 0.97, PSP: 0.97, MDQ: 0.97, peakSlope: 0.97, Rd: 0.97, Rd_conf: 0.97, creak: 0.9,
};
/** Share of speech-clip frames within the README's absolute tolerance (ABS_TOL in glottal-agreement.ts). */
const MIN_WITHIN: Record<GlottalCol, number> = {
  NAQ: 0.98, QOQ: 0.98, H1H2: 0.98, PSP: 0.98, MDQ: 0.98, peakSlope: 0.99, Rd: 0.99, Rd_conf: 0.99, creak: 0.95,
};

const GLOTTAL = GLOTTAL_COLS.map((c) => FEATURE_COLUMNS.indexOf(c));

describe('glottal columns vs COVAREP reference', () => {
  let runs: ClipRun[] = [];
  let table: ColumnAgreement[] = [];
  beforeAll(() => {
    runs = loadAllRuns();
    table = agreement(runs);
  }, 120_000);

  it('covers every reference clip with the same frame count and all nine columns present', () => {
    expect(runs.length).toBeGreaterThanOrEqual(9);
    for (const run of runs) {
      expect(run.result.frames, run.clip).toBe(run.ref.rows.length);
      for (const c of GLOTTAL) expect(run.result.present[c], `${run.clip} ${FEATURE_COLUMNS[c]}`).toBe(true);
    }
  });

  for (const col of GLOTTAL_COLS) {
    it(`${col}: pooled r ≥ ${MIN_R[col]}, per-clip r ≥ ${MIN_CLIP_R[col]}, ≥ ${MIN_WITHIN[col] * 100} % of frames within tolerance`, () => {
      const a = table.find((t) => t.column === col)!;
      expect(a.frames).toBeGreaterThan(500);
      expect(a.r).toBeGreaterThanOrEqual(MIN_R[col]);
      expect(a.minClipR).toBeGreaterThanOrEqual(MIN_CLIP_R[col]);
      expect(a.withinTol).toBeGreaterThanOrEqual(MIN_WITHIN[col]);
    });
  }

  it('creak: ≥ 97 % of frames on the same side of 0.5 as COVAREP (issue: ≥ 90 %)', () => {
    const a = table.find((t) => t.column === 'creak')!;
    expect(a.decisionAgreement).toBeGreaterThanOrEqual(0.97);
  });

  it('zeros where COVAREP has none: NAQ/MDQ before the first and after the last GCI, creak in frame 0', () => {
    for (const run of runs) {
      if (run.clip.startsWith('edge_pulse')) continue; // README: degenerate, NaN → 0 everywhere for NAQ
      for (const col of ['NAQ', 'MDQ'] as const) {
        const mine = ours(run, col), ref = column(run.ref, col);
        const firstRef = ref.findIndex((v) => v !== 0), firstMine = mine.findIndex((v) => v !== 0);
        expect(Math.abs(firstMine - firstRef), `${run.clip} ${col} first non-zero frame`).toBeLessThanOrEqual(1);
      }
      expect(ours(run, 'creak')[0]).toBe(0);
    }
  });

  it('peakSlope keeps COVAREP\'s infinity at the edge of digital silence (espeak_fox frame 250)', () => {
    const run = runs.find((r) => r.clip === 'espeak_fox')!;
    const mine = ours(run, 'peakSlope'), ref = column(run.ref, 'peakSlope');
    const refInf = [...ref.keys()].filter((k) => !Number.isFinite(ref[k]));
    expect(refInf).toEqual([250]);
    expect(mine[250]).toBe(-Infinity);
  });
});

describe('glottal columns on input COVAREP cannot handle', () => {
  const run = (x: Float64Array): ReturnType<typeof extractFeatures> => extractFeatures(x, 16000, { groups: [f0VuvGroup, glottalGroup] });
  const glottalValues = (r: ReturnType<typeof extractFeatures>): number[] =>
    Array.from({ length: r.frames }, (_, k) => GLOTTAL.map((c) => r.data[k * FEATURE_COUNT + c])).flat();

  it('digital silence (COVAREP fails): no throw, defined values, glottal columns all 0', () => {
    const r = run(new Float64Array(8000));
    expect(r.frames).toBe(frameCount(8000));
    expect(r.status).toBe('no-voiced-frames');
    for (const c of GLOTTAL) expect(r.present[c]).toBe(true);
    expect(glottalValues(r).every((v) => v === 0)).toBe(true);
  });

  it('a 0.3 s vowel-like clip and a hard-clipped one give finite values', () => {
    const n = 4800;
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const ph = (i * 150) / 16000;
      x[i] = 0.6 * (ph % 1) - 0.3 + 0.05 * Math.sin(2 * Math.PI * 900 * (i / 16000));
    }
    const clipped = x.map((v) => Math.max(-0.05, Math.min(0.05, v * 8)));
    for (const sig of [x, clipped]) {
      const r = run(sig);
      expect(r.frames).toBe(frameCount(n));
      expect(glottalValues(r).every((v) => Number.isFinite(v))).toBe(true);
    }
  });

  it('part I\'s WebAssembly switched off (setFeatureWasm(false)): the glottal kernels still run, same columns', () => {
    // The glottal group has no TypeScript twin of its kernels (ADR 0045); it must not depend on the switch.
    const x = readWav16(resolve(REF_WAV_DIR, 'espeak_fox.wav')).x;
    const on = extractFeatures(x, 16000, { groups: [glottalGroup] });
    setFeatureWasm(false);
    let off: ReturnType<typeof extractFeatures>;
    try { off = extractFeatures(x, 16000, { groups: [glottalGroup] }); } finally { setFeatureWasm(true); }
    expect(off.status).toBe('ok');
    expect(off.frames).toBe(on.frames);
    for (const c of GLOTTAL) {
      const a = Array.from({ length: on.frames }, (_, k) => on.data[k * FEATURE_COUNT + c]);
      const b = Array.from({ length: off.frames }, (_, k) => off.data[k * FEATURE_COUNT + c]);
      expect(b.every((v) => Number.isFinite(v) || Math.abs(v) === Infinity), FEATURE_COLUMNS[c]).toBe(true);
      const close = a.filter((v, k) => Object.is(v, b[k]) || Math.abs(v - b[k]) <= 1e-6 * Math.max(1, Math.abs(v))).length;
      expect(close / a.length, FEATURE_COLUMNS[c]).toBeGreaterThanOrEqual(0.99);
    }
  });

  it('a clip shorter than SRH needs (0.05 s) reports too-short and no glottal columns, without throwing', () => {
    const r = run(new Float64Array(800).map((_, i) => Math.sin(i / 10)));
    expect(r.status).toBe('too-short');
  });
});

describe('LP residual hand-over through ctx.memo', () => {
  // RESKEW (part I) computes the order-18 residual of the signal *before* polarity correction. Filling
  // LP_RESIDUAL_18_KEY with polarity × that residual must leave all nine columns bit-identical, so the
  // pipeline can hand it over instead of the glottal group recomputing it (docs/adr/0034).
  const reskewResidual: ColumnGroup = {
    id: 'reskew-residual', columns: [],
    compute(ctx) {
      const raw = ctx.signal.map((v) => v * ctx.polarity);
      const r = lpResidual(raw, 400, 80, 18, raw);
      ctx.memo(LP_RESIDUAL_18_KEY, () => (ctx.polarity < 0 ? r.map((v) => -v) : r));
    },
  };
  for (const clip of ['espeak_hello_f3', 'arctic_a0007']) {
    it(`${clip}: same glottal columns with the handed-over residual`, () => {
      const x = readWav16(resolve(REF_WAV_DIR, `${clip}.wav`)).x;
      const own = extractFeatures(x, 16000, { groups: [glottalGroup] });
      const handed = extractFeatures(x, 16000, { groups: [reskewResidual, glottalGroup] });
      expect(handed.status).toBe('ok');
      for (const c of GLOTTAL) {
        for (let k = 0; k < own.frames; k++) {
          const a = own.data[k * FEATURE_COUNT + c], b = handed.data[k * FEATURE_COUNT + c];
          if (!Object.is(a, b)) expect(b, `${FEATURE_COLUMNS[c]} frame ${k}`).toBe(a);
        }
      }
      expect(own.polarity).toBe(clip === 'arctic_a0007' ? 1 : -1);
    });
  }
});
