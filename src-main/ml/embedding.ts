// The frozen backbone's output per clip, reduced over time, computed once and cached. Fine-tuning in
// Nimitsurachat & Washington (AI 2024) freezes the whole pretrained network, so the Dense(6) head only
// ever sees this vector: caching it (keyed by the backbone's weights hash + the clip's feature hash +
// the crop rule) makes repeated fine-tuning runs cost milliseconds.
//
// Reductions (the paper does not say which it used; docs/training.md measures both on RAVDESS):
//   'last' — the last GRU layer's output at the clip's last valid frame (what a Keras GRU with
//            return_sequences=False feeds a Dense layer);
//   'mean' — the mean of that output over the clip's valid frames.
// Both are computed in the same backbone pass and cached together.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GruNet } from './engine/index';
import { lengthBatches, packBatch } from './batching';
import { featureHash, type FeatureClip } from './dataset';
import type { Reduction } from './model-file';
import { standardize, type Standardization } from './standardize';
import { throwIfAborted } from './train-loop';

export interface Embedding { mean: Float32Array; last: Float32Array }

export interface EmbeddingStore {
  get(key: string): Embedding | undefined;
  put(key: string, e: Embedding): void;
}

/** Process-lifetime cache (tests, one CLI run). */
export class MemoryEmbeddingStore implements EmbeddingStore {
  private readonly map = new Map<string, Embedding>();
  get(key: string): Embedding | undefined { return this.map.get(key); }
  put(key: string, e: Embedding): void { this.map.set(key, e); }
  get size(): number { return this.map.size; }
}

/** One small file per clip and backbone in a folder (CLI on feature CSVs, benchmarks). */
export class DirEmbeddingStore implements EmbeddingStore {
  constructor(private readonly dir: string) {}
  private path(key: string): string { return join(this.dir, `${key}.emb`); }
  get(key: string): Embedding | undefined {
    const p = this.path(key);
    if (!existsSync(p)) return undefined;
    const buf = readFileSync(p);
    const all = new Float32Array(buf.length / 4);
    new Uint8Array(all.buffer).set(buf);
    const h = all.length / 2;
    return { mean: all.slice(0, h), last: all.slice(h) };
  }
  put(key: string, e: Embedding): void {
    mkdirSync(this.dir, { recursive: true });
    const all = new Float32Array(e.mean.length * 2);
    all.set(e.mean, 0);
    all.set(e.last, e.mean.length);
    const tmp = `${this.path(key)}.tmp`;
    writeFileSync(tmp, new Uint8Array(all.buffer));
    renameSync(tmp, this.path(key));
  }
}

export interface Backbone {
  net: GruNet;
  standardization: Standardization;
  maxFrames: number;
  /** sha256 of the backbone's weights (manifest.weights.sha256) — the cache key's model half. */
  sha256: string;
}

export function embeddingKey(backbone: Backbone, clip: FeatureClip): string {
  return `${backbone.sha256.slice(0, 24)}-${featureHash(clip).slice(0, 24)}-c${backbone.maxFrames}`;
}

export interface EmbedStats { clips: number; computed: number; cached: number; ms: number }

/**
 * Reduced backbone outputs [N × H] of the clips (in order), from the store where present. Missing clips
 * are embedded in length-grouped batches (centre crop) and stored.
 */
export function embedClips(
  backbone: Backbone, clips: readonly FeatureClip[], reduction: Reduction, store: EmbeddingStore,
  opts: { batchSize?: number; signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): { x: Float32Array; dim: number; stats: EmbedStats } {
  const t0 = performance.now();
  const H = backbone.net.config.hidden.at(-1) ?? backbone.net.config.inputDim;
  const found: (Embedding | undefined)[] = clips.map((c) => store.get(embeddingKey(backbone, c)));
  const missing = found.map((f, i) => (f ? -1 : i)).filter((i) => i >= 0);
  const data = new Map<number, { data: Float32Array; frames: number }>();
  for (const i of missing) data.set(i, { data: standardize(backbone.standardization, clips[i]), frames: clips[i].frames });
  const local = missing.map((i) => data.get(i)!);
  const batches = lengthBatches(local.map((d) => Math.min(d.frames, backbone.maxFrames)), opts.batchSize ?? 32);
  let done = 0;
  for (const idx of batches) {
    throwIfAborted(opts.signal);
    const batch = packBatch(local, idx, { maxFrames: backbone.maxFrames, mode: 'centre' });
    const out = backbone.net.backbone({ x: batch.x, B: batch.B, T: batch.T, lengths: batch.lengths });
    for (let b = 0; b < batch.B; b++) {
      const len = batch.lengths[b];
      const mean = new Float32Array(H);
      const acc = new Float64Array(H);
      for (let t = 0; t < len; t++) {
        const o = (b * batch.T + t) * H;
        for (let h = 0; h < H; h++) acc[h] += out[o + h];
      }
      for (let h = 0; h < H; h++) mean[h] = len > 0 ? acc[h] / len : 0;
      const lastAt = (b * batch.T + Math.max(0, len - 1)) * H;
      const last = len > 0 ? out.slice(lastAt, lastAt + H) : new Float32Array(H);
      const clipIndex = missing[idx[b]];
      const e = { mean, last };
      found[clipIndex] = e;
      store.put(embeddingKey(backbone, clips[clipIndex]), e);
    }
    done += batch.B;
    opts.onProgress?.(done, missing.length);
  }
  const x = new Float32Array(clips.length * H);
  found.forEach((e, i) => x.set(e![reduction], i * H));
  return { x, dim: H, stats: { clips: clips.length, computed: missing.length, cached: clips.length - missing.length, ms: performance.now() - t0 } };
}
