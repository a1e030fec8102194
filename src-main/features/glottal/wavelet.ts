// Cosine-modulated Gaussian wavelet filter bank shared by MDQ and peakSlope: the mother wavelet of
// C. d'Alessandro & N. Sturmel (2011) and Tuan & d'Alessandro (1999), as used by J. Kane & C. Gobl
// (ICASSP/Interspeech 2011, IEEE TASL 2013).
// g(t) = −cos(2π·f_o·t/s)·exp(−(t/s)²/(2τ²)), f_o = fs/2, τ = 1/(2·f_o), s = 2^i (octave bands
// 8 kHz, 4 kHz, … for i = 0, 1, …); sampled at t = n/fs. COVAREP truncates the kernel at |n| ≤ 1000;
// the Gaussian is below 1e-12 of its peak beyond |n| = 7.5·s, so the kernel is cut there instead (the
// change of the filtered signal is ~1e-12 relative, below what any of the features resolves). A NaN
// input sample, however, poisons COVAREP's full 2001-tap convolution: `filterBank` reproduces that.
// Filtering is zero-phase: y[i] = Σ_m x[i−m]·h[m] (the kernel is symmetric), zeros outside the signal.
import { fft, glottalComplexPlan, nextPow2 } from './dsp-fft.js';
import { wasmHeap } from '../dsp/wasm-fft.js';

const KERNEL_SPAN = 7.5;
/** COVAREP's kernel half-length: a NaN input makes every output within this distance NaN. */
const COVAREP_HALF = 1000;
/** exp(−u²/2) underflows to exactly 0 for |u| > 38.6: COVAREP's kernel is exactly 0 beyond ±38.6·s. */
const REACH = 38.6;

export function waveletKernel(scale: number): Float64Array {
  const half = Math.min(1000, Math.ceil(KERNEL_SPAN * scale));
  const h = new Float64Array(2 * half + 1);
  for (let n = -half; n <= half; n++) {
    const u = n / scale;
    h[n + half] = -Math.cos(Math.PI * u) * Math.exp(-(u * u) / 2);
  }
  return h;
}

const kernels = new Map<number, Float64Array>();
export function cachedKernel(scale: number): Float64Array {
  let h = kernels.get(scale);
  if (!h) { h = waveletKernel(scale); kernels.set(scale, h); }
  return h;
}

interface WaveletExports {
  glottal_wavelet_pair(plan: number, spectra: number, nscales: number, seg: number, B: number, maxHalf: number, out: number, work: number): void;
}
/** Receives band s's outputs y[from .. from + values.length). */
export type BandSink = (s: number, from: number, values: Float64Array) => void;

/** Scratch slots of wasmHeap().allocTemp owned by the glottal group (160…179; 165–168 here). */
const SLOT = 165;
/** Kernel spectra in WebAssembly memory per (FFT size, kernel set). */
const spectraPtr = new Map<string, number>();

/**
 * Zero-phase filtering y[i] = Σ_m x[i−m]·h[m] of the whole signal by several even kernels (odd length,
 * centred) at once, FFT overlap-save in WebAssembly (native/glottal-kernels.c glottal_wavelet_pair): two
 * consecutive blocks travel in one complex FFT (real part, imaginary part); an even kernel has a real
 * spectrum, so the products keep the two blocks apart. NaN inputs are read as 0.
 */
