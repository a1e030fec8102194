// The fine-tuning head of Nimitsurachat & Washington (AI 2024, arXiv 2307.12343): one Dense(6) layer on
// the frozen backbone's output, trained with Adam (lr 1e-3, β 0.9/0.999, ε 1e-8) on MSE for 30 epochs,
// batch 32 (Keras' default). Because the backbone is frozen, its output per clip is computed once
// (embedding.ts) and this layer trains on [N × H] vectors: 30 epochs over a few hundred clips take
// milliseconds, in plain float64 JavaScript. Initialisation follows torch.nn.Linear, U(±1/√H), seeded,
// and the parameters use its layout (weight [6, H], bias [6]).
import { createRng } from './rng';

export interface DenseHead { inputDim: number; outputDim: number; weight: Float32Array; bias: Float32Array }

export interface HeadTrainConfig { epochs: number; lr: number; batchSize: number; seed: number }

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

/** y [N × O] = x [N × H] · Wᵀ + b */
export function applyHead(head: DenseHead, x: Float32Array, n: number): Float32Array {
  const { inputDim: H, outputDim: O, weight, bias } = head;
  const y = new Float32Array(n * O);
  for (let i = 0; i < n; i++) {
    for (let o = 0; o < O; o++) {
      let s = bias[o];
      const w = o * H;
      const r = i * H;
      for (let h = 0; h < H; h++) s += weight[w + h] * x[r + h];
      y[i * O + o] = s;
    }
  }
  return y;
}

/** Trains the head on embeddings x [N × H] and targets y [N × O]; returns it and the loss per epoch. */
export function trainHead(x: Float32Array, y: Float32Array, n: number, inputDim: number, outputDim: number, cfg: HeadTrainConfig): { head: DenseHead; history: { epoch: number; loss: number }[] } {
  const H = inputDim;
  const O = outputDim;
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
  return { head: { inputDim: H, outputDim: O, weight: Float32Array.from(theta.subarray(0, O * H)), bias: Float32Array.from(theta.subarray(O * H)) }, history };
}
