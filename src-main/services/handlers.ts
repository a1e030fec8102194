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
import { fileDialogHandlers } from './file-dialog';
import { trainingHandlers } from './training-handlers';
import { trainingUiHandlers } from './training-ui';
import { startImport } from './import';
import { getLabel, labelHistory, saveLabel } from './labels';
import { projectInfo } from './project';
import { auditCsv, queryAudit, verifyAudit } from './audit-viewer';
import { computeConsensus } from './consensus';
import { exportLabels } from './export';
import { createTrainingSet, listTrainingSets } from './label-sets';
import { queueList, queueProgress } from './queue';
import { planRepeats, raterQuality, removeGold, setAssignments, setGold, setRole } from './raters';
import { addFlag, adjudicationQueue, clipRatings, listFlags, resolveFlag, saveAdjudication } from './review';
import { setWorkbenchSettings, workbenchSettings } from './workbench-settings';

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
  'labels.save': (ctx, req) => saveLabel(ctx, req),
  'labels.history': (ctx, req) => labelHistory(ctx, req.clipId, req.annotatorId),
  'audit.list': (ctx, req) => ctx.project.audit.list({ limit: req.limit, entity: req.entity }),
  'import.start': (ctx, req) => ({ jobId: startImport(ctx, req).id }),
  'jobs.get': (ctx, req) => ctx.jobs.get(req.jobId),
  'jobs.list': (ctx) => ctx.project.jobs.list().map((j) => ctx.jobs.get(j.id)),
  'jobs.cancel': (ctx, req) => ctx.jobs.cancel(req.jobId),
};

export const workbenchHandlers: HandlerTable = {
  'workbench.settings': (ctx) => workbenchSettings(ctx),
  'workbench.setSettings': (ctx, req) => setWorkbenchSettings(ctx, req),
  'annotators.setRole': (ctx, req) => setRole(ctx, req.annotatorId, req.role, req.actorId),
  'queue.list': (ctx, req) => queueList(ctx, req),
  'queue.progress': (ctx, req) => queueProgress(ctx, req.annotatorId),
  'queue.progressAll': (ctx) => ctx.project.annotators.list().map((a) => queueProgress(ctx, a.id)),
  'labels.forClip': (ctx, req) => clipRatings(ctx, req.clipId, req.annotatorId),
  'assignments.set': (ctx, req) => setAssignments(ctx, req.annotatorId, req.clipIds, req.actorId),
  'assignments.get': (ctx, req) => ctx.project.workbench.assignedClipIds(req.annotatorId),
  'gold.set': (ctx, req) => setGold(ctx, req.clipId, req.values, req.note, req.actorId),
  'gold.remove': (ctx, req) => removeGold(ctx, req.clipId, req.actorId),
  'gold.list': (ctx) => ctx.project.workbench.gold(),
  'repeats.plan': (ctx, req) => planRepeats(ctx, req.annotatorId, req.fraction, req.seed, req.actorId),
  'raters.quality': (ctx) => raterQuality(ctx),
  'flags.add': (ctx, req) => addFlag(ctx, req.clipId, req.annotatorId, req.reason),
  'flags.resolve': (ctx, req) => resolveFlag(ctx, req.flagId, req.annotatorId),
  'flags.list': (ctx, req) => listFlags(ctx, req.includeResolved ?? false),
  'adjudication.queue': (ctx, req) => adjudicationQueue(ctx, req.annotatorId, req.threshold, req.includeDone),
  'adjudication.save': (ctx, req) => saveAdjudication(ctx, req.clipId, req.adjudicatorId, req.values, req.note),
  'consensus.list': (ctx) => computeConsensus(ctx),
  'labels.export': (ctx, req) => exportLabels(ctx, req.kind, req.format),
  'trainingSets.create': (ctx, req) => createTrainingSet(ctx, req.name, req.definition, req.actorId),
  'trainingSets.list': (ctx) => listTrainingSets(ctx),
  'audit.query': (ctx, req) => queryAudit(ctx, req),
  'audit.exportCsv': (ctx, req) => auditCsv(ctx, req),
  'audit.verify': (ctx) => verifyAudit(ctx),
};

export const handlers: HandlerTable = {
  ...coreHandlers,
  ...workbenchHandlers,
  ...featuresHandlers,
  ...agreementHandlers,
  ...trainingHandlers,
  ...trainingUiHandlers,
  ...fileDialogHandlers,
};

export function missingHandlers(table: HandlerTable = handlers): string[] {
  return Object.keys(api).filter((m) => !(m in table));
}
