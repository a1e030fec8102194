// Training use cases shared by the job workers (app), the CLI and the benchmark: masked pretraining,
// fine-tuning (+ the from-scratch baseline), evaluation on held-out speakers, prediction, and storing
// models in a project file and/or a model folder. The learning itself lives in src-main/ml/.
import { AppError } from '../contract/api-types';
import { FEATURE_SPEC_ID } from '../contract/feature-spec';
import { ModelsRepo } from '../db/models-repo';
import type { ProjectDb } from '../db/project-db';
import type { BackendName } from '../ml/engine/index';
import { datasetHash, targetMatrix, type FeatureClip } from '../ml/dataset';
import { applyHead } from '../ml/dense-head';
import { embedClips, MemoryEmbeddingStore, type EmbeddingStore } from '../ml/embedding';
import {
  baselineModel, finetune, finetunedModel, loadBackbone, openPredictor, PAPER_BASELINE, PAPER_FINETUNE, predictPooled, trainBaseline,
  type BaselineConfig, type FinetuneConfig,
} from '../ml/finetune';
import { columnMeans, evaluateWithReferences, type EvaluationReport } from '../ml/metrics';
import { decodeModel, describeWeights, loadModel, saveModel, type LoadedModel, type ModelManifest, type ModelTensor } from '../ml/model-file';
import { evaluateReconstruction, PAPER_PRETRAIN, pretrain, pretrainedManifest, type PretrainConfig, type ReconstructionReport } from '../ml/pretrain';
import { drawSample, splitBySpeaker, type SpeakerSplit } from '../ml/splits';
import type { TrainHooks } from '../ml/train-loop';

export interface SplitRequest {
  /** Held-out speakers (exact ids); default: a seeded fraction of the speakers. */
  testSpeakers?: string[];
  /** Fraction of speakers held out (default 0.2; 0 = no held-out set). */
  testFraction?: number;
  splitSeed?: number;
}

export interface SplitSummary { trainSpeakers: string[]; testSpeakers: string[]; trainClips: number; testClips: number; seed: number }

/** Speaker-independent split of clips; clips without a speaker count as one speaker each ("clip:<key>"). */
export function splitClips<T extends FeatureClip>(clips: readonly T[], req: SplitRequest): { train: T[]; test: T[]; summary: SplitSummary } {
  const speakers = clips.map((c) => c.speaker ?? `clip:${c.key}`);
  const seed = req.splitSeed ?? 1;
  if (req.testSpeakers?.length && clips.every((c) => c.speaker === undefined)) {
    throw new AppError('training-no-speakers', 'held-out speakers were given, but no clip has a speaker: with --features, pass a labels CSV whose speaker column names them (--labels)');
  }
  const none = (req.testFraction === 0 && !req.testSpeakers?.length) || new Set(speakers).size < 2;
  const split: SpeakerSplit = none
    ? { train: clips.map((_, i) => i), test: [], trainSpeakers: [...new Set(speakers)].sort(), testSpeakers: [] }
    : splitBySpeaker(speakers, { testFraction: req.testFraction, seed, testSpeakers: req.testSpeakers?.length ? req.testSpeakers : undefined });
  return {
    train: split.train.map((i) => clips[i]), test: split.test.map((i) => clips[i]),
    summary: { trainSpeakers: split.trainSpeakers, testSpeakers: split.testSpeakers, trainClips: split.train.length, testClips: split.test.length, seed },
  };
}

// ---------------------------------------------------------------------------------------------------
// Storing and loading models

export interface ModelTarget { project?: ProjectDb | null; outDir?: string | null; name: string; parentId?: number | null }
export interface StoredModel { modelId: number | null; dir: string | null; sha256: string; manifest: ModelManifest }

export function storeModel(target: ModelTarget, manifest: Omit<ModelManifest, 'weights'>, tensors: readonly ModelTensor[]): StoredModel {
  const { bytes, weights } = describeWeights(tensors);
  const full = { ...manifest, weights } as ModelManifest;
  let modelId: number | null = null;
  if (target.project) {
    const repo = new ModelsRepo(target.project.db);
    modelId = repo.insertModel({
      name: target.name, kind: full.kind, featureSpec: full.featureSpec, weightsSha256: weights.sha256,
      manifestJson: JSON.stringify(full), weights: bytes, parentId: target.parentId ?? null,
    }).id;
  }
  if (target.outDir) saveModel(target.outDir, manifest, tensors);
  return { modelId, dir: target.outDir ?? null, sha256: weights.sha256, manifest: full };
}

