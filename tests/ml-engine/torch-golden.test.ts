// torch.nn.GRU weights load unchanged and give torch's outputs (golden values from
// fixtures/make-torch-golden.py, run with Debian's python3-torch).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GruNet, type BackendName } from '../../src-main/ml/engine';

interface Golden {
  inputDim: number;
  hidden: number[];
  outputDim: number;
  B: number;
  T: number;
  lengths: number[];
  x: number[];
  params: { name: string; shape: number[]; data: number[] }[];
  backbone: number[];
  out: number[];
}

const golden = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'torch-golden.json'), 'utf8')) as Golden;

describe('torch.nn.GRU compatibility', () => {
  it.each(['wasm-simd', 'js'] as BackendName[])('%s: torch weights give torch outputs (padded batch)', async (backend) => {
    const net = await GruNet.create({ inputDim: golden.inputDim, hidden: golden.hidden, outputDim: golden.outputDim, head: 'per-frame', seed: 0 }, backend);
    const ours = net.getParams();
    expect(ours.map((p) => [p.name, p.shape])).toEqual(golden.params.map((p) => [p.name, p.shape]));
    net.setParams(golden.params.map((p) => ({ name: p.name, data: Float32Array.from(p.data) })));
    const batch = { x: Float32Array.from(golden.x), B: golden.B, T: golden.T, lengths: Int32Array.from(golden.lengths) };
    const out = net.forward(batch);
    const bb = net.backbone(batch);
    for (let i = 0; i < golden.out.length; i++) expect(Math.abs(out[i] - golden.out[i])).toBeLessThan(1e-6);
    for (let i = 0; i < golden.backbone.length; i++) expect(Math.abs(bb[i] - golden.backbone[i])).toBeLessThan(1e-6);
    net.dispose();
  });
});
