// The trained 36-32-1 creaky-voice classifier of J. Kane, T. Drugman, C. Gobl, "Improved automatic
// detection of creak", Computer Speech & Language 27(4):1028–1047, 2013 (the ANN version COVAREP ships).
// Weights: resources/creak-net.json (from COVAREP's system_net_creak.mat / maxis_creak.mat /
// minis_creak.mat, GPL v3; provenance in resources/creak-net.PROVENANCE.md).
// Forward pass: x_k := minis_k if NaN; x_k := −1 + 2(x_k − min_k)/(max_k − min_k);
// h = tansig(IW·x + b1), tansig(n) = 2/(1 + e^{−2n}) − 1; y = logsig(LW·h + b2).
import net from '../../../resources/creak-net.json' with { type: 'json' };

export const CREAK_FEATURES = 36;
const HIDDEN = 32;

interface CreakNetJson { IW: number[][]; b1: number[]; LW: number[] | number[][]; b2: number | number[]; maxis: number[]; minis: number[] }

const j = net as unknown as CreakNetJson;
const IW = new Float64Array(HIDDEN * CREAK_FEATURES);
for (let h = 0; h < HIDDEN; h++) for (let k = 0; k < CREAK_FEATURES; k++) IW[h * CREAK_FEATURES + k] = j.IW[h][k];
const B1 = Float64Array.from(j.b1);
const LW = Float64Array.from((j.LW as (number | number[])[]).map((v) => (Array.isArray(v) ? v[0] : v)));
const B2 = Array.isArray(j.b2) ? j.b2[0] : j.b2;
const MINIS = Float64Array.from(j.minis);
const MAXIS = Float64Array.from(j.maxis);
if (IW.some((v) => !Number.isFinite(v)) || B1.length !== HIDDEN || LW.length !== HIDDEN || MINIS.length !== CREAK_FEATURES) {
  throw new Error('resources/creak-net.json: unexpected network shape (expected 36-32-1); reinstall the application');
}

/** Posterior of creak for each row of `features` ([rows × 36], row-major). */
export function creakPosterior(features: Float64Array, rows: number): Float64Array {
  const out = new Float64Array(rows);
  const x = new Float64Array(CREAK_FEATURES);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < CREAK_FEATURES; k++) {
      let v = features[r * CREAK_FEATURES + k];
      if (Number.isNaN(v)) v = MINIS[k];
      x[k] = -1 + (2 * (v - MINIS[k])) / (MAXIS[k] - MINIS[k]);
    }
    let y = B2;
    for (let h = 0; h < HIDDEN; h++) {
      let s = B1[h];
      const row = h * CREAK_FEATURES;
      for (let k = 0; k < CREAK_FEATURES; k++) s += IW[row + k] * x[k];
      y += LW[h] * (2 / (1 + Math.exp(-2 * s)) - 1);
    }
    out[r] = 1 / (1 + Math.exp(-y));
  }
  return out;
}
