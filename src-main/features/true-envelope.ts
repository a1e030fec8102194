// True Envelope spectral envelope estimation (cepstral, iterative).
// A. Röbel, X. Rodet, "Efficient Spectral Envelope Estimation and its Application to Pitch Shifting and
// Envelope Preservation", Proc. DAFx 2005; A. Röbel, F. Villavicencio, X. Rodet, Pattern Recognition
// Letters 28(11), 2007.
//
// Parameters as COVAREP `env_te` with its defaults (mode 1 + 512, at most 200 iterations, precision 2 dB),
// all defined on COVAREP's 4096-point spectrum (teOrders):
// - cepstral order p = min(round(1.2·order), 2047) with a half Hamming window of length 2p+1 on the
//   cepstrum and the acceleration factor λ = (Ei + Eo)/Ei of eq. (5) in Röbel & Rodet 2005
//   (Ei: energy of the kept cepstrum, Eo: energy above order p up to dftlen/2 − 1);
// - DC/Nyquist correction (mode 512): the first and last slim = round(4096/(4p)) bins of the 4096-point log
//   spectrum are replaced by an over-smoothed envelope of order round(p/2) (mode 1 only);
// - iterate: c = real cepstrum of A; cc ← λ·w·(c⁺ − cc) + cc; V = spectrum of cc; A ← max(A, V) until
//   max(A0 − V) ≤ ln(10^(2/20)).
// Approximation (ADR 0037): the iteration runs on a 1024-point spectrum (N = 1024, bins 0..512) instead of
// COVAREP's 4096 whenever the analysis window fits in it (every frame with F0 ≥ 16 Hz); the orders and the
// replaced DC/Nyquist frequency ranges stay those of the 4096-point spectrum (the same Hz), so only the
// sampling density of the spectrum changes; the over-smoothed DC/Nyquist pass (whose envelope is used only
// at ~6 bins at each end) runs on half that grid (512 points). N = 4096 reproduces COVAREP exactly.
// The log spectrum is kept as its half (bins 0..N/2). Both transforms per iteration (log spectrum → real
// cepstrum, truncated cepstrum → log spectrum) are DCT-Is of length N/2 + 1 (dsp/dct.ts).
// This file is the float64 TypeScript form of the algorithm (readable reference, and the path used when
// WebAssembly is switched off); mcep.ts runs the same steps in float32 WebAssembly, four frames at a time
// (native/fft-kernels.c mcep_pass).
import { DctI } from './dsp/dct';
import { windowOf } from './dsp/windows';

export const TE_MAX_IT = 200;
export const TE_DB_LIM = Math.log(Math.pow(10, 2 / 20));
/** COVAREP's DFT length for the sinusoidal-analysis spectra: the orders and slim regions refer to it. */
export const COVAREP_TE_DFTLEN = 4096;

export interface TeOrders {
  /** Main cepstral order (after COVAREP's ×1.2), capped at N/2 − 1. */
  p: number;
  /** Order of the over-smoothed DC/Nyquist pass. */
  pre: number;
  /** Bins [0, lo) and [hi, N/2] of the N-point spectrum take the over-smoothed envelope. */
  lo: number;
  hi: number;
}

/** COVAREP env_te's orders and DC/Nyquist regions for `order` (round(0.5·fs/f0)), mapped to an N-point grid. */
export function teOrders(order: number, N: number): TeOrders {
  const H4 = COVAREP_TE_DFTLEN / 2;
  const p4 = Math.min(Math.round(1.2 * Math.min(order, H4 - 1)), H4 - 1);
  const pre4 = Math.min(Math.round(1.2 * Math.min(Math.round(p4 / 2), H4 - 1)), H4 - 1);
  // COVAREP replaces 4096-grid bins k4 < slim and k4 ≥ H4 + 2 − slim; bin k of the N grid is k4 = k·d
  const slim = Math.round((0.25 * COVAREP_TE_DFTLEN) / p4);
  const d = COVAREP_TE_DFTLEN / N;
  return {
    p: Math.min(p4, N / 2 - 1), pre: Math.min(pre4, tePreDftlen(N) / 2 - 1),
    lo: Math.ceil(slim / d), hi: Math.ceil((H4 + 2 - slim) / d),
  };
}

/** Work buffers for one dftlen, reused across frames. */
export class TrueEnvelope {
  readonly dftlen: number;
  private readonly half: number;
  private readonly A0: Float64Array;
  private readonly ccp: Float64Array;
  private readonly c: Float64Array;
  private readonly y: Float64Array;
  private readonly dct: DctI;

