// Per-glottal-period voice-quality parameters of the IAIF glottal flow (COVAREP `get_vq_params`):
// - NAQ, normalised amplitude quotient: P. Alku, T. Bäckström, E. Vilkman, "Normalized amplitude
//   quotient for parametrization of the glottal flow", JASA 112(2):701–710, 2002. NAQ = f_ac / (d_peak·T0),
//   f_ac the peak-to-peak flow of the period (after removing the linear zero-line drift between the two
//   GCIs), d_peak the largest |flow derivative| in the period extended by 0.5 ms.
// - QOQ, quasi-open quotient (Hacki 1989): time the drift-compensated flow spends above 50 % of its
//   maximum, over T0 (search stops 3 samples from the period ends, as COVAREP's).
// - H1–H2: level difference (dB) of the first two harmonics of the flow-derivative spectrum over a
//   3-period Hamming window centred on the GCI (1 Hz resolution, i.e. a 16000-point DFT, computed only
//   below ~4·F0 by chirp-z; peaks closer than F0/2 merged as voicebox v_findpeaks).
// - PSP, parabolic spectral parameter: P. Alku, H. Strik, E. Vilkman, "Parabolic spectral parameter —
//   a new method for quantification of the glottal flow", Speech Communication 22(1):67–79, 1997:
//   a parabola a·k² + b fitted to the dB spectrum (2048-point FFT) of one normalised flow period over
//   the first N bins, N grown from 3 while the normalised error stays below 0.01; PSP = a / a_max with
//   a_max that of a rectangular pulse of the same period.
// Only periods with 20 Hz < F0 < 500 Hz are measured; the others stay 0 (COVAREP's zeros).
import { findPeaksVoicebox } from './dsp-basic.js';
import { windowOf } from '../dsp/windows.js';
import { fft, nextPow2 } from './dsp-fft.js';

const FS = 16000;
const PSP_FFT = 2048;

const COS2 = new Float64Array(PSP_FFT);
const SIN2 = new Float64Array(PSP_FFT);
for (let i = 0; i < PSP_FFT; i++) { COS2[i] = Math.cos((2 * Math.PI * i) / PSP_FFT); SIN2[i] = Math.sin((2 * Math.PI * i) / PSP_FFT); }

/**
 * The 16000-point DFT (1 Hz bins) of a short frame at bins 0..M−1, exactly, by Bluestein's chirp-z
 * algorithm: X[b] = w_b · Σ_n (x_n·w_n) · conj(w)_{b−n}, w_k = e^{−iπk²/16000}, one convolution of size
 * Nf = 2M by FFT. The chirp's spectrum depends only on Nf and is cached.
 */
class ChirpDft {
  private static chirps = new Map<number, { re: Float64Array; im: Float64Array }>();
  private re = new Float64Array(0);
  private im = new Float64Array(0);
  /** e^{−iπk²/16000} (k² taken mod 32000 so the angle stays exact); tabulated for k < 16384. */
  private static W_RE = new Float64Array(0);
  private static W_IM = new Float64Array(0);
  private static w(k: number): [number, number] {
    if (ChirpDft.W_RE.length === 0) {
      ChirpDft.W_RE = new Float64Array(16384);
      ChirpDft.W_IM = new Float64Array(16384);
      for (let j = 0; j < 16384; j++) {
        const a = (Math.PI * ((j * j) % 32000)) / FS;
        ChirpDft.W_RE[j] = Math.cos(a);
        ChirpDft.W_IM[j] = -Math.sin(a);
      }
    }
    if (k < 16384) return [ChirpDft.W_RE[k], ChirpDft.W_IM[k]];
    const a = (Math.PI * ((k * k) % 32000)) / FS;
    return [Math.cos(a), -Math.sin(a)];
  }
  private static chirp(nf: number): { re: Float64Array; im: Float64Array } {
    let c = ChirpDft.chirps.get(nf);
    if (!c) {
      const re = new Float64Array(nf), im = new Float64Array(nf);
      const M = nf / 2;
      for (let j = 0; j < nf; j++) {
        const m = j < M ? j : j - nf; // lags −(nf − M)..M−1
        const [wr, wi] = ChirpDft.w(Math.abs(m));
        re[j] = wr; im[j] = -wi; // conj(w_m)
      }
      fft(re, im);
      c = { re, im };
      ChirpDft.chirps.set(nf, c);
    }
    return c;
  }
  /** Powers |X[b]|² for b = 0..nf/2 − 1 into out (frame length len ≤ nf/2 + 1). */
  run(x: Float64Array, len: number, nf: number, out: Float64Array): void {
    if (this.re.length !== nf) { this.re = new Float64Array(nf); this.im = new Float64Array(nf); }
    const { re, im } = this;
    re.fill(0); im.fill(0);
    ChirpDft.w(0); // builds the table
    const WR = ChirpDft.W_RE, WI = ChirpDft.W_IM;
    for (let n = 0; n < len; n++) {
      // table reads for the frame (same values as w(n), without a tuple per sample)
      if (n < 16384) { re[n] = x[n] * WR[n]; im[n] = x[n] * WI[n]; } else { const [wr, wi] = ChirpDft.w(n); re[n] = x[n] * wr; im[n] = x[n] * wi; }
    }
    fft(re, im);
    const c = ChirpDft.chirp(nf);
    for (let k = 0; k < nf; k++) {
      const ar = re[k], ai = im[k];
      re[k] = ar * c.re[k] - ai * c.im[k];
      im[k] = ar * c.im[k] + ai * c.re[k];
    }
    fft(re, im, true);
    // |w_b · y_b| = |y_b|
    for (let b = 0; b < nf / 2; b++) out[b] = re[b] * re[b] + im[b] * im[b];
  }
}

