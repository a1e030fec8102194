// Builds the shipped, licence-clean pretrained backbone in resources/backbone/ end to end:
//   1. synthesise varied English utterances with espeak-ng (GPL-3.0-or-later; its output is ours to ship)
//      — sentences written for this script, 8 accents × 30 voice variants, pitch/speed/amplitude varied;
//   2. decode + resample to 16 kHz with the project's decoder (src-main/audio/decode.ts), add light white
//      noise to a share of the clips (seeded), so the network also sees non-studio frames;
//   3. extract the 74 COVAREP columns with the project's extractor (src-main/features/extractor.ts);
//   4. masked-frame pretraining exactly as Nimitsurachat & Washington, "Self-Supervised Learning for
//      Audio-Based Emotion Recognition" (AI 2024): 30 frames masked to −30 after standardisation,
//      GRU(256) → GRU(256) → Dense(74), MSE, Adam 1e-3, batch 32 — via services/training.runPretraining.
// No RAVDESS (CC BY-NC-SA) audio or anything derived from it is used here: the product is GPL-3.0-or-later.
//
// usage: npx tsx scripts/make-backbone.ts [--work <dir>] [--clips 248] [--epochs N | --minutes 15] [--out resources/backbone]
//        (optionally first: --synth-only --shard 0/2 and --shard 1/2 in parallel, to use both cores)
// Features are cached in <work>/features (rerunning skips synthesis/extraction); pretraining checkpoints
// to <work>/pretrain.ckpt and resumes. With --minutes the run stops after the first epoch that ends past
// the budget; the epochs actually run are written to the manifest, and `--epochs <that number>` reproduces
// the same weights on the same backend (the seeded per-epoch random streams make a stopped-and-resumed
// run identical to an uninterrupted one).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { decodeAudio } from '../src-main/audio/decode';
import { extractFeatures } from '../src-main/features/extractor';
import { readFeatureCsv, writeFeatureCsv } from '../src-main/features-io/csv';
import type { FeatureClip } from '../src-main/ml/dataset';
import { createRng, type Rng } from '../src-main/ml/rng';
import { runPretraining } from '../src-main/services/training';
import { saveModel } from '../src-main/ml/model-file';

const ROOT = resolve(import.meta.dirname, '..');

// Sentences written for this script (no corpus text): everyday clinical-visit and neutral narration,
// questions and exclamations so intonation varies, 3–20 words so clip lengths vary (~1–6 s).
const SENTENCES = [
  'Good morning, please take a seat.',
  'How have you been sleeping this week?',
  'I walked to the station and the train was already gone.',
  'The kettle is on, would you like some tea?',
  'We moved house in the spring, just before my sister came back from abroad.',
  'Really? I had no idea.',
  'Could you tell me a little more about that?',
  'The results came back this afternoon.',
  'It rained all day, so we stayed inside and played cards.',
  'Nobody told me the meeting was cancelled!',
  'Turn left at the bakery, then keep going until you see the red door.',
  'My grandmother used to grow tomatoes on the balcony.',
  'That is the best news I have heard all year.',
  'I am not sure I understand the question.',
  'Please count slowly from one to ten.',
  'One, two, three, four, five, six, seven, eight, nine, ten.',
  'The bus was late again, and the driver did not even apologise.',
  'What time does the pharmacy close on Saturdays?',
  'I keep forgetting where I put my keys.',
  'She laughed so hard that she could not finish the story.',
  'The dog barked at every single person who walked past the gate.',
  'Honestly, I think it went rather well.',
  'Wait, where are you going?',
  'They painted the kitchen a bright shade of yellow.',
  'I would rather not talk about it today.',
  'The soup needs a little more salt.',
  'He fixed the bicycle with nothing but a spoon and some string.',
  'We should leave early to avoid the traffic.',
  'Is this seat taken?',
  'The garden looks lovely after the rain.',
  'I cannot believe how quickly the summer went by.',
  'Remember to bring your glasses next time.',
  'The window in the bedroom will not close properly.',
  'Thank you, that is very kind of you.',
  'Everything happened so fast that I hardly noticed.',
  'Which one of these would you choose?',
  'The clock on the wall stopped at twenty past four.',
  'My hands get cold whenever I am nervous.',
  'Let us try that one more time, a little slower.',
  'There were seven boxes, and every one of them was empty.',
  'I used to be a teacher, a long time ago.',
  'Do you hear that noise coming from the hallway?',
  'The letter arrived three weeks after it was posted.',
  'Oh no, I left the oven on!',
  'Could you spell your surname for me, please?',
  'We had pancakes for breakfast on Sunday.',
  'The children ran down to the river to look for frogs.',
  'I think so, but I would have to check.',
  'It is quieter here than I expected.',
  'The doctor said the swelling should go down in a few days.',
  'Put the blue folder on top of the pile.',
  'Absolutely not, that is out of the question.',
  'The lift is out of order, so take the stairs.',
  'I have been feeling much better since the weekend.',
  'Why did nobody call me?',
  'A cup of coffee and a slice of lemon cake, please.',
  'The neighbours are having another party tonight.',
  'We watched the boats come into the harbour.',
  'Say the word again, slowly and clearly.',
  'Yesterday was a long day, and today is not much better.',
  'Happy birthday, I hope you have a wonderful day.',
  'Please repeat after me: the quick brown fox jumps over the lazy dog.',
  'Hmm, let me think about that for a moment.',
  'The phone rang twice and then went silent.',
  'You did a great job with the presentation.',
  'I can hardly hear you, could you speak up?',
  'Snow fell overnight and covered the whole village.',
  'Where exactly does it hurt?',
  'The train to the coast leaves at half past nine.',
  'I am so tired that I could sleep for a week.',
];

