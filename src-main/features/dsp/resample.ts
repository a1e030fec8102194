// Band-limited resampling to 16 kHz for inputs at other rates (8, 22.05, 44.1, 48 kHz …).
//
// Method: windowed-sinc interpolation (Smith, "Digital Audio Resampling", CCRMA) with a Kaiser window
// (β = 8.6, ≈ 85 dB stop-band), 32 zero crossings each side, cut-off at 0.95 × the lower Nyquist
// frequency. For rational ratios L/M the kernel is tabulated once per output phase (polyphase), so the
// cost is O(output samples × taps). COVAREP itself only resamples inside SRH; the reference clips are
// already 16 kHz, so this module only affects non-16 kHz imports (documented in docs/features.md).
// Written here because src-main/audio/resample.ts did not exist when the extractor needed it.

const TARGET = 16000;
const ZEROS = 32;
const BETA = 8.6;

function besselI0(x: number): number {
  let sum = 1, term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 50; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return sum;
}

function gcd(a: number, b: number): number {
  while (b) { const t = a % b; a = b; b = t; }
  return a;
}

/** Resample x from `rate` Hz to 16 kHz. */
export function resampleTo16k(x: Float64Array, rate: number): Float64Array {
  return resample(x, rate, TARGET);
}

export function resample(x: Float64Array, fromRate: number, toRate: number): Float64Array {
  if (fromRate === toRate) return x.slice();
  const rIn = Math.round(fromRate), rOut = Math.round(toRate);
  const g = gcd(rIn, rOut);
  const L = rOut / g, M = rIn / g; // output index i ↔ input time i·M/L
  const nOut = Math.floor((x.length * L) / M);
  const y = new Float64Array(nOut);
  // Cut-off relative to the input rate (cycles/sample).
  const fc = (0.5 * 0.95 * Math.min(rIn, rOut)) / rIn;
  const half = Math.ceil(ZEROS / (2 * fc)); // taps each side, in input samples
  const taps = 2 * half + 1;
  const i0b = besselI0(BETA);
  const kernelFor = (frac: number, out: Float64Array): void => {
    // frac in [0,1): output time = base + frac; tap j at input base − half + j
    for (let j = 0; j < taps; j++) {
      const d = j - half - frac; // input − output time
      const u = d / (half + 1);
      const w = Math.abs(u) >= 1 ? 0 : besselI0(BETA * Math.sqrt(1 - u * u)) / i0b;
      const s = d === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * d) / (Math.PI * d);
      out[j] = s * w;
    }
  };
  const usePhases = L <= 4096;
  const table = usePhases ? new Float64Array(L * taps) : null;
  if (table) for (let p = 0; p < L; p++) kernelFor(p / L, table.subarray(p * taps, (p + 1) * taps));
  const scratch = new Float64Array(taps);
  const n = x.length;
  for (let i = 0; i < nOut; i++) {
    const num = i * M;
    const base = Math.floor(num / L);
    const phase = num - base * L;
    let k: Float64Array;
    if (table) k = table.subarray(phase * taps, (phase + 1) * taps);
    else { kernelFor(phase / L, scratch); k = scratch; }
    let acc = 0;
    const start = base - half;
    const jFrom = start < 0 ? -start : 0;
    const jTo = start + taps > n ? n - start : taps;
    for (let j = jFrom; j < jTo; j++) acc += x[start + j] * k[j];
    y[i] = acc;
  }
  return y;
}
