// Rd shape parameter of the LF glottal model and its confidence by Mean Squared Phase minimisation:
// G. Degottex, A. Röbel, X. Rodet, "Phase minimization for glottal model estimation", IEEE TASL 19(5),
// 2011, and "Function of phase-distortion for glottal model estimation", ICASSP 2011 (MSPD2 criterion);
// LF model in its Rd parameterisation: G. Fant, "The LF-model revisited", STL-QPSR 36(2–3), 1995;
// LF spectrum: B. Doval & C. d'Alessandro, ICASSP 1997.
// Parameters (COVAREP `rd_msp` via COVAREP_feature_extraction):
// - harmonic model per SRH frame from peak picking on a 3-period Blackman window (normalised by its sum),
//   4096-point DFT, window delay compensated; harmonic h amplitude/phase from the log-spectrum peak
//   (quadratic interpolation) within ±f0/2 of h·f0, else the bin at h·f0; phase by linear interpolation of
//   the unwrapped phase spectrum; harmonics up to 8 kHz; DC amplitude := |H1|;
// - for a candidate Rd: N = M / G_LF(Rd) (G_LF with Ee = 1, T0 = 1/f0), N(DC) := |N(1)|, N(last) :=
//   |N(last−1)|; R = N / minphase(N) (real-cepstrum minimum phase on the 2K-point spectrum);
//   err = mean over k = 2..8 of wrap(∠R_k − ∠R_{k−1} − ∠R_1)²;
// - Rd = argmin over [0.3, 2.5] by Brent's method (MATLAB fminbnd: TolX 0.01, at most 32 iterations);
//   Rd_conf = 1 − sqrt(err)/π.
// Speed: the minimum-phase response is only needed at bins 0..8, and it is linear in log|N|, so it is a
// fixed 9×(K+1) matrix per harmonic count K (cached) applied to log|N|: O(9K) per evaluation instead of
// two 2K-point DFTs.
import { SIN_DFTLEN, type SinFrame } from '../sin-frames.js';
import { windowOf } from '../dsp/windows.js';
import { wasmHeap } from '../dsp/wasm-fft.js';
import { glottalRealPlan } from './dsp-fft.js';

interface RdExports {
  glottal_rd_spectrum(x: number, winlen: number, wn: number, plan: number, buf: number, re: number, im: number, pow: number, peaks: number): number;
}
/** Scratch slots of wasmHeap().allocTemp owned by the glottal group (160…179; 177–179 here). */
const RD_SLOT = 177;
/** Blackman windows divided by their sum (sin_analysis' normalisation), per length, in wasm memory. */
const windowPtrs = new Map<number, number>();
function windowPtr(winlen: number): number {
  let p = windowPtrs.get(winlen);
  if (p === undefined) {
    const w = windowOf('blackman', winlen);
    let sw = 0;
    for (let i = 0; i < winlen; i++) sw += w[i];
    const s = 1 / sw;
    const heap = wasmHeap();
    p = heap.allocF64(winlen);
    const v = heap.f64, o = p / 8;
    for (let i = 0; i < winlen; i++) v[o + i] = w[i] * s; // as sin-frames.ts frameSpectrum
    windowPtrs.set(winlen, p);
  }
  return p;
}

const FS = 16000;
const NB = 9; // bins 0..8 of the residual phase are used

const wrap = (p: number): number => {
  const v = (p + Math.PI) % (2 * Math.PI);
  return (v < 0 ? v + 2 * Math.PI : v) - Math.PI;
};

/** imag(log minimum-phase spectrum) at bins 0..8 = W · log|N|; W depends only on K (spectrum length 2K). */
const minPhaseCache = new Map<number, Float64Array>();
function minPhaseMatrix(K: number): Float64Array {
  let W = minPhaseCache.get(K);
  if (W) return W;
  const L = 2 * K;
  W = new Float64Array(NB * (K + 1));
  const cosT = new Float64Array(L), sinT = new Float64Array(L);
  for (let i = 0; i < L; i++) { cosT[i] = Math.cos((2 * Math.PI * i) / L); sinT[i] = Math.sin((2 * Math.PI * i) / L); }
  for (let k = 0; k < NB; k++) {
    for (let j = 0; j <= K; j++) {
      const mj = j === 0 || j === K ? 1 : 2;
      let s = 0;
      for (let n = 0; n <= K; n++) {
        const wn = n === 0 || n === K ? 1 : 2;
        s += wn * cosT[(j * n) % L] * sinT[(k * n) % L];
      }
      W[k * (K + 1) + j] = (-mj * s) / L;
    }
  }
  minPhaseCache.set(K, W);
  return W;
}

