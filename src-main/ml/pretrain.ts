// Self-supervised masked-frame pretraining of Nimitsurachat & Washington, "Self-Supervised Learning for
// Audio-Based Emotion Recognition" (AI 2024, arXiv 2307.12343):
//   input  standardised COVAREP-74 frames, 30 consecutive frames of all 74 columns set to −30 per clip;
//   model  GRU(256) → GRU(256) → Dense(74) on every frame;
//   loss   MSE against the unmasked clip (every valid frame; option: masked frames only);
//   optim  Adam, learning rate 1e-3 (β 0.9/0.999, ε 1e-8); batch 32 (Keras' default — the paper does
//          not state one); all training-set audio, labels never used.
// Option not in the paper (off by default, ADR 0086): lookAhead = D frames of delayed readout — the
// output at step t reconstructs frame t − D, so the causal GRU has read the frames after a masked span
// when it emits the span (masking.ts, delayReadout). The backbone itself is unchanged and causal.
// Runs on the engine in src-main/ml/engine (GruNet); checkpoints every epoch; deterministic given a seed
// (see train-loop.ts for how a resumed run reproduces an uninterrupted one).
import { FEATURE_COUNT } from '../contract/feature-spec';
import { GruNet, type AdamState, type BackendName } from './engine/index';
import { DEFAULT_BATCH_SIZE, DEFAULT_MAX_FRAMES, lengthBatches, packBatch } from './batching';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';
import { clipHashes, datasetHash, type FeatureClip } from './dataset';
import { alignDelayed, applyMasks, delayReadout, drawMasks, holdMasked, interpolateMasked, maskedSquaredError, maskLossWeights, MASK_FRAMES, MASK_VALUE, type LossFrames } from './masking';
import type { ModelManifest, ModelTensor } from './model-file';
import { FEATURE_SPEC_ID } from '../contract/feature-spec';
import { createRng } from './rng';
import { fitStandardization, standardize, type Standardization } from './standardize';
import { epochRng, ProgressMeter, throwIfAborted, type TrainHooks } from './train-loop';

export interface PretrainConfig {
  hidden: number[];
  epochs: number;
  batchSize: number;
  lr: number;
  maskFrames: number;
  maskValue: number;
  lossFrames: LossFrames;
  maxFrames: number;
  seed: number;
  /** Delayed readout in frames (0 = the paper: output t reconstructs frame t). */
  lookAhead: number;
}

export const PAPER_PRETRAIN: PretrainConfig = {
  hidden: [256, 256], epochs: 20, batchSize: DEFAULT_BATCH_SIZE, lr: 1e-3,
  maskFrames: MASK_FRAMES, maskValue: MASK_VALUE, lossFrames: 'all', maxFrames: DEFAULT_MAX_FRAMES, seed: 1, lookAhead: 0,
};

export interface PretrainHooks extends TrainHooks {
  /** Where the per-epoch checkpoint lives; an existing compatible checkpoint is resumed. */
  checkpointPath?: string;
  backend?: BackendName;
  /** Called after each epoch's checkpoint is written (tests use it to kill a run at a known point). */
  onEpochEnd?: (epoch: number, loss: number) => void;
}

export interface PretrainResult {
  net: GruNet;
  standardization: Standardization;
  config: PretrainConfig;
  history: { epoch: number; loss: number }[];
  dataSha256: string;
  clipSha256: string[];
  clips: number;
  durationMs: number;
  /** Epochs this call trained (less than config.epochs when it resumed from a checkpoint). */
  epochsRun: number;
  resumedFromEpoch: number;
}

interface PretrainCheckpointState {
  kind: 'pretrain';
  config: PretrainConfig;
  dataSha256: string;
  standardization: Standardization;
  epochsDone: number;
  history: { epoch: number; loss: number }[];
  adamStep: number;
  elapsedMs: number;
  backend: string;
}

function checkpointTensors(net: GruNet): ModelTensor[] {
  const opt = net.getOptimizerState() as AdamState;
  return [
    ...net.getParams(),
    ...opt.m.map((t) => ({ name: `adam.m:${t.name}`, shape: [t.data.length], data: t.data })),
    ...opt.v.map((t) => ({ name: `adam.v:${t.name}`, shape: [t.data.length], data: t.data })),
  ];
}

function restoreFromTensors(net: GruNet, tensors: ModelTensor[], adamStep: number): void {
  net.setParams(tensors.filter((t) => !t.name.startsWith('adam.')));
  const pick = (prefix: string) => tensors.filter((t) => t.name.startsWith(prefix)).map((t) => ({ name: t.name.slice(prefix.length), data: t.data }));
  net.setOptimizerState({ step: adamStep, m: pick('adam.m:'), v: pick('adam.v:') } satisfies AdamState);
}

