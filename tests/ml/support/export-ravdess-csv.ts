// Writes the RAVDESS experiment set of docs/training.md as a lab would hand it to the CLI: a folder of
// feature CSVs (one clip per file, 74 COVAREP columns; absent columns left empty) and a labels CSV
// (clip,speaker,happy,…,fear — README mapping). Features come from the real extractor via the test cache.
//   npx tsx tests/ml/support/export-ravdess-csv.ts <out-dir> [perActorTrain=8] [perActorTest=12]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EMOTIONS } from '../../../src-main/contract/emotions';
import { writeFeatureCsv } from '../../../src-main/features-io/csv';
import { pickClips, ravdessFeatures } from './ravdess-features';
import { TEST_ACTORS, TRAIN_ACTORS } from './ravdess-sets';

const out = process.argv[2];
if (!out) throw new Error('usage: export-ravdess-csv.ts <out-dir> [perActorTrain] [perActorTest]');
const perTrain = Number(process.argv[3] ?? 8);
const perTest = Number(process.argv[4] ?? 12);
const clips = [...pickClips(TRAIN_ACTORS, perTrain), ...pickClips(TEST_ACTORS, perTest)];
const features = await ravdessFeatures(clips);
const dir = join(out, 'features');
mkdirSync(dir, { recursive: true });
const labels = [`clip,speaker,${EMOTIONS.join(',')}`];
for (const f of features) {
  writeFeatureCsv(join(dir, `${f.clip.stem}.csv`), [{ key: f.clip.stem, frames: f.frames, data: f.data, present: f.present }], false);
  labels.push(`${f.clip.stem},${f.clip.actor},${f.clip.targets.join(',')}`);
}
writeFileSync(join(out, 'labels.csv'), labels.join('\n') + '\n');
console.log(`${features.length} clips → ${dir}, labels → ${join(out, 'labels.csv')}`);