/** LF shape parameters (T0-normalised) from Rd, Fant 1995 eqs. 2–4. */
function rdToTeTpTa(rd: number): { te: number; tp: number; ta: number } {
  const rap = (-1 + 4.8 * rd) / 100;
  const rkp = (22.4 + 11.8 * rd) / 100;
  const rgp = 1 / ((4 * ((0.11 * rd) / (0.5 + 1.2 * rkp) - rap)) / rkp);
  const tp = 1 / (2 * rgp);
  return { te: tp * (rkp + 1), tp, ta: rap };
}

/**
 * Root of f in [lo, hi] (f(lo), f(hi) of opposite signs) by the Brent–Dekker method (bisection, secant,
 * inverse quadratic interpolation) to the tolerance MATLAB's fzero uses, 2·eps·max(|x|, 1).
 */
function brentRoot(f: (v: number) => number, lo: number, hi: number): number {
  const EPS = 2.220446049250313e-16;
  let a = lo, b = hi, fa = f(a), fb = f(b);
  if (fa === 0) return a;
  if (fb === 0) return b;
  let c = a, fc = fa, d = b - a, e = d;
  for (let it = 0; it < 300; it++) {
    if ((fb > 0) === (fc > 0)) { c = a; fc = fa; d = b - a; e = d; }
    if (Math.abs(fc) < Math.abs(fb)) { a = b; b = c; c = a; fa = fb; fb = fc; fc = fa; }
    const m = 0.5 * (c - b);
    const tol = 2 * EPS * Math.max(Math.abs(b), 1);
    if (Math.abs(m) <= tol || fb === 0) break;
    if (Math.abs(e) < tol || Math.abs(fa) <= Math.abs(fb)) { d = m; e = m; } else {
      let p: number, q: number;
      const sr = fb / fa;
      if (a === c) { p = 2 * m * sr; q = 1 - sr; } else {
        const qq = fa / fc, r = fb / fc;
        p = sr * (2 * m * qq * (qq - r) - (b - a) * (r - 1));
        q = (qq - 1) * (r - 1) * (sr - 1);
      }
      if (p > 0) q = -q; else p = -p;
      if (2 * p < 3 * m * q - Math.abs(tol * q) && p < Math.abs(0.5 * e * q)) { e = d; d = p / q; } else { d = m; e = m; }
    }
    a = b; fa = fb;
    if (Math.abs(d) > tol) b += d; else b += b > c ? -tol : tol;
    fb = f(b);
  }
  return b;
}

/**
 * LF glottal-flow-derivative spectrum (Doval & d'Alessandro 1997 closed form as COVAREP gfm_spec_lf,
 * Ee = 1, T0 = 1/f0) at the harmonics h·f0, h = 1..K: writes log|G_h| and, for h < NB, arg G_h.
 * e^{−iωTe} is advanced by complex recurrence, and e^{−iω(T0−Te)} = conj(e^{−iωTe}) since ω·T0 = 2πh.
 */
