// SRH / RESKEW internals that the COVAREP agreement tests do not isolate:
//  - the fused WebAssembly LP residuals (orders 12 and 18, LPC from the signal or from a filtered copy,
//    chunked for long clips) equal the plain overlap-add loop bit for bit;
//  - the pipeline hands the order-18 residual of the polarity-corrected signal to the glottal group through
//    ctx.memo, equal bit for bit to what the group would compute itself;
//  - the approximated SRH spectrum (decimated 2048-point FFT + interpolation, exact recomputation of
//    ambiguous frames; docs/adr/0036) against the exact 16000-point spectrum on real clips: voicing and F0
//    identical on every frame, and the SRH score error (the approximation error).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFeatures, type ColumnGroup } from '../../src-main/features/extractor';
import { LP_RESIDUAL_18_KEY } from '../../src-main/features/glottal/index';
import { lpResidual, lpResiduals } from '../../src-main/features/lp-residual';
import { zeroPhaseHighpass } from '../../src-main/features/polarity';
import { srhPitch } from '../../src-main/features/srh';
import { autocorr, levinson } from '../../src-main/features/dsp/lpc';
import { windowOf } from '../../src-main/features/dsp/windows';
import { realFftPlan } from '../../src-main/features/dsp/fft';
import { covarepRefRoot } from '../support/paths';
import { readWav16 } from './reference';

/** COVAREP lpcresidual as a plain loop (the TypeScript this module had before the WebAssembly kernel). */
function plainResidual(x: Float64Array, L: number, shift: number, order: number, lpcFrom: Float64Array): Float64Array {
  const n = x.length, len = L + 1, win = windowOf('hanning', len);
  const res = new Float64Array(n), seg = new Float64Array(len), seg2 = new Float64Array(len), inv = new Float64Array(len);
  const r = new Float64Array(order + 1), a = new Float64Array(order + 1), tmp = new Float64Array(order + 1);
  for (let start = 0; start + L < n - 1; start += shift) {
    let e = 0;
    for (let i = 0; i < len; i++) { const v = x[start + i] * win[i]; seg[i] = v; e += v * v; }
    for (let i = 0; i < len; i++) seg2[i] = lpcFrom[start + i] * win[i];
    autocorr(seg2, 0, len, order, r);
    levinson(r, order, a, tmp);
    let ei = 0;
    for (let i = 0; i < len; i++) {
      let acc = 0;
      for (let k = 0; k <= Math.min(order, i); k++) acc += a[k] * seg[i - k];
      inv[i] = acc;
      ei += acc * acc;
    }
    const g = Math.sqrt(e / ei);
    for (let i = 0; i < len; i++) res[start + i] += inv[i] * g;
  }
  let mx = 0;
  for (const v of res) if (Math.abs(v) > mx) mx = Math.abs(v);
  const sc = 1 / mx;
  return res.map((v) => v * sc);
}

/** Values that differ (NaN equals NaN; +0 equals −0: res(−x) = −res(x) turns 0 + 0 into −0 + −0 = −0). */
function differing(a: Float64Array, b: Float64Array): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) d++;
  return d;
}

/** A synthetic 25 s test signal: pulse train at a fractional period through a resonance, plus noise. */
function pulses(f0: number, seconds: number): Float64Array {
  const n = Math.round(seconds * 16000), x = new Float64Array(n);
  let seed = 12345;
  for (let i = 0; i < n; i++) { seed = (seed * 1103515245 + 12345) % 2 ** 31; x[i] = 1e-3 * (seed / 2 ** 31 - 0.5); }
  for (let t = 40; t < n - 1; t += 16000 / f0) { const i = Math.floor(t), u = t - i; x[i] += 0.5 * (1 - u); x[i + 1] += 0.5 * u; }
  for (let i = 2; i < n; i++) x[i] += 1.8 * x[i - 1] - 0.81 * x[i - 2];
  return x;
}

