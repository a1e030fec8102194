// Public types of the masked-GRU engine (agreed in notes/ml-interface.md). Pure data, no runtime code.

export type BackendName = 'tfjs-node' | 'wasm-simd' | 'js';

export interface GruNetConfig {
  /** features per frame, 74 for COVAREP */
  inputDim: number;
  /** hidden sizes of the stacked GRU layers, e.g. [256, 256]; [] = the head works on the input directly */
  hidden: number[];
  /** 74 for pretraining (reconstruction), 6 for the emotion head */
  outputDim: number;
  /** per-frame Dense on every step, or Dense on the sequence reduced by its last valid frame / its mean */
  head: 'per-frame' | 'last' | 'mean';
  seed: number;
}

/** Padded batch, row-major. x: [B, T, inputDim]; lengths[b] = valid steps of sequence b (padding after). */
export interface SeqBatch {
  x: Float32Array;
  B: number;
  T: number;
  lengths: Int32Array;
}

/**
 * Per-frame head: target [B, T, outputDim], weight [B, T] or [B, T, outputDim].
 * Pooled heads: target [B, outputDim], weight [B] or [B, outputDim] (or omitted).
 * Loss = weighted MSE: sum w·(y−t)² / sum w over scalar elements; padding frames never count.
 */
export interface Targets {
  target: Float32Array;
  weight?: Float32Array;
}

export interface AdamOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** parameter name prefixes that are not updated, e.g. ['gru.'] freezes the whole backbone */
  freeze?: string[];
}

export interface NamedParam {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** Serializable Adam state (checkpoints): moments in getParams() order, and the step counter. */
export interface AdamState {
  step: number;
  m: { name: string; data: Float32Array }[];
  v: { name: string; data: Float32Array }[];
}
