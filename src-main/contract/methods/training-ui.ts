// Methods the Training and Results screens need beyond training.* (contract/methods/training.ts): what the
// project holds for training (and why fine-tuning cannot start yet), installing the shipped pretrained
// backbone (resources/backbone) into the project, and one fine-tuning run's held-out results with its
// from-scratch baseline side by side. Pure TypeScript (zod schemas + response types).
import { z } from 'zod';
import { id } from '../api-types';
import type { EvaluationReport } from '../../ml/metrics';

export type { EvaluationReport };

/** A reason fine-tuning cannot start now, with what to do; `code` is stable for the UI and tests. */
export interface TrainingProblem { code: 'no-features' | 'too-few-labels' | 'one-speaker' | 'no-backbone' | 'backbone-feature-spec'; message: string }

export interface BackboneChoice {
  /** Model id in the project, or null for the shipped backbone not yet installed in it. */
  modelId: number | null;
  name: string;
  source: 'project' | 'shipped';
  featureSpec: string;
  /** False when built for another feature spec (cannot be used with this build's features). */
  usable: boolean;
  createdAt: string;
}

export interface TrainingOverview {
  featureSpec: string;
  clips: number;
  /** Clips with features of this build's feature spec. */
  withFeatures: number;
  /** Clips with at least one current label (consensus = mean over annotators). */
  labelled: number;
  /** Labelled clips that also have features: what fine-tuning can use. */
  usable: number;
  /** Distinct speakers among the usable clips (clips without a speaker count as one speaker each). */
  speakers: number;
  /** Usable clips without a speaker id. */
  unknownSpeaker: number;
  backbones: BackboneChoice[];
  /** Minimum of labelled clips with features before fine-tuning is offered. */
  minLabelled: number;
  /** Empty when fine-tuning can start. */
  problems: TrainingProblem[];
}

export interface RunResults {
  modelId: number;
  modelName: string;
  createdAt: string;
  backboneName: string | null;
  reduction: string | null;
  labelledClips: number;
  testClips: number;
  trainSpeakers: string[];
  testSpeakers: string[];
  finetuned: EvaluationReport;
  baseline: EvaluationReport | null;
}

export interface FinetunedModelChoice { modelId: number; name: string; createdAt: string; evaluated: boolean }

export const trainingUiMethods = {
  'training.overview': { req: z.object({}).strict(), res: null as unknown as TrainingOverview },
  /** Copies the shipped backbone into the project (once; matched by weights hash) and returns its id. */
  'training.installBackbone': { req: z.object({}).strict(), res: null as unknown as { modelId: number; installed: boolean } },
  'training.finetunedModels': { req: z.object({}).strict(), res: null as unknown as FinetunedModelChoice[] },
  /** Held-out results of one fine-tuned model (default: the newest evaluated one); null when none. */
  'training.results': { req: z.object({ modelId: id.optional() }).strict(), res: null as unknown as RunResults | null },
} as const;
