// Linear interpolation with MATLAB `interp1(x, v, xq)` semantics: x strictly increasing, NaN for query
// points outside [x(1), x(end)] (no extrapolation). COVAREP relies on this NaN (later set to 0) to leave
// the first and last frames of several columns at 0.

/** Interpolate (xs, vs) at the query points xq into out. xq need not be sorted. */
export function interp1(xs: ArrayLike<number>, vs: ArrayLike<number>, xq: ArrayLike<number>, out: Float64Array): void {
  const n = xs.length;
  let j = 0;
  for (let q = 0; q < xq.length; q++) {
    const t = xq[q];
    if (n === 0 || !(t >= xs[0] && t <= xs[n - 1])) { out[q] = NaN; continue; }
    if (n === 1) { out[q] = vs[0]; continue; }
    // move j so that xs[j] <= t <= xs[j+1] (monotone queries are O(1) amortised)
    if (t < xs[j]) j = 0;
    while (j < n - 2 && xs[j + 1] < t) j++;
    const x0 = xs[j], x1 = xs[j + 1];
    if (t === x1) { out[q] = vs[j + 1]; continue; }
    if (t === x0) { out[q] = vs[j]; continue; }
    const f = (t - x0) / (x1 - x0);
    out[q] = vs[j] + f * (vs[j + 1] - vs[j]);
  }
}
