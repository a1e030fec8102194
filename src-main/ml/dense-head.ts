// The fine-tuning head of Nimitsurachat & Washington (AI 2024, arXiv 2307.12343): one Dense(6) layer on
// the frozen backbone's output, trained with Adam (lr 1e-3, β 0.9/0.999, ε 1e-8) on MSE for 30 epochs,
// batch 32 (Keras' default). Because the backbone is frozen, its output per clip is computed once
// (embedding.ts) and this layer trains on [N × H] vectors: 30 epochs over a few hundred clips take
// milliseconds, in plain float64 JavaScript. Initialisation follows torch.nn.Linear, U(±1/√H), seeded,
// and the parameters use its layout (weight [6, H], bias [6]).
//
// Two choices the paper leaves open (measured in docs/training.md, ADR 0088):
//  - `standardizeInputs`: the head trains on the embedding standardised per dimension with the mean/std
//    of the training clips; the fitted statistics are then folded into the weights (W/s, b − W·m/s), so
//    the stored head is still one plain Dense layer on the raw embedding — model files are unchanged.
//  - `range`: predictions clamped to the label scale (emotion intensities 0–3). Every target lies in that
//    interval, so clamping can only lower each prediction's absolute and squared error.
import { createRng } from './rng';

export interface DenseHead {
  inputDim: number;
  outputDim: number;
  weight: Float32Array;
  bias: Float32Array;
  /** clamp every output to [low, high] (the label scale); absent = unbounded */
  range?: readonly [number, number];
}

export interface HeadTrainConfig {
  epochs: number;
  lr: number;
  batchSize: number;
  seed: number;
  /** train on the embedding standardised with the training clips' statistics (folded into the weights) */
  standardizeInputs?: boolean;
}

export const PAPER_HEAD: HeadTrainConfig = { epochs: 30, lr: 1e-3, batchSize: 32, seed: 1 };

export function initHead(inputDim: number, outputDim: number, seed: number): DenseHead {
  const rng = createRng(seed);
  const bound = 1 / Math.sqrt(inputDim);
  const weight = new Float32Array(outputDim * inputDim);
  const bias = new Float32Array(outputDim);
  for (let i = 0; i < weight.length; i++) weight[i] = (rng.next() * 2 - 1) * bound;
  for (let i = 0; i < bias.length; i++) bias[i] = (rng.next() * 2 - 1) * bound;
  return { inputDim, outputDim, weight, bias };
}

/** y [N × O] = x [N × H] · Wᵀ + b, clamped to head.range when it has one */
export function applyHead(head: DenseHead, x: Float32Array, n: number): Float32Array {
  const { inputDim: H, outputDim: O, weight, bias, range } = head;
  const y = new Float32Array(n * O);
  for (let i = 0; i < n; i++) {
    for (let o = 0; o < O; o++) {
      let s = bias[o];
      const w = o * H;
      const r = i * H;
      for (let h = 0; h < H; h++) s += weight[w + h] * x[r + h];
      y[i * O + o] = range ? Math.min(range[1], Math.max(range[0], s)) : s;
    }
  }
  return y;
}

/** Per-dimension mean and std (population; < 1e-6 → 1) of x [N × H], in float64. */
export function columnStats(x: Float32Array, n: number, dim: number): { mean: Float64Array; std: Float64Array } {
  const mean = new Float64Array(dim);
  const std = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) mean[d] += x[i * dim + d];
  for (let d = 0; d < dim; d++) mean[d] /= Math.max(1, n);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) std[d] += (x[i * dim + d] - mean[d]) ** 2;
  for (let d = 0; d < dim; d++) {
    const s = Math.sqrt(std[d] / Math.max(1, n));
    std[d] = s < 1e-6 ? 1 : s;
  }
  return { mean, std };
}

/** Trains the head on embeddings x [N × H] and targets y [N × O]; returns it and the loss per epoch. */
export function trainHead(xIn: Float32Array, y: Float32Array, n: number, inputDim: number, outputDim: number, cfg: HeadTrainConfig): { head: DenseHead; history: { epoch: number; loss: number }[] } {
  const H = inputDim;
  const O = outputDim;
  const stats = cfg.standardizeInputs ? columnStats(xIn, n, H) : null;
  const x = stats ? xIn.map((v, k) => (v - stats.mean[k % H]) / stats.std[k % H]) : xIn;
  const head = initHead(H, O, cfg.seed);
  const P = O * H + O;
  const theta = new Float64Array(P);
  theta.set(head.weight, 0);
  theta.set(head.bias, O * H);
  const m = new Float64Array(P);
  const v = new Float64Array(P);
  const g = new Float64Array(P);
  const b1 = 0.9;
  const b2 = 0.999;
  const eps = 1e-8;
  let step = 0;
  const rng = createRng(cfg.seed ^ 0x5bd1e995);
  const order = Array.from({ length: n }, (_, i) => i);
  const history: { epoch: number; loss: number }[] = [];
  const pred = new Float64Array(O);
  for (let epoch = 0; epoch < cfg.epochs; epoch++) {
    rng.shuffle(order);
    let lossSum = 0;
    for (let s = 0; s < n; s += cfg.batchSize) {
      const rows = order.slice(s, s + cfg.batchSize);
      g.fill(0);
      const scale = 2 / (rows.length * O); // d/dŷ of mean squared error over the batch's elements
      for (const i of rows) {
        for (let o = 0; o < O; o++) {
          let acc = theta[O * H + o];
          for (let h = 0; h < H; h++) acc += theta[o * H + h] * x[i * H + h];
          pred[o] = acc;
        }
        for (let o = 0; o < O; o++) {
          const d = pred[o] - y[i * O + o];
          lossSum += d * d;
          const gd = scale * d;
          for (let h = 0; h < H; h++) g[o * H + h] += gd * x[i * H + h];
          g[O * H + o] += gd;
        }
      }
      step++;
      const c1 = 1 - Math.pow(b1, step);
      const c2 = 1 - Math.pow(b2, step);
      for (let p = 0; p < P; p++) {
        m[p] = b1 * m[p] + (1 - b1) * g[p];
        v[p] = b2 * v[p] + (1 - b2) * g[p] * g[p];
        theta[p] -= (cfg.lr * (m[p] / c1)) / (Math.sqrt(v[p] / c2) + eps);
      }
    }
    history.push({ epoch: epoch + 1, loss: lossSum / (n * O) });
  }
  if (stats) {
    // W·((x − m)/s) + b = (W/s)·x + (b − Σ W·m/s): the same function of the raw embedding
    for (let o = 0; o < O; o++) {
      let shift = 0;
      for (let h = 0; h < H; h++) {
        theta[o * H + h] /= stats.std[h];
        shift += theta[o * H + h] * stats.mean[h];
      }
      theta[O * H + o] -= shift;
    }
  }
  return { head: { inputDim: H, outputDim: O, weight: Float32Array.from(theta.subarray(0, O * H)), bias: Float32Array.from(theta.subarray(O * H)) }, history };
}
