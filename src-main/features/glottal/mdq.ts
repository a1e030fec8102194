// Maxima Dispersion Quotient: J. Kane & C. Gobl, "Wavelet maxima dispersion for breathy to tense voice
// discrimination", IEEE TASL 21(6):1170–1179, 2013.
// Parameters (COVAREP `mdq`): LP residual decomposed by the wavelet bank at scales 2^2..2^6 (2 kHz down
// to 125 Hz... bands 2000, 1000, 500, 250, 125 Hz); around each GCI a search region of ±round(0.2·T0);
// per band the distance of the band's maximum from the GCI; MDQ = mean distance / T0 (T0 = distance to
// the previous GCI, to the next for the first). GCIs closer than T0 to a signal end are not measured (0).
// COVAREP measures the distance from index `searchLen` of a window whose GCI sits at `searchLen + 1`
// (1-based), i.e. with a one-sample offset; that definition is kept so values match.
import { filterBank } from './wavelet.js';

const SCALES = [4, 8, 16, 32, 64];

/** `gci` 0-based sample indices, ascending and unique. Returns one MDQ value per GCI. */
export function mdq(res: Float64Array, gci: Int32Array): Float64Array {
  const m = gci.length;
  const out = new Float64Array(m);
  const n = res.length;
  if (m < 2) return out;
  const bands = filterBank(res, SCALES);
  for (let k = 0; k < m; k++) {
    const t0 = k === 0 ? gci[1] - gci[0] : gci[k] - gci[k - 1];
    const g = gci[k];
    if (!(g - t0 >= 0 && g + t0 <= n - 1)) continue;
    const sl = Math.round(0.2 * t0);
    let dist = 0;
    for (const y of bands) {
      // max ignoring NaN (MATLAB); an all-NaN window gives the first index
      let best = -Infinity, bestP = 0;
      for (let p = 0; p <= 2 * sl; p++) {
        const v = y[g - sl + p];
        if (v > best) { best = v; bestP = p; }
      }
      dist += Math.abs(bestP + 1 - sl);
    }
    out[k] = dist / SCALES.length / t0;
  }
  return out;
}
