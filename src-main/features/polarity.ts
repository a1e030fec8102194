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
import { lpResidual } from './lp-residual';

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

function goodFftSize(n: number): number {
  let best = 1;
  while (best < n) best *= 2;
  // 3·2^k or 5·2^k can be closer than the next power of two
  for (const f of [3, 5]) {
    let c = f;
    while (c < n) c *= 2;
    if (c < best) best = c;
  }
  return best;
}

/** Samples filtered per FFT block for long inputs; shorter inputs are filtered in one piece. */
const BLOCK = 1 << 16;
/** Context on each side of a block (0.5 s at 16 kHz): the transition's impulse response has decayed. */
const MARGIN = 8192;

/**
 * Zero-phase high-pass (stop < 460 Hz, pass > 480 Hz) by FFT. Inputs up to BLOCK samples are filtered
 * in one transform (zero-padded to ≥ 2n, no circular wrap); longer ones block by block with MARGIN samples
 * of context each side, so memory stays bounded for long recordings.
 */
export function zeroPhaseHighpass(x: Float64Array, fs: number, passHz = 480, stopHz = 460): Float64Array {
  const n = x.length;
  if (n <= BLOCK) return highpassSegment(x, 0, n, fs, passHz, stopHz, goodFftSize(2 * n));
  const out = new Float64Array(n);
  const nfft = goodFftSize(BLOCK + 2 * MARGIN);
  for (let start = 0; start < n; start += BLOCK) {
    const from = Math.max(0, start - MARGIN), to = Math.min(n, start + BLOCK + MARGIN);
    const seg = highpassSegment(x, from, to, fs, passHz, stopHz, nfft);
    const keepTo = Math.min(n, start + BLOCK);
    for (let i = start; i < keepTo; i++) out[i] = seg[i - from];
  }
  return out;
}

function highpassSegment(x: Float64Array, from: number, to: number, fs: number, passHz: number, stopHz: number, nfft: number): Float64Array {
  const n = to - from;
  const re = new Float64Array(nfft), im = new Float64Array(nfft);
  re.set(x.subarray(from, to));
  const plan = complexFftPlan(nfft);
  plan.forward(re, im);
  for (let k = 0; k < nfft; k++) {
    const f = (Math.min(k, nfft - k) * fs) / nfft;
    let g: number;
    if (f >= passHz) g = 1;
    else if (f <= stopHz) g = 0;
    else g = 0.5 * (1 - Math.cos((Math.PI * (f - stopHz)) / (passHz - stopHz)));
    re[k] *= g; im[k] *= g;
  }
  plan.inverse(re, im);
  return re.subarray(0, n).slice();
}

export function detectPolarity(x: Float64Array, fs: number): 1 | -1 {
  const L = Math.round((25 / 1000) * fs);
  const shift = Math.round((5 / 1000) * fs);
  const order = Math.round(fs / 1000) + 2;
  const xh = zeroPhaseHighpass(x, fs);
  const resHigh = lpResidual(x, L, shift, order, xh);
  const resOwn = lpResidual(x, L, shift, order, x);
  const d = skewness(resOwn) - skewness(resHigh);
  return d < 0 ? -1 : 1;
}