function lfLogSpectrum(f0: number, K: number, rd: number, logG: Float64Array, argG: Float64Array): void {
  const { te, tp, ta } = rdToTeTpTa(rd);
  const T0 = 1 / f0, Te = te * T0, Tp = tp * T0, Ta = ta * T0;
  const wg = Math.PI / Tp;
  const fb = (e: number): number => 1 - Math.exp(-e * (T0 - Te)) - e * Ta;
  // Non-trivial root of fb (e = 0 is the trivial one), just below 1/Ta.
  const hiE = 1 / Ta;
  let loE = hiE;
  for (let i = 0; i < 200 && fb(loE) <= 0; i++) loE *= 0.5;
  const e = brentRoot(fb, loE, hiE);
  const A = (1 - Math.exp(-e * (T0 - Te))) / (e * e * Ta) - ((T0 - Te) * Math.exp(-e * (T0 - Te))) / (e * Ta);
  const sw = Math.sin(wg * Te), cw = Math.cos(wg * Te);
  const fa = (x: number): number => (x * x + wg * wg) * sw * A + wg * Math.exp(-x * Te) + x * sw - wg * cw;
  const a = brentRoot(fa, 0, 1e9);
  const E0 = -1 / (Math.exp(a * Te) * sw);
  const eaTe = Math.exp(a * Te);
  const w1 = 2 * Math.PI * f0;
  const z1r = Math.cos(w1 * Te), z1i = -Math.sin(w1 * Te);
  let zr = 1, zi = 0;
  const eTa = e * Ta;
  const k4 = e * (1 - eTa);
  for (let h = 1; h <= K; h++) {
    const nzr = zr * z1r - zi * z1i;
    zi = zr * z1i + zi * z1r;
    zr = nzr;
    const w = w1 * h;
    const sr = a, si = -w;
    // P1 = E0 / (s² + wg²), s = a − iω
    const d1r = sr * sr - si * si + wg * wg, d1i = 2 * sr * si;
    const den1 = d1r * d1r + d1i * d1i;
    const p1r = (E0 * d1r) / den1, p1i = (-E0 * d1i) / den1;
    // P2 = wg + e^{aTe}·z·(s·sin(wg·Te) − wg·cos(wg·Te))
    const qr = sr * sw - wg * cw, qi = si * sw;
    const er = eaTe * zr, ei = eaTe * zi;
    const p2r = wg + er * qr - ei * qi, p2i = er * qi + ei * qr;
    // P3 = z / (e·Ta·iω·(e + iω)) = z / (e·Ta·(−ω² + i·e·ω))
    const dr = eTa * (-w * w), di = eTa * e * w;
    const den3 = dr * dr + di * di;
    const p3r = (zr * dr + zi * di) / den3, p3i = (zi * dr - zr * di) / den3;
    // P4 = e(1 − e·Ta)(1 − conj z) − e·Ta·iω
    const p4r = k4 * (1 - zr), p4i = k4 * zi - eTa * w;
    const gr = p1r * p2r - p1i * p2i + p3r * p4r - p3i * p4i;
    const gi = p1r * p2i + p1i * p2r + p3r * p4i + p3i * p4r;
    logG[h] = 0.5 * Math.log(FS * FS * (gr * gr + gi * gi));
    // Conjugated: the reference values are reproduced only with the LF spectrum in the e^{+iωt}
    // convention (checked on the sawtooth clip, whose harmonic model is known in closed form: with
    // the e^{−iωt} form the criterion at the reference's Rd is 0.512 instead of its 0.668).
    if (h < NB) argG[h] = -Math.atan2(gi, gr);
  }
}

// The criterion depends on Rd only through the LF spectrum at the harmonics, and that spectrum, with
// Ee = 1, scales with T0 (G(ω) = T0·Ĝ(ω·T0)): its phase at harmonic h and its log-magnitude up to the
// constant log T0 (which the minimum phase ignores) are functions of (Rd, h) alone. So the LF part of the
// residual phase, T_k(Rd) = arg Ĝ_k − [W'·log|Ĝ|]_k (k = 1..8, W' the minimum-phase matrix with
// COVAREP's end-bin replacements folded in), is tabulated once per harmonic count K on an Rd grid and
// interpolated (4-point Lagrange; unwrapped along Rd so the interpolation never straddles a 2π jump).
// Each fminbnd evaluation is then 8 interpolations instead of an LF spectrum (two root searches and K
// complex terms with a log each) and a 9×K product. Interpolation error: see docs/features-glottal.md.
const RD_LO = 0.3, RD_HI = 2.5;
export const RD_STEP = 0.01;
const RD_N = Math.round((RD_HI - RD_LO) / RD_STEP) + 3; // one extra node beyond each end for the cubic
const MAX_K = Math.ceil(FS / 2 / 20) + 2;
let lfLogTab: Float64Array | null = null; // RD_N × (MAX_K + 1): log|Ĝ_h|
let lfArgTab: Float64Array | null = null; // RD_N × NB: arg Ĝ_h, h < NB
const lfPhaseTabs = new Map<number, Float64Array>(); // K → RD_N × NB: T_k

function lfTables(): [Float64Array, Float64Array] {
  if (!lfLogTab || !lfArgTab) {
    lfLogTab = new Float64Array(RD_N * (MAX_K + 1));
    lfArgTab = new Float64Array(RD_N * NB);
    const logG = new Float64Array(MAX_K + 1), argG = new Float64Array(NB);
    for (let i = 0; i < RD_N; i++) {
      lfLogSpectrum(1, MAX_K, RD_LO + (i - 1) * RD_STEP, logG, argG);
      lfLogTab.set(logG, i * (MAX_K + 1));
      lfArgTab.set(argG, i * NB);
    }
  }
  return [lfLogTab, lfArgTab];
}

