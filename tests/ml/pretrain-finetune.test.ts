// End to end on real RAVDESS features (real extractor, cached): masked pretraining on the training
// speakers' audio, then fine-tuning 40 labelled clips, judged on held-out speakers (actors 21–24).
// The network is smaller than the paper's GRU(256)×2 (GRU(64)×2) so the suite stays within its time
// budget on two shared cores; the full size runs in docs/training.md's experiment and the benchmark.
import { describe, expect, it } from 'vitest';
import type { FeatureClip } from '../../src-main/ml/dataset';
import { MemoryEmbeddingStore } from '../../src-main/ml/embedding';
import { finetune, loadBackbone, PAPER_FINETUNE, trainBaseline, PAPER_BASELINE } from '../../src-main/ml/finetune';
import { computeMetrics, zeroPredictions } from '../../src-main/ml/metrics';
import { describeWeights, type LoadedModel } from '../../src-main/ml/model-file';
import { evaluateReconstruction, PAPER_PRETRAIN, pretrain, pretrainedManifest, type ReconstructionReport } from '../../src-main/ml/pretrain';
import { assertSpeakerIndependent } from '../../src-main/ml/splits';
import { applyHead } from '../../src-main/ml/dense-head';
import { embedClips } from '../../src-main/ml/embedding';
import { targetMatrix } from '../../src-main/ml/dataset';
import { pickClips, ravdessFeatures, type ClipFeatures } from './support/ravdess-features';
import { TEST_ACTORS, TRAIN_ACTORS } from './support/ravdess-sets';

const toClip = (f: ClipFeatures): FeatureClip => ({
  key: f.clip.stem, speaker: String(f.clip.actor), data: f.data, frames: f.frames, present: f.present, targets: f.clip.targets,
});

const HIDDEN = [64, 64];

