// Krippendorff's alpha with missing data, computed from the coincidence matrix.
//
// Source: K. Krippendorff, "Computing Krippendorff's Alpha-Reliability", Departmental Papers (ASC),
// University of Pennsylvania, 2011 (https://repository.upenn.edu/asc_papers/43); same procedure in
// K. Krippendorff, Content Analysis, 4th ed., Sage 2019, ch. 12.
//
//   alpha = 1 − D_o / D_e
//   o_ck  = Σ_u Σ_{i≠j in u} [v_i = c][v_j = k] / (m_u − 1)        (coincidences within unit u)
//   n_c   = Σ_k o_ck,   n = Σ_c n_c                               (pairable values)
//   D_o   = (1/n) Σ_c Σ_k o_ck δ²(c,k)
//   D_e   = 1/(n(n−1)) Σ_c Σ_k n_c n_k δ²(c,k)
//   so alpha = 1 − (n − 1) Σ o_ck δ²_ck / Σ n_c n_k δ²_ck.
//
// Difference functions δ² (the paper's "metric"):
//   nominal  [c ≠ k]
//   ordinal  (Σ_{g=c..k} n_g − (n_c + n_k)/2)²   — depends on how often the values in between are used
//   interval (c − k)²
//   ratio    ((c − k)/(c + k))²
//
// Missing data: a unit contributes only its m_u ≥ 2 values (values of units rated once are not pairable
// and are ignored, as in the paper). Units may be weighted by an integer multiplicity, which is how the
// bootstrap (bootstrap.ts) resamples units without copying them.
import type { RatingMatrix } from './types';

export type AlphaMetric = 'nominal' | 'ordinal' | 'interval' | 'ratio';

export interface AlphaResult {
  /** null when alpha is undefined: fewer than 2 pairable values, or no variation among them (D_e = 0). */
  alpha: number | null;
  observedDisagreement: number | null;
  expectedDisagreement: number | null;
  /** n: number of pairable values (values in units with at least two values). */
  pairableValues: number;
  /** Units with at least two values. */
  pairableUnits: number;
  note?: string;
}

/** Reliability data reduced to what alpha needs: the distinct values and sparse value counts per unit. */
export interface AlphaData {
  /** Distinct pairable values, ascending. */
  values: number[];
  /** Per row of the input: index into `units`, or −1 when the row has fewer than two values. */
  unitOfRow: Int32Array;
  units: Array<{ row: number; m: number; valueIdx: Int32Array; count: Float64Array }>;
}

