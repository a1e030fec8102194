// The engine's orchestration (forward, BPTT, heads, loss, Adam) on the plain-JS kernels: checked against
// a direct float64 GRU, tfjs autograd, and finite differences on a float64 run of the same code.
import { describe, expect, it } from 'vitest';
import { GruNet, type GruNetConfig } from '../../src-main/ml/engine';
import { randomArray, randomBatch, referenceForward, tfjsGradients } from './reference';

const heads = ['per-frame', 'last', 'mean'] as const;
const small = (head: GruNetConfig['head']): GruNetConfig => ({ inputDim: 4, hidden: [5, 3], outputDim: 2, head, seed: 11 });

function targetsFor(cfg: GruNetConfig, B: number, T: number, seed: number): { target: Float32Array; weight: Float32Array } {
  const rows = cfg.head === 'per-frame' ? B * T : B;
  return { target: randomArray(rows * cfg.outputDim, seed), weight: randomArray(rows, seed + 1).map((v) => Math.abs(v) + 0.1) };
}

function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 1e-12;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / den;
}

describe('GruNet on the js backend', () => {
  it.each(heads)('forward matches a direct float64 GRU (%s head, padded batch)', async (head) => {
    const cfg = small(head);
    const net = await GruNet.create(cfg, 'js');
    const batch = randomBatch(3, 6, 4, [6, 4, 1], 7);
    const y = net.forward(batch);
    const ref = referenceForward(cfg, net.getParams(), batch);
    expect(y.length).toBe(ref.out.length);
    for (let i = 0; i < y.length; i++) expect(Math.abs(y[i] - ref.out[i])).toBeLessThan(1e-6);
    const bb = net.backbone(batch);
    for (let i = 0; i < bb.length; i++) expect(Math.abs(bb[i] - ref.backbone[i])).toBeLessThan(1e-6);
    net.dispose();
  });

  it.each(heads)('gradients match tfjs autograd within 1e-4 (%s head, weighted, padded)', async (head) => {
    const cfg = small(head);
    const net = await GruNet.create(cfg, 'js');
    const batch = randomBatch(3, 6, 4, [6, 4, 2], 8);
    const tg = targetsFor(cfg, 3, 6, 21);
    const ours = net.computeGradients(batch, tg);
    const ref = tfjsGradients(cfg, net.getParams(), batch, tg.target, tg.weight);
    expect(Math.abs(ours.loss - ref.loss) / ref.loss).toBeLessThan(1e-5);
    for (const g of ours.grads) expect(relErr(g.data, ref.grads.get(g.name)!), g.name).toBeLessThan(1e-4);
    net.dispose();
  });

  it('gradients match central finite differences of a float64 run', async () => {
    const cfg = small('per-frame');
    const net = await GruNet.create(cfg, 'js', { precision: 'f64' });
    const batch = randomBatch(2, 5, 4, [5, 3], 9);
    const tg = targetsFor(cfg, 2, 5, 31);
    const { grads } = net.computeGradients(batch, tg);
    const params = net.getParams();
    const eps = 1e-6;
    for (const p of params) {
      const g = grads.find((q) => q.name === p.name)!.data;
      const base = Float64Array.from(p.data);
      for (const i of [0, Math.floor(p.data.length / 2), p.data.length - 1]) {
        const probe = Float64Array.from(base);
        probe[i] = base[i] + eps;
        net.setParams([{ name: p.name, data: probe }]);
        const up = net.computeGradients(batch, tg).loss;
        probe[i] = base[i] - eps;
        net.setParams([{ name: p.name, data: probe }]);
        const down = net.computeGradients(batch, tg).loss;
        net.setParams([{ name: p.name, data: base }]);
        const fd = (up - down) / (2 * eps);
        expect(Math.abs(fd - g[i]), `${p.name}[${i}]`).toBeLessThan(1e-7 + 1e-5 * Math.abs(g[i]));
      }
    }
    net.dispose();
  });

  it('training is deterministic given a seed and lowers the loss; frozen parameters stay put', async () => {
    const cfg = small('per-frame');
    const batch = randomBatch(3, 6, 4, [6, 5, 3], 10);
    const tg = targetsFor(cfg, 3, 6, 41);
    const run = async (freeze: string[]): Promise<{ losses: number[]; params: Float32Array[] }> => {
      const net = await GruNet.create(cfg, 'js');
      const losses: number[] = [];
      for (let i = 0; i < 30; i++) losses.push(net.trainStep(batch, tg, { lr: 0.01, freeze }));
      const params = net.getParams().map((p) => p.data);
      net.dispose();
      return { losses, params };
    };
    const a = await run([]);
    const b = await run([]);
    expect(a.losses).toEqual(b.losses);
    a.params.forEach((p, i) => expect(Array.from(p)).toEqual(Array.from(b.params[i])));
    expect(a.losses.at(-1)!).toBeLessThan(a.losses[0] * 0.8);
    const initial = (await GruNet.create(cfg, 'js')).getParams();
    const frozen = await run(['gru.']);
    initial.forEach((p, i) => {
      if (p.name.startsWith('gru.')) expect(Array.from(frozen.params[i])).toEqual(Array.from(p.data));
      else expect(Array.from(frozen.params[i])).not.toEqual(Array.from(p.data));
    });
  });

  it('optimizer state round-trips: resuming gives the same weights as not stopping', async () => {
    const cfg = small('mean');
    const batch = randomBatch(3, 6, 4, [6, 5, 3], 12);
    const tg = targetsFor(cfg, 3, 6, 51);
    const straight = await GruNet.create(cfg, 'js');
    for (let i = 0; i < 6; i++) straight.trainStep(batch, tg, { lr: 0.01 });
    const first = await GruNet.create(cfg, 'js');
    for (let i = 0; i < 3; i++) first.trainStep(batch, tg, { lr: 0.01 });
    const resumed = await GruNet.create({ ...cfg, seed: 99 }, 'js');
    resumed.setParams(first.getParams());
    resumed.setOptimizerState(structuredClone(first.getOptimizerState()));
    for (let i = 0; i < 3; i++) resumed.trainStep(batch, tg, { lr: 0.01 });
    const a = straight.getParams();
    resumed.getParams().forEach((p, i) => expect(Array.from(p.data)).toEqual(Array.from(a[i].data)));
  });

  it('rejects malformed batches with a message naming the problem', async () => {
    const net = await GruNet.create(small('last'), 'js');
    expect(() => net.forward({ x: new Float32Array(5), B: 1, T: 2, lengths: Int32Array.of(2) })).toThrow(/x has 5 values/);
    expect(() => net.forward({ x: new Float32Array(8), B: 1, T: 2, lengths: Int32Array.of(3) })).toThrow(/lengths\[0\] = 3/);
    expect(() => net.setParams([{ name: 'gru.nope', data: new Float32Array(1) }])).toThrow(/unknown parameter "gru.nope"/);
  });
});
