// Masked-frame pretraining task of Nimitsurachat & Washington, "Self-Supervised Learning for Audio-Based
// Emotion Recognition" (AI 2024, arXiv 2307.12343): for every clip a random start is drawn and
// MASK_FRAMES = 30 consecutive frames (≈ 10 % of a CMU-MOSEI clip) of all 74 standardised columns are
// replaced by MASK_VALUE = −30; the network reconstructs the unmasked clip under MSE.
// Options (reported side by side in docs/training.md): mask length and value, and the loss on every
// valid frame (the paper) or on the masked frames only.
//
// Look-ahead (delayed readout, ADR 0086; not in the paper, off by default): the causal GRU's output at
// step t is trained to reconstruct input frame t − D. The sequence is extended by D frames holding the
// mask value (frames past the end are unknown, like masked ones) and the target and loss weights shift
// by D. With D ≥ the mask length, the network has read the first frame after a span before it emits the
// span's frames — the information linear interpolation uses — while the backbone stays a causal GRU.
//
// Also here: the copy-neighbour reference a pretrained model must beat — the masked span linearly
// interpolated between the last frame before and the first frame after it (or the one existing
// neighbour copied when the span touches an end of the clip).
import { FEATURE_COUNT } from '../contract/feature-spec';
import type { Rng } from './rng';

export const MASK_FRAMES = 30;
export const MASK_VALUE = -30;

export interface MaskOptions { maskFrames?: number; maskValue?: number }
export type LossFrames = 'all' | 'masked';

/** The masked span of each batch row: frames [start, start + length). */
export interface MaskSpans { start: Int32Array; length: Int32Array }

/**
 * Draws one span per row. A clip shorter than maskFrames + 1 gets a span of (length − 1) frames, so at
 * least one real frame always remains to reconstruct from.
 */
export function drawMasks(lengths: Int32Array, rng: Rng, maskFrames = MASK_FRAMES): MaskSpans {
  const B = lengths.length;
  const start = new Int32Array(B);
  const length = new Int32Array(B);
  for (let b = 0; b < B; b++) {
    const n = lengths[b];
    const len = Math.max(0, Math.min(maskFrames, n - 1));
    length[b] = len;
    start[b] = len > 0 ? rng.int(n - len + 1) : 0;
  }
  return { start, length };
}

/** A copy of x [B, T, dim] with each row's span set to maskValue in every column. */
export function applyMasks(x: Float32Array, T: number, spans: MaskSpans, maskValue = MASK_VALUE, dim = FEATURE_COUNT): Float32Array {
  const out = x.slice();
  for (let b = 0; b < spans.start.length; b++) {
    const from = (b * T + spans.start[b]) * dim;
    out.fill(maskValue, from, from + spans.length[b] * dim);
  }
  return out;
}

/** Loss weight [B, T]: valid frames (lossFrames 'all', the paper) or the masked span only. */
export function maskLossWeights(lengths: Int32Array, T: number, spans: MaskSpans, lossFrames: LossFrames): Float32Array {
  const B = lengths.length;
  const w = new Float32Array(B * T);
  for (let b = 0; b < B; b++) {
    if (lossFrames === 'all') w.fill(1, b * T, b * T + lengths[b]);
    else w.fill(1, b * T + spans.start[b], b * T + spans.start[b] + spans.length[b]);
  }
  return w;
}

/** A batch laid out for a delayed readout of `lookAhead` frames (see the file comment). */
export interface DelayedBatch { x: Float32Array; T: number; lengths: Int32Array; target: Float32Array; weight: Float32Array }

/**
 * Extends input x [B, T, dim] by `lookAhead` frames of fillValue after each row's valid frames, and
 * shifts target [B, T, dim] and weight [B, T] so that output step t + lookAhead is scored against frame t.
 * Steps before lookAhead get weight 0. lookAhead 0 returns the inputs unchanged (the paper's readout).
 */
