// Who an action is attributed to in the audit log.
import { AppError } from '../contract/api';
import type { ServiceContext } from './context';

export function requireAnnotator(ctx: ServiceContext, annotatorId: number) {
  const a = ctx.project.annotators.get(annotatorId);
  if (!a) throw new AppError('annotator-not-found', `annotator ${annotatorId} does not exist in this project: pick an annotator from the list or create one`);
  return a;
}

/** The annotator's name when one is given, otherwise the interface the action came from. */
export function actorName(ctx: ServiceContext, annotatorId: number | undefined): string {
  if (annotatorId !== undefined) return requireAnnotator(ctx, annotatorId).name;
  return ctx.mode === 'cli' ? 'cli' : 'user';
}
