// True Envelope spectral envelope estimation (cepstral, iterative).
// A. Röbel, X. Rodet, "Efficient Spectral Envelope Estimation and its Application to Pitch Shifting and
// Envelope Preservation", Proc. DAFx 2005; A. Röbel, F. Villavicencio, X. Rodet, Pattern Recognition
// Letters 28(11), 2007.
//
// Parameters as COVAREP `env_te` with its defaults (mode 1 + 512, at most 200 iterations, precision 2 dB):
// - cepstral order p = min(round(1.2·order), dftlen/2 − 1) with a half Hamming window of length 2p+1 on the
//   cepstrum and the acceleration factor λ = (Ei + Eo)/Ei of eq. (5) in Röbel & Rodet 2005
//   (Ei: energy of the kept cepstrum, Eo: energy above order p up to dftlen/2 − 1);
// - DC/Nyquist correction (mode 512): the first and last slim = round(dftlen/(4p)) bins of the log
//   spectrum are replaced by an over-smoothed envelope of order round(p/2) (mode 1 only);
// - iterate: c = real cepstrum of A; cc ← λ·w·(c⁺ − cc) + cc; V = spectrum of cc; A ← max(A, V) until
//   max(A0 − V) ≤ ln(10^(2/20)).
// The log spectrum is kept as its half (bins 0..dftlen/2). Both transforms per iteration (log spectrum →
// real cepstrum, truncated cepstrum → log spectrum) are DCT-Is of length dftlen/2 + 1 (dsp/dct.ts), i.e.
// one real FFT of dftlen/2 points each instead of dftlen.
// Speed: the iteration runs in WebAssembly (native/fft-kernels.c te_iterate: the same operations in the
// same order, bit-identical); the TypeScript loop below is the reference and the fallback.
import { DctI } from './dsp/dct';
import { windowOf } from './dsp/windows';
import { wasmDctPlan, wasmHeap } from './dsp/wasm-fft';

const MAX_IT = 200;
const DB_LIM = Math.log(Math.pow(10, 2 / 20));

/** Work buffers for one dftlen, reused across frames. */
export class TrueEnvelope {
  readonly dftlen: number;
  private readonly half: number;
  private readonly A: Float64Array;
  private readonly A0: Float64Array;
  private readonly V: Float64Array;
  private readonly cc: Float64Array;
  private readonly ccp: Float64Array;
  private readonly cepIm: Float64Array;
  private readonly cep: Float64Array;
  private readonly y: Float64Array;
  private readonly pre: Float64Array;
  private readonly logAmp: Float64Array;
  private readonly dct: DctI;
  /** Byte offsets of A, A0, V, the window half and 4·(H+1) work doubles in WebAssembly memory. */
  private wasmBufs: { A: number; A0: number; V: number; win: number; work: number } | null = null;

  constructor(dftlen: number) {
    this.dftlen = dftlen;
    this.half = dftlen / 2;
    const h1 = this.half + 1;
    this.A = new Float64Array(h1);
    this.A0 = new Float64Array(h1);
    this.V = new Float64Array(h1);
    this.cc = new Float64Array(h1);
    this.ccp = new Float64Array(h1);
    this.cepIm = new Float64Array(h1);
    this.cep = new Float64Array(h1);
    this.y = new Float64Array(h1);
    this.pre = new Float64Array(h1);
    this.logAmp = new Float64Array(h1);
    this.dct = new DctI(this.half);
  }

  /**
   * Log-amplitude envelope (natural log, bins 0..dftlen/2) of the amplitude half spectrum `amp`.
   * @returns the number of iterations used.
   */
  logEnvelope(amp: Float64Array, order: number, out: Float64Array, mode512 = true, logAmp: Float64Array | null = null): number {
    const N = this.dftlen, H = this.half;
    let p = Math.min(order, H - 1);
    p = Math.min(Math.round(1.2 * p), H - 1);
    // log|amp| once for both passes (the same doubles the reference loop computes twice)
    const wp = wasmDctPlan(H);
    if (wp && logAmp === null) {
      logAmp = this.logAmp;
      for (let k = 0; k <= H; k++) logAmp[k] = Math.log(Math.abs(amp[k]));
    }
    // The over-smoothed pass runs first: it reuses this object's work buffers.
    if (mode512) this.logEnvelope(amp, Math.round(p / 2), this.pre, false, logAmp);
    if (wp && logAmp) {
      const heap = wasmHeap();
      const b = (this.wasmBufs ??= {
        A: heap.allocF64(H + 1), A0: heap.allocF64(H + 1), V: heap.allocF64(H + 1), win: heap.allocF64(H + 1), work: heap.allocF64(4 * (H + 1)),
      });
      const v = heap.f64, ao = b.A / 8;
      v.set(logAmp.subarray(0, H + 1), ao);
      if (mode512) {
        const pre = this.pre;
        const slim = Math.round((0.25 * N) / p);
        for (let k = 0; k < slim && k <= H; k++) v[ao + k] = pre[k];
        for (let k = Math.max(H + 2 - slim, 0); k <= H; k++) v[ao + k] = pre[k];
      }
      const win = windowOf('hamming', 2 * p + 1);
      v.set(win.subarray(p, 2 * p + 1), b.win / 8);
      const n = heap.ex.te_iterate(wp.plan, b.A, b.A0, b.V, b.win, p, H, 1 / H, DB_LIM, MAX_IT, b.work);
      out.set(v.subarray(b.V / 8, b.V / 8 + H + 1));
      return n;
    }
    const A = this.A;
    for (let k = 0; k <= H; k++) A[k] = Math.log(Math.abs(amp[k]));
    if (mode512) {
      // DC and Nyquist regions from the over-smoothed envelope (env_te(S, round(p/2), [], mode 1))
      const pre = this.pre;
      const slim = Math.round((0.25 * N) / p);
      for (let k = 0; k < slim && k <= H; k++) A[k] = pre[k];
      for (let k = Math.max(H + 2 - slim, 0); k <= H; k++) A[k] = pre[k];
    }
    this.A0.set(A);
    const win = windowOf('hamming', 2 * p + 1); // second half: win[p + j]
    const cc = this.cc, ccp = this.ccp, V = this.V, A0 = this.A0;
    cc.fill(0, 0, p + 1);
    const dct = this.dct, c = this.cep, y = this.y;
    const invH = 1 / H;
    let n = 0;
    while (n < MAX_IT) {
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
      if (maxDiff <= DB_LIM) break;
    }
    out.set(V.subarray(0, H + 1));
    return n;
  }
}
