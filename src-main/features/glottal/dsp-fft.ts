// FFT entry points of the glottal modules, backed by the shared mixed-radix plans of features/dsp/fft.ts
// (MATLAB sign convention; the inverse divides by n, as MATLAB's ifft).
import { complexFftPlan } from '../dsp/fft.js';

export function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p <<= 1;
  return p;
}

/** In-place complex FFT of (re, im); inverse = true computes the inverse scaled by 1/n. */
export function fft(re: Float64Array, im: Float64Array, inverse = false): void {
  const plan = complexFftPlan(re.length);
  if (inverse) plan.inverse(re, im);
  else plan.forward(re, im);
}

