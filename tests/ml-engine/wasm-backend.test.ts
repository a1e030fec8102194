// The WASM SIMD kernels and the two-thread runtime: same results as the JS kernels and as one thread,
// the committed .wasm equals a rebuild from the C source, and backend selection reports what runs.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { GruNet, selectBackend, type GruNetConfig } from '../../src-main/ml/engine';
import type { TfjsLike } from '../../src-main/ml/engine/backend';
import type { WasmRuntime } from '../../src-main/ml/engine/wasm-runtime';
import { GRU_KERNELS_WASM_BASE64 } from '../../src-main/ml/wasm/gru-kernels-wasm';
import { repoRoot } from '../support/paths';
import { randomArray, randomBatch, referenceForward } from './reference';

// H = 6 exercises the scalar tails of the SIMD loops, O = 11 the partial B panels, B = 9 the 1-row kernel.
const cfg = (head: GruNetConfig['head']): GruNetConfig => ({ inputDim: 7, hidden: [12, 6], outputDim: 11, head, seed: 5 });
const lengths = [13, 13, 9, 1, 12, 5, 13, 7, 3];

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

describe('wasm-simd backend', () => {
  it('is selected by default here (no tfjs-node) and reports itself', async () => {
    expect(await selectBackend()).toBe('wasm-simd');
    const net = await GruNet.create(cfg('last'));
    expect(net.backend).toBe('wasm-simd');
    expect(net.threads).toBe(2);
    net.dispose();
    await expect(selectBackend('tfjs-node')).rejects.toThrow(/tfjs-node is not installed/);
  });

  it.each(['per-frame', 'last', 'mean'] as const)('forward and gradients agree with the js backend (%s head)', async (head) => {
    const c = cfg(head);
    const batch = randomBatch(9, 13, 7, lengths, 3);
    const rows = head === 'per-frame' ? 9 * 13 : 9;
    const targets = { target: randomArray(rows * 11, 4), weight: randomArray(rows, 5).map((v) => Math.abs(v)) };
    const js = await GruNet.create(c, 'js');
    const wasm = await GruNet.create(c, 'wasm-simd', { threads: 1 });
    const ref = referenceForward(c, js.getParams(), batch);
    expect(maxAbs(wasm.forward(batch), ref.out)).toBeLessThan(1e-6);
    expect(maxAbs(wasm.backbone(batch), ref.backbone)).toBeLessThan(1e-6);
    const a = js.computeGradients(batch, targets);
    const b = wasm.computeGradients(batch, targets);
    expect(Math.abs(a.loss - b.loss)).toBeLessThan(1e-6 * a.loss);
    a.grads.forEach((g, i) => {
      const scale = Math.max(...g.data.map(Math.abs));
      expect(maxAbs(b.grads[i].data, g.data) / scale, g.name).toBeLessThan(1e-5);
    });
    js.dispose();
    wasm.dispose();
  });

  it('two threads give bit-identical results to one thread (shards pulled from a queue, summed in order)', async () => {
    const c = cfg('per-frame');
    const batch = randomBatch(9, 13, 7, lengths, 6);
    const targets = { target: randomArray(9 * 13 * 11, 7) };
    const train = async (threads: number): Promise<{ losses: number[]; params: Float32Array[] }> => {
      const net = await GruNet.create(c, 'wasm-simd', { threads });
      expect(net.threads).toBe(threads);
      await net.threadsReady();
      // forward passes change nothing; they only get the worker awake and taking shards before training
      const workerShards = (): number => (net as unknown as { rt: WasmRuntime }).rt.workerShards;
      for (let i = 0; i < 40 && threads === 2 && workerShards() === 0; i++) net.forward(batch);
      const losses = Array.from({ length: 5 }, () => net.trainStep(batch, targets, { lr: 0.01 }));
      const params = net.getParams().map((p) => p.data);
      net.dispose();
      return { losses, params };
    };
    const one = await train(1);
    const two = await train(2);
    const twoAgain = await train(2);
    expect(twoAgain).toEqual(two);
    expect(two).toEqual(one);
    expect(one.losses.at(-1)!).toBeLessThan(one.losses[0]);
  });

  it('the second thread takes shards once ready', async () => {
    const net = await GruNet.create({ inputDim: 16, hidden: [96, 96], outputDim: 16, head: 'per-frame', seed: 1 }, 'wasm-simd', { threads: 2 });
    await net.threadsReady();
    const batch = randomBatch(8, 60, 16, Array(8).fill(60), 10);
    const workerShards = (): number => (net as unknown as { rt: WasmRuntime }).rt.workerShards;
    // each call posts the plan and pulls shards itself; on a loaded machine the worker may wake late, so
    // allow a few calls before it has taken its first shard
    for (let i = 0; i < 40 && workerShards() === 0; i++) net.forward(batch);
    expect(workerShards()).toBeGreaterThan(0);
    net.dispose();
  });

  it('keeps working on one thread after the second thread dies', async () => {
    const c = cfg('per-frame');
    const batch = randomBatch(9, 13, 7, lengths, 13);
    const one = await GruNet.create(c, 'wasm-simd', { threads: 1 });
    const net = await GruNet.create(c, 'wasm-simd', { threads: 2 });
    await net.threadsReady();
    const worker = (net as unknown as { rt: { worker: import('node:worker_threads').Worker } }).rt.worker;
    await worker.terminate(); // as if the thread had crashed
    expect(Array.from(net.forward(batch))).toEqual(Array.from(one.forward(batch)));
    one.dispose();
    net.dispose();
  });

  it('the tfjs-node code path (tfjs matmuls) agrees, run here on tfjs CPU kernels', async () => {
    const c = cfg('mean');
    const batch = randomBatch(9, 13, 7, lengths, 8);
    const targets = { target: randomArray(9 * 11, 9) };
    const wasm = await GruNet.create(c, 'wasm-simd');
    // tfjs-node is absent here, so hand the backend @tensorflow/tfjs: the same API over its CPU kernels
    const forced = await GruNet.create(c, 'tfjs-node', { tfjs: tf as unknown as TfjsLike });
    expect(forced.backend).toBe('tfjs-node');
    expect(maxAbs(forced.forward(batch), wasm.forward(batch))).toBeLessThan(1e-5);
    const a = wasm.computeGradients(batch, targets);
    const b = forced.computeGradients(batch, targets);
    a.grads.forEach((g, i) => expect(maxAbs(b.grads[i].data, g.data) / Math.max(...g.data.map(Math.abs)), g.name).toBeLessThan(1e-4));
    wasm.dispose();
    forced.dispose();
  });

  it('the committed .wasm and its embedded copy equal a rebuild from the C source', (ctx) => {
    const committed = readFileSync(join(repoRoot, 'src-main/ml/wasm/gru-kernels.wasm'));
    expect(Buffer.from(GRU_KERNELS_WASM_BASE64, 'base64').equals(committed)).toBe(true);
    if (spawnSync('clang-14', ['--version']).status !== 0) {
      console.warn('skipping the .wasm rebuild check: clang-14 is not installed (apt-get install clang-14 lld-14)');
      ctx.skip();
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'wasm-rebuild-'));
    try {
      execFileSync('bash', [join(repoRoot, 'scripts/build-wasm.sh'), join(dir, 'gru-kernels.wasm')], { stdio: 'pipe' });
      expect(readFileSync(join(dir, 'gru-kernels.wasm')).equals(committed)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('edge shapes', () => {
  // odd sizes hit every tail path: H = 1 and 5 (SIMD tails), O = 1, B = 1, T = 1, empty sequences
  const cases: { cfg: GruNetConfig; lengths: number[]; T: number }[] = [
    { cfg: { inputDim: 1, hidden: [1], outputDim: 1, head: 'per-frame', seed: 2 }, lengths: [1], T: 1 },
    { cfg: { inputDim: 3, hidden: [5], outputDim: 1, head: 'last', seed: 3 }, lengths: [0, 4, 2], T: 4 },
    { cfg: { inputDim: 3, hidden: [5, 9, 4], outputDim: 2, head: 'mean', seed: 4 }, lengths: [3, 0, 1, 3, 2, 3, 1, 2, 3, 1], T: 3 },
    { cfg: { inputDim: 6, hidden: [], outputDim: 3, head: 'mean', seed: 5 }, lengths: [2, 5], T: 5 },
    { cfg: { inputDim: 6, hidden: [], outputDim: 3, head: 'per-frame', seed: 6 }, lengths: [2, 5], T: 5 },
  ];
  it.each(cases.map((c, i) => [i, c] as const))('case %i: wasm = js = reference, gradients agree', async (_i, { cfg, lengths, T }) => {
    const B = lengths.length;
    const batch = randomBatch(B, T, cfg.inputDim, lengths, 11);
    const rows = cfg.head === 'per-frame' ? B * T : B;
    const targets = { target: randomArray(rows * cfg.outputDim, 12) };
    const js = await GruNet.create(cfg, 'js');
    const wasm = await GruNet.create(cfg, 'wasm-simd');
    const ref = referenceForward(cfg, js.getParams(), batch);
    expect(maxAbs(js.forward(batch), ref.out)).toBeLessThan(1e-6);
    expect(maxAbs(wasm.forward(batch), ref.out)).toBeLessThan(1e-6);
    const a = js.computeGradients(batch, targets);
    const b = wasm.computeGradients(batch, targets);
    expect(Number.isFinite(a.loss)).toBe(true);
    expect(Math.abs(a.loss - b.loss)).toBeLessThan(1e-6 * Math.max(a.loss, 1e-3));
    a.grads.forEach((g, i) => expect(maxAbs(b.grads[i].data, g.data), g.name).toBeLessThan(1e-6 * Math.max(1, ...g.data.map(Math.abs))));
    js.dispose();
    wasm.dispose();
  });
});