  constructor(dftlen: number) {
    this.dftlen = dftlen;
    this.half = dftlen / 2;
    const h1 = this.half + 1;
    this.A0 = new Float64Array(h1);
    this.ccp = new Float64Array(h1);
    this.c = new Float64Array(h1);
    this.y = new Float64Array(h1);
    this.dct = new DctI(this.half);
  }

  /**
   * One True Envelope pass of order p on the log-amplitude half spectrum A (bins 0..N/2, natural log;
   * updated in place as the iteration does). V receives the envelope, cc (≥ p+1 values) its cepstrum:
   * V_k = cc_0 + Σ_{j=1}^{p} cc_j·cos(πjk/(N/2)). Returns the number of iterations.
   */
  pass(A: Float64Array, p: number, V: Float64Array, cc: Float64Array, maxIt = TE_MAX_IT, dbLim = TE_DB_LIM): number {
    const H = this.half;
    const A0 = this.A0, ccp = this.ccp, c = this.c, y = this.y, dct = this.dct;
    A0.set(A.subarray(0, H + 1));
    const win = windowOf('hamming', 2 * p + 1); // second half: win[p + j]
    cc.fill(0, 0, p + 1);
    const invH = 1 / H;
    let n = 0;
    while (n < maxIt) {
      // real cepstrum of the symmetric log spectrum A (MATLAB ifft 'symmetric'): c_j = DCT-I(A)_j / (N/2)
      dct.transform(A, c);
      ccp[0] = c[0] * invH;
      for (let j = 1; j <= p; j++) ccp[j] = 2 * c[j] * invH;
      let eo = 0;
      for (let j = p + 1; j <= H - 1; j++) { const v = 2 * c[j] * invH; eo += v * v; }
      let ei = 0;
      for (let j = 0; j <= p; j++) ei += ccp[j] * ccp[j];
      eo = Math.sqrt(eo); ei = Math.sqrt(ei);
      const lambda = (ei + eo) / ei;
      for (let j = 0; j <= p; j++) cc[j] = lambda * win[p + j] * (ccp[j] - cc[j]) + cc[j];
      // V_k = Re FFT(cc, N)_k = cc_0 + Σ_j cc_j·cos(2πjk/N): a DCT-I of (2·cc_0, cc_1, …, cc_p, 0, …)
      y[0] = 2 * cc[0];
      for (let j = 1; j <= p; j++) y[j] = cc[j];
      dct.transform(y, V, p + 1);
      let maxDiff = -Infinity;
      for (let k = 0; k <= H; k++) {
        const v = V[k];
        if (v > A[k]) A[k] = v;
        const d = A0[k] - v;
        if (d > maxDiff) maxDiff = d;
      }
      n++;
      if (maxDiff <= dbLim) break;
    }
    return n;
  }

  /**
   * env_te with mode 1 + 512 on the log-amplitude half spectrum `logAmp` (bins 0..N/2, not modified): the
   * over-smoothed pass on `pre`'s grid (every (N/pre.dftlen)-th bin, i.e. the spectrum sampled at
   * pre.dftlen points), its envelope in the DC/Nyquist regions, then the main pass. cc receives the main
   * envelope's cepstrum (p+1 values). Returns the iteration counts [pre, main].
   */
  envelope(logAmp: Float64Array, o: TeOrders, pre: TrueEnvelope, cc: Float64Array): [number, number] {
    const H = this.half, d = this.dftlen / pre.dftlen, Hp = pre.half;
    const A = this.work ??= { A: new Float64Array(H + 1), V: new Float64Array(H + 1), ccPre: new Float64Array(H + 1) };
    for (let k = 0; k <= Hp; k++) A.A[k] = logAmp[k * d];
    const nPre = pre.pass(A.A, o.pre, A.V, A.ccPre);
    A.A.set(logAmp.subarray(0, H + 1));
    for (let k = 0; k <= H; k++) {
      if (k === o.lo && o.hi > o.lo) k = o.hi;
      if (k > H) break;
      let v = A.ccPre[0];
      for (let j = 1; j <= o.pre; j++) v += A.ccPre[j] * Math.cos((Math.PI * ((j * k) % (2 * H))) / H);
      A.A[k] = v;
    }
    const nMain = this.pass(A.A, o.p, A.V, cc);
    return [nPre, nMain];
  }

  private work: { A: Float64Array; V: Float64Array; ccPre: Float64Array } | undefined;
}

/** Grid of the over-smoothed pass: half the main grid (ADR 0037), except COVAREP's own 4096 (exact). */
export function tePreDftlen(N: number): number {
  return N === COVAREP_TE_DFTLEN ? N : N / 2;
}
