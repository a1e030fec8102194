// FFT entry points of the glottal modules, backed by the shared mixed-radix plans of features/dsp/fft.ts
// (MATLAB sign convention; the inverse divides by n, as MATLAB's ifft).
import { complexFftPlan } from '../dsp/fft.js';
import { featureWasmEnabled, setFeatureWasm, wasmComplexPlan, wasmRealPlan, type WasmComplexPlan, type WasmRealPlan } from '../dsp/wasm-fft.js';

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


/**
 * WebAssembly FFT plans for the glottal kernels (native/glottal-kernels.c call the FFT core directly).
 * `setFeatureWasm(false)` switches part I's kernels to TypeScript for its comparison tests; the glottal
 * group has no TypeScript twin of its kernels (ADR 0045), so it takes its plans regardless of that switch.
 */
export function glottalComplexPlan(n: number): WasmComplexPlan {
  return withWasm(() => wasmComplexPlan(n), n);
}

export function glottalRealPlan(n: number): WasmRealPlan {
  return withWasm(() => wasmRealPlan(n), n);
}

function withWasm<T>(make: () => T | null, n: number): T {
  const was = featureWasmEnabled();
  if (!was) setFeatureWasm(true);
  try {
    const p = make();
    if (!p) throw new Error(`glottal features: no WebAssembly FFT plan for size ${n} (radices 2, 4, 5 only)`);
    return p;
  } finally {
    if (!was) setFeatureWasm(false);
  }
}
