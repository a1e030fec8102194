// `npm run cli -- finetune …`: a Dense(6) head on the frozen pretrained backbone, trained on the labelled
// clips of the training speakers and evaluated on held-out speakers beside the all-zero and training-mean
// predictors; --baseline also trains the same architecture from scratch on the same sample; --draws n
// repeats the labelled draw with seeds seed…seed+n−1 (the paper's protocol) and reports mean ± std.
import { CliError, wantsHelp, type CliCommand } from '../command';
import { EMOTIONS } from '../../contract/emotions';
import { DirEmbeddingStore, MemoryEmbeddingStore } from '../../ml/embedding';
import type { EvaluationReport } from '../../ml/metrics';
import { summariseDraws, type DrawSummary } from '../../ml/evaluate-draws';
import { ModelsRepo } from '../../db/models-repo';
import { openModel, projectEmbeddingStore, runFinetuning, storeModel } from '../../services/training';
import { backendArg, choice, fmt, list, num, openSource, parse, progressPrinter, SOURCE_OPTIONS, SOURCE_USAGE } from './training-args';

const usage = `usage: npm run cli -- finetune (--project <file> | --features <dir> --labels <csv>) [--backbone <dir>] [--out <dir>] [options]

Fine-tunes the pretrained backbone (frozen entirely) with one Dense(6) head: Adam 1e-3, MSE, 30 epochs,
batch 32 (Nimitsurachat & Washington 2024). The backbone's output per clip is computed once and cached.
Clips are split by speaker; the held-out speakers' clips are the evaluation set. Predictions are clamped
to the label scale 0–3.

  --backbone <dir>      pretrained model folder (default with --project: the project's latest pretrained model)
  --out <dir>           write the fine-tuned model folder; required with --features
  --name <text>         model name in the project
  --reduction mean|last how the backbone's sequence is reduced before the head (default mean, docs/training.md)
  --standardize-embeddings  train the head on embeddings standardised with the labelled clips' mean/std
                        (folded into the stored weights; off by default — measured worse on MSE, docs/training.md)
  --epochs <n>          default 30        --lr <x>  default 0.001        --batch <n>  default 32
  --labelled <n>        draw n labelled clips from the training speakers (the paper's protocol; default all)
  --draws <n>           repeat the draw n times with seeds seed, seed+1, … (same held-out speakers) and print
                        mean ± std over the draws; models go to <out>-seed<s> (default 1)
  --baseline            also train GRU→GRU→Dense(6) from scratch on the same clips and report it alongside
  --test-speakers <a,b> held-out speakers (default: a seeded 20 % of the speakers)
  --test-fraction <x>   share of speakers held out (default 0.2; 0 = train on everything, no evaluation)
  --bootstrap <n>       bootstrap resamples for the 95 % CIs (default 1000; 0 = none)
  --cache <dir>         embedding cache folder for --features (default: none; a project caches in itself)

${SOURCE_USAGE}`;

export function reportLines(title: string, r: EvaluationReport): string[] {
  const ci = r.intervals;
  const row = (name: string, m: EvaluationReport['model'], c?: NonNullable<EvaluationReport['intervals']>['model']) =>
    `  ${name.padEnd(12)} MAE ${fmt(m.mae)}${c ? ` [${fmt(c.mae.low)}, ${fmt(c.mae.high)}]` : ''}  acc ${fmt(m.accuracy)}${c ? ` [${fmt(c.accuracy.low)}, ${fmt(c.accuracy.high)}]` : ''}  macro-F1 ${fmt(m.macroF1)}  MSE ${fmt(m.mse)}`;
  const lines = [
    `${title} (${r.model.n} held-out clips):`,
    row('model', r.model, ci?.model), row('all-zero', r.allZero, ci?.allZero), row('train-mean', r.trainMean, ci?.trainMean),
    '  per emotion (model / all-zero):',
  ];
  for (const e of EMOTIONS) {
    const m = r.model.perEmotion[e];
    const z = r.allZero.perEmotion[e];
    const c = ci?.model.perEmotion[e];
    lines.push(`    ${e.padEnd(9)} MAE ${fmt(m.mae)}${c ? ` [${fmt(c.mae.low)}, ${fmt(c.mae.high)}]` : ''} / ${fmt(z.mae)}  acc ${fmt(m.accuracy)} / ${fmt(z.accuracy)}  F1(present) ${fmt(m.present.f1)}`);
  }
  return lines;
}

