// Several raters: roles, assignments, gold clips, hidden repeats and per-rater quality (accuracy against
// gold, consistency with themselves on repeats). Every change is audited.
import { AppError, type Annotator } from '../contract/api';
import { EMOTIONS, type EmotionValues } from '../contract/emotions';
import type { RaterQuality } from '../contract/methods/workbench';
import { actorName, requireAnnotator } from './actors';
import type { ServiceContext } from './context';
import { requireClip } from './labels';
import { mulberry32, shuffled } from './seeded-random';

export function setRole(ctx: ServiceContext, annotatorId: number, role: 'rater' | 'adjudicator', actorId?: number): Annotator {
  const a = requireAnnotator(ctx, annotatorId);
  if (a.role === role) return a;
  const p = ctx.project;
  const actor = actorName(ctx, actorId);
  p.write(() => {
    p.annotators.setRole(annotatorId, role);
    p.audit.append({ actor, action: 'update', entity: 'annotator', entityId: annotatorId, before: { role: a.role }, after: { role } });
  });
  return p.annotators.get(annotatorId)!;
}

export function setAssignments(ctx: ServiceContext, annotatorId: number, clipIds: number[], actorId?: number): { annotatorId: number; assigned: number } {
  requireAnnotator(ctx, annotatorId);
  const p = ctx.project;
  const unknown = clipIds.filter((id) => !p.clips.get(id));
  if (unknown.length) throw new AppError('clip-not-found', `cannot assign clips that do not exist: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ' …' : ''}`);
  const actor = actorName(ctx, actorId);
  const unique = [...new Set(clipIds)].sort((a, b) => a - b);
  p.write(() => {
    const before = p.workbench.assignedClipIds(annotatorId);
    p.workbench.replaceAssignments(annotatorId, unique);
    p.audit.append({ actor, action: 'update', entity: 'assignment', entityId: annotatorId, before: { clipIds: before }, after: { clipIds: unique } });
  });
  return { annotatorId, assigned: unique.length };
}

export function setGold(ctx: ServiceContext, clipId: number, values: EmotionValues, note: string | undefined, actorId?: number): { clipId: number } {
  requireClip(ctx, clipId);
  const p = ctx.project;
  const actor = actorName(ctx, actorId);
  p.write(() => {
    const before = p.workbench.goldOf(clipId);
    p.workbench.setGold(clipId, values, note ?? null);
    p.audit.append({ actor, action: before ? 'update' : 'create', entity: 'gold', entityId: clipId, before, after: { values, note: note ?? null } });
  });
  return { clipId };
}

export function removeGold(ctx: ServiceContext, clipId: number, actorId?: number): { clipId: number } {
  const p = ctx.project;
  const before = p.workbench.goldOf(clipId);
  if (!before) throw new AppError('gold-not-found', `clip ${clipId} is not a gold clip`);
  const actor = actorName(ctx, actorId);
  p.write(() => {
    p.workbench.removeGold(clipId);
    p.audit.append({ actor, action: 'delete', entity: 'gold', entityId: clipId, before, after: null });
  });
  return { clipId };
}

export function planRepeats(ctx: ServiceContext, annotatorId: number, fraction: number, seed: number, actorId?: number): { planned: number } {
  requireAnnotator(ctx, annotatorId);
  const p = ctx.project;
  const already = new Set(p.workbench.repeats(annotatorId).map((r) => r.clipId));
  const candidates = p.labels.currentForAnnotator(annotatorId).filter((l) => !l.notRateable && !already.has(l.clipId)).map((l) => l.clipId);
  const count = Math.round(candidates.length * fraction);
  const chosen = shuffled(candidates, mulberry32(seed)).slice(0, count).sort((a, b) => a - b);
  if (chosen.length === 0) return { planned: 0 };
  const actor = actorName(ctx, actorId);
  p.write(() => {
    for (const clipId of chosen) p.workbench.addRepeat(clipId, annotatorId);
    p.audit.append({ actor, action: 'create', entity: 'repeat', entityId: annotatorId, after: { clipIds: chosen, fraction, seed } });
  });
  return { planned: chosen.length };
}

function compare(a: EmotionValues, b: EmotionValues): { absSum: number; exact: number } {
  let absSum = 0;
  let exact = 0;
  for (const e of EMOTIONS) { absSum += Math.abs(a[e] - b[e]); if (a[e] === b[e]) exact++; }
  return { absSum, exact };
}
const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

export function raterQuality(ctx: ServiceContext): RaterQuality[] {
  const p = ctx.project;
  const gold = new Map(p.workbench.gold().map((g) => [g.clipId, g.values]));
  return p.annotators.list().map((a) => {
    const labels = p.labels.currentForAnnotator(a.id).filter((l) => !l.notRateable);
    const byClip = new Map(labels.map((l) => [l.clipId, l.values]));
    let gAbs = 0, gExact = 0, gN = 0;
    for (const [clipId, values] of byClip) {
      const g = gold.get(clipId);
      if (!g) continue;
      const c = compare(values, g);
      gAbs += c.absSum; gExact += c.exact; gN++;
    }
    let rAbs = 0, rExact = 0, rN = 0;
    for (const r of p.workbench.repeats(a.id)) {
      const original = byClip.get(r.clipId);
      if (!r.values || !original) continue;
      const c = compare(r.values, original);
      rAbs += c.absSum; rExact += c.exact; rN++;
    }
    const k = EMOTIONS.length;
    return {
      annotatorId: a.id, annotator: a.name,
      goldClips: gN, goldMae: gN ? round4(gAbs / (gN * k)) : null, goldExactRate: gN ? round4(gExact / (gN * k)) : null,
      repeats: rN, repeatMae: rN ? round4(rAbs / (rN * k)) : null, repeatExactRate: rN ? round4(rExact / (rN * k)) : null,
    };
  });
}