/** A model from a folder, or by id from the project (latest of `kind` when no id is given). */
export function openModel(ref: { dir?: string | null; project?: ProjectDb | null; modelId?: number | null; kind?: 'pretrained' | 'finetuned' | 'baseline' }): LoadedModel & { modelId: number | null } {
  if (ref.dir) return { ...loadModel(ref.dir), modelId: null };
  if (!ref.project) throw new AppError('model-not-found', 'no model given: pass a model folder, or a project that holds one');
  const repo = new ModelsRepo(ref.project.db);
  const id = ref.modelId ?? (ref.kind ? repo.latest(ref.kind)?.id : undefined);
  if (id === undefined || id === null) {
    throw new AppError('model-not-found', `${ref.project.path}: holds no ${ref.kind ?? ''} model yet. ${ref.kind === 'pretrained' ? 'Run pretraining first, or pass a pretrained model folder.' : 'Train one first.'}`);
  }
  const row = repo.get(id);
  if (!row) throw new AppError('model-not-found', `${ref.project.path}: no model with id ${id}`);
  return { ...decodeModel(`model ${id} in ${ref.project.path}`, row.manifestJson, row.weights, FEATURE_SPEC_ID), modelId: id };
}

/** The project's embedding cache table as an EmbeddingStore. */
export function projectEmbeddingStore(project: ProjectDb): EmbeddingStore {
  const repo = new ModelsRepo(project.db);
  return { get: (k) => repo.getEmbedding(k), put: (k, e) => repo.putEmbedding(k, e) };
}

// ---------------------------------------------------------------------------------------------------
// Pretraining

export interface PretrainRequest extends SplitRequest {
  config?: Partial<PretrainConfig>;
  backend?: BackendName;
  checkpointPath?: string;
}

export interface PretrainOutcome {
  config: PretrainConfig;
  backend: string;
  split: SplitSummary;
  history: { epoch: number; loss: number }[];
  durationMs: number;
  resumedFromEpoch: number;
  /** Masked-frame reconstruction on the held-out speakers (null without a held-out set). */
  heldOut: ReconstructionReport | null;
  manifest: Omit<ModelManifest, 'weights'>;
  tensors: ModelTensor[];
}

export async function runPretraining(clips: readonly FeatureClip[], req: PretrainRequest, hooks: TrainHooks & { onEpochEnd?: (epoch: number, loss: number) => void } = {}): Promise<PretrainOutcome> {
  const config: PretrainConfig = { ...PAPER_PRETRAIN, ...req.config };
  const { train, test, summary } = splitClips(clips, req);
  if (train.length === 0) throw new AppError('training-no-clips', 'no clips with features to pretrain on: extract or import features first');
  const r = await pretrain(train, config, { ...hooks, checkpointPath: req.checkpointPath, backend: req.backend });
  try {
    const heldOut = test.length ? evaluateReconstruction(r.net, r.standardization, test, { maskFrames: config.maskFrames, maskValue: config.maskValue, maxFrames: config.maxFrames, lookAhead: config.lookAhead }) : null;
    const manifest = pretrainedManifest(r, r.net.backend);
    manifest.metrics = { heldOutReconstruction: heldOut, split: summary };
    return {
      config, backend: r.net.backend, split: summary, history: r.history, durationMs: r.durationMs, resumedFromEpoch: r.resumedFromEpoch,
      heldOut, manifest, tensors: r.net.getParams(),
    };
  } finally {
    r.net.dispose();
  }
}

// ---------------------------------------------------------------------------------------------------
// Fine-tuning, baseline, evaluation

export interface FinetuneRequest extends SplitRequest {
  config?: Partial<FinetuneConfig>;
  /** Draw this many labelled clips from the training side (the paper's protocol); default all. */
  labelled?: number;
  /** Also train the from-scratch baseline on the same sample. */
  baseline?: boolean;
  baselineConfig?: Partial<BaselineConfig>;
  backend?: BackendName;
  bootstrap?: { resamples?: number; seed?: number } | false;
}

export interface FinetuneOutcome {
  config: FinetuneConfig;
  split: SplitSummary;
  labelledClips: number;
  timings: { embedMs: number; headMs: number; totalMs: number; embeddedClips: number; cachedClips: number };
  finetuned: { manifest: Omit<ModelManifest, 'weights'>; tensors: ModelTensor[]; evaluation: EvaluationReport | null };
  baseline: { manifest: Omit<ModelManifest, 'weights'>; tensors: ModelTensor[]; evaluation: EvaluationReport | null; durationMs: number } | null;
}

