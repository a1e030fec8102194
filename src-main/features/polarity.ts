// Speech polarity detection by Residual Excitation Skewness (RESKEW).
// T. Drugman, "Residual Excitation Skewness for Automatic Speech Polarity Detection", IEEE Signal
// Processing Letters 20(4):387–390, 2013. COVAREP applies it before every other analysis.
//
// Parameters (COVAREP `polarity_reskew`): two LP residuals with 25 ms Hanning frames, 5 ms shift,
// order fs/1000 + 2 (18 at 16 kHz): one whose LPC comes from the signal itself, one whose LPC comes from
// a zero-phase high-passed copy (elliptic high-pass, pass-band edge 480 Hz, 3 dB ripple, 60 dB stop-band,
// run forwards and backwards). polarity = sign(skew(res_own) − skew(res_highpassed)).
//
// Known difference: instead of designing the elliptic filter and running filtfilt, the high-pass is done
// in the frequency domain with the magnitude of a forward–backward sharp high-pass (zero phase, stop-band
// below 460 Hz, pass-band above 480 Hz, raised-cosine transition). Only the sign of a skewness difference
// depends on it. Samples where a residual is NaN (frames of exact digital silence) are left out of the
// skewness; a tie or an undefined result gives +1 (no inversion).
import { complexFftPlan } from './dsp/fft';
import { lpResiduals } from './lp-residual';

function skewness(x: Float64Array): number {
  let n = 0, m = 0;
  for (let i = 0; i < x.length; i++) { const v = x[i]; if (!Number.isNaN(v)) { m += v; n++; } }
  if (n === 0) return NaN;
  m /= n;
  let m2 = 0, m3 = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (Number.isNaN(v)) continue;
    const d = v - m;
    m2 += d * d;
    m3 += d * d * d;
  }
  m2 /= n; m3 /= n;
  return m3 / Math.pow(m2, 1.5);
}

/** Context on each side of a block (0.25 s at 16 kHz): the transition's impulse response has decayed to ~1e-5. */
const MARGIN = 4096;
/** Largest transform: blocks of 2^16 − 2·MARGIN samples for long inputs (bounded memory). */
const MAX_FFT = 1 << 16;

const gainCache = new Map<string, Float64Array>();

function gains(nfft: number, fs: number, passHz: number, stopHz: number): Float64Array {
  const key = `${nfft}:${fs}:${passHz}:${stopHz}`;
  let g = gainCache.get(key);
  if (g) return g;
  g = new Float64Array(nfft);
  for (let k = 0; k < nfft; k++) {
    const f = (Math.min(k, nfft - k) * fs) / nfft;
    if (f >= passHz) g[k] = 1;
    else if (f <= stopHz) g[k] = 0;
    else g[k] = 0.5 * (1 - Math.cos((Math.PI * (f - stopHz)) / (passHz - stopHz)));
  }
  gainCache.set(key, g);
  return g;
}

/**
 * Zero-phase high-pass (stop < 460 Hz, pass > 480 Hz) by FFT: the input is cut into an even number of
 * blocks, each taken with MARGIN samples of context (zeros beyond the signal's ends, i.e. linear rather
 * than circular filtering), and two blocks go through one complex FFT as its real and imaginary parts
 * (the gain is real and even, so the two filtered blocks come back separated).
 */
export function zeroPhaseHighpass(x: Float64Array, fs: number, passHz = 480, stopHz = 460): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  const maxBlock = MAX_FFT - 2 * MARGIN;
  const nBlocks = 2 * Math.ceil(n / (2 * maxBlock));
  const B = Math.ceil(n / nBlocks);
  let nfft = 1024;
  while (nfft < B + 2 * MARGIN) nfft *= 2; // ≤ MAX_FFT since B ≤ maxBlock
  const g = gains(nfft, fs, passHz, stopHz);
  const kPass = Math.ceil((passHz * nfft) / fs);
  const plan = complexFftPlan(nfft);
  const re = new Float64Array(nfft), im = new Float64Array(nfft);
  const load = (buf: Float64Array, s: number): void => {
    buf.fill(0);
    const from = Math.max(0, s - MARGIN), to = Math.min(n, s + B + MARGIN);
    if (to > from) buf.set(x.subarray(from, to), from - (s - MARGIN));
  };
  for (let b = 0; b < nBlocks; b += 2) {
    const s1 = b * B, s2 = (b + 1) * B;
    load(re, s1);
    load(im, s2);
    plan.forward(re, im);
    // the gain is 1 from passHz up to fs − passHz: only the bins below pass-band edge (and their mirror)
    for (let k = 0; k <= kPass; k++) { re[k] *= g[k]; im[k] *= g[k]; }
    for (let k = nfft - kPass; k < nfft; k++) { re[k] *= g[k]; im[k] *= g[k]; }
    plan.inverse(re, im);
    for (let i = 0; i < B && s1 + i < n; i++) out[s1 + i] = re[MARGIN + i];
    for (let i = 0; i < B && s2 + i < n; i++) out[s2 + i] = im[MARGIN + i];
  }
  return out;
}

export interface PolarityAnalysis {
  polarity: 1 | -1;
  /** Order fs/1000 + 2 LP residual of the input signal (before any polarity correction), max |·| = 1. */
  residualOwn: Float64Array;
  /** When asked for: SRH's order round(0.75·fs/1000) residual of the input signal, not normalised. */
  residualSrh?: Float64Array;
}

/**
 * RESKEW on x. With `withSrhResidual`, SRH's LP residual is computed in the same pass over the frames
 * (same 25 ms / 5 ms framing; its LPC is an intermediate of the order-18 recursion).
 */
export function analysePolarity(x: Float64Array, fs: number, withSrhResidual = false): PolarityAnalysis {
  const L = Math.round((25 / 1000) * fs);
  const shift = Math.round((5 / 1000) * fs);
  const order = Math.round(fs / 1000) + 2;
  const orderSrh = Math.round((0.75 * fs) / 1000);
  const xh = zeroPhaseHighpass(x, fs);
  // skewness and SRH's normalised spectra do not depend on the residual's scale: only the residual handed
  // on to the glottal group is normalised
  const set = lpResiduals(x, L, shift, { orderA: withSrhResidual ? orderSrh : 0, orderB: order, lpcFromC: xh, unscaled: ['a', 'c'] });
  const d = skewness(set.b!) - skewness(set.c!);
  return { polarity: d < 0 ? -1 : 1, residualOwn: set.b!, residualSrh: set.a };
}

export function detectPolarity(x: Float64Array, fs: number): 1 | -1 {
  return analysePolarity(x, fs).polarity;
}
