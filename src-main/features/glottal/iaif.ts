// Glottal flow by Iterative Adaptive Inverse Filtering: P. Alku, "Glottal wave analysis with pitch
// synchronous iterative adaptive inverse filtering", Speech Communication 11(2–3):109–118, 1992.
// Applied GCI-synchronously with overlap-add, as COVAREP's `iaif_gci` does.
// Parameters (16 kHz): frame = two local periods centred on each GCI (T0 = distance to the previous
// GCI; to the next one for the first), Hanning-windowed; linear-phase FIR high-pass (least squares,
// 301 taps, stop 40 Hz / pass 70 Hz, delay compensated); vocal-tract LPC order p_vt = 2·round(fs/2000)+4
// = 20, glottal-source order p_gl = 2·round(fs/4000) = 8; leaky integrator d = 0.99; every filtering
// is preceded by a 21-sample ramp from −x[0] to x[0] (removed afterwards) to limit start-up ripple.
// Outputs the flow g and its derivative dg, both summed over frames.
// The per-frame work (window, FFT high-pass of two frames at once, the four LPC fits, inverse filters and
// integrators, overlap-add) runs in WebAssembly: native/glottal-kernels.c glottal_iaif_pair. This file
// lays out the frames, the FIR spectra and the buffers.
import { windowOf } from '../dsp/windows.js';
import { wasmHeap } from '../dsp/wasm-fft.js';
import { IAIF_HP_FIR } from './filter-coefficients.js';
import { fastFftSize, fft, glottalComplexPlan } from './dsp-fft.js';

interface IaifExports {
  glottal_iaif_pair(
    seg0: number, len0: number, han0: number, seg1: number, len1: number, han1: number,
    plan: number, H: number, fir: number, out: number, work: number,
  ): void;
}

/** Scratch slots of wasmHeap().allocTemp owned by the glottal group (160…179). */
const SLOT = 160;
const FIR_MID = (IAIF_HP_FIR.length - 1) >> 1; // 150: the FIR's delay
/** Frames shorter than this are high-passed by direct convolution (an FFT would be mostly padding). */
const DIRECT_BELOW = 96;

/** Per-thread WebAssembly tables: Hanning windows per length, FIR spectra per FFT size, the FIR taps. */
const hanPtr = new Map<number, number>();
const specPtr = new Map<number, number>();
let firPtr = 0;

function hanning(len: number): number {
  let p = hanPtr.get(len);
  if (p === undefined) {
    const heap = wasmHeap();
    p = heap.allocF64(len);
    heap.writeF64(p, windowOf('hanning', len));
    hanPtr.set(len, p);
  }
  return p;
}

/** Real spectrum of the zero-phase (centred) FIR for FFT size n (the kernel is even), in wasm memory. */
function firSpectrum(n: number): number {
  let p = specPtr.get(n);
  if (p === undefined) {
    const re = new Float64Array(n), im = new Float64Array(n);
    for (let m = -FIR_MID; m <= FIR_MID; m++) re[(m + n) % n] = IAIF_HP_FIR[FIR_MID + m];
    fft(re, im);
    const heap = wasmHeap();
    p = heap.allocF64(n);
    heap.writeF64(p, re);
    specPtr.set(n, p);
  }
  return p;
}

/**
 * GCI-synchronous IAIF. `gci1` are MATLAB 1-based sample positions as COVAREP passes them
 * (round(GCI·fs) of 0-based times, i.e. numerically the 0-based index). Needs ≥ 2 GCIs.
 */
export function iaifGci(x: Float64Array, gci1: Int32Array): { g: Float64Array; dg: Float64Array } {
  const n = x.length;
  const g = new Float64Array(n);
  const dg = new Float64Array(n);
  if (gci1.length < 2) return { g, dg };
  // Frames: two local periods centred on each GCI (T0 to the previous GCI; to the next for the first).
  const m = gci1.length;
  const starts = new Int32Array(m), lens = new Int32Array(m);
  let maxLen = 0;
  for (let k = 0; k < m; k++) {
    const t0 = k === 0 ? gci1[1] - gci1[0] : gci1[k] - gci1[k - 1];
    let start = gci1[k] - t0;
    let stop = gci1[k] + t0;
    if (start < 1) start = 1;
    if (stop > n) stop = n;
    starts[k] = start - 1;
    lens[k] = Math.max(0, stop - start + 1);
    if (lens[k] > maxLen) maxLen = lens[k];
  }
  const heap = wasmHeap();
  const ex = heap.ex as unknown as IaifExports;
  if (!firPtr) { firPtr = heap.allocF64(IAIF_HP_FIR.length); heap.writeF64(firPtr, IAIF_HP_FIR); }
  const nfftMax = fastFftSize(maxLen + FIR_MID);
  // Per call only the two frames travel (not the whole clip): memory stays small for any clip length.
  const seg = heap.allocTemp(SLOT, 2 * maxLen), out = heap.allocTemp(SLOT + 1, 4 * maxLen);
  const work = heap.allocTemp(SLOT + 2, 2 * nfftMax + 2 * maxLen + 3 * (maxLen + 21) + 63);
  for (let k = 0; k < m; k++) if (lens[k] > 0) hanning(lens[k]); // tables first: allocation may grow (and move) memory
  const plans = new Map<number, number>();
  const sizeOf = (len: number): number => fastFftSize(len + FIR_MID);
  for (let k = 0; k < m; k++) {
    if (lens[k] < DIRECT_BELOW) continue;
    const size = sizeOf(lens[k]);
    if (plans.has(size)) continue;
    firSpectrum(size);
    const wp = glottalComplexPlan(size);
    plans.set(size, wp.plan);
  }
  const mem = heap.f64;
  const so = seg / 8, oo = out / 8;
  // Pairs of long frames share one FFT; short frames go one by one through the direct high-pass.
  const run = (a: number, b: number): void => {
    const la = lens[a], lb = b < 0 ? 0 : lens[b];
    mem.set(x.subarray(starts[a], starts[a] + la), so);
    if (lb) mem.set(x.subarray(starts[b], starts[b] + lb), so + maxLen);
    const direct = la < DIRECT_BELOW;
    const size = direct ? 0 : sizeOf(Math.max(la, lb));
    ex.glottal_iaif_pair(
      seg, la, hanning(la), seg + 8 * maxLen, lb, lb ? hanning(lb) : 0,
      direct ? 0 : (plans.get(size) as number), direct ? 0 : firSpectrum(size), firPtr, out, work,
    );
    for (let q = 0, o = oo; q < (lb ? 2 : 1); q++) {
      const len = q ? lb : la, s0 = q ? starts[b] : starts[a];
      for (let i = 0; i < len; i++) g[s0 + i] += mem[o + i];
      for (let i = 0; i < len; i++) dg[s0 + i] += mem[o + len + i];
      o += 2 * len;
    }
  };
  let pending = -1;
  for (let k = 0; k < m; k++) {
    if (lens[k] < 1) continue;
    if (lens[k] < DIRECT_BELOW) { run(k, -1); continue; }
    if (pending < 0) { pending = k; continue; }
    run(pending, k);
    pending = -1;
  }
  if (pending >= 0) run(pending, -1);
  return { g, dg };
}
