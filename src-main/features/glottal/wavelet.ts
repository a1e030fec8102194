// Cosine-modulated Gaussian wavelet filter bank shared by MDQ and peakSlope: the mother wavelet of
// C. d'Alessandro & N. Sturmel (2011) and Tuan & d'Alessandro (1999), as used by J. Kane & C. Gobl
// (ICASSP/Interspeech 2011, IEEE TASL 2013).
// g(t) = −cos(2π·f_o·t/s)·exp(−(t/s)²/(2τ²)), f_o = fs/2, τ = 1/(2·f_o), s = 2^i (octave bands
// 8 kHz, 4 kHz, … for i = 0, 1, …); sampled at t = n/fs. COVAREP truncates the kernel at |n| ≤ 1000;
// the Gaussian is below 1e-12 of its peak beyond |n| = 7.5·s, so the kernel is cut there instead (the
// change of the filtered signal is ~1e-12 relative, below what any of the features resolves). A NaN
// input sample, however, poisons COVAREP's full 2001-tap convolution: `filterBank` reproduces that.
// Filtering is zero-phase: y[i] = Σ_m x[i−m]·h[m] (the kernel is symmetric), zeros outside the signal.
import { fft, nextPow2 } from './dsp-fft.js';

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

/**
 * Zero-phase filtering of the whole signal by several wavelet scales at once (FFT overlap-save). Two
 * consecutive blocks travel in one complex FFT (real part, imaginary part); the kernels are even, so
 * their spectra are real and the products keep the two blocks apart. Outputs within 1000 samples of a
 * NaN input are NaN, as in COVAREP's direct convolution.
 */
/**
 * Zero-phase filtering y[i] = Σ_m x[i−m]·h[m] of the whole signal by several even kernels (odd length,
 * centred) at once, FFT overlap-save. Two consecutive blocks travel in one complex FFT (real part,
 * imaginary part); an even kernel has a real spectrum, so the products keep the two blocks apart.
 * NaN inputs are read as 0.
 */
export function filterEvenFft(x: Float64Array, kernels: readonly Float64Array[]): Float64Array[] {
  const n = x.length;
  const outs = kernels.map(() => new Float64Array(n));
  if (n === 0) return outs;
  const maxHalf = Math.max(...kernels.map((h) => (h.length - 1) >> 1));
  const size = Math.max(1024, nextPow2(4 * (2 * maxHalf + 1)));
  const B = size - 2 * maxHalf;
  const spectra = kernels.map((h) => {
    const half = (h.length - 1) >> 1;
    const hr = new Float64Array(size), hi = new Float64Array(size);
    for (let m = -half; m <= half; m++) hr[(m + size) % size] = h[m + half];
    fft(hr, hi);
    return hr; // the imaginary part is ~0 for an even kernel
  });
  const re = new Float64Array(size), im = new Float64Array(size);
  const yr = new Float64Array(size), yi = new Float64Array(size);
  const val = (i: number): number => {
    if (i < 0 || i >= n) return 0;
    const v = x[i];
    return v === v ? v : 0;
  };
  for (let b0 = 0; b0 < n; b0 += 2 * B) {
    const b1 = b0 + B;
    for (let j = 0; j < size; j++) { re[j] = val(b0 - maxHalf + j); im[j] = b1 < n ? val(b1 - maxHalf + j) : 0; }
    fft(re, im);
    for (let s = 0; s < kernels.length; s++) {
      const H = spectra[s];
      for (let j = 0; j < size; j++) { yr[j] = re[j] * H[j]; yi[j] = im[j] * H[j]; }
      fft(yr, yi, true);
      const out = outs[s];
      const c0 = Math.min(B, n - b0);
      for (let j = 0; j < c0; j++) out[b0 + j] = yr[maxHalf + j];
      if (b1 < n) {
        const c1 = Math.min(B, n - b1);
        for (let j = 0; j < c1; j++) out[b1 + j] = yi[maxHalf + j];
      }
    }
  }
  return outs;
}

/**
 * The wavelet bank: `filterEvenFft` with COVAREP's exact zeros and NaN reach (outputs within 1000
 * samples, or where the Gaussian has not underflowed, of a NaN input are NaN, as in its direct
 * convolution).
 */
export function filterBank(x: Float64Array, scales: readonly number[]): Float64Array[] {
  const n = x.length;
  const outs = filterEvenFft(x, scales.map(cachedKernel));
  if (n === 0) return outs;
  let hasNaN = false;
  for (let i = 0; i < n; i++) if (Number.isNaN(x[i])) { hasNaN = true; break; }
  // Where the input is exactly 0 within the kernel's reach, COVAREP's output is exactly 0 (log10 → −Inf
  // in peakSlope); the FFT leaves rounding noise there, so those outputs are set to 0.
  for (let s = 0; s < scales.length; s++) {
    const reach = Math.min(COVAREP_HALF, Math.floor(REACH * scales[s]));
    const out = outs[s];
    let lastNz = -Infinity;
    const nextNz = new Int32Array(n);
    let nx = 2 ** 30;
    for (let i = n - 1; i >= 0; i--) { if (x[i] !== 0) nx = i; nextNz[i] = nx; }
    for (let i = 0; i < n; i++) {
      if (x[i] !== 0) lastNz = i;
      if (i - lastNz > reach && nextNz[i] - i > reach) out[i] = 0;
    }
  }
  if (hasNaN) {
    // Mark every output within the kernel's reach of a NaN input: COVAREP's kernel spans ±1000 samples
    // but its Gaussian underflows to exactly 0 beyond ±38.6·s, and 0·NaN terms are skipped there.
    for (let s = 0; s < scales.length; s++) {
      const reach = Math.min(COVAREP_HALF, Math.floor(REACH * scales[s]));
      const out = outs[s];
      let last = -Infinity;
      for (let i = 0; i < n; i++) if (Number.isNaN(x[i])) { last = i; out[i] = NaN; } else if (i - last <= reach) out[i] = NaN;
      let next = Infinity;
      for (let i = n - 1; i >= 0; i--) if (Number.isNaN(x[i])) next = i; else if (next - i <= reach) out[i] = NaN;
    }
  }
  return outs;
}
