// Labels: saving appends a new version and an audit row in one transaction, then tells the UI.
import { AppError, type Label } from '../contract/api';
import type { EmotionValues } from '../contract/emotions';
import { requireAnnotator } from './actors';
import type { ServiceContext } from './context';

export function requireClip(ctx: ServiceContext, clipId: number) {
  const c = ctx.project.clips.get(clipId);
  if (!c) throw new AppError('clip-not-found', `clip ${clipId} does not exist in this project (it may have been removed): reload the clip list`);
  return c;
}

export function getLabel(ctx: ServiceContext, clipId: number, annotatorId: number): Label | null {
  return ctx.project.labels.current(clipId, annotatorId);
}

export function saveLabel(ctx: ServiceContext, clipId: number, annotatorId: number, values: EmotionValues, actor?: string): Label {
  const p = ctx.project;
  const annotator = requireAnnotator(ctx, annotatorId);
  requireClip(ctx, clipId);
  const label = p.write(() => {
    const before = p.labels.current(clipId, annotatorId);
    // Autosave may send the same values twice: no new version, no audit row, when nothing changed.
    if (before && Object.keys(values).every((k) => before.values[k as keyof EmotionValues] === values[k as keyof EmotionValues])) return null;
    const saved = p.labels.append(clipId, annotatorId, values);
    p.audit.append({
      actor: actor ?? annotator.name,
      action: before ? 'update' : 'create',
      entity: 'label',
      entityId: `${clipId}/${annotatorId}`,
      before: before ? { version: before.version, values: before.values } : null,
      after: { version: saved.version, values: saved.values, annotator: annotator.name, clipId },
    });
    return saved;
  });
  if (!label) return p.labels.current(clipId, annotatorId)!;
  ctx.events.emit({ type: 'labels-changed', clipId });
  return label;
}

export function labelHistory(ctx: ServiceContext, clipId: number): Label[] {
  requireClip(ctx, clipId);
  return ctx.project.labels.history(clipId);
}
