// Worker thread of the training jobs ('train-pretrain', 'train-finetune'; registered in
// services/training-jobs.ts). Opens its own connection to the project, trains with progress
// (epoch, step, loss, ETA), honours cancel between steps, checkpoints every epoch next to the project
// (<project>.training/job-<id>.ckpt) and — when the runner re-queues the job after the app was killed —
// resumes from that checkpoint: same seed, same data → the same model as an uninterrupted run.
import { existsSync } from 'node:fs';
import { openProjectDb } from '../db/project-db';
import { ModelsRepo } from '../db/models-repo';
import { removeCheckpoint } from '../ml/checkpoint';
import { TrainingCancelledError, type TrainProgress } from '../ml/train-loop';
import { openModel, projectEmbeddingStore, runFinetuning, runPretraining, storeModel, summariseReport } from '../services/training';
import { projectClips } from '../services/training-data';
import type { TrainJobParams } from '../services/training-jobs';
import { checkpointPathFor } from '../services/training-jobs';
import { runJobWorker } from './worker-api';
import { JobCancelledError } from './worker-api';

runJobWorker<TrainJobParams, Record<string, unknown>>(async (job) => {
  const project = openProjectDb(job.projectPath);
  const repo = new ModelsRepo(project.db);
  const p = job.params;
  const checkpointPath = checkpointPathFor(job.projectPath, job.jobId);
  const resuming = existsSync(checkpointPath);
  const run = repo.runForJob(job.jobId) ?? repo.createRun({ kind: p.task === 'pretrain' ? 'pretrain' : 'finetune', jobId: job.jobId, params: p, seed: p.seed ?? 1, checkpointPath });
  const onProgress = (pr: TrainProgress): void => {
    const eta = pr.etaMs === null ? '' : `, about ${Math.max(1, Math.round(pr.etaMs / 1000))} s left`;
    const loss = Number.isFinite(pr.loss) ? `, loss ${pr.loss.toFixed(4)}` : '';
    const done = pr.phase === 'embed' ? pr.step : (pr.epoch - 1) * pr.steps + pr.step;
    const total = pr.phase === 'embed' ? pr.steps : pr.epochs * pr.steps;
    job.progress(done, total, `${pr.phase}: epoch ${pr.epoch}/${pr.epochs}, step ${pr.step}/${pr.steps}${loss}${eta}`);
  };
  try {
    const clips = projectClips(project, { trainingSetId: p.trainingSetId });
    if (p.task === 'pretrain') {
      const history = ((repo.getRun(run.id)?.history ?? []) as { epoch: number; loss: number }[]).slice();
      const outcome = await runPretraining(clips, { config: p.config, testFraction: p.testFraction, testSpeakers: p.testSpeakers, splitSeed: p.seed, checkpointPath }, {
        signal: job.signal, onProgress,
        onEpochEnd: (epoch, loss) => {
          history.splice(epoch - 1, history.length, { epoch, loss });
          repo.recordEpoch(run.id, { epochsDone: epoch, history, backend: '', dataSha256: '', clips: clips.length });
        },
      });
      const stored = storeModel({ project, name: p.name ?? `pretrained (job ${job.jobId})` }, outcome.manifest, outcome.tensors);
      repo.finishRun(run.id, 'done', { modelId: stored.modelId, history: outcome.history, backend: outcome.backend, dataSha256: outcome.manifest.training.dataSha256, clips: outcome.split.trainClips, epochsDone: outcome.history.length, message: resuming ? `resumed from epoch ${outcome.resumedFromEpoch}` : 'pretrained' });
      removeCheckpoint(checkpointPath);
      return {
        result: { modelId: stored.modelId, sha256: stored.sha256, resumedFromEpoch: outcome.resumedFromEpoch, heldOut: outcome.heldOut, history: outcome.history, backend: outcome.backend },
        message: `Pretrained on ${outcome.split.trainClips} clips in ${outcome.history.length} epochs${outcome.resumedFromEpoch ? ` (resumed after epoch ${outcome.resumedFromEpoch})` : ''}`,
      };
    }
    // Fine-tuning is fast (the backbone's output is cached in the project); an interrupted run simply
    // starts again — the embeddings computed before the interruption are reused.
    const backbone = openModel({ project, modelId: p.backboneModelId ?? null, kind: 'pretrained' });
    const outcome = await runFinetuning(clips, backbone, {
      config: p.finetuneConfig, labelled: p.labelled, baseline: p.baseline, testFraction: p.testFraction, testSpeakers: p.testSpeakers, splitSeed: p.seed,
    }, projectEmbeddingStore(project), { signal: job.signal, onProgress });
    const name = p.name ?? `fine-tuned (job ${job.jobId})`;
    const stored = storeModel({ project, name, parentId: backbone.modelId }, outcome.finetuned.manifest, outcome.finetuned.tensors);
    if (outcome.finetuned.evaluation) repo.insertEvaluation({ modelId: stored.modelId!, runId: run.id, split: outcome.split, clips: outcome.finetuned.evaluation.model.n, metrics: outcome.finetuned.evaluation });
    let baselineId: number | null = null;
    if (outcome.baseline) {
      baselineId = storeModel({ project, name: `${name} (baseline)` }, outcome.baseline.manifest, outcome.baseline.tensors).modelId;
      if (outcome.baseline.evaluation) repo.insertEvaluation({ modelId: baselineId!, runId: run.id, split: outcome.split, clips: outcome.baseline.evaluation.model.n, metrics: outcome.baseline.evaluation });
    }
    repo.finishRun(run.id, 'done', { modelId: stored.modelId, history: outcome.finetuned.manifest.training.history, backend: outcome.finetuned.manifest.training.backend, dataSha256: outcome.finetuned.manifest.training.dataSha256, clips: outcome.labelledClips, epochsDone: outcome.config.epochs, message: 'fine-tuned' });
    return {
      result: { modelId: stored.modelId, baselineModelId: baselineId, evaluation: outcome.finetuned.evaluation && summariseReport(outcome.finetuned.evaluation), timings: outcome.timings },
      message: `Fine-tuned on ${outcome.labelledClips} labelled clips in ${(outcome.timings.totalMs / 1000).toFixed(1)} s`,
    };
  } catch (err) {
    const cancelled = err instanceof TrainingCancelledError || err instanceof JobCancelledError;
    repo.finishRun(run.id, cancelled ? 'cancelled' : 'failed', { message: cancelled ? 'cancelled' : (err as Error).message });
    if (cancelled) removeCheckpoint(checkpointPath);
    throw err;
  } finally {
    project.close();
  }
});
