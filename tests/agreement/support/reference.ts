// Reference implementations written from the definitions, deliberately by a different route than the
// library (no coincidence matrix, no mean-square shortcuts), so the tests compare two computations.
export type Metric = 'nominal' | 'ordinal' | 'interval' | 'ratio';

/**
 * Krippendorff's alpha from its pairwise definition: D_o averages δ² over all ordered pairs of values of
 * different raters within a unit, each unit's pairs weighted 1/(m_u − 1); D_e averages δ² over all
 * ordered pairs of distinct pairable values anywhere; for the ordinal metric n_g counts pairable values = g.
 */
export function alphaByPairs(units: ReadonlyArray<ReadonlyArray<number | null>>, metric: Metric): number {
  const pairable = units.map((u) => u.filter((v): v is number => v !== null)).filter((vals) => vals.length >= 2);
  const all = pairable.flat();
  const n = all.length;
  const freq = (g: number): number => all.filter((v) => v === g).length;
  const distinct = [...new Set(all)].sort((a, b) => a - b);
  const delta = (c: number, k: number): number => {
    if (c === k) return 0;
    if (metric === 'nominal') return 1;
    if (metric === 'interval') return (c - k) ** 2;
    if (metric === 'ratio') return ((c - k) / (c + k)) ** 2;
    const [lo, hi] = c < k ? [c, k] : [k, c];
    const between = distinct.filter((g) => g >= lo && g <= hi).reduce((s, g) => s + freq(g), 0);
    return (between - (freq(c) + freq(k)) / 2) ** 2;
  };
  let dO = 0;
  for (const vals of pairable) {
    let s = 0;
    for (let i = 0; i < vals.length; i++) for (let j = 0; j < vals.length; j++) if (i !== j) s += delta(vals[i], vals[j]);
    dO += s / (vals.length - 1);
  }
  dO /= n;
  let dE = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) dE += delta(all[i], all[j]);
  dE /= n * (n - 1);
  return 1 - dO / dE;
}

/**
 * ICC(2,1) and ICC(2,k) of a complete targets × raters matrix as ratios of variance components
 * (two-way random model: σ²_t / (σ²_t + σ²_r + σ²_e)), sums written out directly.
 */
export function iccByVarianceComponents(rows: ReadonlyArray<ReadonlyArray<number>>): { icc21: number; icc2k: number } {
  const n = rows.length;
  const k = rows[0].length;
  const grand = rows.flat().reduce((s, x) => s + x, 0) / (n * k);
  const rowMeans = rows.map((r) => r.reduce((s, x) => s + x, 0) / k);
  const colMeans = rows[0].map((_, j) => rows.reduce((s, r) => s + r[j], 0) / n);
  let sse = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) sse += (rows[i][j] - rowMeans[i] - colMeans[j] + grand) ** 2;
  const ems = sse / ((n - 1) * (k - 1));
  const bms = (k * rowMeans.reduce((s, m) => s + (m - grand) ** 2, 0)) / (n - 1);
  const jms = (n * colMeans.reduce((s, m) => s + (m - grand) ** 2, 0)) / (k - 1);
  const varTarget = (bms - ems) / k;
  const varRater = (jms - ems) / n;
  return {
    icc21: varTarget / (varTarget + varRater + ems),
    icc2k: varTarget / (varTarget + (varRater + ems) / k),
  };
}
