// Model files: round trip, and every way a damaged or foreign model is refused with a message naming it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FEATURE_COUNT, FEATURE_SPEC_ID } from '../../src-main/contract/feature-spec';
import { loadCheckpoint, saveCheckpoint } from '../../src-main/ml/checkpoint';
import { loadModel, saveModel, type ModelManifest } from '../../src-main/ml/model-file';
import { fitStandardization } from '../../src-main/ml/standardize';

const dir = mkdtempSync(join(tmpdir(), 'ew-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function manifest(): Omit<ModelManifest, 'weights'> {
  const data = new Float32Array(3 * FEATURE_COUNT).map((_, i) => i % 7);
  return {
    format: 'ew-masked-gru', formatVersion: 1, kind: 'pretrained', createdAt: '2026-11-23T00:00:00.000Z', featureSpec: FEATURE_SPEC_ID,
    architecture: { inputDim: FEATURE_COUNT, hidden: [4], outputDim: FEATURE_COUNT, head: 'per-frame' },
    standardization: fitStandardization([{ data, frames: 3 }]), crop: { maxFrames: 1000 },
    training: { seed: 1, backend: 'js', epochs: 1, lr: 0.001, batchSize: 32, clips: 1, dataSha256: 'x', durationMs: 1 },
  };
}
const tensors = [
  { name: 'gru.weight_ih_l0', shape: [12, FEATURE_COUNT], data: new Float32Array(12 * FEATURE_COUNT).map((_, i) => Math.sin(i)) },
  { name: 'head.bias', shape: [FEATURE_COUNT], data: new Float32Array(FEATURE_COUNT).fill(0.25) },
];

describe('model files', () => {
  it('round-trips manifest and weights', () => {
    const path = join(dir, 'ok');
    const saved = saveModel(path, manifest(), tensors);
    const loaded = loadModel(path);
    expect(loaded.manifest.weights.sha256).toBe(saved.weights.sha256);
    expect(loaded.tensors.map((t) => t.name)).toEqual(['gru.weight_ih_l0', 'head.bias']);
    expect(Array.from(loaded.tensors[0].data)).toEqual(Array.from(tensors[0].data));
    expect(loadModel(join(path, 'manifest.json')).path).toBe(path);
  });

  it('refuses a corrupted weights file, naming the model', () => {
    const path = join(dir, 'corrupt');
    saveModel(path, manifest(), tensors);
    const w = readFileSync(join(path, 'weights.bin'));
    w[100] ^= 0x40;
    writeFileSync(join(path, 'weights.bin'), w);
    expect(() => loadModel(path)).toThrow(new RegExp(`${path}: weights.bin has sha256 .* does not match`));
    writeFileSync(join(path, 'weights.bin'), w.subarray(0, 64));
    expect(() => loadModel(path)).toThrow(/weights.bin is 64 bytes, the manifest says/);
    rmSync(join(path, 'weights.bin'));
    expect(() => loadModel(path)).toThrow(/weights file is missing/);
  });

  it('refuses a damaged manifest, a non-model folder and a model of another feature spec', () => {
    const path = join(dir, 'spec');
    saveModel(path, { ...manifest(), featureSpec: 'covarep74-v0' }, tensors);
    expect(() => loadModel(path)).toThrow(new RegExp(`${path}: built for feature spec "covarep74-v0", but this workstation's features are "${FEATURE_SPEC_ID}"`));
    writeFileSync(join(path, 'manifest.json'), '{"format": "ew-masked-gru", "weights": ');
    expect(() => loadModel(path)).toThrow(/manifest is not valid JSON/);
    writeFileSync(join(path, 'manifest.json'), '{"hello": 1}');
    expect(() => loadModel(path)).toThrow(/not a workstation model/);
    expect(() => loadModel(dir)).toThrow(/no manifest.json here/);
    expect(() => loadModel(join(dir, 'nope'))).toThrow(/no such model folder/);
  });
});

describe('checkpoints', () => {
  it('round-trips state and tensors and refuses a damaged file', () => {
    const path = join(dir, 'ck', 'run.ckpt');
    saveCheckpoint(path, { epochsDone: 3, note: 'x' }, tensors);
    const back = loadCheckpoint<{ epochsDone: number }>(path)!;
    expect(back.state.epochsDone).toBe(3);
    expect(Array.from(back.tensors[1].data)).toEqual(Array.from(tensors[1].data));
    expect(loadCheckpoint(join(dir, 'ck', 'none.ckpt'))).toBeNull();
    const bytes = readFileSync(path);
    bytes[bytes.length - 3] ^= 1;
    writeFileSync(path, bytes);
    expect(() => loadCheckpoint(path)).toThrow(/does not match its checksum/);
  });
});
