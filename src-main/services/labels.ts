// Labels: saving appends a new version and an audit row in one transaction, then tells the UI.
// A version may say "not rateable" (reason) instead of giving values, and may carry a comment.
// A save with a repeatId records the rating of a hidden repeat (hidden_repeats), not a new version.
import { AppError, type Label, type NotRateableReason } from '../contract/api';
import { EMOTIONS, type EmotionValues } from '../contract/emotions';
import { requireAnnotator } from './actors';
import type { ServiceContext } from './context';
import { workbenchSettings } from './workbench-settings';

export function requireClip(ctx: ServiceContext, clipId: number) {
  const c = ctx.project.clips.get(clipId);
  if (!c) throw new AppError('clip-not-found', `clip ${clipId} does not exist in this project (it may have been removed): reload the clip list`);
  return c;
}

export function getLabel(ctx: ServiceContext, clipId: number, annotatorId: number): Label | null {
  return ctx.project.labels.current(clipId, annotatorId);
}

export interface SaveLabelRequest {
  clipId: number;
  annotatorId: number;
  values: EmotionValues;
  notRateable?: NotRateableReason | null;
  comment?: string | null;
  repeatId?: number;
}

const sameValues = (a: EmotionValues, b: EmotionValues) => EMOTIONS.every((e) => a[e] === b[e]);

export function saveLabel(ctx: ServiceContext, req: SaveLabelRequest, actor?: string): Label {
  const { clipId, annotatorId } = req;
  const p = ctx.project;
  const annotator = requireAnnotator(ctx, annotatorId);
  requireClip(ctx, clipId);
  const notRateable = req.notRateable ?? null;
  const comment = req.comment?.trim() ? req.comment.trim() : null;
  const values = notRateable ? (Object.fromEntries(EMOTIONS.map((e) => [e, 0])) as EmotionValues) : req.values;
  if (req.repeatId !== undefined) return saveRepeat(ctx, req.repeatId, clipId, annotatorId, values, notRateable, actor ?? annotator.name);
  const label = p.write(() => {
    const before = p.labels.current(clipId, annotatorId);
    // Autosave may send the same state twice: no new version, no audit row, when nothing changed.
    if (before && sameValues(before.values, values) && before.notRateable === notRateable && before.comment === comment) return null;
    const saved = p.labels.append(clipId, annotatorId, values, { notRateable, comment });
    p.audit.append({
      actor: actor ?? annotator.name,
      action: before ? 'update' : 'create',
      entity: 'label',
      entityId: `${clipId}/${annotatorId}`,
      before: before ? { version: before.version, values: before.values, notRateable: before.notRateable, comment: before.comment } : null,
      after: { version: saved.version, values: saved.values, notRateable, comment, annotator: annotator.name, clipId },
    });
    return saved;
  });
  if (!label) return p.labels.current(clipId, annotatorId)!;
  ctx.events.emit({ type: 'labels-changed', clipId });
  return label;
}

/** Stores a hidden repeat's rating; returns it shaped as a Label with id 0 and version 0. */
function saveRepeat(ctx: ServiceContext, repeatId: number, clipId: number, annotatorId: number, values: EmotionValues, notRateable: NotRateableReason | null, actor: string): Label {
  const p = ctx.project;
  const r = p.workbench.repeat(repeatId);
  if (!r || r.clipId !== clipId || r.annotatorId !== annotatorId) {
    throw new AppError('repeat-not-found', `repeat ${repeatId} is not a pending repeat of clip ${clipId} for this annotator: reload the queue`);
  }
  const at = new Date().toISOString();
  p.write(() => {
    p.workbench.rateRepeat(repeatId, values, notRateable, at);
    p.audit.append({ actor, action: r.ratedAt ? 'update' : 'create', entity: 'repeat', entityId: repeatId, before: r.ratedAt ? { values: r.values, notRateable: r.notRateable } : null, after: { clipId, values, notRateable } });
  });
  return { id: 0, clipId, annotatorId, version: 0, values, notRateable, comment: null, createdAt: at };
}

/** Every version of every label of a clip; in blind mode a rater sees only their own. */
export function labelHistory(ctx: ServiceContext, clipId: number, annotatorId?: number): Label[] {
  requireClip(ctx, clipId);
  const all = ctx.project.labels.history(clipId);
  if (!workbenchSettings(ctx).blindMode) return all;
  if (annotatorId === undefined) throw new AppError('blind-mode', 'blind mode is on: label history is shown per annotator (choose the annotator first)');
  const viewer = requireAnnotator(ctx, annotatorId);
  return viewer.role === 'adjudicator' ? all : all.filter((l) => l.annotatorId === annotatorId);
}