/**
 * SRH with COVAREP's exact spectrum (16000-point DFT of every frame, 1 Hz bins): the reference for the
 * approximation error. Test-only; the product has the approximated spectrum alone (docs/adr/0036).
 */
function exactSrh(x: Float64Array): { f0: Float64Array; score: Float64Array; vuv: Uint8Array } {
  const res = lpResidual(x, 400, 80, 12);
  const L = 1598, win = windowOf('blackman', L), plan = realFftPlan(16000);
  const re = new Float64Array(8001), im = new Float64Array(8001), fr = new Float64Array(L), E = new Float64Array(2501);
  const rows: Float64Array[] = [];
  for (let s = 0; s + L <= x.length - 1; s += 160) {
    let m = 0;
    for (let i = 0; i < L; i++) { fr[i] = res[s + i] * win[i]; m += fr[i]; }
    m /= L;
    for (let i = 0; i < L; i++) fr[i] -= m;
    plan.forward(fr, re, im);
    let ss = 0;
    for (let k = 0; k < 8000; k++) ss += re[k] * re[k] + im[k] * im[k];
    for (let i = 1; i <= 2500; i++) E[i] = Math.hypot(re[i - 1], im[i - 1]) / Math.sqrt(ss);
    const row = new Float64Array(501);
    for (let f = 50; f <= 500; f++) {
      row[f] = E[f] + E[2 * f] + E[3 * f] + E[4 * f] + E[5 * f];
      for (let k = 1; k <= 4; k++) row[f] -= E[((2 * k + 1) * f + 1) >> 1];
    }
    rows.push(row);
  }
  const f0 = new Float64Array(rows.length), score = new Float64Array(rows.length);
  const search = (lo: number, hi: number): void => rows.forEach((row, j) => {
    let best = 0, bf = 1;
    for (let f = lo; f <= hi; f++) if (row[f] > best) { best = row[f]; bf = f; }
    f0[j] = bf; score[j] = best;
  });
  search(50, 500);
  const sel = Array.from(f0).filter((_, j) => score[j] > 0.1).sort((a, b) => a - b);
  const med = sel.length % 2 ? sel[sel.length >> 1] : 0.5 * (sel[sel.length / 2 - 1] + sel[sel.length / 2]);
  search(Math.max(50, Math.round(med / 2)), Math.min(500, Math.round(2 * med)));
  const mean = score.reduce((a, b) => a + b, 0) / score.length;
  const sd = Math.sqrt(score.reduce((a, b) => a + (b - mean) ** 2, 0) / (score.length - 1));
  const thr = sd > 0.05 ? 0.085 : 0.07;
  return { f0, score, vuv: Uint8Array.from(score, (v) => (v > thr ? 1 : 0)) };
}

describe('LP residuals (srh_lp_residuals)', () => {
  it('equal the plain loop bit for bit: orders 12 and 18 in one pass, LPC from a high-passed copy, digital silence (NaN)', () => {
    const x = readWav16(join(covarepRefRoot, 'wav', 'espeak_fox.wav')).samples; // contains exact digital silence
    const xh = zeroPhaseHighpass(x, 16000);
    const set = lpResiduals(x, 400, 80, { orderA: 12, orderB: 18, lpcFromC: xh });
    expect(differing(set.a!, plainResidual(x, 400, 80, 12, x))).toBe(0);
    expect(differing(set.b!, plainResidual(x, 400, 80, 18, x))).toBe(0);
    expect(differing(set.c!, plainResidual(x, 400, 80, 18, xh))).toBe(0);
    expect(set.a!.some(Number.isNaN)).toBe(true);
  });

  it('are the same when a long clip goes through in chunks of frames', () => {
    const x = pulses(123.4, 24); // 4797 LP frames > one 4096-frame chunk
    expect(differing(lpResidual(x, 400, 80, 18), plainResidual(x, 400, 80, 18, x))).toBe(0);
  });
});