describe('masked pretraining and fine-tuning on RAVDESS', async () => {
  const train = (await ravdessFeatures(pickClips(TRAIN_ACTORS, 2))).map(toClip);
  const test = (await ravdessFeatures(pickClips(TEST_ACTORS, 4))).map(toClip);
  const speakers = [...train, ...test].map((c) => c.speaker!);

  it('uses a speaker-independent split', () => {
    expect(train.length).toBe(40);
    assertSpeakerIndependent(speakers, train.map((_, i) => i), test.map((_, i) => train.length + i));
  });

  let backboneModel: LoadedModel;

  // A unidirectional GRU sees only the frames BEFORE a masked span; the references it must beat are the
  // ones using the same information: repeating the last unmasked frame (causal copy-neighbour) and the
  // training mean. Linear interpolation across the span also uses the frame after it; the model does not
  // beat it at this size (numbers in docs/training.md), so it is printed, not asserted.
  it('pretraining lowers masked-frame MSE below the causal copy-neighbour and the mean on held-out speakers', async () => {
    const config = { ...PAPER_PRETRAIN, hidden: HIDDEN, epochs: 12, batchSize: 8, seed: 3 };
    const r = await pretrain(train, config);
    const before = evaluateReconstruction(r.net, r.standardization, test, { seed: 99 });
    expect(r.history.length).toBe(12);
    expect(r.history.at(-1)!.loss).toBeLessThan(r.history[0].loss);
    // Same masks (seed 99) for model and references.
    console.log(`held-out masked-frame MSE: model ${before.model.toFixed(4)}, hold ${before.hold.toFixed(4)}, mean ${before.mean.toFixed(4)}, interpolation ${before.interpolation.toFixed(4)}`);
    expect(before.model).toBeLessThan(before.hold);
    expect(before.model).toBeLessThan(before.mean);
    const params = r.net.getParams();
    const { weights } = describeWeights(params);
    backboneModel = { manifest: { ...pretrainedManifest(r, r.net.backend), weights }, tensors: params, path: 'memory' };
    r.net.dispose();
  });

  // The delayed readout of ADR 0086 (output t reconstructs frame t − 30) lets the same causal GRU read the
  // frames after a masked span before it emits them. Both readouts are trained alike (same clips, size,
  // seed, 60 epochs) and judged on the same held-out masks, 4 draws pooled. At this size the look-ahead
  // model does NOT reach linear interpolation (docs/training.md: the gap closes with data and size), so
  // interpolation is printed, not asserted; what is asserted is that reading past the span helps.
  it('a 30-frame look-ahead lowers held-out masked-frame MSE below the paper readout, the causal copy-neighbour and the mean', async () => {
    const pooled = (rs: ReconstructionReport[]) => {
      const n = rs.reduce((a, r) => a + r.maskedFrames, 0);
      const avg = (k: 'model' | 'interpolation' | 'hold' | 'mean') => rs.reduce((a, r) => a + r[k] * r.maskedFrames, 0) / n;
      return { model: avg('model'), interpolation: avg('interpolation'), hold: avg('hold'), mean: avg('mean') };
    };
    const run = async (lookAhead: number) => {
      const r = await pretrain(train, { ...PAPER_PRETRAIN, hidden: HIDDEN, epochs: 60, batchSize: 8, seed: 3, lookAhead });
      const rep = pooled([99, 100, 101, 102].map((seed) => evaluateReconstruction(r.net, r.standardization, test, { seed, lookAhead })));
      r.net.dispose();
      return rep;
    };
    const paper = await run(0);
    const ahead = await run(30);
    console.log(`held-out masked-frame MSE, 4 draws: look-ahead 30 ${ahead.model.toFixed(4)}, paper readout ${paper.model.toFixed(4)}, interpolation ${ahead.interpolation.toFixed(4)}, hold ${ahead.hold.toFixed(4)}, mean ${ahead.mean.toFixed(4)}`);
    // Same clips, same standardisation, same masks: the references are identical for both runs.
    expect(ahead.interpolation).toBeCloseTo(paper.interpolation, 10);
    expect(ahead.model).toBeLessThan(paper.model);
    expect(ahead.model).toBeLessThan(ahead.hold);
    expect(ahead.model).toBeLessThan(ahead.mean);
    // ≈ 30 s of CPU; the generous limit is for wall time on the shared, loaded machine.
  }, 900_000);

  it('fine-tuning 40 labelled clips beats the all-zero predictor on held-out speakers', async () => {
    const backbone = await loadBackbone(backboneModel);
    const store = new MemoryEmbeddingStore();
    const r = finetune(backbone, train, { ...PAPER_FINETUNE, reduction: 'mean', epochs: 30, seed: 5 }, store);
    expect(r.embed.computed).toBe(40);
    // The second run hits the cache: no backbone pass at all.
    const again = finetune(backbone, train, { ...PAPER_FINETUNE, reduction: 'mean', epochs: 30, seed: 5 }, store);
    expect(again.embed.computed).toBe(0);
    expect(Array.from(again.head.weight)).toEqual(Array.from(r.head.weight));
    const { x } = embedClips(backbone, test, 'mean', store);
    const pred = applyHead(r.head, x, test.length);
    const target = targetMatrix(test);
    const model = computeMetrics(pred, target);
    const zero = computeMetrics(zeroPredictions(test.length), target);
    console.log(`fine-tuned MSE ${model.mse.toFixed(3)} MAE ${model.mae.toFixed(3)} acc ${model.accuracy.toFixed(3)}; all-zero MSE ${zero.mse.toFixed(3)} MAE ${zero.mae.toFixed(3)} acc ${zero.accuracy.toFixed(3)}`);
    // Asserted: MSE, the loss the head is trained on. MAE and accuracy do not beat all-zero on RAVDESS with
    // 40 labels (87 % of targets are 0; docs/training.md) — printed, not asserted. Predictions are clamped
    // to the label scale.
    expect(pred.every((v) => v >= 0 && v <= 3)).toBe(true);
    expect(model.mse).toBeLessThan(zero.mse);
    backbone.net.dispose();
  });

  it('the from-scratch baseline trains the whole network on the same sample', async () => {
    const r = await trainBaseline(train, { ...PAPER_BASELINE, hidden: HIDDEN, epochs: 3, batchSize: 8, seed: 5 });
    expect(r.history.length).toBe(3);
    expect(Number.isFinite(r.history.at(-1)!.loss)).toBe(true);
    r.net.dispose();
  });
});
