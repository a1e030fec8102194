// The agreement report of a set of ratings (pure: the DB glue in agreement-service.ts feeds it).
//
// Units: per emotion, one unit per clip; "overall" pools the six emotions as one set of units, one per
// clip × emotion, and its bootstrap resamples whole clips (a clip's six ratings by one rater are not
// independent). A "not rateable" judgement is a missing value, never a 0: the rater said nothing about
// the emotion. See docs/agreement.md for the definitions.
import { EMOTIONS, type EmotionValues } from '../../contract/emotions';
import type { AgreementReport, IntraRaterResult, RaterRef, ScopeAgreement } from '../../contract/methods/agreement';
import { DEFAULT_REPLICATES, DEFAULT_SEED } from './bootstrap';
import { goldAccuracy, pairwiseMatrices, repeatConsistency, SCOPES, type RepeatPair } from './rater-comparisons';
import { reliability } from './reliability';

export interface RaterLabel {
  clipId: number;
  raterId: number;
  /** null when the rater marked the clip "not rateable". */
  values: EmotionValues | null;
}

export interface AgreementInput {
  raters: RaterRef[];
  /** The current label of each (clip, rater); labels of raters not in `raters` are ignored. */
  labels: ReadonlyArray<RaterLabel>;
  repeats?: ReadonlyArray<RepeatPair>;
  /** Known labels of gold clips. */
  gold?: ReadonlyMap<number, EmotionValues>;
  bootstrap?: { replicates?: number; seed?: number };
}

export type AgreementTables = Omit<AgreementReport, 'computedAt' | 'labelsRead'>;

export function computeAgreement(input: AgreementInput): AgreementTables {
  const replicates = input.bootstrap?.replicates ?? DEFAULT_REPLICATES;
  const seed = input.bootstrap?.seed ?? DEFAULT_SEED;
  const raterIndex = new Map(input.raters.map((r, i) => [r.id, i]));
  const k = input.raters.length;

  // Per rater: clip → usable values. Per clip: its row.
  const byRater = input.raters.map(() => new Map<number, EmotionValues>());
  const clipRow = new Map<number, number>();
  let notRateable = 0;
  for (const l of input.labels) {
    const r = raterIndex.get(l.raterId);
    if (r === undefined) continue;
    if (l.values === null) { notRateable++; continue; }
    byRater[r].set(l.clipId, l.values);
    if (!clipRow.has(l.clipId)) clipRow.set(l.clipId, clipRow.size);
  }
  const clipIds = [...clipRow.keys()];
  const boot = { replicates, seed };

  const scopes: ScopeAgreement[] = SCOPES.map((scope) => {
    if (scope === 'overall') {
      // Rows clip × emotion, cluster = clip.
      const matrix = clipIds.flatMap((clip) => EMOTIONS.map((e) => byRater.map((m) => m.get(clip)?.[e] ?? null)));
      const clusterOfRow = Int32Array.from(matrix.keys(), (row) => Math.floor(row / EMOTIONS.length));
      return { scope, ...reliability({ matrix, clusterOfRow, nClusters: clipIds.length }, boot) };
    }
    const matrix = clipIds.map((clip) => byRater.map((m) => m.get(clip)?.[scope] ?? null));
    return { scope, ...reliability({ matrix }, boot) };
  });

  const pairwise = pairwiseMatrices(byRater);

  const repeats = input.repeats ?? [];
  const intraRater: IntraRaterResult[] = input.raters
    .map((rater) => ({ rater, mine: repeats.filter((p) => p.raterId === rater.id) }))
    .filter((x) => x.mine.length > 0)
    .map(({ rater, mine }) => ({ rater, scopes: repeatConsistency(mine) }));
  const gold = input.gold && input.gold.size > 0
    ? input.raters.map((rater, i) => goldAccuracy(rater, byRater[i], input.gold!)).filter((g) => g.clips > 0)
    : [];

  const notes: string[] = [];
  if (k < 2) notes.push('fewer than two raters have labels: agreement needs at least two raters rating the same clips');
  if (repeats.length === 0) notes.push('no hidden repeats recorded: intra-rater consistency is not available');
  if (!input.gold || input.gold.size === 0) notes.push('no gold clips defined: gold accuracy is not available');

  return {
    raters: input.raters,
    notRateableExcluded: notRateable,
    bootstrap: { replicates, seed, level: 0.95, method: 'percentile; resampling clips with replacement (overall: whole clips with their six emotions)' },
    scopes,
    pairwise: SCOPES.map((scope) => ({ scope, cells: pairwise.get(scope)! })),
    intraRater,
    intraRaterPooled: repeats.length > 0 ? repeatConsistency(repeats) : [],
    gold,
    notes,
  };
}
