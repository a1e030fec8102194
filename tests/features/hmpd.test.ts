// HMPD steps 4–5 (hmpd.ts hmpdStatistics, native/hmpd-kernels.c) against the exact operations they
// approximate (ADR 0039): cos/sin/atan2/log from V8, Octave's filtfilt (dsp/phase.ts filtfiltFir, the
// transposed direct form) and medfilt1, PDD → mel cepstrum by mcep.ts logHspecToFwcep. The input is a
// synthetic phase-distortion matrix with the structures of real ones: bins below 0.95·f0 exactly 0
// (COVAREP's interpolation from the DC point), slowly varying voiced phases with jitter, random phases in
// unvoiced stretches and above the harmonics, values on arbitrary 2π branches (the kernel takes any range),
// and bins that leave 0 slowly, where the exact R rounds to 1 a few frames before the change.
import { describe, expect, it } from 'vitest';
import { hmpdStatistics, logHarmonicScale } from '../../src-main/features/hmpd';
import { logHspecToFwcep } from '../../src-main/features/mcep';
import { filtfiltFir, medfilt1, wrap } from '../../src-main/features/dsp/phase';
import { windowOf } from '../../src-main/features/dsp/windows';
import { MT19937 } from '../../src-main/features/dsp/mt19937';

const FS = 16000, NB = 513, M = 300, EDGE = 12;

function syntheticPd(): Float64Array {
  const rng = new MT19937(7);
  const P = new Float64Array(M * NB);
  for (let m = 0; m < M; m++) {
    const voiced = (m > 40 && m < 150) || (m > 170 && m < 270);
    const f0 = 110 + 60 * Math.sin(m / 40);
    for (let k = 0; k < NB; k++) {
      const f = (FS * k) / 1024;
      let v: number;
      if (k >= 3 && k <= 5) v = m < 200 ? 0 : 1e-5 * k * (m - 200) ** 2; // leaves 0 slowly: R within ulps of 1
      else if (f < 0.95 * f0) v = 0;
      else if (!voiced || f > 6500) v = 2 * Math.PI * rng.random();
      else v = 0.4 * Math.sin(k / 25) + 0.1 * Math.sin(m / 9 + k / 40) + (0.02 + f / 40000) * (rng.random() - 0.5);
      P[m * NB + k] = v + 2 * Math.PI * Math.round(40 * (rng.random() - 0.5)); // any 2π branch
    }
  }
  return P;
}

/** Steps 4–5 with the exact operations, one bin at a time (session 1's implementation). */
function exactStatistics(P: Float64Array): { pdmc: Float64Array; pddc: Float64Array; interiorZeros: number; knife: boolean[]; tiny: boolean[]; pdd: Float64Array } {
  const wlm = 25, wl = 9;
  const rectPdm = new Float64Array(wlm).fill(1 / wlm), rectPdd = new Float64Array(wl).fill(1 / wl);
  const hw = windowOf('hann', wl);
  const hs = hw.reduce((a, b) => a + b, 0);
  const hannN = Float64Array.from(hw, (v) => v / hs);
  const work = new Float64Array(2 * (M + 6 * (wlm - 1)) + wlm);
  const pdm = new Float64Array(M * NB), pdd = new Float64Array(M * NB);
  const ph = new Float64Array(M), c0 = new Float64Array(M), s0 = new Float64Array(M), c1 = new Float64Array(M), s1 = new Float64Array(M);
  const mb = new Float64Array(wl);
  for (let k = 0; k < NB; k++) {
    for (let m = 0; m < M; m++) { ph[m] = wrap(P[m * NB + k]); c0[m] = Math.cos(ph[m]); s0[m] = Math.sin(ph[m]); }
    c1.set(c0); s1.set(s0);
    filtfiltFir(rectPdm, c1, M, work);
    filtfiltFir(rectPdm, s1, M, work);
    for (let m = 0; m < M; m++) pdm[m * NB + k] = Math.atan2(s1[m], c1[m]);
    medfilt1(c0, M, wl, c1, mb);
    medfilt1(s0, M, wl, s1, mb);
    filtfiltFir(hannN, c1, M, work);
    filtfiltFir(hannN, s1, M, work);
    for (let m = 0; m < M; m++) { const d = ph[m] - Math.atan2(s1[m], c1[m]); c0[m] = Math.cos(d); s0[m] = Math.sin(d); }
    filtfiltFir(rectPdd, c0, M, work);
    filtfiltFir(rectPdd, s0, M, work);
    for (let m = 0; m < M; m++) { const z = Math.hypot(c0[m], s0[m]); pdd[m * NB + k] = z < 1 ? Math.sqrt(-2 * Math.log(z)) : 0; }
  }
  const hsl = logHarmonicScale(8, 512, 25);
  const pdmc = new Float64Array(M * 25);
  const pddc = new Float64Array(M * 13);
  const logX = new Float64Array(NB), fw = new Float64Array(NB), cep = new Float64Array(13);
  for (let m = 0; m < M; m++) {
    const sc = new Float64Array(26), ss = new Float64Array(26), n = new Int32Array(26);
    for (let i = 0; i < 512; i++) { const v = pdm[m * NB + i]; sc[hsl[i]] += Math.cos(v); ss[hsl[i]] += Math.sin(v); n[hsl[i]]++; }
    for (let h = 1; h <= 25; h++) pdmc[m * 25 + h - 1] = n[h] ? Math.atan2(ss[h] / n[h], sc[h] / n[h]) : NaN;
    for (let k = 0; k < NB; k++) { const v = pdd[m * NB + (k === 0 ? 1 : k)]; logX[k] = Math.log(v === 0 ? 0.001 : v); }
    logHspecToFwcep(logX, FS, 1024, 12, cep, fw);
    pddc.set(cep, m * 13);
  }
  let interiorZeros = 0;
  for (let m = EDGE; m < M - EDGE; m++) for (let k = 0; k < NB; k++) if (pdd[m * NB + k] === 0) interiorZeros++;
  // frames where some bin's R is within rounding of 1 (0 < PDD < 1e-7): whether it rounds to 1 (PDD 0,
  // floored to 0.001) depends on the operation order, in COVAREP as here
  const below = (lim: number): boolean[] => Array.from({ length: M }, (_, m) => {
    for (let k = 0; k < NB; k++) { const v = pdd[m * NB + k]; if (v > 0 && v < lim) return true; }
    return false;
  });
  // and frames with some PDD < 1e-5 (1 − R < 5e-11), where one rounding of R is ≥ 1e-5 of 1 − R
  return { pdmc, pddc, interiorZeros, knife: below(1e-7), tiny: below(1e-5), pdd };
}

