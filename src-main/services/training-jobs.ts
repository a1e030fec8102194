// Training as jobs of the runner (src-main/jobs/runner.ts): 'train-pretrain' is resumable — when the app
// is killed mid-run, reopening the project re-queues it and the worker continues from its per-epoch
// checkpoint; 'train-finetune' is short and restarts (its embeddings are cached in the project).
import { registerJobKind } from '../jobs/runner';
import type { FinetuneConfig } from '../ml/finetune';
import type { PretrainConfig } from '../ml/pretrain';

export const PRETRAIN_JOB = 'train-pretrain';
export const FINETUNE_JOB = 'train-finetune';

export interface TrainJobParams {
  task: 'pretrain' | 'finetune';
  name?: string;
  seed?: number;
  testFraction?: number;
  testSpeakers?: string[];
  config?: Partial<PretrainConfig>;
  backboneModelId?: number;
  finetuneConfig?: Partial<FinetuneConfig>;
  labelled?: number;
  trainingSetId?: number;
  baseline?: boolean;
}

registerJobKind({ kind: PRETRAIN_JOB, workerName: 'train-worker', workerSource: 'jobs/train-worker.ts', resumable: true, concurrency: 1 });
registerJobKind({ kind: FINETUNE_JOB, workerName: 'train-worker', workerSource: 'jobs/train-worker.ts', resumable: true, concurrency: 1 });

/** Per-job checkpoint file, beside the project (never inside it: it is rewritten every epoch). */
export function checkpointPathFor(projectPath: string, jobId: number): string {
  return `${projectPath}.training/job-${jobId}.ckpt`;
}

