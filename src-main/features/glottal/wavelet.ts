// Cosine-modulated Gaussian wavelet filter bank shared by MDQ and peakSlope: the mother wavelet of
// C. d'Alessandro & N. Sturmel (2011) and Tuan & d'Alessandro (1999), as used by J. Kane & C. Gobl
// (ICASSP/Interspeech 2011, IEEE TASL 2013).
// g(t) = −cos(2π·f_o·t/s)·exp(−(t/s)²/(2τ²)), f_o = fs/2, τ = 1/(2·f_o), s = 2^i (octave bands
// 8 kHz, 4 kHz, … for i = 0, 1, …); sampled at t = n/fs. COVAREP truncates the kernel at |n| ≤ 1000;
// the Gaussian is below 1e-18 of its peak beyond |n| = 9.1·s, so the kernel is cut there instead (the
// difference is far below double rounding of the filtered signal).
// Filtering is zero-phase: y[i] = Σ_m x[i−m]·h[m] (the kernel is symmetric), zeros outside the signal.
import { fft, nextPow2 } from './dsp-fft.js';

export function waveletKernel(scale: number): Float64Array {
  const half = Math.min(1000, Math.ceil(9.1 * scale));
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

/** Zero-phase filtering of the whole signal with a symmetric kernel (direct for short kernels, FFT overlap-save otherwise). */
export function filterWhole(x: Float64Array, h: Float64Array, out: Float64Array = new Float64Array(x.length)): Float64Array {
  const n = x.length;
  const half = (h.length - 1) >> 1;
  if (h.length <= 48) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      const mlo = Math.max(-half, i - (n - 1));
      const mhi = Math.min(half, i);
      for (let m = mlo; m <= mhi; m++) s += x[i - m] * h[m + half];
      out[i] = s;
    }
    return out;
  }
  // Overlap-save: block of B outputs needs inputs [b0 − half, b0 + B + half).
  const size = nextPow2(4 * h.length);
  const B = size - (h.length - 1);
  const hr = new Float64Array(size), hi = new Float64Array(size);
  // Kernel placed so that output index j of the circular convolution is y[b0 + j − ...]: put h[m+half] at m mod size.
  for (let m = -half; m <= half; m++) hr[(m + size) % size] = h[m + half];
  fft(hr, hi);
  const re = new Float64Array(size), im = new Float64Array(size);
  for (let b0 = 0; b0 < n; b0 += B) {
    // Input segment starting at b0 − half, so output j (for j in [half, half + B)) is y[b0 + j − half].
    for (let j = 0; j < size; j++) {
      const src = b0 - half + j;
      re[j] = src >= 0 && src < n ? x[src] : 0;
      im[j] = 0;
    }
    fft(re, im);
    for (let j = 0; j < size; j++) {
      const a = re[j], c = im[j];
      re[j] = a * hr[j] - c * hi[j];
      im[j] = a * hi[j] + c * hr[j];
    }
    fft(re, im, true);
    const cnt = Math.min(B, n - b0);
    for (let j = 0; j < cnt; j++) out[b0 + j] = re[half + j] / size;
  }
  return out;
}

/** One output sample of the zero-phase filtering (for the few positions MDQ needs). */
export function filterAt(x: Float64Array, h: Float64Array, i: number): number {
  const n = x.length;
  const half = (h.length - 1) >> 1;
  const mlo = Math.max(-half, i - (n - 1));
  const mhi = Math.min(half, i);
  let s = 0;
  for (let m = mlo; m <= mhi; m++) s += x[i - m] * h[m + half];
  return s;
}
