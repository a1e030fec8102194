// Fine-tuning and the from-scratch baseline of Nimitsurachat & Washington, "Self-Supervised Learning for
// Audio-Based Emotion Recognition" (AI 2024, arXiv 2307.12343):
//  - fine-tuned model: the pretrained network frozen entirely, one Dense(6) head on its output reduced
//    over time ('last' or 'mean', see embedding.ts), Adam lr 1e-3, MSE, 30 epochs (dense-head.ts);
//    optionally on embeddings standardised with the labelled clips' statistics (off by default: measured
//    worse on MSE, docs/training.md); its predictions are clamped to the label scale 0–3 (ADR 0088);
//  - baseline: the same architecture — GRU(256) → GRU(256) → Dense(6) on the reduced sequence — trained
//    from scratch on the same labelled sample with the same optimiser and epochs, nothing frozen; its
//    standardisation is fitted on that labelled sample (it has nothing else).
// Both become model files (model-file.ts) that openPredictor() turns back into predictions.
import { FEATURE_COUNT, FEATURE_SPEC_ID } from '../contract/feature-spec';
import { EMOTIONS, INTENSITY_MAX, INTENSITY_MIN } from '../contract/emotions';
import { GruNet, type BackendName } from './engine/index';
import { DEFAULT_BATCH_SIZE, DEFAULT_MAX_FRAMES, lengthBatches, packBatch } from './batching';
import { clipHashes, datasetHash, targetMatrix, type FeatureClip } from './dataset';
import { applyHead, trainHead, PAPER_HEAD, type DenseHead } from './dense-head';
import { embedClips, MemoryEmbeddingStore, type Backbone, type EmbeddingStore, type EmbedStats } from './embedding';
import { columnMeans } from './metrics';
import type { LoadedModel, ModelManifest, ModelTensor, Reduction } from './model-file';
import { fitStandardization, standardize, type Standardization } from './standardize';
import { epochRng, ProgressMeter, throwIfAborted, type TrainHooks } from './train-loop';

const OUT = EMOTIONS.length;
export const HEAD_PREFIX = 'emotion_head.';
/**
 * Every emotion prediction (fine-tuned head and baseline alike) is clamped to the label scale: all targets
 * lie in [0, 3], so clamping can only lower each prediction's absolute and squared error (ADR 0088).
 */
export const LABEL_RANGE: readonly [number, number] = [INTENSITY_MIN, INTENSITY_MAX];

/** Clamps predictions to LABEL_RANGE in place. */
export function clampToLabelRange(pred: Float32Array): Float32Array {
  for (let i = 0; i < pred.length; i++) pred[i] = Math.min(LABEL_RANGE[1], Math.max(LABEL_RANGE[0], pred[i]));
  return pred;
}

/** Reconstructs the frozen backbone of a pretrained (or fine-tuned) model file. */
export async function loadBackbone(model: LoadedModel, backend?: BackendName): Promise<Backbone> {
  const m = model.manifest;
  if (m.kind === 'baseline') throw new Error(`${model.path}: a from-scratch baseline has no pretrained backbone to fine-tune; choose a pretrained model`);
  const a = m.architecture;
  const net = await GruNet.create({ inputDim: a.inputDim, hidden: a.hidden, outputDim: a.outputDim, head: a.head, seed: 0 }, backend);
  net.setParams(model.tensors.filter((t) => !t.name.startsWith(HEAD_PREFIX)));
  const sha256 = m.kind === 'pretrained' ? m.weights.sha256 : (m.backboneSha256 ?? m.weights.sha256);
  return { net, standardization: m.standardization, maxFrames: m.crop.maxFrames, sha256 };
}

export interface FinetuneConfig {
  reduction: Reduction;
  epochs: number;
  lr: number;
  batchSize: number;
  seed: number;
  /** train the head on embeddings standardised with the labelled clips' mean/std (folded into the weights) */
  standardizeEmbeddings: boolean;
}
export const PAPER_FINETUNE: FinetuneConfig = { reduction: 'mean', ...PAPER_HEAD, standardizeEmbeddings: false };

export interface FinetuneResult {
  head: DenseHead;
  config: FinetuneConfig;
  history: { epoch: number; loss: number }[];
  embed: EmbedStats;
  headMs: number;
  totalMs: number;
  dataSha256: string;
  clipSha256: string[];
  clips: number;
  trainTargetMean: Float32Array;
}