export function prepareAlphaData(matrix: RatingMatrix): AlphaData {
  const distinct = new Set<number>();
  for (const row of matrix) {
    let m = 0;
    for (const v of row) if (v !== null) m++;
    if (m >= 2) for (const v of row) if (v !== null) distinct.add(checkFinite(v));
  }
  const values = [...distinct].sort((a, b) => a - b);
  const indexOf = new Map(values.map((v, i) => [v, i]));
  const unitOfRow = new Int32Array(matrix.length).fill(-1);
  const units: AlphaData['units'] = [];
  matrix.forEach((row, r) => {
    const counts = new Map<number, number>();
    let m = 0;
    for (const v of row) {
      if (v === null) continue;
      m++;
      const i = indexOf.get(v);
      if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    if (m < 2) return;
    unitOfRow[r] = units.length;
    units.push({ row: r, m, valueIdx: Int32Array.from(counts.keys()), count: Float64Array.from(counts.values()) });
  });
  return { values, unitOfRow, units };
}

/**
 * The V×V coincidence matrix (row-major). `rowWeights[r]` multiplies the contribution of input row r
 * (default 1 for every row); a weight of 0 leaves the unit out.
 */
export function coincidenceMatrix(data: AlphaData, rowWeights?: ArrayLike<number>): Float64Array {
  const V = data.values.length;
  const o = new Float64Array(V * V);
  for (const u of data.units) {
    const w = rowWeights ? rowWeights[u.row] : 1;
    if (w === 0) continue;
    const scale = w / (u.m - 1);
    const idx = u.valueIdx;
    const cnt = u.count;
    for (let a = 0; a < idx.length; a++) {
      for (let b = 0; b < idx.length; b++) {
        // Ordered pairs of different raters: n_c·n_k pairs for c ≠ k, n_c·(n_c − 1) for c = k.
        const pairs = a === b ? cnt[a] * (cnt[a] - 1) : cnt[a] * cnt[b];
        if (pairs !== 0) o[idx[a] * V + idx[b]] += pairs * scale;
      }
    }
  }
  return o;
}

/** δ²(c, k) for value indices c, k, given the values and the marginals n_g of the coincidence matrix. */
export function differenceMatrix(values: number[], marginals: Float64Array, metric: AlphaMetric): Float64Array {
  const V = values.length;
  const d = new Float64Array(V * V);
  // Prefix sums of n_g for the ordinal metric: Σ_{g=c..k} n_g = prefix[k+1] − prefix[c].
  const prefix = new Float64Array(V + 1);
  for (let g = 0; g < V; g++) prefix[g + 1] = prefix[g] + marginals[g];
  for (let c = 0; c < V; c++) {
    for (let k = 0; k < V; k++) {
      if (c === k) continue;
      const vc = values[c];
      const vk = values[k];
      let delta: number;
      switch (metric) {
        case 'nominal': delta = 1; break;
        case 'interval': delta = (vc - vk) ** 2; break;
        case 'ratio': delta = vc + vk === 0 ? 0 : ((vc - vk) / (vc + vk)) ** 2; break;
        case 'ordinal': {
          const lo = Math.min(c, k);
          const hi = Math.max(c, k);
          delta = (prefix[hi + 1] - prefix[lo] - (marginals[c] + marginals[k]) / 2) ** 2;
          break;
        }
      }
      d[c * V + k] = delta;
    }
  }
  return d;
}

export function alphaFromCoincidence(values: number[], o: Float64Array, metric: AlphaMetric, pairableUnits: number): AlphaResult {
  const V = values.length;
  const marginals = new Float64Array(V);
  let n = 0;
  for (let c = 0; c < V; c++) {
    let s = 0;
    for (let k = 0; k < V; k++) s += o[c * V + k];
    marginals[c] = s;
    n += s;
  }
  // Coincidence sums are integers in exact arithmetic; round away float noise before testing for "< 2".
  const pairableValues = Math.round(n * 1e9) / 1e9;
  if (pairableValues < 2) {
    return { alpha: null, observedDisagreement: null, expectedDisagreement: null, pairableValues, pairableUnits, note: 'fewer than two pairable ratings (no clip was rated by two raters)' };
  }
  const d = differenceMatrix(values, marginals, metric);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < V; c++) {
    for (let k = 0; k < V; k++) {
      const delta = d[c * V + k];
      if (delta === 0) continue;
      observed += o[c * V + k] * delta;
      expected += marginals[c] * marginals[k] * delta;
    }
  }
  const Do = observed / n;
  const De = expected / (n * (n - 1));
  if (!(De > 1e-15)) {
    return { alpha: null, observedDisagreement: Do, expectedDisagreement: De, pairableValues, pairableUnits, note: 'all pairable ratings are identical, so chance disagreement is 0 and alpha is undefined' };
  }
  return { alpha: 1 - Do / De, observedDisagreement: Do, expectedDisagreement: De, pairableValues, pairableUnits };
}

/** Krippendorff's alpha of a units × raters matrix (null = missing). */
export function krippendorffAlpha(matrix: RatingMatrix, metric: AlphaMetric, rowWeights?: ArrayLike<number>): AlphaResult {
  const data = prepareAlphaData(matrix);
  return alphaOf(data, metric, rowWeights);
}

/** Alpha of prepared data (reuse one AlphaData for several metrics or bootstrap replicates). */
export function alphaOf(data: AlphaData, metric: AlphaMetric, rowWeights?: ArrayLike<number>): AlphaResult {
  const o = coincidenceMatrix(data, rowWeights);
  let units = 0;
  for (const u of data.units) if (!rowWeights || rowWeights[u.row] !== 0) units += rowWeights ? rowWeights[u.row] : 1;
  return alphaFromCoincidence(data.values, o, metric, units);
}

function checkFinite(v: number): number {
  if (!Number.isFinite(v)) throw new Error(`Krippendorff's alpha: rating ${v} is not a finite number`);
  return v;
}
