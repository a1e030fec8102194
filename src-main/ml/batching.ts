// Batching variable-length clips for the masked-GRU (Nimitsurachat & Washington, AI 2024): clips are
// grouped by length so that a batch's padding is small, padded with zeros AFTER the valid frames, and
// the padded frames are masked out of the loss (weight 0; the engine's GRU also stops at lengths[b]).
//
// Crop rule (docs/training.md, ADR 0081): a clip longer than maxFrames (default 1,000 frames = 10 s,
// i.e. three times RAVDESS's longest clip and well above CMU-MOSEI's typical ~300-frame segments) is cut
// to a window of maxFrames frames:
//  - 'random' (pretraining): a new seeded random window each epoch, so long recordings are seen whole
//    over the epochs;
//  - 'centre' (embedding, fine-tuning, evaluation, prediction): the central window, so a clip always
//    maps to the same embedding.
import { FEATURE_COUNT } from '../contract/feature-spec';
import type { Rng } from './rng';

export const DEFAULT_MAX_FRAMES = 1000;
export const DEFAULT_BATCH_SIZE = 32;

export type CropMode = 'centre' | 'random';

/** First frame of the kept window for a clip of `frames` frames. */
export function cropStart(frames: number, maxFrames: number, mode: CropMode, rng?: Rng): number {
  if (frames <= maxFrames) return 0;
  const slack = frames - maxFrames;
  if (mode === 'centre') return Math.floor(slack / 2);
  if (!rng) throw new Error('random crop needs a random number generator');
  return rng.int(slack + 1);
}

/** Padded batch in the engine's layout: x [B, T, dim], lengths[b] valid steps of row b. */
export interface PackedBatch {
  x: Float32Array;
  B: number;
  T: number;
  lengths: Int32Array;
  /** Which clips (indices into the caller's list) the rows hold. */
  indices: number[];
}

/**
 * Batches of indices, each holding clips of similar length. Deterministic given the rng: clips are
 * sorted by length (ties broken by a random key), cut into consecutive groups of batchSize, and the
 * groups' order shuffled. Without an rng, the order is by length and not shuffled (evaluation).
 */
export function lengthBatches(lengths: readonly number[], batchSize: number, rng?: Rng): number[][] {
  if (!(batchSize >= 1)) throw new Error(`batch size must be at least 1 (got ${batchSize})`);
  const tie = lengths.map(() => (rng ? rng.next() : 0));
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[a] - lengths[b] || tie[a] - tie[b] || a - b);
  const batches: number[][] = [];
  for (let i = 0; i < order.length; i += batchSize) batches.push(order.slice(i, i + batchSize));
  if (rng) rng.shuffle(batches);
  return batches;
}

/**
 * Pads the selected clips (row-major [frames × dim] each) into one batch, cropping long ones.
 * `starts[k]`, when given, is the crop start of clip indices[k] (from cropStart).
 */
export function packBatch(
  clips: readonly { data: Float32Array; frames: number }[], indices: readonly number[],
  opts: { maxFrames?: number; mode?: CropMode; rng?: Rng; dim?: number } = {},
): PackedBatch {
  const dim = opts.dim ?? FEATURE_COUNT;
  const maxFrames = opts.maxFrames ?? DEFAULT_MAX_FRAMES;
  const mode = opts.mode ?? 'centre';
  const B = indices.length;
  const lengths = new Int32Array(B);
  const starts = new Int32Array(B);
  for (let k = 0; k < B; k++) {
    const clip = clips[indices[k]];
    lengths[k] = Math.min(clip.frames, maxFrames);
    starts[k] = cropStart(clip.frames, maxFrames, mode, opts.rng);
  }
  const T = Math.max(1, ...lengths);
  const x = new Float32Array(B * T * dim);
  for (let k = 0; k < B; k++) {
    const clip = clips[indices[k]];
    x.set(clip.data.subarray(starts[k] * dim, (starts[k] + lengths[k]) * dim), k * T * dim);
  }
  return { x, B, T, lengths, indices: [...indices] };
}

/** Per-frame loss weight [B, T]: 1 on valid frames, 0 on padding. */
export function validFrameWeights(batch: { B: number; T: number; lengths: Int32Array }): Float32Array {
  const w = new Float32Array(batch.B * batch.T);
  for (let b = 0; b < batch.B; b++) w.fill(1, b * batch.T, b * batch.T + batch.lengths[b]);
  return w;
}
