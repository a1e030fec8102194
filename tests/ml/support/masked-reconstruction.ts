// The masked-frame reconstruction measurements of docs/training.md ("paper's readout vs a delayed
// readout"), on a CSV export of RAVDESS features (export-ravdess-csv.ts). Every figure is the masks of
// seeds 99–102 pooled over the held-out actors 21–24 (one draw over 16–48 clips is too noisy to rank).
//   train + evaluate:  npx tsx tests/ml/support/masked-reconstruction.ts train <export dir> '<PretrainConfig JSON>' <train clips per actor> <held-out clips per actor>
//   evaluate a model:  npx tsx tests/ml/support/masked-reconstruction.ts model <export dir> <model dir>
// `train` uses GRU(64)×2, 12 epochs, batch 8, seed 3 unless the JSON overrides them.
import { GruNet } from '../../../src-main/ml/engine/index';
import type { FeatureClip } from '../../../src-main/ml/dataset';
import { loadModel } from '../../../src-main/ml/model-file';
import { evaluateReconstruction, PAPER_PRETRAIN, pretrain } from '../../../src-main/ml/pretrain';
import type { Standardization } from '../../../src-main/ml/standardize';
import { applyLabelsCsv, featureDirClips } from '../../../src-main/services/training-data';
import { pickClips } from './ravdess-features';
import { TEST_ACTORS, TRAIN_ACTORS } from './ravdess-sets';

const [mode, dir, arg, perTrain, perTest] = process.argv.slice(2);
if ((mode !== 'train' && mode !== 'model') || !dir || !arg) {
  throw new Error("usage: masked-reconstruction.ts train <export dir> '<config JSON>' <train/actor> <held-out/actor> | model <export dir> <model dir>");
}
const all = applyLabelsCsv(featureDirClips(`${dir}/features`), `${dir}/labels.csv`);
const byKey = new Map(all.map((c) => [c.key, c]));
const pick = (actors: number[], n: number): FeatureClip[] => pickClips(actors, n).map((c) => {
  const clip = byKey.get(c.stem);
  if (!clip) throw new Error(`${dir}/features: no CSV for ${c.stem}; export at least ${n} clips per actor`);
  return clip;
});

function report(net: GruNet, standardization: Standardization, test: FeatureClip[], lookAhead: number): Record<string, unknown> {
  const evs = [99, 100, 101, 102].map((seed) => evaluateReconstruction(net, standardization, test, { seed, lookAhead }));
  const n = evs.reduce((a, e) => a + e.maskedFrames, 0);
  const pool = (k: 'model' | 'interpolation' | 'hold' | 'mean' | 'modelAllFrames') => Number((evs.reduce((a, e) => a + e[k] * e.maskedFrames, 0) / n).toFixed(4));
  return {
    heldOutClips: test.length, lookAhead, model: pool('model'), interpolation: pool('interpolation'), copyNeighbour: pool('hold'), mean: pool('mean'),
    modelAllFrames: pool('modelAllFrames'), perDraw: evs.map((e) => `${e.model.toFixed(4)}/${e.interpolation.toFixed(4)}`),
  };
}

if (mode === 'train') {
  const config = { ...PAPER_PRETRAIN, hidden: [64, 64], epochs: 12, batchSize: 8, seed: 3, ...(JSON.parse(arg) as object) };
  const train = pick(TRAIN_ACTORS, Number(perTrain ?? 8));
  const test = pick(TEST_ACTORS, Number(perTest ?? 12));
  const cpu0 = process.cpuUsage();
  const r = await pretrain(train, config);
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ config, trainClips: train.length, backend: r.net.backend, cpuS: Number(((cpu.user + cpu.system) / 1e6).toFixed(1)), finalLoss: r.history.at(-1)!.loss, ...report(r.net, r.standardization, test, config.lookAhead) }));
  r.net.dispose();
} else {
  const m = loadModel(arg, null);
  const a = m.manifest.architecture;
  const net = await GruNet.create({ inputDim: a.inputDim, hidden: a.hidden, outputDim: a.outputDim, head: a.head, seed: 0 });
  net.setParams(m.tensors);
  const test = all.filter((c) => TEST_ACTORS.map(String).includes(String(c.speaker)));
  console.log(JSON.stringify({ modelDir: arg, hidden: a.hidden, ...report(net, m.manifest.standardization, test, m.manifest.pretraining?.lookAhead ?? 0) }));
  net.dispose();
}
