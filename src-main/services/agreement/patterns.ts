// Collapses identical rows of reliability data into patterns with multiplicities. Ratings are 0–3 from a
// handful of raters, so a 10,000-clip project has at most a few hundred distinct rows: every coefficient
// is then computed over patterns weighted by their counts (both alpha and the ANOVA are sums over
// units, so this is exact), and a bootstrap replicate only has to re-count the patterns.
import type { RatingMatrix } from './types';

export interface PatternTable {
  /** One representative row per distinct pattern. */
  rows: Array<ReadonlyArray<number | null>>;
  /** Number of input rows with each pattern. */
  counts: Float64Array;
  /** Pattern index of each input row. */
  patternOfRow: Int32Array;
}

export function collapseRows(matrix: RatingMatrix): PatternTable {
  const index = new Map<string, number>();
  const rows: Array<ReadonlyArray<number | null>> = [];
  const patternOfRow = new Int32Array(matrix.length);
  const tally: number[] = [];
  matrix.forEach((row, r) => {
    const key = row.map((v) => (v === null ? '' : String(v))).join('|');
    let p = index.get(key);
    if (p === undefined) {
      p = rows.length;
      index.set(key, p);
      rows.push(row);
      tally.push(0);
    }
    tally[p]++;
    patternOfRow[r] = p;
  });
  return { rows, counts: Float64Array.from(tally), patternOfRow };
}

