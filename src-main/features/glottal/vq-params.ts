// Per-glottal-period voice-quality parameters of the IAIF glottal flow (COVAREP `get_vq_params`):
// - NAQ, normalised amplitude quotient: P. Alku, T. Bäckström, E. Vilkman, "Normalized amplitude
//   quotient for parametrization of the glottal flow", JASA 112(2):701–710, 2002. NAQ = f_ac / (d_peak·T0),
//   f_ac the peak-to-peak flow of the period (after removing the linear zero-line drift between the two
//   GCIs), d_peak the largest |flow derivative| in the period extended by 0.5 ms.
// - QOQ, quasi-open quotient (Hacki 1989): time the drift-compensated flow spends above 50 % of its
//   maximum, over T0 (search stops 3 samples from the period ends, as COVAREP's).
// - H1–H2: level difference (dB) of the first two harmonics of the flow-derivative spectrum over a
//   3-period Hamming window centred on the GCI (1 Hz resolution, peaks closer than F0/2 merged).
// - PSP, parabolic spectral parameter: P. Alku, H. Strik, E. Vilkman, "Parabolic spectral parameter —
//   a new method for quantification of the glottal flow", Speech Communication 22(1):67–79, 1997:
//   a parabola a·k² + b fitted to the dB spectrum (2048-point FFT) of one normalised flow period over
//   the first N bins, N grown from 3 while the normalised error stays below 0.01; PSP = a / a_max with
//   a_max that of a rectangular pulse of the same period.
// Only periods with 20 Hz < F0 < 500 Hz are measured; the others stay 0 (COVAREP's zeros).
import { cachedWindow } from './dsp-basic.js';

const FS = 16000;
const PSP_FFT = 2048;

/** cos/sin table of the 16000-point DFT (1 Hz bins at 16 kHz). */
const COS1 = new Float64Array(FS);
const SIN1 = new Float64Array(FS);
for (let i = 0; i < FS; i++) { COS1[i] = Math.cos((2 * Math.PI * i) / FS); SIN1[i] = Math.sin((2 * Math.PI * i) / FS); }
const COS2 = new Float64Array(PSP_FFT);
const SIN2 = new Float64Array(PSP_FFT);
for (let i = 0; i < PSP_FFT; i++) { COS2[i] = Math.cos((2 * Math.PI * i) / PSP_FFT); SIN2[i] = Math.sin((2 * Math.PI * i) / PSP_FFT); }

/** 20·log10 |DFT_16000(x)[bin]| of x[0..len), by direct summation. */
function dbAtBin(x: Float64Array, len: number, bin: number): number {
  let re = 0, im = 0, idx = 0;
  for (let i = 0; i < len; i++) {
    re += x[i] * COS1[idx];
    im -= x[i] * SIN1[idx];
    idx += bin;
    if (idx >= FS) idx -= FS;
  }
  return 10 * Math.log10(re * re + im * im);
}

/**
 * H1–H2 from the local spectrum: the 1 Hz-resolution peaks of the 16000-point spectrum are located by a
 * coarse scan and integer hill climbing (instead of a full 16000-point FFT per GCI), purged as
 * voicebox `v_findpeaks(·, [], F0/2)` does, and the peaks nearest F0 and 2·F0 compared.
 */
function h1h2(frame: Float64Array, len: number, f0: number): number {
  const lo = 1;
  const hi = Math.min(FS / 2 - 1, Math.ceil(3 * f0) + 2);
  const step = Math.max(1, Math.floor(f0 / 16));
  const cache = new Map<number, number>();
  const val = (b: number): number => {
    let v = cache.get(b);
    if (v === undefined) { v = dbAtBin(frame, len, b); cache.set(b, v); }
    return v;
  };
  const grid: number[] = [];
  for (let b = lo; b <= hi; b += step) grid.push(b);
  const peaks: number[] = [];
  for (let i = 1; i + 1 < grid.length; i++) {
    const v = val(grid[i]);
    if (v >= val(grid[i - 1]) && v >= val(grid[i + 1])) {
      let b = grid[i];
      for (;;) {
        if (b + 1 <= hi && val(b + 1) > val(b)) b++;
        else if (b - 1 >= lo && val(b - 1) > val(b)) b--;
        else break;
      }
      if (peaks[peaks.length - 1] !== b) peaks.push(b);
    }
  }
  if (peaks.length < 2) return 0;
  peaks.sort((p, q) => p - q);
  // Purge peaks closer than F0/2, keeping the larger (ties keep the left), repeatedly.
  let k = peaks.filter((b, i) => i === 0 || b !== peaks[i - 1]);
  for (;;) {
    const drop = new Set<number>();
    for (let q = 0; q + 1 < k.length; q++) if (k[q + 1] - k[q] <= f0 / 2) drop.add(val(k[q]) >= val(k[q + 1]) ? q + 1 : q);
    if (drop.size === 0) break;
    k = k.filter((_, q) => !drop.has(q));
  }
  // MATLAB bin index (1-based) b+1 is compared with h·F0.
  const nearest = (target: number): number => {
    let best = k[0];
    for (const b of k) if (Math.abs(b + 1 - target) < Math.abs(best + 1 - target)) best = b;
    return best;
  };
  return val(nearest(f0)) - val(nearest(2 * f0));
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
    const ham = cachedWindow('hamming', fl);
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