export function finetune(backbone: Backbone, clips: readonly FeatureClip[], cfg: FinetuneConfig, store: EmbeddingStore = new MemoryEmbeddingStore(), hooks: TrainHooks = {}): FinetuneResult {
  if (clips.length === 0) throw new Error('fine-tuning needs at least one labelled clip');
  const t0 = performance.now();
  const y = targetMatrix(clips);
  const { x, dim, stats } = embedClips(backbone, clips, cfg.reduction, store, {
    signal: hooks.signal,
    onProgress: (done, total) => hooks.onProgress?.({ phase: 'embed', epoch: 0, epochs: cfg.epochs, step: done, steps: total, loss: NaN, elapsedMs: performance.now() - t0, etaMs: null }),
  });
  throwIfAborted(hooks.signal);
  const t1 = performance.now();
  const trained = trainHead(x, y, clips.length, dim, OUT, { ...cfg, standardizeInputs: cfg.standardizeEmbeddings ?? false });
  const head: DenseHead = { ...trained.head, range: LABEL_RANGE };
  const history = trained.history;
  const headMs = performance.now() - t1;
  hooks.onProgress?.({ phase: 'head', epoch: cfg.epochs, epochs: cfg.epochs, step: 1, steps: 1, loss: history.at(-1)?.loss ?? NaN, elapsedMs: performance.now() - t0, etaMs: 0 });
  return {
    head, config: cfg, history, embed: stats, headMs, totalMs: performance.now() - t0,
    dataSha256: datasetHash(clips), clipSha256: clipHashes(clips), clips: clips.length, trainTargetMean: columnMeans(y),
  };
}

/** Model file content of a fine-tuned model: the backbone's tensors + the emotion head. */
export function finetunedModel(backboneModel: LoadedModel, r: FinetuneResult, backend: string): { manifest: Omit<ModelManifest, 'weights'>; tensors: ModelTensor[] } {
  const b = backboneModel.manifest;
  const tensors: ModelTensor[] = [
    ...backboneModel.tensors.filter((t) => !t.name.startsWith(HEAD_PREFIX)),
    { name: `${HEAD_PREFIX}weight`, shape: [OUT, r.head.inputDim], data: r.head.weight },
    { name: `${HEAD_PREFIX}bias`, shape: [OUT], data: r.head.bias },
  ];
  return {
    manifest: {
      format: 'ew-masked-gru', formatVersion: 1, kind: 'finetuned', createdAt: new Date().toISOString(),
      featureSpec: b.featureSpec,
      architecture: { ...b.architecture, emotionHead: { inputDim: r.head.inputDim, outputDim: OUT, reduction: r.config.reduction } },
      standardization: b.standardization, crop: b.crop, pretraining: b.pretraining,
      backboneSha256: b.kind === 'pretrained' ? b.weights.sha256 : b.backboneSha256,
      training: {
        seed: r.config.seed, backend, epochs: r.config.epochs, lr: r.config.lr, batchSize: r.config.batchSize,
        clips: r.clips, dataSha256: r.dataSha256, clipSha256: r.clipSha256, durationMs: Math.round(r.totalMs), history: r.history,
      },
      metrics: { trainTargetMean: Array.from(r.trainTargetMean) },
      notes: `Dense(6) head on the backbone's ${r.config.reduction} output${r.config.standardizeEmbeddings ? ', trained on embeddings standardised with the labelled clips\' statistics (folded into emotion_head.weight/bias)' : ''}; predictions clamped to ${LABEL_RANGE[0]}–${LABEL_RANGE[1]}.`,
    },
    tensors,
  };
}

export interface BaselineConfig { hidden: number[]; reduction: Reduction; epochs: number; lr: number; batchSize: number; seed: number; maxFrames: number }
export const PAPER_BASELINE: BaselineConfig = { hidden: [256, 256], reduction: 'mean', epochs: 30, lr: 1e-3, batchSize: DEFAULT_BATCH_SIZE, seed: 1, maxFrames: DEFAULT_MAX_FRAMES };

export interface BaselineResult {
  net: GruNet;
  standardization: Standardization;
  config: BaselineConfig;
  history: { epoch: number; loss: number }[];
  durationMs: number;
  dataSha256: string;
  clipSha256: string[];
  clips: number;
  trainTargetMean: Float32Array;
}

/** The from-scratch baseline: whole network trained on the labelled sample. */
export async function trainBaseline(clips: readonly FeatureClip[], cfg: BaselineConfig, hooks: TrainHooks & { backend?: BackendName } = {}): Promise<BaselineResult> {
  if (clips.length === 0) throw new Error('the baseline needs at least one labelled clip');
  const y = targetMatrix(clips);
  const standardization = fitStandardization(clips);
  const data = clips.map((c) => ({ data: standardize(standardization, c), frames: c.frames }));
  const lengths = data.map((d) => Math.min(d.frames, cfg.maxFrames));
  const net = await GruNet.create({ inputDim: FEATURE_COUNT, hidden: cfg.hidden, outputDim: OUT, head: cfg.reduction, seed: cfg.seed }, hooks.backend);
  const steps = Math.ceil(clips.length / cfg.batchSize);
  const meter = new ProgressMeter(hooks, 'baseline', cfg.epochs, steps, 0);
  const history: { epoch: number; loss: number }[] = [];
  try {
    for (let epoch = 0; epoch < cfg.epochs; epoch++) {
      const rng = epochRng(cfg.seed, epoch);
      const batches = lengthBatches(lengths, cfg.batchSize, rng);
      let sum = 0;
      let n = 0;
      for (let s = 0; s < batches.length; s++) {
        throwIfAborted(hooks.signal);
        const batch = packBatch(data, batches[s], { maxFrames: cfg.maxFrames, mode: 'random', rng });
        const target = new Float32Array(batch.B * OUT);
        batch.indices.forEach((i, b) => target.set(y.subarray(i * OUT, (i + 1) * OUT), b * OUT));
        const loss = net.trainStep({ x: batch.x, B: batch.B, T: batch.T, lengths: batch.lengths }, { target }, { lr: cfg.lr });
        sum += loss * batch.B;
        n += batch.B;
        meter.step(epoch, s + 1, sum / n);
        await new Promise<void>((r) => setImmediate(r));
      }
      history.push({ epoch: epoch + 1, loss: sum / n });
    }
  } catch (err) {
    net.dispose();
    throw err;
  }
  return { net, standardization, config: cfg, history, durationMs: meter.elapsedMs(), dataSha256: datasetHash(clips), clipSha256: clipHashes(clips), clips: clips.length, trainTargetMean: columnMeans(y) };
}

