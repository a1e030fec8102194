// `npm run cli -- pretrain …`: self-supervised masked-frame pretraining (docs/training.md) on a project's
// clips or a folder of feature CSVs. Checkpoints every epoch; rerunning the same command after a crash or
// Ctrl-C resumes from the last complete epoch.
import { existsSync } from 'node:fs';
import { wantsHelp, CliError, type CliCommand } from '../command';
import { ModelsRepo } from '../../db/models-repo';
import { removeCheckpoint } from '../../ml/checkpoint';
import { runPretraining, storeModel } from '../../services/training';
import { backendArg, choice, fmt, list, num, openSource, parse, progressPrinter, SOURCE_OPTIONS, SOURCE_USAGE } from './training-args';

const usage = `usage: npm run cli -- pretrain (--project <file> | --features <dir>) [--out <dir>] [options]

Masked-frame pretraining of the GRU(256)→GRU(256)→Dense(74) backbone (Nimitsurachat & Washington 2024):
30 consecutive standardised frames of every clip set to −30, MSE against the unmasked clip, Adam 1e-3.
Labels are never used. A share of the speakers is held out to report masked-frame MSE against the
copy-neighbour (linear interpolation) and mean references.

  --out <dir>           write the model folder (manifest.json + weights.bin); required with --features
  --name <text>         model name in the project (default "pretrained <date>")
  --epochs <n>          default 20          --batch <n>       default 32
  --lr <x>              default 0.001       --hidden <a,b>    GRU sizes, default 256,256
  --mask-frames <n>     default 30          --mask-value <x>  default -30
  --loss all|masked     loss on every valid frame (paper, default) or on the masked frames only
  --look-ahead <n>      delayed readout (not in the paper; default 0): the output at frame t reconstructs
                        frame t−n, so with n ≥ the mask length the GRU has read the frames after a masked
                        span when it emits it (docs/training.md, ADR 0086). The backbone stays causal.
  --max-frames <n>      crop longer clips to a random window of n frames per epoch (default 1000)
  --test-speakers <a,b> held-out speakers (default: a seeded 20 % of the speakers; --test-fraction 0 = none)
  --test-fraction <x>   share of speakers held out (default 0.2)
  --checkpoint <file>   per-epoch checkpoint (default <out>/../<name>.ckpt or <project>.pretrain.ckpt)

${SOURCE_USAGE}`;

