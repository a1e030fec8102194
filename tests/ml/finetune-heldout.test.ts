// The paper's fine-tuning protocol on real RAVDESS features (real extractor, cached): three seeded draws of
// 40 labelled clips from the training speakers (actors 1–20), the shipped backbone (GRU(256)×2, frozen)
// with one Dense(6) head — Adam 1e-3, MSE, 30 epochs, batch 32 — judged on held-out speakers 21–24.
// What is asserted is what the method delivers here (docs/training.md, "Reading these numbers honestly"):
// every draw beats the all-zero predictor on MSE, the loss it is trained on; predictions stay on the label
// scale. MAE and accuracy are printed — on RAVDESS they do not beat all-zero with 40 labels.
import { describe, expect, it } from 'vitest';
import { targetMatrix, type FeatureClip } from '../../src-main/ml/dataset';
import { applyHead, trainHead } from '../../src-main/ml/dense-head';
import { embedClips, MemoryEmbeddingStore } from '../../src-main/ml/embedding';
import { summariseDraws } from '../../src-main/ml/evaluate-draws';
import { finetune, LABEL_RANGE, loadBackbone, PAPER_FINETUNE } from '../../src-main/ml/finetune';
import { computeMetrics, evaluateWithReferences } from '../../src-main/ml/metrics';
import { loadModel } from '../../src-main/ml/model-file';
import { assertSpeakerIndependent, drawSample } from '../../src-main/ml/splits';
import { repoRoot } from '../support/paths';
import { pickClips, ravdessFeatures, type ClipFeatures } from './support/ravdess-features';
import { TEST_ACTORS, TRAIN_ACTORS } from './support/ravdess-sets';

const toClip = (f: ClipFeatures): FeatureClip => ({
  key: f.clip.stem, speaker: String(f.clip.actor), data: f.data, frames: f.frames, present: f.present, targets: f.clip.targets,
});

describe('fine-tuning 40 labelled clips, three draws, held-out speakers (shipped backbone)', async () => {
  const pool = (await ravdessFeatures(pickClips(TRAIN_ACTORS, 3))).map(toClip);
  const test = (await ravdessFeatures(pickClips(TEST_ACTORS, 8))).map(toClip);
  const backbone = await loadBackbone(loadModel(`${repoRoot}/resources/backbone`));
  const store = new MemoryEmbeddingStore();
  const target = targetMatrix(test);

  it('each draw beats the all-zero predictor on held-out MSE; predictions stay within 0–3', () => {
    assertSpeakerIndependent([...pool, ...test].map((c) => c.speaker!), pool.map((_, i) => i), test.map((_, i) => pool.length + i));
    const reports = [1, 2, 3].map((seed) => {
      const train = drawSample(pool.map((_, i) => i), 40, seed).map((i) => pool[i]);
      const r = finetune(backbone, train, { ...PAPER_FINETUNE, seed }, store);
      const { x } = embedClips(backbone, test, 'mean', store);
      const pred = applyHead(r.head, x, test.length);
      expect(pred.every((v) => v >= LABEL_RANGE[0] && v <= LABEL_RANGE[1])).toBe(true);
      // clamping is a projection onto the label scale: never worse than the raw linear output
      const raw = computeMetrics(applyHead({ ...r.head, range: undefined }, x, test.length), target);
      const report = evaluateWithReferences(pred, target, r.trainTargetMean, false);
      expect(report.model.mae).toBeLessThanOrEqual(raw.mae);
      expect(report.model.mse).toBeLessThanOrEqual(raw.mse);
      return report;
    });
    const s = summariseDraws(reports);
    const f = (m: { mean: number; std: number }): string => `${m.mean.toFixed(3)} ± ${m.std.toFixed(3)}`;
    console.log(`3 draws × 40 clips, ${test.length} held-out clips: model MSE ${f(s.model.mse)} MAE ${f(s.model.mae)} acc ${f(s.model.accuracy)}; `
      + `all-zero MSE ${f(s.allZero.mse)} MAE ${f(s.allZero.mae)} acc ${f(s.allZero.accuracy)}; beats all-zero: MSE ${s.beatsAllZero.mse}/3, MAE ${s.beatsAllZero.mae}/3`);
    expect(s.draws).toBe(3);
    expect(s.beatsAllZero.mse).toBe(3);
    expect(s.model.mse.mean).toBeLessThan(s.allZero.mse.mean);
  });

  it('standardised embeddings are folded into the head: the stored Dense(6) on raw embeddings gives the same outputs', () => {
    const train = drawSample(pool.map((_, i) => i), 40, 1).map((i) => pool[i]);
    const { x, dim } = embedClips(backbone, train, 'mean', store);
    const y = targetMatrix(train);
    const folded = trainHead(x, y, 40, dim, 6, { ...PAPER_FINETUNE, standardizeInputs: true }).head;
    // the same training by hand: standardise, train a plain head (same seed), apply it to standardised inputs
    const mean = new Float64Array(dim);
    const std = new Float64Array(dim);
    for (let i = 0; i < 40; i++) for (let d = 0; d < dim; d++) mean[d] += x[i * dim + d] / 40;
    for (let i = 0; i < 40; i++) for (let d = 0; d < dim; d++) std[d] += (x[i * dim + d] - mean[d]) ** 2 / 40;
    const z = x.map((v, k) => (v - mean[k % dim]) / Math.max(Math.sqrt(std[k % dim]), 1e-6));
    const plain = trainHead(z, y, 40, dim, 6, { ...PAPER_FINETUNE, standardizeInputs: false }).head;
    const a = applyHead(folded, x, 40);
    const b = applyHead(plain, z, 40);
    let maxErr = 0;
    for (let i = 0; i < a.length; i++) maxErr = Math.max(maxErr, Math.abs(a[i] - b[i]));
    expect(maxErr).toBeLessThan(1e-4);
    // and it is a different model from the head on raw embeddings
    const unstandardised = applyHead(trainHead(x, y, 40, dim, 6, PAPER_FINETUNE).head, x, 40);
    expect(Math.max(...a.map((v, i) => Math.abs(v - unstandardised[i])))).toBeGreaterThan(1e-3);
  });
});
