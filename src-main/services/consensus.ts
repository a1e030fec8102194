// Consensus of a clip: the adjudicated value where one exists, otherwise the mean of the raters' current
// (rateable) values — ARCHITECTURE.md "Labels". Disagreement of a clip = max over the six emotions of
// (max − min) across raters; a clip "disagrees" when that reaches the project's threshold (default 2:
// e.g. one rater says none, another says somewhat).
import { EMOTIONS, type EmotionValues } from '../contract/emotions';
import type { ConsensusRow } from '../contract/methods/workbench';
import type { RatingRow } from '../db/workbench-repo';
import type { ServiceContext } from './context';
import { workbenchSettings } from './workbench-settings';

export function disagreementOf(ratings: Array<{ values: EmotionValues }>): number {
  if (ratings.length < 2) return 0;
  let worst = 0;
  for (const e of EMOTIONS) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const r of ratings) { lo = Math.min(lo, r.values[e]); hi = Math.max(hi, r.values[e]); }
    worst = Math.max(worst, hi - lo);
  }
  return worst;
}

export function meanOf(ratings: Array<{ values: EmotionValues }>): EmotionValues {
  const out = Object.fromEntries(EMOTIONS.map((e) => [e, 0])) as EmotionValues;
  for (const r of ratings) for (const e of EMOTIONS) out[e] += r.values[e];
  for (const e of EMOTIONS) out[e] = Math.round((out[e] / ratings.length) * 1e6) / 1e6;
  return out;
}

/** Current ratings grouped by clip, optionally restricted to some raters. */
export function ratingsByClip(ctx: ServiceContext, annotatorIds?: number[]): Map<number, RatingRow[]> {
  const only = annotatorIds ? new Set(annotatorIds) : null;
  const byClip = new Map<number, RatingRow[]>();
  for (const r of ctx.project.workbench.allRatings()) {
    if (only && !only.has(r.annotatorId)) continue;
    const list = byClip.get(r.clipId) ?? [];
    list.push(r);
    byClip.set(r.clipId, list);
  }
  return byClip;
}

export interface ConsensusOptions { annotatorIds?: number[]; useAdjudication?: boolean; threshold?: number }

/** One row per clip that has at least one rating or an adjudication, ordered by clip id. */
export function computeConsensus(ctx: ServiceContext, opts: ConsensusOptions = {}): ConsensusRow[] {
  const threshold = opts.threshold ?? workbenchSettings(ctx).disagreementThreshold;
  const byClip = ratingsByClip(ctx, opts.annotatorIds);
  const adjudicated = new Map((opts.useAdjudication ?? true) ? ctx.project.workbench.currentAdjudications().map((a) => [a.clipId, a]) : []);
  const rows: ConsensusRow[] = [];
  for (const clip of ctx.project.clips.all()) {
    const ratings = byClip.get(clip.id) ?? [];
    const adj = adjudicated.get(clip.id);
    if (ratings.length === 0 && !adj) continue;
    const disagreement = disagreementOf(ratings);
    rows.push({
      clipId: clip.id, fileName: clip.fileName, speakerId: clip.speakerId,
      values: adj ? { ...adj.values } : meanOf(ratings),
      raterCount: ratings.length,
      source: adj ? 'adjudicated' : 'mean',
      disagreement,
      agreement: adj ? 'adjudicated' : ratings.length < 2 ? 'single-rater' : disagreement >= threshold ? 'disagree' : 'agree',
    });
  }
  return rows;
}
