// API handlers of the training domain (contract/methods/training.ts): jobs are started through the job
// runner; lists come from the project's model tables.
import { AppError } from '../contract/api-types';
import type { ModelSummary } from '../contract/methods/training';
import { ModelsRepo } from '../db/models-repo';
import type { ServiceContext } from './context';
import type { HandlerTable } from './handlers';
import { FINETUNE_JOB, PRETRAIN_JOB, type TrainJobParams } from './training-jobs';

function repo(ctx: ServiceContext): ModelsRepo {
  let r = ctx.cache.get('models-repo') as ModelsRepo | undefined;
  if (!r) { r = new ModelsRepo(ctx.project.db); ctx.cache.set('models-repo', r); }
  return r;
}

export const trainingHandlers: HandlerTable = {
  'training.pretrain': (ctx, req) => {
    const { name, seed, testFraction, testSpeakers, ...config } = req;
    const params: TrainJobParams = { task: 'pretrain', name, seed, testFraction, testSpeakers, config: { ...config, seed } };
    return { jobId: ctx.jobs.start(PRETRAIN_JOB, params).id };
  },
  'training.finetune': (ctx, req) => {
    if (req.backboneModelId !== undefined && repo(ctx).getMeta(req.backboneModelId)?.kind !== 'pretrained') {
      throw new AppError('model-not-found', `model ${req.backboneModelId} is not a pretrained model of this project`);
    }
    const params: TrainJobParams = {
      task: 'finetune', name: req.name, seed: req.seed, testFraction: req.testFraction, testSpeakers: req.testSpeakers,
      backboneModelId: req.backboneModelId, labelled: req.labelled, trainingSetId: req.trainingSetId, baseline: req.baseline,
      finetuneConfig: { reduction: req.reduction, epochs: req.epochs, seed: req.seed },
    };
    params.finetuneConfig = Object.fromEntries(Object.entries(params.finetuneConfig!).filter(([, v]) => v !== undefined));
    return { jobId: ctx.jobs.start(FINETUNE_JOB, params).id };
  },
  'training.models': (ctx) => repo(ctx).list().map((m): ModelSummary => {
    const manifest = JSON.parse(repo(ctx).get(m.id)!.manifestJson) as { metrics?: { heldOut?: unknown } };
    return { ...m, heldOut: manifest.metrics?.heldOut ?? null };
  }),
  'training.runs': (ctx) => repo(ctx).listRuns().map(({ params: _params, dataSha256: _d, checkpointPath: _c, ...r }) => r),
  'training.evaluations': (ctx, req) => repo(ctx).evaluations(req.modelId),
  'training.predictions': (ctx, req) => repo(ctx).predictions(req.modelId),
};
