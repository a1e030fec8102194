// The method table → handler map. Every method of the contract (src-main/contract/api.ts) has exactly
// one handler here; a test fails when one is missing. To add a domain: write `<domain>Handlers` (a
// HandlerTable) next to its service and spread it into `handlers` below — a one-line edit.
import type { z } from 'zod';
import { api, type ApiMethod, type ApiResponse } from '../contract/api';
import { agreementHandlers } from './agreement/handlers';
import { createAnnotator, listAnnotators } from './annotators';
import { clipAudio, getClip, listClips, setSpeaker } from './clips';
import type { ServiceContext } from './context';
import { featuresHandlers } from './features-service';
import { startImport } from './import';
import { getLabel, labelHistory, saveLabel } from './labels';
import { projectInfo } from './project';

/** Request after validation (zod output: defaults applied, strings trimmed). */
export type ParsedRequest<M extends ApiMethod> = z.output<(typeof api)[M]['req']>;
export type Handler<M extends ApiMethod> = (ctx: ServiceContext, req: ParsedRequest<M>) => ApiResponse<M> | Promise<ApiResponse<M>>;
export type HandlerTable = { [M in ApiMethod]?: Handler<M> };

export const coreHandlers: HandlerTable = {
  'project.info': (ctx) => projectInfo(ctx),
  'annotators.list': (ctx) => listAnnotators(ctx),
  'annotators.create': (ctx, req) => createAnnotator(ctx, req.name),
  'clips.list': (ctx, req) => listClips(ctx, req.annotatorId),
  'clips.get': (ctx, req) => getClip(ctx, req.clipId, req.annotatorId),
  'clips.audio': (ctx, req) => clipAudio(ctx, req.clipId),
  'clips.setSpeaker': (ctx, req) => setSpeaker(ctx, req.clipId, req.speakerId, req.annotatorId),
  'labels.get': (ctx, req) => getLabel(ctx, req.clipId, req.annotatorId),
  'labels.save': (ctx, req) => saveLabel(ctx, req.clipId, req.annotatorId, req.values),
  'labels.history': (ctx, req) => labelHistory(ctx, req.clipId),
  'audit.list': (ctx, req) => ctx.project.audit.list({ limit: req.limit, entity: req.entity }),
  'import.start': (ctx, req) => ({ jobId: startImport(ctx, req).id }),
  'jobs.get': (ctx, req) => ctx.jobs.get(req.jobId),
  'jobs.list': (ctx) => ctx.project.jobs.list().map((j) => ctx.jobs.get(j.id)),
  'jobs.cancel': (ctx, req) => ctx.jobs.cancel(req.jobId),
};

export const handlers: HandlerTable = {
  ...coreHandlers,
  ...featuresHandlers,
  ...agreementHandlers,
};

export function missingHandlers(table: HandlerTable = handlers): string[] {
  return Object.keys(api).filter((m) => !(m in table));
}
