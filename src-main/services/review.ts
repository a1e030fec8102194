// Reviewing a clip: every rater's values (respecting blind mode), flags, and adjudication — the final
// value an adjudicator sets for a clip where raters disagree, which then becomes its consensus.
import { AppError } from '../contract/api';
import type { EmotionValues } from '../contract/emotions';
import type { ClipRatings, Flag } from '../contract/methods/workbench';
import type { FlagRow } from '../db/workbench-repo';
import { requireAnnotator } from './actors';
import { disagreementOf } from './consensus';
import type { ServiceContext } from './context';
import { requireClip } from './labels';
import { workbenchSettings } from './workbench-settings';

/** True when this annotator may see other raters' values (blind mode off, or an adjudicator). */
export function maySeeOthers(ctx: ServiceContext, annotatorId: number): boolean {
  return !workbenchSettings(ctx).blindMode || requireAnnotator(ctx, annotatorId).role === 'adjudicator';
}

export function clipRatings(ctx: ServiceContext, clipId: number, viewerId: number): ClipRatings {
  const clip = requireClip(ctx, clipId);
  const p = ctx.project;
  const seeAll = maySeeOthers(ctx, viewerId);
  const names = new Map(p.annotators.list().map((a) => [a.id, a.name]));
  const current = p.labels.currentForClip(clipId);
  const rated = current.filter((l) => !l.notRateable);
  const visible = (annotatorId: number) => seeAll || annotatorId === viewerId;
  const adj = p.workbench.currentAdjudication(clipId);
  return {
    clipId, fileName: clip.fileName, speakerId: clip.speakerId,
    ratings: rated.filter((l) => visible(l.annotatorId)).map((l) => ({ annotatorId: l.annotatorId, annotator: names.get(l.annotatorId) ?? '?', values: l.values, version: l.version, createdAt: l.createdAt })),
    notRateable: current.filter((l) => l.notRateable && visible(l.annotatorId)).map((l) => ({ annotatorId: l.annotatorId, annotator: names.get(l.annotatorId) ?? '?', reason: l.notRateable! })),
    adjudication: adj && seeAll ? { values: adj.values, adjudicator: names.get(adj.adjudicatorId) ?? '?', note: adj.note, version: adj.version, createdAt: adj.createdAt } : null,
    gold: seeAll ? p.workbench.goldOf(clipId) : null,
    disagreement: seeAll ? disagreementOf(rated) : 0,
    openFlags: p.workbench.openFlagsOf(clipId).map((f) => ({ id: f.id, reason: f.reason, annotator: f.annotatorId === null ? null : names.get(f.annotatorId) ?? null, createdAt: f.createdAt })),
  };
}

const toFlag = (f: FlagRow): Flag => ({ id: f.id, clipId: f.clipId, annotatorId: f.annotatorId, reason: f.reason, createdAt: f.createdAt, resolvedAt: f.resolvedAt });

export function addFlag(ctx: ServiceContext, clipId: number, annotatorId: number, reason: string): Flag {
  requireClip(ctx, clipId);
  const a = requireAnnotator(ctx, annotatorId);
  const p = ctx.project;
  const flag = p.write(() => {
    const f = p.workbench.addFlag(clipId, annotatorId, reason);
    p.audit.append({ actor: a.name, action: 'create', entity: 'flag', entityId: f.id, after: { clipId, reason } });
    return f;
  });
  ctx.events.emit({ type: 'labels-changed', clipId });
  return toFlag(flag);
}

export function resolveFlag(ctx: ServiceContext, flagId: number, annotatorId: number): Flag {
  const a = requireAnnotator(ctx, annotatorId);
  const p = ctx.project;
  const f = p.workbench.flag(flagId);
  if (!f) throw new AppError('flag-not-found', `flag ${flagId} does not exist`);
  if (f.resolvedAt) return toFlag(f);
  p.write(() => {
    p.workbench.resolveFlag(flagId, annotatorId);
    p.audit.append({ actor: a.name, action: 'resolve', entity: 'flag', entityId: flagId, before: { resolvedAt: null }, after: { clipId: f.clipId, resolvedBy: a.name } });
  });
  ctx.events.emit({ type: 'labels-changed', clipId: f.clipId });
  return toFlag(p.workbench.flag(flagId)!);
}

export function listFlags(ctx: ServiceContext, includeResolved: boolean): Flag[] {
  return ctx.project.workbench.flags(includeResolved).map(toFlag);
}

function requireAdjudicator(ctx: ServiceContext, annotatorId: number) {
  const a = requireAnnotator(ctx, annotatorId);
  if (a.role !== 'adjudicator') throw new AppError('not-adjudicator', `${a.name} is not an adjudicator: make them one in the annotators panel first (the change is audited)`);
  return a;
}

export function adjudicationQueue(ctx: ServiceContext, annotatorId: number, threshold?: number, includeDone = false): ClipRatings[] {
  requireAdjudicator(ctx, annotatorId);
  const t = threshold ?? workbenchSettings(ctx).disagreementThreshold;
  const p = ctx.project;
  const adjudicated = new Set(p.workbench.currentAdjudications().map((a) => a.clipId));
  const out: ClipRatings[] = [];
  for (const clip of p.clips.all()) {
    if (!includeDone && adjudicated.has(clip.id)) continue;
    const r = clipRatings(ctx, clip.id, annotatorId);
    if (r.ratings.length >= 2 && r.disagreement >= t) out.push(r);
  }
  return out.sort((a, b) => b.disagreement - a.disagreement || a.clipId - b.clipId);
}

export function saveAdjudication(ctx: ServiceContext, clipId: number, adjudicatorId: number, values: EmotionValues, note?: string): ClipRatings {
  requireClip(ctx, clipId);
  const a = requireAdjudicator(ctx, adjudicatorId);
  const p = ctx.project;
  p.write(() => {
    const before = p.workbench.currentAdjudication(clipId);
    const saved = p.workbench.appendAdjudication(clipId, adjudicatorId, values, note ?? null);
    p.audit.append({
      actor: a.name, action: before ? 'update' : 'create', entity: 'adjudication', entityId: clipId,
      before: before ? { version: before.version, values: before.values } : null,
      after: { version: saved.version, values: saved.values, note: saved.note },
    });
  });
  ctx.events.emit({ type: 'labels-changed', clipId });
  return clipRatings(ctx, clipId, adjudicatorId);
}
