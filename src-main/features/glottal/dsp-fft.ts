// FFT entry points of the glottal modules, backed by the shared mixed-radix plans of features/dsp/fft.ts
// (MATLAB sign convention; the inverse divides by n, as MATLAB's ifft).
import { complexFftPlan } from '../dsp/fft.js';

export function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p <<= 1;
  return p;
}

/** Smallest of 2^a, 5·2^a, 25·2^a that is ≥ n (radices 2, 4, 5: the WebAssembly FFT's), so zero padding stays near n. */
export function fastFftSize(n: number): number {
  const p = nextPow2(n);
  if (p < 128) return p;
  if ((p / 8) * 5 >= n) return (p / 8) * 5;
  if ((p / 32) * 25 >= n) return (p / 32) * 25;
  return p;
}

/** In-place complex FFT of (re, im); inverse = true computes the inverse scaled by 1/n. */
export function fft(re: Float64Array, im: Float64Array, inverse = false): void {
  const plan = complexFftPlan(re.length);
  if (inverse) plan.inverse(re, im);
  else plan.forward(re, im);
}