/** T_k(Rd) on the grid for harmonic count K (k = 1..8; index 0 unused), unwrapped along Rd. */
function lfPhaseTable(K: number): Float64Array {
  let T = lfPhaseTabs.get(K);
  if (T) return T;
  const [logTab, argTab] = lfTables();
  const W = foldedMinPhase(K);
  T = new Float64Array(RD_N * NB);
  for (let i = 0; i < RD_N; i++) {
    const lg = i * (MAX_K + 1);
    for (let k = 1; k < NB; k++) {
      let phi = 0;
      const row = k * (K + 1);
      for (let j = 1; j < K; j++) phi += W[row + j] * logTab[lg + j];
      let v = argTab[i * NB + k] - phi;
      if (i > 0) { const prev = T[(i - 1) * NB + k]; v = prev + wrap(v - prev); }
      T[i * NB + k] = v;
    }
  }
  lfPhaseTabs.set(K, T);
  return T;
}

/** minPhaseMatrix(K) with log|N(0)| := log|N(1)| and log|N(K)| := log|N(K−1)| folded into columns 1 and K−1. */
const foldedCache = new Map<number, Float64Array>();
function foldedMinPhase(K: number): Float64Array {
  let F = foldedCache.get(K);
  if (F) return F;
  const W = minPhaseMatrix(K);
  F = W.slice();
  for (let k = 0; k < NB; k++) {
    const row = k * (K + 1);
    F[row + 1] += F[row];
    F[row + K - 1] += F[row + K];
    F[row] = 0;
    F[row + K] = 0;
  }
  foldedCache.set(K, F);
  return F;
}

/** MATLAB fminbnd (Brent: golden section + parabolic interpolation). Returns [x, f(x)]. */
export function fminbnd(f: (x: number) => number, ax: number, bx: number, tolX: number, maxIter: number): [number, number] {
  const seps = Math.sqrt(2.220446049250313e-16);
  const c = 0.5 * (3 - Math.sqrt(5));
  let a = ax, b = bx;
  let v = a + c * (b - a), w = v, xf = v;
  let d = 0, e = 0;
  let x = xf;
  let fx = f(x);
  let fv = fx, fw = fx;
  let xm = 0.5 * (a + b);
  let tol1 = seps * Math.abs(xf) + tolX / 3;
  let tol2 = 2 * tol1;
  let iter = 0;
  while (Math.abs(xf - xm) > tol2 - 0.5 * (b - a)) {
    let gs = true;
    if (Math.abs(e) > tol1) {
      gs = false;
      let r = (xf - w) * (fx - fv);
      let q = (xf - v) * (fx - fw);
      let p = (xf - v) * q - (xf - w) * r;
      q = 2 * (q - r);
      if (q > 0) p = -p;
      q = Math.abs(q);
      r = e;
      e = d;
      if (Math.abs(p) < Math.abs(0.5 * q * r) && p > q * (a - xf) && p < q * (b - xf)) {
        d = p / q;
        x = xf + d;
        if (x - a < tol2 || b - x < tol2) {
          const si = Math.sign(xm - xf) + (xm - xf === 0 ? 1 : 0);
          d = tol1 * si;
        }
      } else gs = true;
    }
    if (gs) {
      e = xf >= xm ? a - xf : b - xf;
      d = c * e;
    }
    const si = Math.sign(d) + (d === 0 ? 1 : 0);
    x = xf + si * Math.max(Math.abs(d), tol1);
    const fu = f(x);
    iter++;
    if (fu <= fx) {
      if (x >= xf) a = xf; else b = xf;
      v = w; fv = fw;
      w = xf; fw = fx;
      xf = x; fx = fu;
    } else {
      if (x < xf) a = x; else b = x;
      if (fu <= fw || w === xf) {
        v = w; fv = fw;
        w = x; fw = fu;
      } else if (fu <= fv || v === xf || v === w) {
        v = x; fv = fu;
      }
    }
    xm = 0.5 * (a + b);
    tol1 = seps * Math.abs(xf) + tolX / 3;
    tol2 = 2 * tol1;
    if (iter >= maxIter) break;
  }
  return [xf, fx];
}

/** MATLAB unwrap's step between two wrapped phases: the difference brought into [−π, π). */
function unwrapStep(p0: number, p1: number): number {
  const dp = p1 - p0;
  if (Math.abs(dp) < Math.PI) return dp;
  let d = ((dp + Math.PI) % (2 * Math.PI) + 2 * Math.PI) % (2 * Math.PI) - Math.PI;
  if (d === -Math.PI && dp > 0) d = Math.PI;
  return d;
}

