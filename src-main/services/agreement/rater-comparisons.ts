// Agreement between two columns of ratings: rater pairs (pairwise matrices), one rater with themself
// (hidden repeats: intra-rater consistency) and raters against gold labels (accuracy).
//
// Pairwise and repeat consistency reuse the coefficients of krippendorff-alpha.ts (Krippendorff 2011,
// interval metric) and icc.ts (Shrout & Fleiss 1979 ICC(2,1)); for repeats the first and the second
// rating play the two "raters", the usual test–retest reading of ICC(2,1) (Koo & Li 2016, "intra-rater
// reliability": two-way mixed or random, absolute agreement, single measurement). Point estimates only:
// pairwise cells are many and small, and their CIs would be wide and noisy.
import { EMOTIONS, type EmotionValues } from '../../contract/emotions';
import type { AgreementScope, GoldAccuracy, IntraRaterScope, PairCell, RaterRef } from '../../contract/methods/agreement';
import { iccFromAnova, twoWayAnova } from './icc';
import { krippendorffAlpha } from './krippendorff-alpha';
import { collapseRows } from './patterns';

export const SCOPES: readonly AgreementScope[] = [...EMOTIONS, 'overall'];

/** Values of one scope: one emotion, or all six in EMOTIONS order for "overall". */
export function scopeValues(values: EmotionValues, scope: AgreementScope): number[] {
  return scope === 'overall' ? EMOTIONS.map((e) => values[e]) : [values[scope]];
}

/** Alpha (interval) and ICC(2,1) of paired ratings [a, b]. */
export function pairAgreement(pairs: ReadonlyArray<readonly [number, number]>): { alphaInterval: number | null; icc21: number | null } {
  if (pairs.length === 0) return { alphaInterval: null, icc21: null };
  const table = collapseRows(pairs);
  return {
    alphaInterval: krippendorffAlpha(table.rows, 'interval', table.counts).alpha,
    icc21: iccFromAnova(twoWayAnova(table.rows as number[][], table.counts)).icc21,
  };
}

/**
 * cells[i][j] for every ordered rater pair (symmetric; null on the diagonal), one matrix per scope.
 * `ratings[r]` maps clip id → the rater's usable values (not-rateable clips absent).
 */
export function pairwiseMatrices(ratings: ReadonlyArray<ReadonlyMap<number, EmotionValues>>): Map<AgreementScope, Array<Array<PairCell | null>>> {
  const k = ratings.length;
  const out = new Map<AgreementScope, Array<Array<PairCell | null>>>();
  for (const scope of SCOPES) out.set(scope, Array.from({ length: k }, () => new Array<PairCell | null>(k).fill(null)));
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const common: Array<[EmotionValues, EmotionValues]> = [];
      for (const [clip, vi] of ratings[i]) {
        const vj = ratings[j].get(clip);
        if (vj) common.push([vi, vj]);
      }
      for (const scope of SCOPES) {
        const pairs = common.flatMap(([a, b]) => {
          const x = scopeValues(a, scope);
          const y = scopeValues(b, scope);
          return x.map((v, e) => [v, y[e]] as const);
        });
        const cell: PairCell = { clips: common.length, ...pairAgreement(pairs) };
        out.get(scope)![i][j] = cell;
        out.get(scope)![j][i] = cell;
      }
    }
  }
  return out;
}

export interface RepeatPair { clipId: number; raterId: number; first: EmotionValues; second: EmotionValues }

/** Consistency of first vs repeat ratings, per scope, over the given repeat pairs (one rater, or all pooled). */
export function repeatConsistency(repeats: ReadonlyArray<RepeatPair>): IntraRaterScope[] {
  return SCOPES.map((scope) => {
    const pairs = repeats.flatMap((r) => {
      const x = scopeValues(r.first, scope);
      const y = scopeValues(r.second, scope);
      return x.map((v, e) => [v, y[e]] as const);
    });
    const exact = pairs.filter(([a, b]) => a === b).length;
    return {
      scope,
      pairs: repeats.length,
      ...pairAgreement(pairs),
      exactRate: pairs.length ? exact / pairs.length : null,
    };
  });
}

/** MAE and exact-match rate of one rater's ratings against gold values, on the gold clips they rated. */
export function goldAccuracy(rater: RaterRef, ratings: ReadonlyMap<number, EmotionValues>, gold: ReadonlyMap<number, EmotionValues>): GoldAccuracy {
  const mae = {} as Record<AgreementScope, number | null>;
  const exactRate = {} as Record<AgreementScope, number | null>;
  const rated: Array<[EmotionValues, EmotionValues]> = [];
  for (const [clip, g] of gold) {
    const v = ratings.get(clip);
    if (v) rated.push([v, g]);
  }
  for (const scope of SCOPES) {
    let abs = 0;
    let hits = 0;
    let cells = 0;
    for (const [v, g] of rated) {
      const x = scopeValues(v, scope);
      const y = scopeValues(g, scope);
      for (let e = 0; e < x.length; e++) {
        abs += Math.abs(x[e] - y[e]);
        if (x[e] === y[e]) hits++;
        cells++;
      }
    }
    mae[scope] = cells ? abs / cells : null;
    exactRate[scope] = cells ? hits / cells : null;
  }
  return { rater, clips: rated.length, mae, exactRate };
}
