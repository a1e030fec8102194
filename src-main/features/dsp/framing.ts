// The COVAREP output frame grid: 10 ms hop at 16 kHz, frame k centred at 1-based sample 80 + 160k
// (0-based 79 + 160k), frame count floor((N − 80)/160) + 1 — COVAREP's `round(0.005·fs):round(0.01·fs):N`.
import { FEATURE_HOP, frameCount } from '../../contract/feature-spec';

/** 1-based sample positions of the output frames, as COVAREP's `feature_sampling`. */
export function outputGrid(samples: number): Float64Array {
  const m = frameCount(samples);
  const g = new Float64Array(m);
  for (let k = 0; k < m; k++) g[k] = FEATURE_HOP / 2 + FEATURE_HOP * k;
  return g;
}
