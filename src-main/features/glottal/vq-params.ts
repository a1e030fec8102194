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
import { windowOf } from '../dsp/windows.js';
import { fastFftSize, glottalRealPlan, nextPow2 } from './dsp-fft.js';
import { wasmHeap } from '../dsp/wasm-fft.js';

const FS = 16000;
const PSP_FFT = 2048;

const COS2 = new Float64Array(PSP_FFT);
const SIN2 = new Float64Array(PSP_FFT);
for (let i = 0; i < PSP_FFT; i++) { COS2[i] = Math.cos((2 * Math.PI * i) / PSP_FFT); SIN2[i] = Math.sin((2 * Math.PI * i) / PSP_FFT); }

// H1–H2 spectrum: COVAREP takes the peaks of a 16000-point (1 Hz) DFT of the ~3-period frame. That
// spectrum is smooth on the scale of FS/len, so a zero-padded real FFT of H1H2_PAD·len points (spacing
// ≤ F0/(2·H1H2_PAD/3)) with a parabola through the dB values of each local maximum gives the same peaks
// (position to a fraction of a bin, level to ~0.01 dB) for a fraction of the three chirp-z FFTs.
const H1H2_PAD = 8;
interface RfftExports { rfft(plan: number, x: number, xlen: number, outRe: number, outIm: number): void }
/** Scratch slot of wasmHeap().allocTemp owned by the glottal group (160…179; 169 here). */
const H1H2_SLOT = 169;
let h1Pos = new Float64Array(0), h1Db = new Float64Array(0);
let h1Keep = new Int32Array(0);

/**
 * H1–H2 as COVAREP: peaks of the spectrum (voicebox `v_findpeaks(·, [], F0/2)`: local maxima, the lower
 * of two peaks closer than F0/2 dropped, repeatedly), then the peaks nearest F0 and 2·F0 (MATLAB's 1-based
 * bin b+1 compared with h·F0). Peaks are taken below the same limit COVAREP's chirp-z range would give
 * (~3.5·F0, doubled while no peak survives beyond 3·F0).
 */
export function h1h2(frame: Float64Array, len: number, f0: number): number {
  const nc = fastFftSize(H1H2_PAD * len);
  const half = nc / 2;
  if (h1Pos.length < half + 1) { h1Pos = new Float64Array(half + 1); h1Db = new Float64Array(half + 1); h1Keep = new Int32Array(half + 1); }
  // Real FFT in WebAssembly, its output read in place (the peak scan touches only the low bins).
  const plan = glottalRealPlan(nc);
  const heap = wasmHeap();
  const pIn = heap.allocTemp(H1H2_SLOT, nc + 2 * (half + 1)), pOut = pIn + 8 * nc;
  const mem = heap.f64;
  mem.set(frame.subarray(0, len), pIn / 8);
  (heap.ex as unknown as RfftExports).rfft(plan.plan, pIn, len, pOut, pOut + 8 * (half + 1));
  const re = mem.subarray(pOut / 8, pOut / 8 + half + 1), im = mem.subarray(pOut / 8 + half + 1, pOut / 8 + 2 * (half + 1));
  const hz = FS / nc;
  // Local maxima of the power (strict on the right, as v_findpeaks; plateaus are measure-zero here),
  // scanned only as far as the peak search below asks for (it starts below ~3.5·F0).
  let np = 0, scanned = 1;
  const scanTo = (maxHz: number): void => {
    const kEnd = Math.min(half - 1, Math.ceil(maxHz / hz) + 1);
    for (let k = scanned; k <= kEnd; k++) {
      const p0 = re[k - 1] * re[k - 1] + im[k - 1] * im[k - 1];
      const p1 = re[k] * re[k] + im[k] * im[k];
      const p2 = re[k + 1] * re[k + 1] + im[k + 1] * im[k + 1];
      if (p1 > p0 && p1 > p2) {
        const l0 = 10 * Math.log10(p0), l1 = 10 * Math.log10(p1), l2 = 10 * Math.log10(p2);
        const b = 0.5 * (l2 - l0), a = l1 - b - l0;
        const d = a > 0 ? (0.5 * b) / a : 0;
        h1Pos[np] = Math.round((k + d) * hz); // the 1 Hz bin the peak falls on
        h1Db[np] = a > 0 ? l1 + (0.25 * b * b) / a : l1;
        np++;
      }
    }
    if (kEnd + 1 > scanned) scanned = kEnd + 1;
  };
  const w = f0 / 2;
  let M = Math.min(nextPow2(Math.max(2 * len, Math.ceil(7 * f0) + 8)) / 2, FS / 2 + 1);
  for (;;) {
    scanTo(M);
    let nk = 0;
    for (let i = 0; i < np; i++) if (h1Pos[i] >= 1 && h1Pos[i] < M - 1) h1Keep[nk++] = i;
    // v_findpeaks' merging: drop the lower of every pair closer than w, until none is left.
    for (;;) {
      let dropped = false, out = 0;
      for (let q = 0; q < nk; q++) {
        const cur = h1Keep[q];
        const prevClose = q > 0 && h1Pos[cur] - h1Pos[h1Keep[q - 1]] <= w && !(h1Db[h1Keep[q - 1]] < h1Db[cur]);
        const nextClose = q + 1 < nk && h1Pos[h1Keep[q + 1]] - h1Pos[cur] <= w && h1Db[cur] < h1Db[h1Keep[q + 1]];
        if (prevClose || nextClose) { dropped = true; continue; }
        h1Keep[out++] = cur;
      }
      nk = out;
      if (!dropped) break;
    }
    const top = nk ? h1Pos[h1Keep[nk - 1]] : 0;
    if ((nk >= 2 && top > 3 * f0) || M >= FS / 2) {
      if (nk < 2) return 0;
      const nearest = (target: number): number => {
        let best = h1Keep[0];
        for (let q = 1; q < nk; q++) { const c = h1Keep[q]; if (Math.abs(h1Pos[c] + 1 - target) < Math.abs(h1Pos[best] + 1 - target)) best = c; }
        return best;
      };
      return h1Db[nearest(f0)] - h1Db[nearest(2 * f0)];
    }
    M = Math.min(2 * M, FS / 2 + 1);
  }
}

