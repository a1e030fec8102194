// Test helpers: a direct, loop-by-loop float64 GRU network (torch.nn.GRU equations) used as the
// reference the engine must match, the same network written with tfjs ops (for autograd gradients),
// and small random batches.
import * as tf from '@tensorflow/tfjs';
import type { GruNetConfig, NamedParam, SeqBatch } from '../../src-main/ml/engine';
import { mulberry32 } from '../../src-main/ml/engine/random';

export function randomBatch(B: number, T: number, D: number, lengths: number[], seed: number): SeqBatch {
  const rand = mulberry32(seed);
  const x = new Float32Array(B * T * D);
  for (let b = 0; b < B; b++) for (let t = 0; t < lengths[b]; t++) for (let d = 0; d < D; d++) x[(b * T + t) * D + d] = rand() * 2 - 1;
  return { x, B, T, lengths: Int32Array.from(lengths) };
}

export function randomArray(n: number, seed: number, scale = 1): Float32Array {
  const rand = mulberry32(seed);
  return Float32Array.from({ length: n }, () => (rand() * 2 - 1) * scale);
}

const sig = (v: number): number => 1 / (1 + Math.exp(-v));

/** Direct GRU stack + head in float64; returns head output and last-layer per-frame output. */
export function referenceForward(cfg: GruNetConfig, params: NamedParam[], batch: SeqBatch): { out: Float64Array; backbone: Float64Array } {
  const p = new Map(params.map((q) => [q.name, q.data]));
  const { B, T } = batch;
  let D = cfg.inputDim;
  let seq = Float64Array.from(batch.x);
  cfg.hidden.forEach((H, l) => {
    const wih = p.get(`gru.weight_ih_l${l}`)!;
    const whh = p.get(`gru.weight_hh_l${l}`)!;
    const bih = p.get(`gru.bias_ih_l${l}`)!;
    const bhh = p.get(`gru.bias_hh_l${l}`)!;
    const out = new Float64Array(B * T * H);
    for (let b = 0; b < B; b++) {
      const h = new Float64Array(H);
      for (let t = 0; t < batch.lengths[b]; t++) {
        const x = seq.subarray((b * T + t) * D, (b * T + t + 1) * D);
        const gi = new Float64Array(3 * H);
        const gh = new Float64Array(3 * H);
        for (let g = 0; g < 3 * H; g++) {
          let si = bih[g];
          for (let i = 0; i < D; i++) si += wih[g * D + i] * x[i];
          let sh = bhh[g];
          for (let i = 0; i < H; i++) sh += whh[g * H + i] * h[i];
          gi[g] = si;
          gh[g] = sh;
        }
        for (let j = 0; j < H; j++) {
          const r = sig(gi[j] + gh[j]);
          const z = sig(gi[H + j] + gh[H + j]);
          const n = Math.tanh(gi[2 * H + j] + r * gh[2 * H + j]);
          h[j] = (1 - z) * n + z * h[j];
        }
        out.set(h, (b * T + t) * H);
      }
    }
    seq = out;
    D = H;
  });
  const w = p.get('head.weight')!;
  const hb = p.get('head.bias')!;
  const O = cfg.outputDim;
  const dense = (v: ArrayLike<number>, off: number, dst: Float64Array, at: number): void => {
    for (let o = 0; o < O; o++) {
      let s = hb[o];
      for (let i = 0; i < D; i++) s += w[o * D + i] * v[off + i];
      dst[at + o] = s;
    }
  };
  let out: Float64Array;
  if (cfg.head === 'per-frame') {
    out = new Float64Array(B * T * O);
    for (let b = 0; b < B; b++) for (let t = 0; t < batch.lengths[b]; t++) dense(seq, (b * T + t) * D, out, (b * T + t) * O);
  } else {
    out = new Float64Array(B * O);
    for (let b = 0; b < B; b++) {
      const len = batch.lengths[b];
      const pooled = new Float64Array(D);
      if (len > 0) {
        if (cfg.head === 'last') pooled.set(seq.subarray((b * T + len - 1) * D, (b * T + len) * D));
        else {
          for (let t = 0; t < len; t++) for (let i = 0; i < D; i++) pooled[i] += seq[(b * T + t) * D + i] / len;
        }
      }
      dense(pooled, 0, out, b * O);
    }
  }
  return { out, backbone: seq };
}

