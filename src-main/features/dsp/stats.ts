// Small statistics with MATLAB semantics: median of an empty set is NaN; std is the N−1 form.

export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  const s = Float64Array.from(values).sort();
  const h = n >> 1;
  return n % 2 === 1 ? s[h] : 0.5 * (s[h - 1] + s[h]);
}

/** median() of a[0..n) that sorts a in place instead of copying (for scratch arrays in frame loops). */
export function medianInPlace(a: Float64Array): number {
  const n = a.length;
  if (n === 0) return NaN;
  a.sort();
  const h = n >> 1;
  return n % 2 === 1 ? a[h] : 0.5 * (a[h - 1] + a[h]);
}

export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s / values.length;
}

/** Sample standard deviation (normalised by N − 1, MATLAB's default). */
export function std(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return 0;
  const m = mean(values);
  let s = 0;
  for (let i = 0; i < n; i++) { const d = values[i] - m; s += d * d; }
  return Math.sqrt(s / (n - 1));
}

/** MATLAB `round`: halves away from zero (Math.round rounds −2.5 to −2). */
export function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}