function summaryLines(title: string, s: DrawSummary): string[] {
  const row = (name: string, r: DrawSummary['model']) =>
    `  ${name.padEnd(12)} MSE ${fmt(r.mse.mean)} ± ${fmt(r.mse.std)}  MAE ${fmt(r.mae.mean)} ± ${fmt(r.mae.std)}  acc ${fmt(r.accuracy.mean)} ± ${fmt(r.accuracy.std)}`;
  return [
    `${title}, mean ± std over ${s.draws} draws (held-out speakers):`,
    row('model', s.model), row('all-zero', s.allZero), row('train-mean', s.trainMean),
    `  draws where the model beats all-zero: MSE ${s.beatsAllZero.mse}/${s.draws}, MAE ${s.beatsAllZero.mae}/${s.draws}, accuracy ${s.beatsAllZero.accuracy}/${s.draws}`,
  ];
}

export const finetuneCommand: CliCommand = {
  name: 'finetune',
  summary: 'fine-tune a Dense(6) emotion head on the frozen backbone (+ --baseline from scratch)',
  usage,
  async run(argv) {
    if (wantsHelp(argv)) { process.stdout.write(usage + '\n'); return 0; }
    const v = parse(argv, {
      ...SOURCE_OPTIONS, backbone: { type: 'string' }, out: { type: 'string' }, name: { type: 'string' }, reduction: { type: 'string' },
      epochs: { type: 'string' }, lr: { type: 'string' }, batch: { type: 'string' }, labelled: { type: 'string' }, baseline: { type: 'boolean' },
      'test-speakers': { type: 'string' }, 'test-fraction': { type: 'string' }, bootstrap: { type: 'string' }, cache: { type: 'string' },
      'standardize-embeddings': { type: 'boolean' }, draws: { type: 'string' },
    }, 'finetune');
    if (v.features && !v.out) throw new CliError('--out <dir> is required with --features (where to write the fine-tuned model)');
    if (v.features && !v.backbone) throw new CliError('--backbone <dir> is required with --features (a pretrained model folder)');
    const seed = num(v.seed, '--seed', { int: true, min: 0 }) ?? 1;
    const config = Object.fromEntries(Object.entries({
      reduction: choice(v.reduction, '--reduction', ['mean', 'last'] as const),
      epochs: num(v.epochs, '--epochs', { int: true, min: 1, max: 100_000 }),
      lr: num(v.lr, '--lr', { min: 0 }),
      batchSize: num(v.batch, '--batch', { int: true, min: 1 }),
      standardizeEmbeddings: v['standardize-embeddings'] ? true : undefined,
      seed,
    }).filter(([, x]) => x !== undefined));
    const draws = num(v.draws, '--draws', { int: true, min: 1, max: 100 }) ?? 1;
    if (draws > 1 && v.labelled === undefined) throw new CliError('--draws needs --labelled <n>: repeated draws of all training clips would be the same sample');
    const resamples = num(v.bootstrap, '--bootstrap', { int: true, min: 0, max: 100_000 }) ?? 1000;
    const source = openSource(v, 'finetune');
    try {
      const backbone = openModel({ dir: typeof v.backbone === 'string' ? v.backbone : null, project: source.project, kind: 'pretrained' });
      const store = source.project ? projectEmbeddingStore(source.project) : typeof v.cache === 'string' ? new DirEmbeddingStore(v.cache) : new MemoryEmbeddingStore();
      const repo = source.project ? new ModelsRepo(source.project.db) : null;
      const results: Record<string, unknown>[] = [];
      const lines: string[] = [];
      const evaluations: EvaluationReport[] = [];
      const baselineEvaluations: EvaluationReport[] = [];
      for (let d = 0; d < draws; d++) {
        const drawSeed = seed + d;
        const runConfig = { ...config, seed: drawSeed };
        const run = repo?.createRun({ kind: 'finetune', params: { ...runConfig, labelled: v.labelled, baseline: !!v.baseline }, seed: drawSeed });
        const t0 = performance.now();
        let outcome;
        try {
          outcome = await runFinetuning(source.clips, backbone, {
            config: runConfig, labelled: num(v.labelled, '--labelled', { int: true, min: 1 }), baseline: !!v.baseline, backend: backendArg(v.backend),
            // the held-out speakers stay those of --seed for every draw: only the labelled sample changes
            testSpeakers: list(v['test-speakers']), testFraction: num(v['test-fraction'], '--test-fraction', { min: 0, max: 0.9 }), splitSeed: seed,
            bootstrap: resamples === 0 ? false : { resamples, seed: drawSeed },
          }, store, { onProgress: progressPrinter(!v.json) });
        } catch (err) {
          if (run) repo!.finishRun(run.id, 'failed', { message: (err as Error).message });
          throw err;
        }
        const wallMs = performance.now() - t0;
        const drawNote = draws > 1 ? ` (draw ${d + 1}/${draws}, seed ${drawSeed})` : '';
        const name = `${typeof v.name === 'string' ? v.name : `fine-tuned ${new Date().toISOString().slice(0, 16)}`}${drawNote}`;
        const outBase = typeof v.out === 'string' ? v.out.replace(/[\\/]+$/, '') : null;
        const out = outBase && draws > 1 ? `${outBase}-seed${drawSeed}` : outBase;
        const stored = storeModel({ project: source.project, outDir: out, name, parentId: backbone.modelId }, outcome.finetuned.manifest, outcome.finetuned.tensors);
        let baselineStored = null;
        if (outcome.baseline) {
          baselineStored = storeModel({ project: source.project, outDir: out ? `${out}-baseline` : null, name: `${name} (baseline)` }, outcome.baseline.manifest, outcome.baseline.tensors);
        }
        for (const [model, evaluation] of [[stored, outcome.finetuned.evaluation], [baselineStored, outcome.baseline?.evaluation ?? null]] as const) {
          if (repo && model?.modelId && evaluation) repo.insertEvaluation({ modelId: model.modelId, runId: run?.id, split: outcome.split, clips: evaluation.model.n, metrics: evaluation });
        }
        if (run) repo!.finishRun(run.id, 'done', { modelId: stored.modelId, history: outcome.finetuned.manifest.training.history, backend: outcome.finetuned.manifest.training.backend, dataSha256: outcome.finetuned.manifest.training.dataSha256, clips: outcome.labelledClips, epochsDone: outcome.config.epochs, message: 'fine-tuned' });
        if (outcome.finetuned.evaluation) evaluations.push(outcome.finetuned.evaluation);
        if (outcome.baseline?.evaluation) baselineEvaluations.push(outcome.baseline.evaluation);
        results.push({
          modelId: stored.modelId, dir: stored.dir, sha256: stored.sha256, baseline: baselineStored && { modelId: baselineStored.modelId, dir: baselineStored.dir, sha256: baselineStored.sha256 },
          config: outcome.config, split: outcome.split, labelledClips: outcome.labelledClips, timings: { ...outcome.timings, wallMs },
          evaluation: outcome.finetuned.evaluation, baselineEvaluation: outcome.baseline?.evaluation ?? null,
        });
        lines.push(
          `fine-tuned on ${outcome.labelledClips} labelled clips${drawNote} (${outcome.split.trainSpeakers.length} training speakers), reduction ${outcome.config.reduction}${outcome.config.standardizeEmbeddings ? ', standardised embeddings' : ''}, ${outcome.config.epochs} epochs: ${(wallMs / 1000).toFixed(2)} s (embedding ${outcome.timings.embeddedClips} clips ${(outcome.timings.embedMs / 1000).toFixed(2)} s, ${outcome.timings.cachedClips} cached; head ${outcome.timings.headMs.toFixed(0)} ms)`,
        );
        if (outcome.finetuned.evaluation) lines.push(...reportLines('fine-tuned', outcome.finetuned.evaluation));
        if (outcome.baseline?.evaluation) lines.push(...reportLines('from-scratch baseline', outcome.baseline.evaluation));
        if (!outcome.finetuned.evaluation) lines.push('no held-out speakers: nothing evaluated');
        lines.push(`model: ${[stored.dir, stored.modelId !== null ? `id ${stored.modelId} in ${source.label}` : null].filter(Boolean).join(', ')}`);
      }
      const summary = draws > 1 && evaluations.length === draws ? summariseDraws(evaluations) : null;
      const baselineSummary = draws > 1 && baselineEvaluations.length === draws ? summariseDraws(baselineEvaluations) : null;
      if (summary) lines.push(...summaryLines('fine-tuned', summary));
      if (baselineSummary) lines.push(...summaryLines('from-scratch baseline', baselineSummary));
      if (v.json) {
        process.stdout.write(JSON.stringify(draws > 1 ? { draws: results, summary, baselineSummary } : results[0]) + '\n');
      } else {
        process.stdout.write(lines.join('\n') + '\n');
      }
      return 0;
    } finally {
      source.close();
    }
  },
};