export function baselineModel(r: BaselineResult): { manifest: Omit<ModelManifest, 'weights'>; tensors: ModelTensor[] } {
  return {
    manifest: {
      format: 'ew-masked-gru', formatVersion: 1, kind: 'baseline', createdAt: new Date().toISOString(),
      featureSpec: FEATURE_SPEC_ID,
      architecture: { inputDim: FEATURE_COUNT, hidden: [...r.config.hidden], outputDim: OUT, head: r.config.reduction },
      standardization: r.standardization, crop: { maxFrames: r.config.maxFrames },
      training: {
        seed: r.config.seed, backend: r.net.backend, epochs: r.config.epochs, lr: r.config.lr, batchSize: r.config.batchSize,
        clips: r.clips, dataSha256: r.dataSha256, clipSha256: r.clipSha256, durationMs: Math.round(r.durationMs), history: r.history,
      },
      metrics: { trainTargetMean: Array.from(r.trainTargetMean) },
    },
    tensors: r.net.getParams(),
  };
}

/** Predictions [N × 6] of a GRU net with a pooled head (the baseline) — clips in the given order, clamped to 0–3. */
export function predictPooled(net: GruNet, standardization: Standardization, clips: readonly FeatureClip[], maxFrames: number, signal?: AbortSignal): Float32Array {
  const data = clips.map((c) => ({ data: standardize(standardization, c), frames: c.frames }));
  const out = new Float32Array(clips.length * OUT);
  for (const idx of lengthBatches(data.map((d) => Math.min(d.frames, maxFrames)), DEFAULT_BATCH_SIZE)) {
    throwIfAborted(signal);
    const batch = packBatch(data, idx, { maxFrames, mode: 'centre' });
    const y = net.forward({ x: batch.x, B: batch.B, T: batch.T, lengths: batch.lengths });
    batch.indices.forEach((i, b) => out.set(y.subarray(b * OUT, (b + 1) * OUT), i * OUT));
  }
  return clampToLabelRange(out);
}

export interface EmotionPredictor {
  kind: 'finetuned' | 'baseline';
  predict(clips: readonly FeatureClip[], signal?: AbortSignal): Float32Array;
  dispose(): void;
}

/** Turns a fine-tuned or baseline model file into a predictor. */
export async function openPredictor(model: LoadedModel, backend?: BackendName, store: EmbeddingStore = new MemoryEmbeddingStore()): Promise<EmotionPredictor> {
  const m = model.manifest;
  if (m.kind === 'pretrained') {
    throw new Error(`${model.path}: a pretrained backbone predicts features, not emotions — fine-tune it first ("finetune --backbone ${model.path}")`);
  }
  if (m.kind === 'baseline') {
    const a = m.architecture;
    const net = await GruNet.create({ inputDim: a.inputDim, hidden: a.hidden, outputDim: a.outputDim, head: a.head, seed: 0 }, backend);
    net.setParams(model.tensors);
    return { kind: 'baseline', predict: (clips, signal) => predictPooled(net, m.standardization, clips, m.crop.maxFrames, signal), dispose: () => net.dispose() };
  }
  const eh = m.architecture.emotionHead;
  if (!eh) throw new Error(`${model.path}: fine-tuned model without an emotion head in its manifest`);
  const backbone = await loadBackbone(model, backend);
  const w = model.tensors.find((t) => t.name === `${HEAD_PREFIX}weight`);
  const b = model.tensors.find((t) => t.name === `${HEAD_PREFIX}bias`);
  if (!w || !b) throw new Error(`${model.path}: fine-tuned model without emotion head weights`);
  const head: DenseHead = { inputDim: eh.inputDim, outputDim: eh.outputDim, weight: w.data, bias: b.data, range: LABEL_RANGE };
  return {
    kind: 'finetuned',
    predict: (clips, signal) => {
      const { x } = embedClips(backbone, clips, eh.reduction, store, { signal });
      return applyHead(head, x, clips.length);
    },
    dispose: () => backbone.net.dispose(),
  };
}