const chirpDft = new ChirpDft();
let specBuf = new Float64Array(4096);

/**
 * H1–H2 as COVAREP: peaks of the 1 Hz-resolution spectrum (voicebox `v_findpeaks(·, [], F0/2)`: local
 * maxima, the lower of two peaks closer than F0/2 dropped, repeatedly), then the peaks nearest F0 and
 * 2·F0. Only bins below ~3.5·F0 are computed (chirp-z, exact); the range is doubled if no peak survives
 * beyond 3·F0, so the peak nearest 2·F0 is always inside it.
 */
export function h1h2(frame: Float64Array, len: number, f0: number): number {
  // Powers of two only: few distinct sizes, so the FFT plans and chirp spectra stay cached.
  let nf = nextPow2(Math.max(2 * len, Math.ceil(7 * f0) + 8));
  for (;;) {
    const M = Math.min(nf / 2, FS / 2 + 1);
    if (specBuf.length < M) specBuf = new Float64Array(M);
    chirpDft.run(frame, len, nf, specBuf);
    // Peaks are searched on the powers, not their dB values: the same local maxima and the same
    // "lower of two peaks" choices (10·log10 is increasing), without a log10 per bin; only the two chosen
    // bins are converted, with the same expression as before, so H1–H2 is unchanged.
    const spec = specBuf;
    const k = findPeaksVoicebox(spec, f0 / 2, 0, M);
    const top = k.length ? k[k.length - 1] : 0;
    if ((k.length >= 2 && top > 3 * f0) || M >= FS / 2) {
      if (k.length < 2) return 0;
      // MATLAB bin index (1-based) b+1 is compared with h·F0.
      const nearest = (target: number): number => {
        let best = k[0];
        for (const b of k) if (Math.abs(b + 1 - target) < Math.abs(best + 1 - target)) best = b;
        return best;
      };
      return 10 * Math.log10(spec[nearest(f0)]) - 10 * Math.log10(spec[nearest(2 * f0)]);
    }
    nf *= 2;
  }
}

/** dB magnitude of the 2048-point DFT of x[0..len) at one bin (direct summation). */
function pspBin(x: Float64Array, len: number, bin: number): number {
  let re = 0, im = 0, idx = 0;
  for (let i = 0; i < len; i++) {
    re += x[i] * COS2[idx];
    im -= x[i] * SIN2[idx];
    idx += bin;
    if (idx >= PSP_FFT) idx -= PSP_FFT;
  }
  return 10 * Math.log10(re * re + im * im);
}

/** Alku et al. (1997) eq. 4–5: grow N from 3 while the parabola's normalised error is < 0.01. */
function pspA(spec: (bin: number) => number, nMax: number): number {
  const X: number[] = [spec(0), spec(1)];
  let k2s = 0 + 1, k4s = 0 + 1, xs = X[0] + X[1], xk2s = X[1], x2s = X[0] * X[0] + X[1] * X[1];
  let N = 3;
  let a = 0;
  for (;;) {
    if (N > nMax) return a;
    const xn = spec(N - 1);
    X.push(xn);
    const k2 = (N - 1) * (N - 1);
    k2s += k2; k4s += k2 * k2; xs += xn; xk2s += xn * k2; x2s += xn * xn;
    a = (N * xk2s - xs * k2s) / (N * k4s - k2s * k2s);
    let b = 0;
    for (let i = 0; i < N; i++) b += X[i] - a * i * i;
    b /= N;
    let e = 0;
    for (let i = 0; i < N; i++) { const d = X[i] - a * i * i - b; e += d * d; }
    const ne = e / x2s;
    if (ne < 0.01) N++;
    else return a;
  }
}

