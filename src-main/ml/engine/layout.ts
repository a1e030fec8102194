// Where every array of a network lives in the heap. The static part (parameters, one gradient buffer
// per shard, packed copies of the weights) is laid out once per network; the dynamic part (batch,
// activations, per-shard scratch) is laid out per call from (B, T, op) and starts where the static part
// ends, so growing a batch only grows the heap. Offsets are in elements. Plain data: it is posted to
// the worker thread with every call.
import type { GruNetConfig } from './types';

/** rows of B packed per block / rows of A packed per block by the WASM gemm (KC, MC in native/gru-kernels.c) */
export const GEMM_KC = 256;
export const GEMM_MC = 64;
/** rows of the gemm micro-kernel (MR) */
export const GEMM_MR = 4;

export interface ParamSlot {
  name: string;
  shape: number[];
  off: number; // relative to params / grads base
  size: number;
}

export interface LayerSlots {
  I: number;
  H: number;
  wih: number; // params-relative offsets
  whh: number;
  bih: number;
  bhh: number;
  /** packed right operands (absolute): x·W_ihᵀ, h·W_hhᵀ, dG·W_hh, dG·W_ih */
  pIhF: number;
  pHhF: number;
  pHhB: number;
  pIhB: number;
}

export interface StaticLayout {
  P: number;
  params: ParamSlot[];
  paramBase: number;
  gradBase: number[];
  layers: LayerSlots[];
  head: { In: number; O: number; w: number; b: number; pF: number; pB: number };
  end: number;
}

export function roundUp(n: number, m: number): number {
  return Math.ceil(n / m) * m;
}

/** Bump allocator; 16-element alignment keeps every buffer 64-byte aligned for SIMD loads. */
class Bump {
  constructor(public top: number) {}
  take(n: number): number {
    const off = this.top;
    this.top += roundUp(Math.max(n, 1), 16);
    return off;
  }
}

export function paramSpecs(cfg: GruNetConfig): { name: string; shape: number[] }[] {
  const out: { name: string; shape: number[] }[] = [];
  let I = cfg.inputDim;
  cfg.hidden.forEach((H, l) => {
    out.push({ name: `gru.weight_ih_l${l}`, shape: [3 * H, I] });
    out.push({ name: `gru.weight_hh_l${l}`, shape: [3 * H, H] });
    out.push({ name: `gru.bias_ih_l${l}`, shape: [3 * H] });
    out.push({ name: `gru.bias_hh_l${l}`, shape: [3 * H] });
    I = H;
  });
  out.push({ name: 'head.weight', shape: [cfg.outputDim, I] });
  out.push({ name: 'head.bias', shape: [cfg.outputDim] });
  return out;
}

export function staticLayout(cfg: GruNetConfig, base: number, shards: number, packedSize: (K: number, N: number) => number): StaticLayout {
  const params: ParamSlot[] = [];
  let P = 0;
  for (const s of paramSpecs(cfg)) {
    const size = s.shape.reduce((a, b) => a * b, 1);
    params.push({ ...s, off: P, size });
    P += roundUp(size, 16);
  }
  const bump = new Bump(roundUp(base, 16));
  const paramBase = bump.take(P);
  const gradBase = Array.from({ length: shards }, () => bump.take(P));
  const byName = new Map(params.map((p) => [p.name, p.off]));
  const at = (n: string): number => byName.get(n) as number;
  let I = cfg.inputDim;
  const layers: LayerSlots[] = cfg.hidden.map((H, l) => {
    const slots: LayerSlots = {
      I, H,
      wih: at(`gru.weight_ih_l${l}`), whh: at(`gru.weight_hh_l${l}`), bih: at(`gru.bias_ih_l${l}`), bhh: at(`gru.bias_hh_l${l}`),
      pIhF: bump.take(packedSize(I, 3 * H)),
      pHhF: bump.take(packedSize(H, 3 * H)),
      pHhB: bump.take(packedSize(3 * H, H)),
      pIhB: l > 0 ? bump.take(packedSize(3 * H, I)) : -1,
    };
    I = H;
    return slots;
  });
  const O = cfg.outputDim;
  const head = { In: I, O, w: at('head.weight'), b: at('head.bias'), pF: bump.take(packedSize(I, O)), pB: bump.take(packedSize(O, I)) };
  return { P, params, paramBase, gradBase, layers, head, end: bump.top };
}

