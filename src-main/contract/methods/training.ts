// Methods of the training domain: start pretraining / fine-tuning jobs, list models, runs, evaluations
// and predictions. Pure TypeScript (zod schemas + response types).
import { z } from 'zod';
import { id } from '../api-types';

export interface ModelSummary {
  id: number;
  name: string;
  kind: 'pretrained' | 'finetuned' | 'baseline';
  featureSpec: string;
  weightsSha256: string;
  parentId: number | null;
  createdAt: string;
  /** Headline held-out numbers from the manifest (fine-tuned/baseline), if evaluated. */
  heldOut: unknown;
}
export interface TrainingRunSummary {
  id: number;
  kind: 'pretrain' | 'finetune' | 'baseline' | 'evaluate';
  jobId: number | null;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  seed: number;
  backend: string;
  clips: number;
  epochsDone: number;
  history: unknown[];
  modelId: number | null;
  message: string;
  startedAt: string;
  finishedAt: string | null;
}
export interface EvaluationSummary { id: number; modelId: number; split: unknown; clips: number; metrics: unknown; createdAt: string }
export interface ClipPrediction { clipId: number; values: number[] }

const split = {
  seed: z.number().int().min(0).max(2 ** 31).optional(),
  testFraction: z.number().min(0).max(0.9).optional(),
  testSpeakers: z.array(z.string().min(1).max(200)).max(10_000).optional(),
};

export const trainingMethods = {
  'training.pretrain': {
    req: z.object({
      name: z.string().trim().min(1).max(200).optional(),
      epochs: z.number().int().min(1).max(10_000).optional(),
      hidden: z.array(z.number().int().min(1).max(4096)).min(1).max(8).optional(),
      batchSize: z.number().int().min(1).max(4096).optional(),
      maskFrames: z.number().int().min(1).max(1000).optional(),
      maskValue: z.number().min(-1e6).max(1e6).optional(),
      lossFrames: z.enum(['all', 'masked']).optional(),
      ...split,
    }).strict(),
    res: null as unknown as { jobId: number },
  },
  'training.finetune': {
    req: z.object({
      name: z.string().trim().min(1).max(200).optional(),
      backboneModelId: id.optional(),
      reduction: z.enum(['mean', 'last']).optional(),
      epochs: z.number().int().min(1).max(100_000).optional(),
      labelled: z.number().int().min(1).optional(),
      /** Labels frozen in this training set (workbench); default: the current consensus. */
      trainingSetId: id.optional(),
      baseline: z.boolean().optional(),
      ...split,
    }).strict(),
    res: null as unknown as { jobId: number },
  },
  'training.models': { req: z.object({}).strict(), res: null as unknown as ModelSummary[] },
  'training.runs': { req: z.object({}).strict(), res: null as unknown as TrainingRunSummary[] },
  'training.evaluations': { req: z.object({ modelId: id }).strict(), res: null as unknown as EvaluationSummary[] },
  'training.predictions': { req: z.object({ modelId: id }).strict(), res: null as unknown as ClipPrediction[] },
} as const;