const aMaxCache = new Map<number, number>();
function pspAMax(t0: number): number {
  let v = aMaxCache.get(t0);
  if (v === undefined) {
    const sig = new Float64Array(t0).fill(1 / t0);
    v = pspA((bin) => pspBin(sig, t0, bin), PSP_FFT / 2);
    aMaxCache.set(t0, v);
  }
  return v;
}

export interface VqParams { naq: Float64Array; qoq: Float64Array; h1h2: Float64Array; psp: Float64Array }

/**
 * `gci` are 0-based sample indices (COVAREP's round(GCI·fs)+1 in 1-based terms). Values are per GCI;
 * NaN where the flow is undefined (COVAREP's NaN, turned into 0 only at the very end).
 */
export function vqParams(gf: Float64Array, gfd: Float64Array, gci: Int32Array): VqParams {
  const m = gci.length;
  const out: VqParams = { naq: new Float64Array(m), qoq: new Float64Array(m), h1h2: new Float64Array(m), psp: new Float64Array(m) };
  const n = gf.length;
  if (m < 2) return out;
  let seg = new Float64Array(1024);
  let frame = new Float64Array(4096);
  for (let k = 0; k < m; k++) {
    const start = k === 0 ? 0 : gci[k - 1];
    const stop = gci[k];
    const t0 = k === 0 ? gci[1] - gci[0] : gci[k] - gci[k - 1];
    const f0 = FS / t0;
    if (!(t0 !== 0 && f0 > 20 && f0 < 500)) continue;
    const L = stop - start + 1;
    if (seg.length < L) seg = new Float64Array(L);
    const g0 = gf[start], g1 = gf[stop];
    let fac = -Infinity, maxIdx = 0;
    for (let i = 0; i < L; i++) {
      const line = L > 1 ? g0 + ((g1 - g0) * i) / (L - 1) : 0;
      const v = gf[start + i] - line;
      seg[i] = v;
      if (v > fac || Number.isNaN(v) && fac === -Infinity) { fac = v; maxIdx = i; }
    }
    const stop2 = stop + 8 <= n - 1 ? stop + 8 : stop;
    let dpeak = 0;
    for (let i = start; i <= stop2; i++) { const v = Math.abs(gfd[i]); if (v > dpeak || Number.isNaN(v)) dpeak = v; }
    const amid = fac * 0.5;
    // findAmid_t with MATLAB 1-based indices: T1 stops at index 3, T2 at L−2.
    let i1 = maxIdx;
    while (seg[i1] > amid && i1 + 1 > 3) i1--;
    let i2 = maxIdx;
    while (seg[i2] > amid && i2 + 1 < L - 2) i2++;
    out.naq[k] = fac / dpeak / t0;
    out.qoq[k] = (i2 - i1) / t0;

    // H1–H2 on a 3-period Hamming-windowed, 2^15-scaled derivative frame centred on the GCI.
    const half = Math.round((t0 * 3) / 2);
    const fStart = stop - half > 0 ? stop - half : 0;
    const fStop = stop + half <= n - 1 ? stop + half : n - 1;
    const fl = fStop - fStart + 1;
    if (frame.length < fl) frame = new Float64Array(fl);
    const ham = windowOf('hamming', fl);
    for (let i = 0; i < fl; i++) frame[i] = gfd[fStart + i] * 32768 * ham[i];
    out.h1h2[k] = h1h2(frame, fl, f0);

    if (k > 0) {
      let mn = Infinity, mx = -Infinity;
      for (let i = 0; i < L; i++) { const v = gf[start + i]; if (v < mn) mn = v; if (v > mx) mx = v; }
      const span = mx - mn;
      const len = Math.min(L, PSP_FFT);
      for (let i = 0; i < len; i++) seg[i] = (gf[start + i] - mn) / span;
      const cache = new Map<number, number>();
      const a = pspA((bin) => {
        let v = cache.get(bin);
        if (v === undefined) { v = pspBin(seg, len, bin); cache.set(bin, v); }
        return v;
      }, PSP_FFT / 2);
      out.psp[k] = a / pspAMax(t0);
    }
  }
  return out;
}
