// All agreement coefficients of one set of units (one emotion, or the six pooled): Krippendorff's alpha
// (interval, ordinal, nominal) on every pairable unit, ICC(2,1)/ICC(2,k) on the complete cases, F-based
// CIs for the ICCs and seeded percentile-bootstrap CIs for alpha and ICC from the same resamples.
// Formulas and sources: krippendorff-alpha.ts, icc.ts, bootstrap.ts; definitions in docs/agreement.md.
import type { AgreementEstimate, IccEstimate, ScopeAgreement } from '../../contract/methods/agreement';
import { clusterBootstrap, type BootstrapInterval, type BootstrapOptions } from './bootstrap';
import { iccBand, iccBandOfInterval, iccFConfidence, iccFromAnova, twoWayAnova } from './icc';
import { alphaFromCoincidence, alphaOf, coincidenceMatrix, prepareAlphaData } from './krippendorff-alpha';
import { collapseRows } from './patterns';
import type { Interval, RatingMatrix } from './types';

export interface ReliabilityInput {
  /** units × raters; null = no usable rating. */
  matrix: RatingMatrix;
  /** Cluster (clip) of each row, 0..nClusters−1; default: each row is its own cluster. */
  clusterOfRow?: ArrayLike<number>;
  nClusters?: number;
}

export type ReliabilitySummary = Omit<ScopeAgreement, 'scope'>;

export function reliability(input: ReliabilityInput, boot: BootstrapOptions): ReliabilitySummary {
  const { matrix } = input;
  const clusterOfRow = input.clusterOfRow ?? Int32Array.from(matrix.keys());
  const nClusters = input.nClusters ?? matrix.length;
  const raterCount = matrix.length > 0 ? matrix[0].length : 0;

  // Every coefficient is a sum over units, so identical rows are computed once, weighted by their count.
  const table = collapseRows(matrix);
  const alphaData = prepareAlphaData(table.rows);
  const alphaInterval = alphaOf(alphaData, 'interval', table.counts);
  const alphaOrdinal = alphaOf(alphaData, 'ordinal', table.counts);
  const alphaNominal = alphaOf(alphaData, 'nominal', table.counts);

  // Raters and clips that take part: those with a pairable value.
  const activeRater = new Array<boolean>(raterCount).fill(false);
  for (const u of alphaData.units) table.rows[u.row].forEach((v, j) => { if (v !== null) activeRater[j] = true; });
  const pairableClusters = new Set<number>();
  for (let r = 0; r < matrix.length; r++) if (alphaData.unitOfRow[table.patternOfRow[r]] >= 0) pairableClusters.add(clusterOfRow[r]);
  const iccColumns = activeRater.flatMap((a, j) => (a ? [j] : []));
  // ICC needs complete data: the rows every active rater rated (listwise deletion, as Shrout & Fleiss).
  const completeRows: number[][] = [];
  const completePattern: number[] = [];
  if (iccColumns.length >= 2) {
    table.rows.forEach((row, p) => {
      if (iccColumns.every((j) => row[j] !== null)) {
        completeRows.push(iccColumns.map((j) => row[j] as number));
        completePattern.push(p);
      }
    });
  }
  const completeCounts = Float64Array.from(completePattern, (p) => table.counts[p]);
  const iccClips = completeCounts.reduce((s, c) => s + c, 0);
  const anova = twoWayAnova(completeRows, completeCounts);
  const icc = iccFromAnova({ ...anova, k: iccColumns.length });
  const iccCi = icc.icc21 === null ? null : iccFConfidence(anova);

  // One resample of clips serves every coefficient; statistics: α interval, α ordinal, ICC(2,1), ICC(2,k).
  const counts = new Float64Array(table.rows.length);
  const completeWeights = new Float64Array(completeRows.length);
  const patternOfRow = table.patternOfRow;
  const boots: BootstrapInterval[] = clusterBootstrap(nClusters, 4, (draws) => {
    // A row counts as often as its clip was drawn.
    counts.fill(0);
    for (let r = 0; r < patternOfRow.length; r++) counts[patternOfRow[r]] += draws[clusterOfRow[r]];
    const o = coincidenceMatrix(alphaData, counts);
    let units = 0;
    for (const u of alphaData.units) units += counts[u.row];
    const ai = alphaFromCoincidence(alphaData.values, o, 'interval', units).alpha;
    const ao = alphaFromCoincidence(alphaData.values, o, 'ordinal', units).alpha;
    let i21 = Number.NaN;
    let i2k = Number.NaN;
    if (completeRows.length >= 1 && icc.icc21 !== null) {
      for (let i = 0; i < completePattern.length; i++) completeWeights[i] = counts[completePattern[i]];
      const e = iccFromAnova(twoWayAnova(completeRows, completeWeights));
      i21 = e.icc21 ?? Number.NaN;
      i2k = e.icc2k ?? Number.NaN;
    }
    return [ai ?? Number.NaN, ao ?? Number.NaN, i21, i2k];
  }, boot);

  const alphaEstimate = (value: number | null, note: string | undefined, b: BootstrapInterval): AgreementEstimate => ({
    value,
    ci95: value === null ? null : b.ci,
    bootstrapValid: b.valid,
    ...(value === null ? { note } : b.ci === null && b.note ? { note: `no bootstrap CI: ${b.note}` } : {}),
  });
  const iccEstimate = (value: number | null, ciF: Interval | null, b: BootstrapInterval): IccEstimate => ({
    ...alphaEstimate(value, icc.note, b),
    ci95F: ciF,
    band: value === null ? null : iccBand(value),
    bandOfCi: ciF ? iccBandOfInterval(ciF) : null,
  });
  const icc21 = iccEstimate(icc.icc21, iccCi?.icc21 ?? null, boots[2]);
  const icc2k = iccEstimate(icc.icc2k, iccCi?.icc2k ?? null, boots[3]);

  return {
    clips: pairableClusters.size,
    raters: iccColumns.length,
    pairableValues: alphaInterval.pairableValues,
    alphaInterval: alphaEstimate(alphaInterval.alpha, alphaInterval.note, boots[0]),
    alphaOrdinal: alphaEstimate(alphaOrdinal.alpha, alphaOrdinal.note, boots[1]),
    alphaNominal: alphaNominal.alpha,
    iccClips,
    iccRaters: iccColumns.length,
    icc21,
    icc2k,
    iccReport: iccReport(icc21, icc2k, iccClips, iccColumns.length),
  };
}

/** Koo & Li (2016): name the model, type and definition, and give the estimate with its 95 % CI. */
function iccReport(icc21: IccEstimate, icc2k: IccEstimate, clips: number, raters: number): string {
  if (icc21.value === null) return `ICC not computed: ${icc21.note ?? 'undefined for these data'}.`;
  const f = (x: number): string => x.toFixed(2);
  const ci = (e: IccEstimate): string => (e.ci95F ? `, 95% CI [${f(e.ci95F[0])}, ${f(e.ci95F[1])}]` : '');
  return `Two-way random-effects, absolute-agreement ICC on ${clips} clips rated by all ${raters} raters: `
    + `single rater ICC(2,1) = ${f(icc21.value)}${ci(icc21)} (${icc21.bandOfCi ?? icc21.band}); `
    + `mean of ${raters} raters ICC(2,k) = ${f(icc2k.value!)}${ci(icc2k)} (${icc2k.bandOfCi ?? icc2k.band}).`;
}