export interface RdResult { pos1: Float64Array; rd: Float64Array; conf: Float64Array }

/**
 * Rd and Rd_conf per sinusoidal-analysis frame. Knots (`pos1`) are the frame centres as COVAREP's
 * round(t·fs), compared with the 1-based output grid.
 */
export function rdMsp(x: Float64Array, frames: readonly SinFrame[]): RdResult {
  const m = frames.length;
  const pos1 = new Float64Array(m), rd = new Float64Array(m), conf = new Float64Array(m);
  // Spectrum, powers and peaks per frame in WebAssembly (glottal_rd_spectrum); JS reads them in place.
  const heap = wasmHeap();
  const ex = heap.ex as unknown as RdExports;
  const rplan = glottalRealPlan(SIN_DFTLEN);
  const H2 = SIN_DFTLEN / 2 + 1;
  let maxWin = 1;
  for (const fr of frames) { if (fr.winlen > maxWin) maxWin = fr.winlen; windowPtr(fr.winlen); }
  const pRe = heap.allocTemp(RD_SLOT, 3 * H2), pIm = pRe + 8 * H2, pPow = pIm + 8 * H2;
  const pPk = heap.allocTemp(RD_SLOT + 1, H2), pBuf = heap.allocTemp(RD_SLOT + 2, 2 * maxWin), pX = pBuf + 8 * maxWin;
  const mem = heap.f64;
  const re = mem.subarray(pRe / 8, pRe / 8 + H2), im = mem.subarray(pIm / 8, pIm / 8 + H2), pow = mem.subarray(pPow / 8, pPow / 8 + H2);
  const pk = heap.i32.subarray(pPk / 4, pPk / 4 + H2);
  const maxK = Math.ceil(FS / 2 / 20) + 2;
  const hFreqBin = new Float64Array(maxK + 1);
  let pkPos = new Float64Array(1024), pkVal = new Float64Array(1024);
  const diffs = new Float64Array(maxK + 1);
  const logAbsM = new Float64Array(maxK + 1), angM = new Float64Array(NB);
  const P = new Float64Array(NB), C = new Float64Array(NB);
  for (let fi = 0; fi < m; fi++) {
    const fr = frames[fi];
    pos1[fi] = fr.centre;
    rd[fi] = NaN; conf[fi] = NaN;
    // The window-delay compensation (a linear phase) is applied below only at the bins whose phase is
    // read, instead of rotating all 2049 bins.
    // COVAREP's 4096 points for every frame: with less zero padding (2048 for F0 ≥ 200 Hz) the
    // quadratic peak interpolation moves Rd enough to bring a clip's r down to 0.98 (measured).
    const dftlen = SIN_DFTLEN;
    const half = dftlen / 2;
    const f0 = fr.f0;
    const maxH = Math.round((FS / 2 - f0 / 2) / f0);
    if (!(maxH >= 9) || maxH > maxK) continue;
    const start = fr.centre - (fr.winlen - 1) / 2;
    mem.set(x.subarray(start, start + fr.winlen), pX / 8);
    const np = ex.glottal_rd_spectrum(pX, fr.winlen, windowPtr(fr.winlen), rplan.plan, pBuf, pRe, pIm, pPow, pPk);
    const delayRad = (2 * Math.PI * ((fr.winlen - 1) / 2)) / dftlen;
    const step = (dftlen * f0) / FS;
    // Harmonic peaks: voicebox v_findpeaks(log|S|, 'q') — located on |S|² (same maxima, no logs),
    // refined by a parabola through the log magnitudes.
    if (pkPos.length < np) { pkPos = new Float64Array(np); pkVal = new Float64Array(np); }
    pkPos.fill(NaN, 0, np);
    // Parabolic refinement of peak i (computed only for the peaks the harmonic search looks at).
    const pos = (i: number): number => {
      if (pkPos[i] === pkPos[i]) return pkPos[i];
      const k = pk[i];
      const l0 = 0.5 * Math.log(pow[k - 1]), l1 = 0.5 * Math.log(pow[k]), l2 = 0.5 * Math.log(pow[k + 1]);
      const b = 0.5 * (l2 - l0);
      const a = l1 - b - l0;
      if (a > 0) { pkVal[i] = l1 + (0.25 * b * b) / a; pkPos[i] = k + (0.5 * b) / a; } else { pkVal[i] = l1; pkPos[i] = k; }
      return pkPos[i];
    };
    let j = 0;
    for (let h = 1; h <= maxH; h++) {
      const target = step * h;
      // Peak nearest to the harmonic (0-based bins, as COVAREP's k − 1); ties keep the lower one. The
      // refined position is within ±0.5 of its bin, so peaks with bin + 0.5 < target are passed at once.
      while (j + 1 < np && pk[j + 1] + 0.5 < target) j++;
      while (j + 1 < np && Math.abs(pos(j + 1) - target) < Math.abs(pos(j) - target)) j++;
      if (np > 0 && Math.abs(pos(j) - target) < step / 2) {
        hFreqBin[h] = pkPos[j];
        logAbsM[h] = pkVal[j];
      } else {
        hFreqBin[h] = target;
        logAbsM[h] = 0.5 * Math.log(pow[Math.round(target)]);
      }
      if (h >= NB) continue;
      // Phases (harmonics 1..8 only are used): linear interpolation of the unwrapped phase spectrum at
      // the fractional bin, then wrapped: only the two neighbouring bins and MATLAB unwrap's step.
      const fb = hFreqBin[h];
      const i0 = Math.min(half - 1, Math.floor(fb));
      const t = fb - i0;
      const ph0 = wrap(Math.atan2(im[i0], re[i0]) + delayRad * i0);
      angM[h] = t === 0 ? ph0 : wrap(ph0 + t * unwrapStep(ph0, wrap(Math.atan2(im[i0 + 1], re[i0 + 1]) + delayRad * (i0 + 1))));
    }
    // Harmonic frequencies are then forced to mf0·h (mf0 = median spacing); keep those ≤ 8 kHz.
    diffs[0] = hFreqBin[1];
    for (let h = 2; h <= maxH; h++) diffs[h - 1] = hFreqBin[h] - hFreqBin[h - 1];
    const sorted = diffs.slice(0, maxH).sort();
    const mf0Bin = maxH % 2 ? sorted[(maxH - 1) / 2] : 0.5 * (sorted[maxH / 2 - 1] + sorted[maxH / 2]);
    const mf0 = (mf0Bin * FS) / dftlen;
    let K = maxH;
    while (K > 0 && mf0 * K > FS / 2) K--;
    if (K < NB) continue;
    // M: DC := |H1| and the last harmonic's phase set to 0 or π in COVAREP — neither is used below
    // (log|N(0)| and log|N(K)| are replaced, only phases 1..8 are read).
    // C_k = ∠M_k − [W'·log|M|]_k: the frame's part of the residual phase, fixed during the search.
    const W = foldedMinPhase(K);
    for (let k = 1; k < NB; k++) {
      let ph = 0;
      const row = k * (K + 1);
      for (let jj = 1; jj < K; jj++) ph += W[row + jj] * logAbsM[jj];
      C[k] = angM[k] - ph;
    }
    const T = lfPhaseTable(K);
    const err = (rdv: number): number => {
      const u = (rdv - RD_LO) / RD_STEP + 1;
      let i = Math.floor(u);
      if (i < 1) i = 1; else if (i > RD_N - 3) i = RD_N - 3;
      const t = u - i;
      // 4-point Lagrange weights for nodes i−1, i, i+1, i+2
      const wm = (-t * (t - 1) * (t - 2)) / 6, w0 = ((t + 1) * (t - 1) * (t - 2)) / 2;
      const w1 = (-(t + 1) * t * (t - 2)) / 2, w2 = ((t + 1) * t * (t - 1)) / 6;
      const b0 = (i - 1) * NB, b1 = i * NB, b2 = (i + 1) * NB, b3 = (i + 2) * NB;
      for (let k = 1; k < NB; k++) P[k] = wrap(C[k] - (wm * T[b0 + k] + w0 * T[b1 + k] + w1 * T[b2 + k] + w2 * T[b3 + k]));
      let s = 0;
      for (let k = 2; k < NB; k++) { const d = wrap(P[k] - P[k - 1] - P[1]); s += d * d; }
      return s / (NB - 2);
    };
    const [best, e] = fminbnd(err, 0.3, 2.5, 0.01, 32);
    // A NaN criterion (no spectrum, e.g. digital silence) leaves both values undefined (→ 0).
    rd[fi] = Number.isNaN(e) ? NaN : best;
    conf[fi] = 1 - Math.sqrt(e) / Math.PI;
  }
  return { pos1, rd, conf };
}