export async function runFinetuning(
  clips: readonly FeatureClip[], backboneModel: LoadedModel, req: FinetuneRequest,
  store: EmbeddingStore = new MemoryEmbeddingStore(), hooks: TrainHooks = {},
): Promise<FinetuneOutcome> {
  const labelled = clips.filter((c) => c.targets);
  if (labelled.length === 0) throw new AppError('training-no-labels', 'no labelled clips with features: label some clips (and extract their features) first');
  const { train: trainAll, test, summary } = splitClips(labelled, req);
  const seed = req.config?.seed ?? PAPER_FINETUNE.seed;
  const train = req.labelled ? drawSample(trainAll.map((_, i) => i), Math.min(req.labelled, trainAll.length), seed).map((i) => trainAll[i]) : trainAll;
  const config: FinetuneConfig = { ...PAPER_FINETUNE, ...req.config };
  const backbone = await loadBackbone(backboneModel, req.backend);
  const boot = req.bootstrap === false ? false : { resamples: 1000, seed, ...req.bootstrap };
  try {
    const r = finetune(backbone, train, config, store, hooks);
    const model = finetunedModel(backboneModel, r, backbone.net.backend);
    let evaluation: EvaluationReport | null = null;
    if (test.length) {
      const { x } = embedClips(backbone, test, config.reduction, store, { signal: hooks.signal });
      evaluation = evaluateWithReferences(applyHead(r.head, x, test.length), targetMatrix(test), r.trainTargetMean, boot);
      model.manifest.metrics = { ...model.manifest.metrics, heldOut: summariseReport(evaluation), split: summary };
    }
    let baseline: FinetuneOutcome['baseline'] = null;
    if (req.baseline) {
      const bcfg: BaselineConfig = { ...PAPER_BASELINE, reduction: config.reduction, epochs: config.epochs, lr: config.lr, batchSize: config.batchSize, seed, hidden: backboneModel.manifest.architecture.hidden, ...req.baselineConfig };
      const b = await trainBaseline(train, bcfg, { ...hooks, backend: req.backend });
      try {
        const bm = baselineModel(b);
        let bEval: EvaluationReport | null = null;
        if (test.length) {
          bEval = evaluateWithReferences(predictPooled(b.net, b.standardization, test, bcfg.maxFrames, hooks.signal), targetMatrix(test), b.trainTargetMean, boot);
          bm.manifest.metrics = { ...bm.manifest.metrics, heldOut: summariseReport(bEval), split: summary };
        }
        baseline = { ...bm, evaluation: bEval, durationMs: b.durationMs };
      } finally {
        b.net.dispose();
      }
    }
    return {
      config, split: summary, labelledClips: train.length,
      timings: { embedMs: r.embed.ms, headMs: r.headMs, totalMs: r.totalMs, embeddedClips: r.embed.computed, cachedClips: r.embed.cached },
      finetuned: { ...model, evaluation }, baseline,
    };
  } finally {
    backbone.net.dispose();
  }
}

/** The headline numbers of a report, for manifests and one-line summaries. */
export function summariseReport(r: EvaluationReport): Record<string, unknown> {
  const pick = (m: EvaluationReport['model']) => ({ n: m.n, mae: m.mae, mse: m.mse, accuracy: m.accuracy, macroF1: m.macroF1, presentF1: m.presentF1 });
  return { model: pick(r.model), allZero: pick(r.allZero), trainMean: pick(r.trainMean) };
}

/** Evaluates a fine-tuned or baseline model on labelled clips (e.g. a held-out speaker set). */
export async function runEvaluation(model: LoadedModel, clips: readonly FeatureClip[], opts: { backend?: BackendName; store?: EmbeddingStore; bootstrap?: { resamples?: number; seed?: number } | false; signal?: AbortSignal } = {}): Promise<EvaluationReport> {
  const labelled = clips.filter((c) => c.targets);
  if (labelled.length === 0) throw new AppError('training-no-labels', 'no labelled clips with features to evaluate on');
  const predictor = await openPredictor(model, opts.backend, opts.store);
  try {
    const trainMean = (model.manifest.metrics?.trainTargetMean as number[] | undefined) ?? Array.from(columnMeans(targetMatrix(labelled)));
    return evaluateWithReferences(predictor.predict(labelled, opts.signal), targetMatrix(labelled), trainMean, opts.bootstrap === false ? false : { resamples: 1000, seed: 1, ...opts.bootstrap });
  } finally {
    predictor.dispose();
  }
}

export async function runPrediction(model: LoadedModel, clips: readonly FeatureClip[], opts: { backend?: BackendName; store?: EmbeddingStore; signal?: AbortSignal } = {}): Promise<Float32Array> {
  const predictor = await openPredictor(model, opts.backend, opts.store);
  try {
    return predictor.predict(clips, opts.signal);
  } finally {
    predictor.dispose();
  }
}

export { datasetHash };
