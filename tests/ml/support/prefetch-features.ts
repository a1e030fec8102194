// Fills the RAVDESS feature cache ahead of time (the extractor costs seconds per clip):
//   npx tsx tests/ml/support/prefetch-features.ts [perActorTrain=8] [perActorTest=12]
// Clips the tests use come first (2 per training actor, 4 per held-out actor); the larger set feeds the
// results table of docs/training.md. Training actors 1–20, held-out actors 21–24 (README's suggestion).
import { pickClips, ravdessFeatures } from './ravdess-features';
import { TEST_ACTORS, TRAIN_ACTORS } from './ravdess-sets';

const perTrain = Number(process.argv[2] ?? 8);
const perTest = Number(process.argv[3] ?? 12);
const stages = [
  [...pickClips(TRAIN_ACTORS, 2), ...pickClips(TEST_ACTORS, 4)],
  [...pickClips(TRAIN_ACTORS, perTrain), ...pickClips(TEST_ACTORS, perTest)],
];
for (const clips of stages) {
  const t0 = performance.now();
  await ravdessFeatures(clips);
  console.log(`${clips.length} clips ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