export type Op = 'forward' | 'backbone' | 'train';
export type WeightMode = 'none' | 'frame' | 'elem';

export interface LayerBuffers {
  g: number;
  ghn: number;
  h: number;
  dh: number;
}

export interface ShardPlan {
  b0: number;
  nb: number;
  layers: LayerBuffers[];
  gh: number;
  carry: number;
  dgh: number;
  dy: number;
  pooled: number;
  dPooled: number;
  scratch: number;
}

export interface Plan {
  op: Op;
  B: number;
  T: number;
  perFrame: boolean;
  mean: boolean;
  outDim: number;
  x: number;
  lens: number;
  out: number;
  target: number;
  weight: number;
  weightMode: WeightMode;
  invSumW: number;
  /** lowest GRU layer that needs gradients (layers.length = only the head) */
  trainFrom: number;
  shards: ShardPlan[];
  end: number;
}

export function makePlan(
  st: StaticLayout, cfg: GruNetConfig, op: Op, B: number, T: number, nShards: number,
  weightMode: WeightMode, trainFrom: number,
): Plan {
  const bump = new Bump(st.end);
  const I0 = cfg.inputDim;
  const O = cfg.outputDim;
  const perFrame = cfg.head === 'per-frame';
  const train = op === 'train';
  const outRows = perFrame ? B * T : B;
  const x = bump.take(B * T * I0);
  const lens = bump.take(B);
  const out = op === 'backbone' ? -1 : bump.take(outRows * O);
  const target = train ? bump.take(outRows * O) : -1;
  const weight = train && weightMode !== 'none' ? bump.take(weightMode === 'elem' ? outRows * O : outRows) : -1;
  // shards hold whole groups of MR = 4 sequences where possible: the recurrence matmul of a shard has
  // one row per sequence, and the 4-row micro-kernel would idle on a 1–3-row shard
  const units = Math.ceil(B / GEMM_MR);
  const shardCount = Math.max(1, Math.min(nShards, units));
  const maxN = Math.max(I0, O, st.head.In, ...cfg.hidden.map((h) => 3 * h));
  const shards: ShardPlan[] = [];
  for (let s = 0; s < shardCount; s++) {
    const b0 = Math.min(B, Math.floor((s * units) / shardCount) * GEMM_MR);
    const nb = Math.min(B, Math.floor(((s + 1) * units) / shardCount) * GEMM_MR) - b0;
    const rows = nb * T;
    const needHead = op !== 'backbone';
    const layers = st.layers.map((L, l) => ({
      g: bump.take(rows * 3 * L.H),
      ghn: bump.take(rows * L.H),
      h: bump.take(rows * L.H),
      dh: train && l >= trainFrom ? bump.take(rows * L.H) : -1,
    }));
    const maxG = Math.max(0, ...st.layers.map((L) => 3 * L.H));
    const maxH = Math.max(0, ...st.layers.map((L) => L.H));
    shards.push({
      b0, nb, layers,
      gh: bump.take(nb * maxG),
      carry: train ? bump.take(nb * maxH) : -1,
      dgh: train && st.layers.length > 0 ? bump.take(rows * maxG) : -1,
      dy: train ? bump.take((perFrame ? rows : nb) * O) : -1,
      pooled: needHead && !perFrame ? bump.take(nb * st.head.In) : -1,
      dPooled: train && !perFrame ? bump.take(nb * st.head.In) : -1,
      scratch: bump.take(GEMM_MC * GEMM_KC + GEMM_KC * roundUp(maxN, 16) + 64),
    });
  }
  return {
    op, B, T, perFrame, mean: cfg.head === 'mean', outDim: O, x, lens, out, target, weight, weightMode,
    invSumW: 0, trainFrom, shards, end: bump.top,
  };
}
