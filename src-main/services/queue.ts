// The annotator's work queue and progress. Scope = the clips assigned to the annotator, or every clip
// when none are assigned. Hidden repeats still to be rated are slipped into the not-yet-labelled part of
// the queue at seeded positions (never first), so the rater cannot tell them apart.
import { AppError } from '../contract/api';
import type { QueueItem, QueueMode, QueueProgress } from '../contract/methods/workbench';
import { requireAnnotator } from './actors';
import { disagreementOf, ratingsByClip } from './consensus';
import type { ServiceContext } from './context';
import { mulberry32, shuffled } from './seeded-random';
import { workbenchSettings } from './workbench-settings';

/** Saves more than this far apart are not counted as working time. */
const IDLE_GAP_MS = 10 * 60 * 1000;

export function scopeOf(ctx: ServiceContext, annotatorId: number): number[] {
  const assigned = ctx.project.workbench.assignedClipIds(annotatorId);
  if (assigned.length > 0) return assigned;
  return ctx.project.clips.ids();
}

function withRepeats(ctx: ServiceContext, annotatorId: number, items: QueueItem[], firstLabelled: number, seed: number): QueueItem[] {
  const pending = ctx.project.workbench.repeats(annotatorId).filter((r) => r.ratedAt === null);
  if (pending.length === 0) return items;
  const random = mulberry32(seed ^ 0x5bd1e995);
  const head = items.slice(0, firstLabelled);
  for (const r of pending) {
    const min = Math.min(3, head.length);
    const at = min + Math.floor(random() * (head.length - min + 1));
    head.splice(at, 0, { clipId: r.clipId, repeatId: r.id });
  }
  return [...head, ...items.slice(firstLabelled)];
}

export function queueList(ctx: ServiceContext, req: { annotatorId: number; mode: QueueMode; seed?: number; speakerId?: string }): QueueItem[] {
  const annotator = requireAnnotator(ctx, req.annotatorId);
  const p = ctx.project;
  const seed = req.seed ?? 1;
  const speakers = req.speakerId !== undefined || req.mode === 'by-speaker' ? p.clips.speakers() : new Map<number, string>();
  let scope = scopeOf(ctx, req.annotatorId);
  if (req.speakerId !== undefined) scope = scope.filter((id) => speakers.get(id) === req.speakerId);
  const labelled = p.workbench.labelledClipIds(req.annotatorId);
  const item = (clipId: number): QueueItem => ({ clipId, repeatId: null });
  const unlabelled = scope.filter((id) => !labelled.has(id));
  const done = scope.filter((id) => labelled.has(id));
  const threshold = workbenchSettings(ctx).disagreementThreshold;
  const disagreeing = () => {
    const byClip = ratingsByClip(ctx);
    const inScope = new Set(scope);
    return [...byClip.entries()]
      .map(([clipId, ratings]) => ({ clipId, d: disagreementOf(ratings) }))
      .filter((x) => inScope.has(x.clipId) && x.d >= threshold)
      .sort((a, b) => b.d - a.d || a.clipId - b.clipId);
  };
  switch (req.mode) {
    case 'unlabelled-first':
      return withRepeats(ctx, req.annotatorId, [...unlabelled, ...done].map(item), unlabelled.length, seed);
    case 'needs-my-rating':
      return withRepeats(ctx, req.annotatorId, unlabelled.map(item), unlabelled.length, seed);
    case 'random': {
      const random = mulberry32(seed);
      const first = shuffled(unlabelled, random);
      return withRepeats(ctx, req.annotatorId, [...first, ...shuffled(done, random)].map(item), first.length, seed);
    }
    case 'by-speaker':
      return [...scope].sort((a, b) => speakers.get(a)!.localeCompare(speakers.get(b)!, undefined, { numeric: true }) || a - b).map(item);
    case 'disagreement':
      return disagreeing().map((x) => item(x.clipId));
    case 'adjudication': {
      if (annotator.role !== 'adjudicator') throw new AppError('not-adjudicator', `${annotator.name} is not an adjudicator: only adjudicators work through the adjudication queue`);
      const adjudicated = new Set(p.workbench.currentAdjudications().map((a) => a.clipId));
      return disagreeing().filter((x) => !adjudicated.has(x.clipId)).map((x) => item(x.clipId));
    }
    case 'flagged': {
      const inScope = new Set(scope);
      const flagged = [...new Set(p.workbench.flags(false).map((f) => f.clipId))].filter((id) => inScope.has(id));
      return flagged.map(item);
    }
  }
}

export function queueProgress(ctx: ServiceContext, annotatorId: number, now = Date.now()): QueueProgress {
  requireAnnotator(ctx, annotatorId);
  const p = ctx.project;
  const scope = scopeOf(ctx, annotatorId);
  const labelled = p.workbench.labelledClipIds(annotatorId);
  const times = p.labels.firstLabelTimes(annotatorId).map((t) => Date.parse(t));
  let activeMs = 0;
  let intervals = 0;
  for (let i = 1; i < times.length; i++) {
    const gap = times[i] - times[i - 1];
    if (gap <= IDLE_GAP_MS) { activeMs += gap; intervals++; }
  }
  return {
    annotatorId,
    labelled: scope.filter((id) => labelled.has(id)).length,
    total: scope.length,
    notRateable: p.workbench.notRateableCount(annotatorId),
    clipsPerHour: activeMs > 0 ? Math.round((intervals / activeMs) * 3_600_000 * 10) / 10 : 0,
    labelledLastHour: times.filter((t) => t >= now - 3_600_000).length,
    pendingRepeats: p.workbench.repeats(annotatorId).filter((r) => r.ratedAt === null).length,
  };
}