// Accents of espeak-ng's English (gmw) voices and voice variants (timbre, gender, age, breathiness).
const ACCENTS = ['en-gb', 'en-us', 'en-gb-scotland', 'en-gb-x-rp', 'en-gb-x-gbclan', 'en-gb-x-gbcwmd', 'en-029', 'en-us-nyc'];
const VARIANTS = [
  'f1', 'f2', 'f3', 'f4', 'f5', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'klatt', 'klatt2', 'klatt3',
  'croak', 'grandma', 'grandpa', 'linda', 'anika', 'belinda', 'aunty', 'Alicia', 'Andy', 'edward', 'steph',
  'david', 'john', 'shelby', 'benjamin',
];

interface Utterance { key: string; voice: string; speaker: string; pitch: number; speed: number; amplitude: number; text: string; noiseDb: number | null }

function plan(count: number, rng: Rng): Utterance[] {
  const out: Utterance[] = [];
  for (let i = 0; i < count; i++) {
    const variant = VARIANTS[i % VARIANTS.length];
    const accent = ACCENTS[Math.floor(rng.next() * ACCENTS.length)];
    out.push({
      key: `syn${String(i).padStart(4, '0')}`,
      voice: `${accent}+${variant}`,
      // The variant sets the voice's timbre; treat it as the "speaker" for held-out splits.
      speaker: variant,
      pitch: Math.round(20 + rng.next() * 60), // espeak -p 0–99, default 50
      speed: Math.round(120 + rng.next() * 70), // words per minute, default 175
      amplitude: Math.round(60 + rng.next() * 100), // -a 0–200, default 100
      text: SENTENCES[Math.floor(rng.next() * SENTENCES.length)],
      // Half the clips get white noise at 25–45 dB SNR.
      noiseDb: rng.next() < 0.5 ? 25 + rng.next() * 20 : null,
    });
  }
  return out;
}

function addNoise(x: Float32Array, snrDb: number, rng: Rng): Float32Array {
  let power = 0;
  for (const v of x) power += v * v;
  power /= Math.max(1, x.length);
  const sigma = Math.sqrt(power / 10 ** (snrDb / 10));
  const y = new Float32Array(x.length);
  for (let i = 0; i < x.length; i += 2) {
    // Box–Muller: two Gaussian samples per pair of uniforms.
    const u = Math.max(1e-12, rng.next());
    const r = Math.sqrt(-2 * Math.log(u)) * sigma;
    const t = 2 * Math.PI * rng.next();
    y[i] = x[i] + r * Math.cos(t);
    if (i + 1 < x.length) y[i + 1] = x[i + 1] + r * Math.sin(t);
  }
  return y;
}