function sameConfig(a: PretrainConfig, b: PretrainConfig): boolean {
  // Checkpoints written before lookAhead existed were trained without it.
  const norm = (c: PretrainConfig) => JSON.stringify({ ...c, epochs: 0, lookAhead: c.lookAhead ?? 0 });
  return norm(a) === norm(b);
}

/** Trains (or resumes) a masked-GRU backbone on unlabelled clips. */
export async function pretrain(clips: readonly FeatureClip[], config: PretrainConfig, hooks: PretrainHooks = {}): Promise<PretrainResult> {
  if (clips.length === 0) throw new Error('pretraining needs at least one clip with features');
  if (!Number.isInteger(config.lookAhead) || config.lookAhead < 0) throw new Error(`look-ahead must be a whole number of frames ≥ 0 (got ${config.lookAhead})`);
  const dataSha256 = datasetHash(clips);
  const saved = hooks.checkpointPath ? loadCheckpoint<PretrainCheckpointState>(hooks.checkpointPath) : null;
  const resumable = saved && saved.state.kind === 'pretrain' && saved.state.dataSha256 === dataSha256 && sameConfig(saved.state.config, config);
  const standardization = resumable ? saved.state.standardization : fitStandardization(clips);
  const net = await GruNet.create({ inputDim: FEATURE_COUNT, hidden: config.hidden, outputDim: FEATURE_COUNT, head: 'per-frame', seed: config.seed }, hooks.backend);
  let history: { epoch: number; loss: number }[] = [];
  let firstEpoch = 0;
  let elapsedBefore = 0;
  if (resumable) {
    restoreFromTensors(net, saved.tensors, saved.state.adamStep);
    history = saved.state.history;
    firstEpoch = saved.state.epochsDone;
    elapsedBefore = saved.state.elapsedMs;
  }
  try {
    const data = clips.map((c) => ({ data: standardize(standardization, c), frames: c.frames }));
    const lengths = data.map((d) => Math.min(d.frames, config.maxFrames));
    const stepsPerEpoch = Math.ceil(clips.length / config.batchSize);
    const meter = new ProgressMeter(hooks, 'pretrain', config.epochs, stepsPerEpoch, firstEpoch, elapsedBefore);
    for (let epoch = firstEpoch; epoch < config.epochs; epoch++) {
      const rng = epochRng(config.seed, epoch);
      const batches = lengthBatches(lengths, config.batchSize, rng);
      let lossSum = 0;
      let weightSum = 0;
      for (let s = 0; s < batches.length; s++) {
        throwIfAborted(hooks.signal);
        const batch = packBatch(data, batches[s], { maxFrames: config.maxFrames, mode: 'random', rng });
        const spans = drawMasks(batch.lengths, rng, config.maskFrames);
        const input = applyMasks(batch.x, batch.T, spans, config.maskValue);
        const weight = maskLossWeights(batch.lengths, batch.T, spans, config.lossFrames);
        const d = delayReadout(input, batch.x, weight, batch.T, batch.lengths, config.lookAhead, config.maskValue);
        const loss = net.trainStep({ x: d.x, B: batch.B, T: d.T, lengths: d.lengths }, { target: d.target, weight: d.weight }, { lr: config.lr });
        const w = batch.B;
        lossSum += loss * w;
        weightSum += w;
        meter.step(epoch, s + 1, lossSum / weightSum);
        // Yield to the event loop so a cancel message can arrive between steps.
        await new Promise<void>((r) => setImmediate(r));
      }
      const epochLoss = lossSum / Math.max(1, weightSum);
      history.push({ epoch: epoch + 1, loss: epochLoss });
      if (hooks.checkpointPath) {
        const opt = net.getOptimizerState() as AdamState;
        saveCheckpoint<PretrainCheckpointState>(hooks.checkpointPath, {
          kind: 'pretrain', config, dataSha256, standardization, epochsDone: epoch + 1, history,
          adamStep: opt.step, elapsedMs: meter.elapsedMs(), backend: net.backend,
        }, checkpointTensors(net));
      }
      hooks.onEpochEnd?.(epoch + 1, epochLoss);
    }
    return {
      net, standardization, config, history, dataSha256, clipSha256: clipHashes(clips), clips: clips.length, durationMs: meter.elapsedMs(),
      epochsRun: config.epochs - firstEpoch, resumedFromEpoch: firstEpoch,
    };
  } catch (err) {
    net.dispose();
    throw err;
  }
}