/** Loss and gradients of the same network written with tfjs ops, differentiated by tfjs autograd. */
export function tfjsGradients(
  cfg: GruNetConfig, params: NamedParam[], batch: SeqBatch, target: Float32Array, weight?: Float32Array,
): { loss: number; grads: Map<string, Float32Array> } {
  let result: { loss: number; grads: Map<string, Float32Array> } | undefined;
  tf.tidy(() => {
    const vars = params.map((p) => tf.variable(tf.tensor(p.data, p.shape), true, `${p.name}-${Math.random()}`));
    const byName = new Map(params.map((p, i) => [p.name, vars[i]]));
    const { B, T } = batch;
    const mask = tf.tensor2d(
      Float32Array.from({ length: B * T }, (_, i) => (i % T < batch.lengths[Math.floor(i / T)] ? 1 : 0)),
      [B, T],
    );
    const lossFn = (): tf.Scalar => {
      let seq: tf.Tensor3D = tf.tensor3d(batch.x, [B, T, cfg.inputDim]);
      cfg.hidden.forEach((H, l) => {
        const wih = byName.get(`gru.weight_ih_l${l}`)!;
        const whh = byName.get(`gru.weight_hh_l${l}`)!;
        const bih = byName.get(`gru.bias_ih_l${l}`)!;
        const bhh = byName.get(`gru.bias_hh_l${l}`)!;
        let h: tf.Tensor2D = tf.zeros([B, H]);
        const outs: tf.Tensor2D[] = [];
        for (let t = 0; t < T; t++) {
          const x = seq.slice([0, t, 0], [B, 1, -1]).reshape([B, -1]) as tf.Tensor2D;
          const gi = tf.add(tf.matMul(x, wih, false, true), bih) as tf.Tensor2D;
          const gh = tf.add(tf.matMul(h, whh, false, true), bhh) as tf.Tensor2D;
          const [ir, iz, inn] = tf.split(gi, 3, 1);
          const [hr, hz, hn] = tf.split(gh, 3, 1);
          const r = tf.sigmoid(tf.add(ir, hr));
          const z = tf.sigmoid(tf.add(iz, hz));
          const n = tf.tanh(tf.add(inn, tf.mul(r, hn)));
          const m = mask.slice([0, t], [B, 1]);
          const hNew = tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, h));
          h = tf.mul(hNew, m) as tf.Tensor2D;
          outs.push(h);
        }
        seq = tf.stack(outs, 1) as tf.Tensor3D;
      });
      const w = byName.get('head.weight')!;
      const hb = byName.get('head.bias')!;
      const D = seq.shape[2];
      const O = cfg.outputDim;
      let y: tf.Tensor;
      let wts: tf.Tensor;
      if (cfg.head === 'per-frame') {
        y = tf.add(tf.matMul(seq.reshape([B * T, D]), w, false, true), hb).reshape([B, T, O]);
        const base = weight ? tf.tensor(weight, weight.length === B * T ? [B, T, 1] : [B, T, O]) : tf.ones([B, T, 1]);
        wts = tf.mul(base, mask.reshape([B, T, 1])).mul(tf.ones([B, T, O]));
      } else {
        const lens = tf.tensor2d(Float32Array.from(batch.lengths), [B, 1]);
        const pooled = cfg.head === 'mean'
          ? tf.div(tf.sum(seq, 1), lens)
          : tf.sum(tf.mul(seq, tf.oneHot(tf.tensor1d(Array.from(batch.lengths, (l) => l - 1), 'int32'), T).reshape([B, T, 1])), 1);
        y = tf.add(tf.matMul(pooled, w, false, true), hb);
        const base = weight ? tf.tensor(weight, weight.length === B ? [B, 1] : [B, O]) : tf.ones([B, 1]);
        wts = tf.mul(base, tf.ones([B, O]));
      }
      const t = tf.tensor(target, y.shape);
      return tf.div(tf.sum(tf.mul(wts, tf.square(tf.sub(y, t)))), tf.sum(wts)) as tf.Scalar;
    };
    const { value, grads } = tf.variableGrads(lossFn, vars);
    const out = new Map<string, Float32Array>();
    params.forEach((p, i) => out.set(p.name, grads[vars[i].name].dataSync() as Float32Array));
    const loss = value.dataSync()[0];
    vars.forEach((v) => v.dispose());
    result = { loss, grads: out };
  });
  return result as { loss: number; grads: Map<string, Float32Array> };
}
