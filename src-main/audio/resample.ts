// Band-limited sample-rate conversion by windowed-sinc interpolation.
//
// Method: J. O. Smith III & P. Gossett, "A flexible sampling-rate conversion method", Proc. IEEE ICASSP
// 1984, pp. 112–115 (also J. O. Smith, "Digital Audio Resampling Home Page", CCRMA, 2002): each output
// sample is a sum of input samples weighted by a low-pass sinc, windowed by a Kaiser window (J. F. Kaiser,
// "Nonrecursive digital filter design using the I0-sinh window function", IEEE ISCAS 1974), read from a
// table with linear interpolation between table points.
//
// Parameters (chosen for speech at 16 kHz, documented in docs/data.md):
//  - ZERO_CROSSINGS = 32 per side: the filter spans ±32 input periods (±32/ratio when decimating);
//  - KAISER_BETA = 9: ≈ −90 dB side lobes;
//  - ROLLOFF = 0.94: the pass band ends at 94 % of the lower Nyquist frequency (7.52 kHz for 16 kHz
//    output), leaving a transition band so that nothing above the output Nyquist aliases back;
//  - TABLE_STEPS = 512 table points per zero crossing (linear interpolation error < −100 dB).
// When decimating (to < from) the sinc is stretched by to/from so the filter cuts at the output Nyquist.
// Used by import (any rate → 16 kHz) and available to the feature extractor.

const ZERO_CROSSINGS = 32;
const KAISER_BETA = 9;
const ROLLOFF = 0.94;
const TABLE_STEPS = 512;

function besselI0(x: number): number {
  // Power series of the modified Bessel function of the first kind, order 0; converges fast for x < 20.
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 60; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

let table: Float64Array | null = null;

/** h(t) for t = i / TABLE_STEPS zero crossings, i = 0 … ZERO_CROSSINGS·TABLE_STEPS (one side, symmetric). */
function filterTable(): Float64Array {
  if (table) return table;
  const n = ZERO_CROSSINGS * TABLE_STEPS;
  const t = new Float64Array(n + 2);
  const i0beta = besselI0(KAISER_BETA);
  for (let i = 0; i <= n; i++) {
    const x = i / TABLE_STEPS; // in zero crossings of the rolled-off sinc
    const sinc = i === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    const r = x / ZERO_CROSSINGS;
    const window = besselI0(KAISER_BETA * Math.sqrt(Math.max(0, 1 - r * r))) / i0beta;
    t[i] = sinc * window;
  }
  t[n + 1] = 0;
  table = t;
  return t;
}

/** Converts `input` sampled at `fromRate` to `toRate` (both in Hz). Returns a copy when the rates match. */
export function resample(input: Float32Array, fromRate: number, toRate: number): Float32Array {
  if (!(fromRate > 0 && toRate > 0)) throw new Error(`invalid sample rates ${fromRate} → ${toRate}`);
  if (fromRate === toRate) return input.slice();
  const h = filterTable();
  const ratio = toRate / fromRate;
  // Cut-off as a fraction of the input Nyquist frequency.
  const cutoff = ROLLOFF * Math.min(1, ratio);
  const outLength = Math.floor((input.length * toRate) / fromRate);
  const out = new Float32Array(outLength);
  // Filter half-width in input samples.
  const halfWidth = ZERO_CROSSINGS / cutoff;
  const stepsPerSample = TABLE_STEPS * cutoff; // table index advance per input sample
  const tableEnd = ZERO_CROSSINGS * TABLE_STEPS;
  const n = input.length;
  for (let j = 0; j < outLength; j++) {
    const t = j / ratio; // position in input samples
    const kMin = Math.max(0, Math.ceil(t - halfWidth));
    const kMax = Math.min(n - 1, Math.floor(t + halfWidth));
    let acc = 0;
    for (let k = kMin; k <= kMax; k++) {
      const pos = Math.abs(t - k) * stepsPerSample;
      if (pos >= tableEnd) continue;
      const i = Math.floor(pos);
      const frac = pos - i;
      acc += input[k] * (h[i] + frac * (h[i + 1] - h[i]));
    }
    out[j] = acc * cutoff;
  }
  return out;
}