export function delayReadout(
  x: Float32Array, target: Float32Array, weight: Float32Array, T: number, lengths: Int32Array, lookAhead: number, fillValue = MASK_VALUE, dim = FEATURE_COUNT,
): DelayedBatch {
  if (!Number.isInteger(lookAhead) || lookAhead < 0) throw new Error(`look-ahead must be a whole number of frames ≥ 0 (got ${lookAhead})`);
  if (lookAhead === 0) return { x, T, lengths, target, weight };
  const B = lengths.length;
  const T2 = T + lookAhead;
  const x2 = new Float32Array(B * T2 * dim);
  const target2 = new Float32Array(B * T2 * dim);
  const weight2 = new Float32Array(B * T2);
  const lengths2 = new Int32Array(B);
  for (let b = 0; b < B; b++) {
    const n = lengths[b];
    lengths2[b] = n + lookAhead;
    x2.set(x.subarray(b * T * dim, (b * T + n) * dim), b * T2 * dim);
    x2.fill(fillValue, (b * T2 + n) * dim, (b * T2 + n + lookAhead) * dim);
    target2.set(target.subarray(b * T * dim, (b * T + n) * dim), (b * T2 + lookAhead) * dim);
    weight2.set(weight.subarray(b * T, b * T + n), b * T2 + lookAhead);
  }
  return { x: x2, T: T2, lengths: lengths2, target: target2, weight: weight2 };
}

/** Undoes delayReadout on a network output [B, T + lookAhead, dim]: frame t's prediction is step t + lookAhead. */
export function alignDelayed(out: Float32Array, B: number, T: number, lookAhead: number, dim = FEATURE_COUNT): Float32Array {
  if (lookAhead === 0) return out;
  const T2 = T + lookAhead;
  const aligned = new Float32Array(B * T * dim);
  for (let b = 0; b < B; b++) aligned.set(out.subarray((b * T2 + lookAhead) * dim, (b * T2 + lookAhead + T) * dim), b * T * dim);
  return aligned;
}

/** The copy-neighbour reconstruction of the masked spans (other frames: the input unchanged). */
export function interpolateMasked(x: Float32Array, T: number, lengths: Int32Array, spans: MaskSpans, dim = FEATURE_COUNT): Float32Array {
  const out = x.slice();
  for (let b = 0; b < lengths.length; b++) {
    const s = spans.start[b];
    const len = spans.length[b];
    if (len === 0) continue;
    const before = s - 1;
    const after = s + len;
    const hasBefore = before >= 0;
    const hasAfter = after < lengths[b];
    for (let t = s; t < s + len; t++) {
      const o = (b * T + t) * dim;
      for (let c = 0; c < dim; c++) {
        const vb = hasBefore ? x[(b * T + before) * dim + c] : NaN;
        const va = hasAfter ? x[(b * T + after) * dim + c] : NaN;
        let v: number;
        if (hasBefore && hasAfter) {
          const a = (t - before) / (after - before);
          v = vb + (va - vb) * a;
        } else v = hasBefore ? vb : va;
        out[o + c] = v;
      }
    }
  }
  return out;
}

/**
 * The causal copy-neighbour reconstruction: every masked frame repeats the last frame before the span
 * (0 = the training mean when the span starts the clip). A unidirectional GRU sees only the past, so this
 * is the reference that uses the same information it has; interpolateMasked also uses the frame after.
 */
export function holdMasked(x: Float32Array, T: number, spans: MaskSpans, dim = FEATURE_COUNT): Float32Array {
  const out = x.slice();
  for (let b = 0; b < spans.start.length; b++) {
    const s = spans.start[b];
    for (let t = s; t < s + spans.length[b]; t++) {
      const o = (b * T + t) * dim;
      if (s === 0) out.fill(0, o, o + dim);
      else out.copyWithin(o, (b * T + s - 1) * dim, (b * T + s) * dim);
    }
  }
  return out;
}

/** Mean squared error over the masked spans' elements (all columns), summed and counted for pooling. */
export function maskedSquaredError(pred: Float32Array, target: Float32Array, T: number, spans: MaskSpans, dim = FEATURE_COUNT): { sum: number; count: number } {
  let sum = 0;
  let count = 0;
  for (let b = 0; b < spans.start.length; b++) {
    for (let t = spans.start[b]; t < spans.start[b] + spans.length[b]; t++) {
      const o = (b * T + t) * dim;
      for (let c = 0; c < dim; c++) {
        const d = pred[o + c] - target[o + c];
        sum += d * d;
      }
      count += dim;
    }
  }
  return { sum, count };
}
