// Clips: list, details, playback audio, speaker id edits (audited).
import type { ClipDetail, ClipSummary } from '../contract/api';
import { actorName } from './actors';
import { clipAudioAvailable, clipWav } from './clip-audio';
import type { ServiceContext } from './context';
import { requireClip } from './labels';

export function listClips(ctx: ServiceContext, annotatorId?: number): ClipSummary[] {
  return ctx.project.clips.summaries(annotatorId ?? null);
}

export function getClip(ctx: ServiceContext, clipId: number, annotatorId?: number): ClipDetail {
  requireClip(ctx, clipId);
  return ctx.project.clips.detail(clipId, annotatorId ?? null, clipAudioAvailable(ctx.project, clipId))!;
}

export function clipAudio(ctx: ServiceContext, clipId: number): Promise<Uint8Array> {
  requireClip(ctx, clipId);
  return clipWav(ctx.project, clipId);
}

export function setSpeaker(ctx: ServiceContext, clipId: number, speakerId: string, annotatorId?: number): ClipDetail {
  const p = ctx.project;
  const clip = requireClip(ctx, clipId);
  const actor = actorName(ctx, annotatorId);
  const next = speakerId.trim();
  if (next !== clip.speakerId) {
    p.write(() => {
      p.clips.setSpeaker(clipId, next);
      p.audit.append({ actor, action: 'update', entity: 'clip', entityId: clipId, before: { speakerId: clip.speakerId }, after: { speakerId: next } });
    });
  }
  return getClip(ctx, clipId, annotatorId);
}
