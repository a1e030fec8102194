// Independent reference computations for the e2e agreement check, written from the textbook definitions
// (not from the app's code): Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability", interval
// metric δ² = (a − b)², coincidence form α = 1 − D_o / D_e; Shrout & Fleiss (1979) ICC(2,1) and McGraw &
// Wong (1996) ICC(A,k) from the two-way ANOVA mean squares.

/** units[u] = the values given to unit u (one per rater who rated it); units with < 2 values are ignored. */
export function alphaInterval(units: number[][]): number {
  const pairable = units.filter((u) => u.length >= 2);
  const all = pairable.flat();
  const n = all.length;
  let observed = 0;
  for (const u of pairable) {
    let s = 0;
    for (let i = 0; i < u.length; i++) for (let j = 0; j < u.length; j++) if (i !== j) s += (u[i] - u[j]) ** 2;
    observed += s / (u.length - 1);
  }
  observed /= n;
  let expected = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) expected += (all[i] - all[j]) ** 2;
  expected /= n * (n - 1);
  return 1 - observed / expected;
}

/** x[subject][rater], complete. Returns ICC(2,1) and ICC(2,k) (two-way random, absolute agreement). */
export function icc2(x: number[][]): { single: number; average: number } {
  const n = x.length;
  const k = x[0].length;
  const grand = x.flat().reduce((a, b) => a + b, 0) / (n * k);
  const rowMeans = x.map((r) => r.reduce((a, b) => a + b, 0) / k);
  const colMeans = Array.from({ length: k }, (_, j) => x.reduce((a, r) => a + r[j], 0) / n);
  const ssRows = k * rowMeans.reduce((a, m) => a + (m - grand) ** 2, 0);
  const ssCols = n * colMeans.reduce((a, m) => a + (m - grand) ** 2, 0);
  const ssTotal = x.flat().reduce((a, v) => a + (v - grand) ** 2, 0);
  const msr = ssRows / (n - 1);
  const msc = ssCols / (k - 1);
  const mse = (ssTotal - ssRows - ssCols) / ((n - 1) * (k - 1));
  return {
    single: (msr - mse) / (msr + (k - 1) * mse + (k * (msc - mse)) / n),
    average: (msr - mse) / (msr + (msc - mse) / n),
  };
}