describe('order-18 residual hand-over to the glottal group', () => {
  for (const [clip, polarity] of [['espeak_hello_f3', -1], ['arctic_a0007', 1]] as const) {
    it(`${clip} (polarity ${polarity}): ctx.memo holds exactly the residual of the corrected signal`, () => {
      const x = readWav16(join(covarepRefRoot, 'wav', `${clip}.wav`)).samples;
      let handed: Float64Array | null = null, own: Float64Array | null = null;
      const probe: ColumnGroup = {
        id: 'probe', columns: [],
        compute(ctx) {
          handed = ctx.memo<Float64Array | null>(LP_RESIDUAL_18_KEY, () => null);
          own = lpResidual(ctx.signal, 400, 80, 18);
        },
      };
      const r = extractFeatures(x, 16000, { groups: [probe] });
      expect(r.polarity).toBe(polarity);
      expect(handed).not.toBeNull();
      expect(differing(handed!, own!)).toBe(0);
    });
  }
});

describe('SRH with the approximated spectrum (decimated 2048-point FFT + interpolation, exact where ambiguous)', () => {
  it.each(['arctic_a0007', 'espeak_fox', 'ravdess_03-01-03-02-01-01-02', 'ravdess_03-01-04-01-02-01-05'])(
    '%s: same voicing and F0 as the exact 16000-point spectrum on every frame', (clip) => {
      const x = readWav16(join(covarepRefRoot, 'wav', `${clip}.wav`)).samples;
      const ex = exactSrh(x), ap = srhPitch(x, 16000);
      expect(ap.f0.length).toBe(ex.f0.length);
      let vuvSame = 0, both = 0, f0Same = 0, maxScoreErr = 0;
      for (let j = 0; j < ex.f0.length; j++) {
        if (ex.vuv[j] === ap.vuv[j]) vuvSame++;
        if (ex.vuv[j] && ap.vuv[j]) { both++; if (ex.f0[j] === ap.f0[j]) f0Same++; }
        if (ex.f0[j] === ap.f0[j]) maxScoreErr = Math.max(maxScoreErr, Math.abs(ex.score[j] - ap.score[j]));
      }
      // frames whose decision is within the approximation error are recomputed exactly (srh.ts AMBIGUITY,
      // 3e-5), so F0 and VUV equal the exact algorithm's on every frame; the approximated scores stay well
      // inside that margin
      expect(vuvSame).toBe(ex.f0.length);
      expect(f0Same).toBe(both);
      for (let j = 0; j < ex.f0.length; j++) expect(ap.f0[j], `frame ${j}`).toBe(ex.f0[j]);
      expect(maxScoreErr).toBeLessThanOrEqual(1e-5);
      console.log(`${clip}: VUV same ${(100 * vuvSame / ex.f0.length).toFixed(2)} %, F0 same ${(100 * f0Same / both).toFixed(2)} % of ${both} frames voiced in both, max score error ${maxScoreErr.toExponential(1)}`);
    });
});

describe('SRH second pass without the stored SRH matrix (clips over 3 min)', () => {
  it('gives the same track as with the matrix (recomputing the frames outside the narrowed range)', () => {
    const x = readWav16(join(covarepRefRoot, 'wav', 'ravdess_03-01-01-01-01-01-01.wav')).samples;
    const withMatrix = srhPitch(x, 16000), without = srhPitch(x, 16000, 10, undefined, 0);
    expect(without.f0Min).toBe(withMatrix.f0Min);
    expect(without.f0Max).toBe(withMatrix.f0Max);
    expect(withMatrix.f0Min).toBeGreaterThan(50); // the range was narrowed: the second pass ran
    expect(Array.from(without.f0)).toEqual(Array.from(withMatrix.f0));
    expect(Array.from(without.vuv)).toEqual(Array.from(withMatrix.vuv));
    for (let j = 0; j < x.length && j < withMatrix.score.length; j++) expect(without.score[j]).toBeCloseTo(withMatrix.score[j], 12);
  });
});