async function synthesise(u: Utterance, wavDir: string, featDir: string, seed: number): Promise<void> {
  const csv = join(featDir, `${u.key}.csv`);
  if (existsSync(csv)) return;
  const wav = join(wavDir, `${u.key}.wav`);
  execFileSync('espeak-ng', ['-v', u.voice, '-p', String(u.pitch), '-s', String(u.speed), '-a', String(u.amplitude), '-w', wav, u.text]);
  const decoded = await decodeAudio(new Uint8Array(readFileSync(wav)), wav);
  const samples = u.noiseDb === null ? decoded.samples : addNoise(decoded.samples, u.noiseDb, createRng(seed + Number(u.key.slice(3))));
  const f = extractFeatures(samples, decoded.sampleRate);
  if (f.status !== 'ok') process.stderr.write(`${u.key}: extractor status ${f.status}${f.message ? ` (${f.message})` : ''}\n`);
  writeFeatureCsv(csv, [{ key: u.key, frames: f.frames, data: f.data, present: f.present }], false);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      work: { type: 'string', default: join(ROOT, 'tmp', 'backbone-work') },
      clips: { type: 'string', default: '248' },
      epochs: { type: 'string' },
      minutes: { type: 'string', default: '15' },
      out: { type: 'string', default: join(ROOT, 'resources', 'backbone') },
      seed: { type: 'string', default: '1' },
      'synth-only': { type: 'boolean' },
      // k/n: synthesise and extract only every n-th utterance from k (run n of these in parallel first).
      shard: { type: 'string', default: '0/1' },
    },
  });
  try {
    execFileSync('espeak-ng', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('espeak-ng is not installed: run "apt-get install -y espeak-ng" (Debian) and retry.');
  }
  const seed = Number(values.seed);
  const work = resolve(values.work!);
  const wavDir = join(work, 'wav');
  const featDir = join(work, 'features');
  mkdirSync(wavDir, { recursive: true });
  mkdirSync(featDir, { recursive: true });
  const utterances = plan(Number(values.clips), createRng(seed));
  writeFileSync(join(work, 'utterances.json'), JSON.stringify(utterances, null, 1));
  const t0 = performance.now();
  const [shardK, shardN] = values.shard!.split('/').map(Number);
  for (let i = shardK; i < utterances.length; i += shardN) {
    await synthesise(utterances[i], wavDir, featDir, seed);
    if ((i + 1) % 20 === 0) process.stderr.write(`synthesised + extracted ${i + 1}/${utterances.length} (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
  }
  const clips: FeatureClip[] = utterances.map((u) => {
    const e = readFeatureCsv(join(featDir, `${u.key}.csv`)).entries[0];
    return { key: u.key, speaker: u.speaker, data: e.data, frames: e.frames, present: e.present };
  });
  const totalFrames = clips.reduce((a, c) => a + c.frames, 0);
  process.stderr.write(`${clips.length} clips, ${totalFrames} frames (${(totalFrames / 6000).toFixed(1)} min of speech) in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  if (values['synth-only']) return;

  const checkpointPath = join(work, 'pretrain.ckpt');
  const budgetMs = Number(values.minutes) * 60_000;
  const fixedEpochs = values.epochs ? Number(values.epochs) : null;
  const split = { testFraction: 0.15, splitSeed: seed };
  const started = performance.now();
  const abort = new AbortController();
  let epochsDone = 0;
  const progress = { onProgress: (p: { epoch: number; epochs: number; step: number; steps: number; loss: number }) => {
    if (p.step === p.steps) process.stderr.write(`pretrain epoch ${p.epoch}: loss ${p.loss.toFixed(4)} (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
  }, progressIntervalMs: 5000 };
  let outcome;
  try {
    outcome = await runPretraining(clips, { ...split, config: { seed, epochs: fixedEpochs ?? 10_000 }, checkpointPath }, {
      ...progress, signal: abort.signal,
      onEpochEnd: (epoch) => {
        epochsDone = epoch;
        if (fixedEpochs === null && performance.now() - started > budgetMs) abort.abort();
      },
    });
  } catch (err) {
    if (!abort.signal.aborted) throw err;
    // Budget reached: the checkpoint holds `epochsDone` complete epochs; finishing a run of exactly that
    // many epochs from it trains nothing more and returns the network (same weights as --epochs N).
    process.stderr.write(`time budget reached after ${epochsDone} epochs; finishing from the checkpoint\n`);
    outcome = await runPretraining(clips, { ...split, config: { seed, epochs: epochsDone }, checkpointPath }, progress);
  }
  outcome.manifest.notes = 'Shipped backbone: pretrained on espeak-ng synthetic English speech made by scripts/make-backbone.ts (no human recordings, no emotion). See docs/model-card.md.';
  const manifest = saveModel(resolve(values.out!), outcome.manifest, outcome.tensors);
  writeFileSync(join(work, 'result.json'), JSON.stringify({ heldOut: outcome.heldOut, split: outcome.split, history: outcome.history, backend: outcome.backend, durationMs: outcome.durationMs, sha256: manifest.weights.sha256, frames: totalFrames }, null, 1));
  process.stdout.write(JSON.stringify({ epochs: outcome.history.length, backend: outcome.backend, heldOut: outcome.heldOut, sha256: manifest.weights.sha256 }) + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`make-backbone: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