/** Manifest fields of a pretrained backbone (weights added by saveModel). */
export function pretrainedManifest(r: PretrainResult, backend: string): Omit<ModelManifest, 'weights'> {
  return {
    format: 'ew-masked-gru', formatVersion: 1, kind: 'pretrained', createdAt: new Date().toISOString(),
    featureSpec: FEATURE_SPEC_ID,
    architecture: { inputDim: FEATURE_COUNT, hidden: [...r.config.hidden], outputDim: FEATURE_COUNT, head: 'per-frame' },
    standardization: r.standardization,
    crop: { maxFrames: r.config.maxFrames },
    pretraining: { maskFrames: r.config.maskFrames, maskValue: r.config.maskValue, lossFrames: r.config.lossFrames, lookAhead: r.config.lookAhead },
    training: {
      seed: r.config.seed, backend, epochs: r.config.epochs, lr: r.config.lr, batchSize: r.config.batchSize,
      clips: r.clips, dataSha256: r.dataSha256, clipSha256: r.clipSha256, durationMs: Math.round(r.durationMs), history: r.history,
    },
  };
}

export interface ReconstructionReport {
  clips: number;
  /** The delayed readout the model was evaluated with (frames; 0 = the paper's). */
  lookAhead: number;
  maskedFrames: number;
  /** MSE over the masked frames (all 74 columns), standardised units. */
  model: number;
  /** Linear interpolation across the mask from its neighbouring frames (uses the frame AFTER the mask). */
  interpolation: number;
  /** The last frame before the mask repeated (the causal copy-neighbour: only past frames, like the GRU). */
  hold: number;
  /** Predicting the training mean (0 after standardisation) in the masked frames. */
  mean: number;
  /** The model's MSE over every valid frame (masked and unmasked). */
  modelAllFrames: number;
}

/**
 * The pretrained network's reconstruction of a (masked) batch x [B, T, 74], aligned with x: with a
 * delayed readout the input is extended by lookAhead frames of maskValue and the output shifted back.
 */
export function reconstructFrames(net: GruNet, x: Float32Array, B: number, T: number, lengths: Int32Array, lookAhead: number, maskValue = MASK_VALUE): Float32Array {
  const d = delayReadout(x, x, new Float32Array(B * T), T, lengths, lookAhead, maskValue);
  return alignDelayed(net.forward({ x: d.x, B, T: d.T, lengths: d.lengths }), B, T, lookAhead);
}

/**
 * Masked-frame reconstruction error on (held-out) clips, with masks drawn from `seed` so every model
 * and reference sees the same spans. Columns absent from the clip are 0 in both target and predictions'
 * reference, so they add nothing but are counted: compare models on the same clips only.
 */
export function evaluateReconstruction(
  net: GruNet, standardization: Standardization, clips: readonly FeatureClip[],
  opts: { maskFrames?: number; maskValue?: number; maxFrames?: number; batchSize?: number; seed?: number; lookAhead?: number } = {},
): ReconstructionReport {
  const maskFrames = opts.maskFrames ?? MASK_FRAMES;
  const maskValue = opts.maskValue ?? MASK_VALUE;
  const maxFrames = opts.maxFrames ?? DEFAULT_MAX_FRAMES;
  const lookAhead = opts.lookAhead ?? 0;
  const rng = createRng(opts.seed ?? 12345);
  const data = clips.map((c) => ({ data: standardize(standardization, c), frames: c.frames }));
  const batches = lengthBatches(data.map((d) => Math.min(d.frames, maxFrames)), opts.batchSize ?? DEFAULT_BATCH_SIZE);
  const acc = { model: 0, interp: 0, hold: 0, mean: 0, count: 0, all: 0, allCount: 0 };
  for (const idx of batches) {
    const batch = packBatch(data, idx, { maxFrames, mode: 'centre' });
    const spans = drawMasks(batch.lengths, rng, maskFrames);
    const input = applyMasks(batch.x, batch.T, spans, maskValue);
    const pred = reconstructFrames(net, input, batch.B, batch.T, batch.lengths, lookAhead, maskValue);
    const m = maskedSquaredError(pred, batch.x, batch.T, spans);
    const i = maskedSquaredError(interpolateMasked(input, batch.T, batch.lengths, spans), batch.x, batch.T, spans);
    const h = maskedSquaredError(holdMasked(input, batch.T, spans), batch.x, batch.T, spans);
    const z = maskedSquaredError(new Float32Array(pred.length), batch.x, batch.T, spans);
    acc.model += m.sum; acc.interp += i.sum; acc.hold += h.sum; acc.mean += z.sum; acc.count += m.count;
    for (let b = 0; b < batch.B; b++) {
      for (let t = 0; t < batch.lengths[b]; t++) {
        const o = (b * batch.T + t) * FEATURE_COUNT;
        for (let c = 0; c < FEATURE_COUNT; c++) { const d = pred[o + c] - batch.x[o + c]; acc.all += d * d; }
        acc.allCount += FEATURE_COUNT;
      }
    }
  }
  return {
    clips: clips.length, lookAhead, maskedFrames: acc.count / FEATURE_COUNT,
    model: acc.model / acc.count, interpolation: acc.interp / acc.count, hold: acc.hold / acc.count, mean: acc.mean / acc.count, modelAllFrames: acc.all / acc.allCount,
  };
}
