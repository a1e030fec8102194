// Every implemented column against COVAREP's own output (../shared/data/covarep-reference, both seeds).
// Tolerances (justified in docs/features.md, "Agreement with COVAREP"):
//  - frame count: equal;
//  - VUV: ≥ 99 % of frames identical; F0: median relative error ≤ 0.5 % on frames voiced in both — the margins
//    the approximated SRH spectrum must keep (docs/adr/0035, 0036); the thresholds are 97 % and 2 %;
//  - MCEP_k: Pearson r ≥ 0.995 and RMSE ≤ 0.05 × the reference column's std — the margin kept under
//    issue 4's 0.98 / 0.1 by the approximate True Envelope (1024-point spectrum, float32; ADR 0037). MCEP
//    depends on the F0 of every analysis frame, voiced or not (cepstral order, window length), so a changed
//    F0 track fails this too; the envelope approximation alone is held to the same margin against
//    COVAREP's exact 4096-point algorithm on the same analysis frames;
//  - HMPDM_0…23 (deterministic): r ≥ 0.98 on the circle where the column varies (issue 0.95, ADR 0035
//    margin); HMPDM_0…3 exactly 0;
//  - HMPDM_24 and HMPDD_0…12 (seed-dependent): on frames more than 10 analysed frames from the ends and
//    from digital silence (README: edge effects of the smoothed phase statistics), the difference to the reference of the same seed is within the spread between the two reference seeds
//    (plus 1e-5 for float32 output); HMPDD additionally r ≥ 0.98 there;
//  - the synthetic edge clips are numerically fragile (README: a 1e-13 disturbance moves MCEP_0 by 5 on
//    the pulse train), so only their structure is checked.
import { beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_COUNT } from '../../src-main/contract/feature-spec';
import { join } from 'node:path';
import { extractFeatures } from '../../src-main/features/extractor';
import { f0VuvGroup } from '../../src-main/features/f0-vuv';
import { MCEP_ORDER, mcepPerFrame } from '../../src-main/features/mcep';
import { sinFrames, type SinFrame } from '../../src-main/features/sin-frames';
import type { ColumnGroup } from '../../src-main/features/types';
import { readWav16, refWavDir, SPEECH_CLIPS } from './reference';
import {
  col, colStats, f0Stats, HMPDD_COLS, HMPDM_COLS, MCEP_COLS, ourCol, refCol, runClip, seedStats, type ClipRun,
} from './agreement-metrics';

const TOL = {
  vuvAgreement: 0.99, // issue 4: 0.97
  f0MedianRelErr: 0.005, // issue 4: 0.02
  mcepR: 0.995,
  mcepRmseOverStd: 0.05,
  mcepApproxR: 0.995,
  mcepApproxRmseOverStd: 0.05,
  hmpdmR: 0.98, // issue 4: 0.95; margin of ADR 0035 (HMPD approximations: ADR 0039)
  hmpddR: 0.98,
  float32Slack: 1e-5,
};

const clips = SPEECH_CLIPS();
const runs = new Map<string, ClipRun>();

beforeAll(() => {
  for (const clip of clips) runs.set(clip, runClip(clip));
});