interface PspExports {
  glottal_psp_power(x: number, len: number, from: number, to: number, cosT: number, sinT: number, out: number): void;
}
/** Scratch slots of wasmHeap().allocTemp owned by the glottal group (160…179; 175–176 here). */
const PSP_SLOT = 175;
const PSP_BLOCK = 16;
let pspTables: { cos: number; sin: number } | null = null;

/**
 * dB spectrum of the 2048-point DFT of x[0..len) at bins 0, 1, 2, …, computed on demand PSP_BLOCK bins at
 * a time by direct summation in WebAssembly (native/glottal-kernels.c glottal_psp_power): the parabola fit
 * stops after a few dozen bins, so a full FFT would be mostly wasted.
 */
class PspSpectrum {
  private db = new Float64Array(PSP_FFT / 2 + 1);
  private filled = 0;
  private len = 0;
  private px = 0;
  private po = 0;
  load(x: Float64Array, len: number): void {
    const heap = wasmHeap();
    if (!pspTables) {
      const c = heap.allocF64(PSP_FFT), sn = heap.allocF64(PSP_FFT);
      heap.writeF64(c, COS2); heap.writeF64(sn, SIN2);
      pspTables = { cos: c, sin: sn };
    }
    this.px = heap.allocTemp(PSP_SLOT, PSP_FFT);
    this.po = heap.allocTemp(PSP_SLOT + 1, PSP_BLOCK);
    heap.f64.set(x.subarray(0, len), this.px / 8);
    this.len = len;
    this.filled = 0;
  }
  readonly bin = (b: number): number => {
    while (b >= this.filled) {
      const heap = wasmHeap();
      const to = Math.min(this.filled + PSP_BLOCK, PSP_FFT / 2 + 1);
      (heap.ex as unknown as PspExports).glottal_psp_power(this.px, this.len, this.filled, to, pspTables!.cos, pspTables!.sin, this.po);
      const mem = heap.f64, o = this.po / 8;
      for (let i = this.filled; i < to; i++) this.db[i] = 10 * Math.log10(mem[o + i - this.filled]);
      this.filled = to;
    }
    return this.db[b];
  };
}
const pspSpec = new PspSpectrum();

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
    pspSpec.load(new Float64Array(t0).fill(1 / t0), t0);
    v = pspA(pspSpec.bin, PSP_FFT / 2);
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
      const aMax = pspAMax(t0); // before loading this period (pspAMax may use the same spectrum buffer)
      pspSpec.load(seg, len);
      out.psp[k] = pspA(pspSpec.bin, PSP_FFT / 2) / aMax;
    }
  }
  return out;
}