describe('HMPD phase statistics (WebAssembly kernel) against the exact operations', () => {
  const P = syntheticPd();
  const exact = exactStatistics(P);
  const ours = hmpdStatistics(P.slice(), M, FS);

  it('PDM per log-harmonic band agrees to 1e-9 rad on every frame (polynomial sin/cos, running sums, no atan2 per bin)', () => {
    let worst = 0;
    for (let i = 0; i < exact.pdmc.length; i++) {
      expect(Number.isNaN(ours.pdmc[i])).toBe(Number.isNaN(exact.pdmc[i]));
      if (!Number.isNaN(exact.pdmc[i])) worst = Math.max(worst, Math.abs(wrap(ours.pdmc[i] - exact.pdmc[i])));
    }
    expect(worst).toBeLessThan(1e-9);
  });

  it('the PDD mel cepstrum agrees away from the clip ends: 1e-6, and 5e-4 (a third of the smallest inter-seed spread) where some PDD < 1e-5', () => {
    let worst = 0, worstTiny = 0, compared = 0;
    for (let m = EDGE; m < M - EDGE; m++) {
      if (exact.knife[m]) continue;
      compared++;
      for (let n = 0; n < 13; n++) {
        const d = Math.abs(ours.pddc[m * 13 + n] - exact.pddc[m * 13 + n]);
        if (exact.tiny[m]) worstTiny = Math.max(worstTiny, d);
        else worst = Math.max(worst, d);
      }
    }
    expect(worst).toBeLessThan(1e-6);
    expect(worstTiny).toBeLessThan(5e-4);
    expect(compared).toBeGreaterThan(0.6 * (M - 2 * EDGE));
    // the input really contains R = 1 bins (PDD exactly 0 in the exact operations: the bins below 0.95·f0),
    // where a rounding residue of 1e-15 would give PDD ≈ 4e-8 and move the cepstrum by ~0.02 per bin
    expect(exact.interiorZeros).toBeGreaterThan(1000);
  });

  it('R within 1e-14 of 1 counts as 1 (PDD 0), the rounding COVAREP gets on the reference clips', () => {
    const pdd = P.slice();
    hmpdStatistics(pdd, M, FS); // leaves PDD in its input
    let knifeBins = 0;
    for (let m = EDGE; m < M - EDGE; m++) {
      for (let k = 0; k < NB; k++) {
        const v = exact.pdd[m * NB + k];
        if (v > 0 && v < 1e-7) { knifeBins++; expect(pdd[m * NB + k], `frame ${m} bin ${k}`).toBe(0); }
      }
    }
    expect(knifeBins).toBeGreaterThan(0); // the slowly leaving bins 3–5 produce them
  });
});