describe.each(clips)('%s against COVAREP', (clip) => {
  it('has the same frame count', () => {
    const run = runs.get(clip)!;
    expect(run.ours[0].frames).toBe(run.ref[0].rows.length);
    expect(run.ours[1].frames).toBe(run.ref[1].rows.length);
    expect(run.ours[0].status).toBe('ok');
  });

  it('the two reference seeds differ only in the seed-dependent columns (so seed 0 covers both for the rest)', () => {
    const run = runs.get(clip)!;
    for (const c of [col('F0'), col('VUV'), ...MCEP_COLS, ...HMPDM_COLS.slice(0, 24)]) {
      expect(Array.from(refCol(run.ref[1], c)), `column ${c}`).toEqual(Array.from(refCol(run.ref[0], c)));
    }
  });

  it('F0 and VUV agree', () => {
    const s = f0Stats(runs.get(clip)!);
    expect(s.vuvAgreement).toBeGreaterThanOrEqual(TOL.vuvAgreement);
    expect(s.f0MedianRelErr).toBeLessThanOrEqual(TOL.f0MedianRelErr);
  });

  it('MCEP_0…24 agree', () => {
    const run = runs.get(clip)!;
    for (const c of MCEP_COLS) {
      const s = colStats(ourCol(run.ours[0], c), refCol(run.ref[0], c), false);
      expect(s.r, `column ${c}`).toBeGreaterThanOrEqual(TOL.mcepR);
      expect(s.rmseOverStd, `column ${c}`).toBeLessThanOrEqual(TOL.mcepRmseOverStd);
    }
  });

  it('MCEP_0…24: the fast True Envelope agrees with COVAREP\'s exact one on the same analysis frames', () => {
    const { samples } = readWav16(join(refWavDir, `${clip}.wav`));
    let x: Float64Array = new Float64Array(0), frames: SinFrame[] = [];
    const grab: ColumnGroup = { id: 'grab', columns: [], compute(ctx) { x = ctx.signal; frames = sinFrames(ctx); } };
    extractFeatures(samples, 16000, { groups: [f0VuvGroup, grab] });
    const fast = mcepPerFrame(x, 16000, frames), exact = mcepPerFrame(x, 16000, frames, undefined, true);
    const M = frames.length, C = MCEP_ORDER + 1;
    for (let c = 0; c < C; c++) {
      const a = Float64Array.from({ length: M }, (_, m) => fast[m * C + c]), b = Float64Array.from({ length: M }, (_, m) => exact[m * C + c]);
      const s = colStats(a, b, false);
      expect(s.r, `MCEP_${c}`).toBeGreaterThanOrEqual(TOL.mcepApproxR);
      expect(s.rmseOverStd, `MCEP_${c}`).toBeLessThanOrEqual(TOL.mcepApproxRmseOverStd);
    }
  });

  it('deterministic HMPDM columns agree', () => {
    const run = runs.get(clip)!;
    for (const c of HMPDM_COLS.slice(0, 24)) {
      const ours = ourCol(run.ours[0], c), ref = refCol(run.ref[0], c);
      const s = colStats(ours, ref, true);
      if (s.refStd === 0) expect(s.maxAbs, `column ${c}`).toBeLessThanOrEqual(TOL.float32Slack);
      else expect(s.r, `column ${c}`).toBeGreaterThanOrEqual(TOL.hmpdmR);
    }
    for (const c of HMPDM_COLS.slice(0, 4)) expect(ourCol(run.ours[0], c).every((v) => v === 0)).toBe(true);
  });

  it('seed-dependent HMPD columns stay within the spread between the reference seeds', () => {
    const run = runs.get(clip)!;
    for (const c of [HMPDM_COLS[24], ...HMPDD_COLS]) {
      const s = seedStats(run, c, c === HMPDM_COLS[24]);
      expect(s.maxDiffToRef, `column ${c}`).toBeLessThanOrEqual(s.seedSpread + TOL.float32Slack);
      if (c !== HMPDM_COLS[24]) expect(s.r, `column ${c}`).toBeGreaterThanOrEqual(TOL.hmpddR);
    }
  });
});

describe.each(['edge_pulse200_1s', 'edge_saw200_1s'])('%s (structure only)', (clip) => {
  it('F0 = 200 Hz and VUV = 1 on frames 5–94, HMPDD_0 = ln(0.001), finite values', () => {
    const run = runClip(clip);
    const r = run.ours[0];
    expect(r.frames).toBe(100);
    const f0 = ourCol(r, col('F0')), vuv = ourCol(r, col('VUV')), pdd0 = ourCol(r, col('HMPDD_0'));
    for (let k = 5; k <= 94; k++) {
      expect(f0[k]).toBe(200);
      expect(vuv[k]).toBe(1);
    }
    for (let k = 0; k < 5; k++) expect(vuv[k]).toBe(0);
    for (let k = 20; k <= 80; k++) expect(pdd0[k]).toBeCloseTo(Math.log(0.001), 4);
    for (let i = 0; i < r.frames * FEATURE_COUNT; i++) if (r.present[i % FEATURE_COUNT]) expect(Number.isFinite(r.data[i])).toBe(true);
  });
});