export const pretrainCommand: CliCommand = {
  name: 'pretrain',
  summary: 'self-supervised masked-frame pretraining of the GRU backbone (resumable)',
  usage,
  async run(argv) {
    if (wantsHelp(argv)) { process.stdout.write(usage + '\n'); return 0; }
    const v = parse(argv, {
      ...SOURCE_OPTIONS, out: { type: 'string' }, name: { type: 'string' }, epochs: { type: 'string' }, batch: { type: 'string' },
      lr: { type: 'string' }, hidden: { type: 'string' }, 'mask-frames': { type: 'string' }, 'mask-value': { type: 'string' },
      loss: { type: 'string' }, 'max-frames': { type: 'string' }, 'look-ahead': { type: 'string' }, 'test-speakers': { type: 'string' }, 'test-fraction': { type: 'string' },
      checkpoint: { type: 'string' },
    }, 'pretrain');
    if (v.features && !v.out) throw new CliError('--out <dir> is required with --features (where to write the model folder)');
    const hidden = list(v.hidden)?.map((h) => num(h, '--hidden', { int: true, min: 1, max: 4096 })!);
    const config = {
      epochs: num(v.epochs, '--epochs', { int: true, min: 1, max: 10_000 }),
      batchSize: num(v.batch, '--batch', { int: true, min: 1, max: 4096 }),
      lr: num(v.lr, '--lr', { min: 0 }),
      hidden,
      maskFrames: num(v['mask-frames'], '--mask-frames', { int: true, min: 1 }),
      maskValue: num(v['mask-value'], '--mask-value'),
      lossFrames: choice(v.loss, '--loss', ['all', 'masked'] as const),
      maxFrames: num(v['max-frames'], '--max-frames', { int: true, min: 2 }),
      lookAhead: num(v['look-ahead'], '--look-ahead', { int: true, min: 0, max: 1000 }),
      seed: num(v.seed, '--seed', { int: true, min: 0 }),
    };
    const cleaned = Object.fromEntries(Object.entries(config).filter(([, x]) => x !== undefined));
    const source = openSource(v, 'pretrain');
    try {
      const out = typeof v.out === 'string' ? v.out : null;
      const checkpointPath = typeof v.checkpoint === 'string' ? v.checkpoint
        : out ? `${out.replace(/[\\/]+$/, '')}.ckpt` : `${source.label}.pretrain.ckpt`;
      const resuming = existsSync(checkpointPath);
      if (resuming && !v.json) process.stderr.write(`resuming from checkpoint ${checkpointPath}\n`);
      const repo = source.project ? new ModelsRepo(source.project.db) : null;
      const seed = config.seed ?? 1;
      const run = repo?.createRun({ kind: 'pretrain', params: cleaned, seed, checkpointPath });
      let outcome;
      try {
        outcome = await runPretraining(source.clips, {
          config: cleaned, backend: backendArg(v.backend), checkpointPath,
          testSpeakers: list(v['test-speakers']), testFraction: num(v['test-fraction'], '--test-fraction', { min: 0, max: 0.9 }), splitSeed: seed,
        }, {
          onProgress: progressPrinter(!v.json),
          onEpochEnd: () => undefined,
        });
      } catch (err) {
        if (run) repo!.finishRun(run.id, 'failed', { message: (err as Error).message });
        throw err;
      }
      const name = typeof v.name === 'string' ? v.name : `pretrained ${new Date().toISOString().slice(0, 16)}`;
      const stored = storeModel({ project: source.project, outDir: out, name }, outcome.manifest, outcome.tensors);
      if (run) repo!.finishRun(run.id, 'done', { modelId: stored.modelId, history: outcome.history, backend: outcome.backend, dataSha256: outcome.manifest.training.dataSha256, clips: outcome.manifest.training.clips, epochsDone: outcome.history.length, message: 'pretrained' });
      removeCheckpoint(checkpointPath);
      const result = {
        modelId: stored.modelId, dir: stored.dir, sha256: stored.sha256, backend: outcome.backend, config: outcome.config,
        split: outcome.split, history: outcome.history, heldOut: outcome.heldOut, durationMs: Math.round(outcome.durationMs), resumedFromEpoch: outcome.resumedFromEpoch,
      };
      if (v.json) {
        process.stdout.write(JSON.stringify(result) + '\n');
      } else {
        const h = outcome.heldOut;
        process.stdout.write([
          `pretrained on ${outcome.split.trainClips} clips (${outcome.split.trainSpeakers.length} speakers), ${outcome.history.length} epochs, backend ${outcome.backend}, ${(outcome.durationMs / 1000).toFixed(1)} s`,
          `final training loss ${fmt(outcome.history.at(-1)?.loss, 4)} (${outcome.config.lossFrames} frames)`,
          h ? `held-out masked-frame MSE (${h.clips} clips, ${outcome.split.testSpeakers.length} speakers): model ${fmt(h.model, 4)} · linear interpolation ${fmt(h.interpolation, 4)} · causal copy-neighbour ${fmt(h.hold, 4)} · mean ${fmt(h.mean, 4)}` : 'no held-out speakers (--test-fraction 0 or a single speaker)',
          `model: ${[stored.dir, stored.modelId !== null ? `id ${stored.modelId} in ${source.label}` : null].filter(Boolean).join(', ')} (sha256 ${stored.sha256.slice(0, 12)}…)`,
        ].join('\n') + '\n');
      }
      return 0;
    } finally {
      source.close();
    }
  },
};