export function filterEvenFft(x: Float64Array, kernels: readonly Float64Array[], key = '', sink?: BandSink): Float64Array[] {
  const n = x.length;
  const ns = kernels.length;
  // With a sink the outputs are handed over block by block (a view into WebAssembly memory, valid during
  // the call) instead of being collected in N-sample arrays.
  const outs = sink ? [] : kernels.map(() => new Float64Array(n));
  if (n === 0) return outs;
  const maxHalf = Math.max(...kernels.map((h) => (h.length - 1) >> 1));
  const size = Math.max(1024, nextPow2(4 * (2 * maxHalf + 1)));
  const B = size - 2 * maxHalf;
  const heap = wasmHeap();
  const plan = glottalComplexPlan(size);
  const skey = `${size}:${key || kernels.map((h) => h.length).join(',')}`;
  let spectra = key ? spectraPtr.get(skey) : undefined;
  if (spectra === undefined) {
    // named kernel sets (the wavelet scales) keep their spectra; one-off kernels use a scratch slot
    spectra = key ? heap.allocF64(ns * size) : heap.allocTemp(SLOT + 3, ns * size);
    for (let s = 0; s < ns; s++) {
      const h = kernels[s];
      const half = (h.length - 1) >> 1;
      const hr = new Float64Array(size), hi = new Float64Array(size);
      for (let m = -half; m <= half; m++) hr[(m + size) % size] = h[m + half];
      fft(hr, hi);
      heap.writeF64(spectra + 8 * s * size, hr); // the imaginary part is ~0 for an even kernel
    }
    if (key) spectraPtr.set(skey, spectra);
  }
  const seg = heap.allocTemp(SLOT, size + B), out = heap.allocTemp(SLOT + 1, 2 * B * ns), work = heap.allocTemp(SLOT + 2, 4 * size);
  const ex = heap.ex as unknown as WaveletExports;
  const mem = heap.f64;
  const so = seg / 8, oo = out / 8;
  for (let b0 = 0; b0 < n; b0 += 2 * B) {
    // input x[b0 − maxHalf .. b0 − maxHalf + size + B), zeros outside the signal, NaN read as 0
    const first = b0 - maxHalf;
    for (let j = 0; j < size + B; j++) {
      const i = first + j;
      const v = i >= 0 && i < n ? x[i] : 0;
      mem[so + j] = v === v ? v : 0;
    }
    ex.glottal_wavelet_pair(plan.plan, spectra, ns, seg, B, maxHalf, out, work);
    const c = Math.min(2 * B, n - b0);
    for (let s = 0; s < ns; s++) {
      const view = mem.subarray(oo + s * 2 * B, oo + s * 2 * B + c);
      if (sink) sink(s, b0, view); else outs[s].set(view, b0);
    }
  }
  return outs;
}

/**
 * The wavelet bank: `filterEvenFft` with COVAREP's exact zeros and NaN reach (outputs within 1000
 * samples, or where the Gaussian has not underflowed, of a NaN input are NaN, as in its direct
 * convolution). Without a sink it returns the bands as arrays; with one, it streams them (see BandSink).
 */
export function filterBank(x: Float64Array, scales: readonly number[], sink?: BandSink): Float64Array[] {
  const n = x.length;
  // Where the input is exactly 0 within the kernel's reach, COVAREP's output is exactly 0 (log10 → −Inf
  // in peakSlope); the FFT leaves rounding noise there, so those outputs are set to 0. Runs of exact
  // zeros in x (inclusive): an output is zeroed when no nonzero input lies within its reach, i.e. inside
  // a run shrunk by the reach at both ends (not at the signal's ends). NaN inputs (runs of them) make every
  // output within the reach NaN: COVAREP's kernel spans ±1000 samples but its Gaussian underflows to
  // exactly 0 beyond ±38.6·s, and 0·NaN terms are skipped there.
  const zeroRuns: number[] = [], nanRuns: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v === 0 || v !== v) {
      const isNaN = v !== v;
      let j = i;
      while (j + 1 < n && (isNaN ? x[j + 1] !== x[j + 1] : x[j + 1] === 0)) j++;
      (isNaN ? nanRuns : zeroRuns).push(i, j);
      i = j;
    }
  }
  // Ranges [from, to] per band: zeroed first, then NaN (a NaN reach wins over a zero run).
  const fixes = scales.map((scale) => {
    const reach = Math.min(COVAREP_HALF, Math.floor(REACH * scale));
    const zero: number[] = [], nan: number[] = [];
    for (let r = 0; r < zeroRuns.length; r += 2) {
      const from = zeroRuns[r] === 0 ? 0 : zeroRuns[r] + reach, to = zeroRuns[r + 1] === n - 1 ? n - 1 : zeroRuns[r + 1] - reach;
      if (from <= to) zero.push(from, to);
    }
    for (let r = 0; r < nanRuns.length; r += 2) nan.push(Math.max(0, nanRuns[r] - reach), Math.min(n - 1, nanRuns[r + 1] + reach));
    return { zero, nan };
  });
  const fix = (s: number, from: number, y: Float64Array): void => {
    const to = from + y.length - 1;
    const { zero, nan } = fixes[s];
    for (let r = 0; r < zero.length; r += 2) for (let i = Math.max(from, zero[r]); i <= Math.min(to, zero[r + 1]); i++) y[i - from] = 0;
    for (let r = 0; r < nan.length; r += 2) for (let i = Math.max(from, nan[r]); i <= Math.min(to, nan[r + 1]); i++) y[i - from] = NaN;
  };
  const kernels = scales.map(cachedKernel);
  if (sink) {
    filterEvenFft(x, kernels, scales.join(','), (s, from, values) => { fix(s, from, values); sink(s, from, values); });
    return [];
  }
  const outs = filterEvenFft(x, kernels, scales.join(','));
  for (let s = 0; s < scales.length; s++) fix(s, 0, outs[s]);
  return outs;
}
