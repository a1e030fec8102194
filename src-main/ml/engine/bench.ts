// Throughput of the engine on the paper's pretraining model (74 → GRU256 → GRU256 → Dense74 per frame,
// masked-frame MSE, Adam) and of backbone inference (both GRU layers), on a synthetic batch: the numbers
// behind `bench-train` and `npm run bench -- train`. Timing is wall-clock over `steps` calls after one
// warm-up call; FLOPs are counted analytically (see docs/engine.md).
import { GruNet } from './gru-net';
import { mulberry32 } from './random';
import type { BackendName } from './types';

export interface BenchOptions {
  frames: number;
  batch: number;
  steps: number;
  backend?: BackendName;
  threads?: number;
  hidden?: number[];
  inputDim?: number;
}

export interface BenchResult {
  backend: BackendName;
  threads: number;
  batch: number;
  frames: number;
  steps: number;
  msPerStep: number;
  trainTimestepsPerSecond: number;
  /** process CPU time (both threads) per step */
  cpuMsPerStep: number;
  inferenceMsPerBatch: number;
  inferenceCpuMsPerBatch: number;
  inferenceFramesPerSecond: number;
  trainGflopPerStep: number;
  trainGflopPerSecond: number;
  inferenceGflopPerSecond: number;
}

/** Multiply-adds ×2 of one forward pass of the GRU stack (+ head) over B·T frames. */
export function forwardFlops(inputDim: number, hidden: number[], outputDim: number, frames: number, withHead: boolean): number {
  let flops = 0;
  let I = inputDim;
  for (const H of hidden) {
    flops += 2 * frames * 3 * H * (I + H);
    I = H;
  }
  return flops + (withHead ? 2 * frames * I * outputDim : 0);
}

/** Forward + backward of training: backward costs two forward matmuls per layer, minus dX of the first layer. */
export function trainFlops(inputDim: number, hidden: number[], outputDim: number, frames: number): number {
  const fwd = forwardFlops(inputDim, hidden, outputDim, frames, true);
  const firstInput = hidden.length ? 2 * frames * 3 * hidden[0] * inputDim : 0;
  return 3 * fwd - firstInput;
}

export async function benchTrain(opts: BenchOptions): Promise<BenchResult> {
  const inputDim = opts.inputDim ?? 74;
  const hidden = opts.hidden ?? [256, 256];
  const { frames: T, batch: B, steps } = opts;
  const net = await GruNet.create({ inputDim, hidden, outputDim: inputDim, head: 'per-frame', seed: 1 }, opts.backend, { threads: opts.threads });
  try {
    await net.threadsReady();
    const rand = mulberry32(7);
    const x = Float32Array.from({ length: B * T * inputDim }, () => rand() * 2 - 1);
    const batch = { x, B, T, lengths: new Int32Array(B).fill(T) };
    const target = Float32Array.from(x, (v) => v * 0.5);
    // wall time, and process CPU time (all threads): on a shared machine the CPU time per step is the
    // load-robust figure, the wall time the one a user sees
    const time = (fn: () => void): [number, number] => {
      fn();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      for (let i = 0; i < steps; i++) fn();
      const cpu = process.cpuUsage(c0);
      return [(performance.now() - t0) / steps, (cpu.user + cpu.system) / 1000 / steps];
    };
    const [msPerStep, cpuMsPerStep] = time(() => net.trainStep(batch, { target }, { lr: 1e-3 }));
    const [inferenceMs, inferenceCpuMs] = time(() => net.backbone(batch));
    const trainG = trainFlops(inputDim, hidden, inputDim, B * T) / 1e9;
    const inferG = forwardFlops(inputDim, hidden, inputDim, B * T, false) / 1e9;
    return {
      backend: net.backend,
      threads: net.threads,
      batch: B,
      frames: T,
      steps,
      msPerStep: round(msPerStep, 1),
      trainTimestepsPerSecond: Math.round((B * T) / (msPerStep / 1000)),
      cpuMsPerStep: round(cpuMsPerStep, 1),
      inferenceMsPerBatch: round(inferenceMs, 1),
      inferenceCpuMsPerBatch: round(inferenceCpuMs, 1),
      inferenceFramesPerSecond: Math.round((B * T) / (inferenceMs / 1000)),
      trainGflopPerStep: round(trainG, 2),
      trainGflopPerSecond: round(trainG / (msPerStep / 1000), 1),
      inferenceGflopPerSecond: round(inferG / (inferenceMs / 1000), 1),
    };
  } finally {
    net.dispose();
  }
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
