// `npm run bench -- backbone`: what the shipped backbone (resources/backbone, pretrained on synthetic
// speech by scripts/make-backbone.ts) is worth on real emotional speech. RAVDESS, speaker-independent:
// actors 1–20 train, actors 21–24 held out (tests/ml/support/ravdess-sets.ts; 8 clips per train actor,
// 12 per test actor, features from the project's extractor via the ML tests' cache). Fine-tuning as the
// product does it (frozen backbone, Dense(6) head, mean over frames, Adam 1e-3, 30 epochs) with:
//   - the shipped backbone,
//   - a frozen RANDOMLY initialised backbone of the same shape and standardisation (the control: how much
//     of the result is the pretraining and how much a random GRU's features + a trained head),
//   - the from-scratch baseline (same GRU trained end to end; expensive, so only at the smallest size),
//   - the all-zero and training-mean predictors (scored with every model).
// Labelled sample sizes 40 and 160 (all), drawn from the training actors with the run seed.
// Prints one table (MAE, 4-class accuracy, mean present-F1 with bootstrap 95 % intervals) and a JSON line.
// Not a test: numbers go to docs/model-card.md with the command that produced them.
import { join } from 'node:path';
import { EMOTIONS } from '../../src-main/contract/emotions';
import type { FeatureClip } from '../../src-main/ml/dataset';
import { GruNet } from '../../src-main/ml/engine/index';
import type { EvaluationReport } from '../../src-main/ml/metrics';
import { describeWeights, loadModel, type LoadedModel } from '../../src-main/ml/model-file';
import { runFinetuning } from '../../src-main/services/training';
import { pickClips, ravdessFeatures } from '../../tests/ml/support/ravdess-features';
import { TEST_ACTORS, TRAIN_ACTORS } from '../../tests/ml/support/ravdess-sets';

const SIZES = [40, 160];
const BASELINE_SIZES = new Set([40]);

async function randomBackbone(like: LoadedModel, seed: number): Promise<LoadedModel> {
  const a = like.manifest.architecture;
  const net = await GruNet.create({ inputDim: a.inputDim, hidden: a.hidden, outputDim: a.outputDim, head: a.head, seed });
  const tensors = net.getParams();
  net.dispose();
  const { weights } = describeWeights(tensors);
  return { manifest: { ...like.manifest, weights, notes: 'random init (control)' }, tensors, path: `random backbone (seed ${seed})` };
}

function line(name: string, r: EvaluationReport['model'], iv?: NonNullable<EvaluationReport['intervals']>['model']): string {
  const ci = (x?: { low: number; high: number }, pct = false) => (x ? ` [${pct ? (100 * x.low).toFixed(1) : x.low.toFixed(3)}–${pct ? (100 * x.high).toFixed(1) : x.high.toFixed(3)}]` : '');
  const perEmotion = EMOTIONS.map((e) => `${e.slice(0, 3)} ${(100 * r.perEmotion[e].accuracy).toFixed(0)}/${r.perEmotion[e].present.f1 === null ? '—' : r.perEmotion[e].present.f1!.toFixed(2)}`).join(' ');
  return `  ${name.padEnd(26)} MAE ${r.mae.toFixed(3)}${ci(iv?.mae)}  acc ${(100 * r.accuracy).toFixed(1)} %${ci(iv?.accuracy, true)}  presentF1 ${r.presentF1 === null ? '—' : r.presentF1.toFixed(3)}  | acc%/F1: ${perEmotion}`;
}

export async function run(): Promise<void> {
  const shipped = loadModel(join(import.meta.dirname, '..', '..', 'resources', 'backbone'));
  const random = await randomBackbone(shipped, 7);
  const clips = [...pickClips(TRAIN_ACTORS, 8), ...pickClips(TEST_ACTORS, 12)];
  const t0 = performance.now();
  const features = await ravdessFeatures(clips);
  const data: FeatureClip[] = features.map((f) => ({ key: f.clip.stem, speaker: String(f.clip.actor), data: f.data, frames: f.frames, present: f.present, targets: f.clip.targets }));
  console.log(`RAVDESS: ${data.length} clips (${TRAIN_ACTORS.length} train actors × 8, ${TEST_ACTORS.length} held-out actors × 12), features ready in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  console.log(`shipped backbone ${shipped.manifest.weights.sha256.slice(0, 12)}…, ${shipped.manifest.training.epochs} epochs on ${shipped.manifest.training.clips} synthetic clips`);
  const out: Record<string, unknown> = {};
  for (const size of SIZES) {
    const common = { testSpeakers: TEST_ACTORS.map(String), labelled: size, config: { seed: 1 } };
    const a = await runFinetuning(data, shipped, { ...common, baseline: BASELINE_SIZES.has(size) });
    const r = await runFinetuning(data, random, common);
    const ev = a.finetuned.evaluation!;
    console.log(`\n${a.labelledClips} labelled clips (train actors), ${ev.model.n} held-out clips (actors ${TEST_ACTORS.join(', ')}); acc = 4-class accuracy, bootstrap 95 % intervals`);
    console.log(line('shipped backbone', ev.model, ev.intervals?.model));
    console.log(line('random frozen backbone', r.finetuned.evaluation!.model, r.finetuned.evaluation!.intervals?.model));
    if (a.baseline?.evaluation) console.log(line(`from scratch (${(a.baseline.durationMs / 1000).toFixed(0)} s)`, a.baseline.evaluation.model, a.baseline.evaluation.intervals?.model));
    console.log(line('all-zero', ev.allZero, ev.intervals?.allZero));
    console.log(line('training mean', ev.trainMean, ev.intervals?.trainMean));
    const pick = (m: EvaluationReport['model']) => ({ mae: m.mae, accuracy: m.accuracy, presentF1: m.presentF1 });
    out[size] = {
      shipped: pick(ev.model), random: pick(r.finetuned.evaluation!.model), scratch: a.baseline?.evaluation ? pick(a.baseline.evaluation.model) : null,
      allZero: pick(ev.allZero), trainMean: pick(ev.trainMean), finetuneMs: Math.round(a.timings.totalMs),
    };
  }
  console.log(JSON.stringify({ bench: 'backbone', sha256: shipped.manifest.weights.sha256, results: out }));
}
