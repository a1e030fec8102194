// `npm run cli -- evaluate …`: scores a fine-tuned or baseline model on labelled clips (all of them, or the
// given speakers') beside the all-zero and training-mean predictors, with bootstrap 95 % CIs.
import { CliError, wantsHelp, type CliCommand } from '../command';
import { ModelsRepo } from '../../db/models-repo';
import { DirEmbeddingStore, MemoryEmbeddingStore } from '../../ml/embedding';
import { openModel, projectEmbeddingStore, runEvaluation } from '../../services/training';
import { backendArg, list, num as numArg, openSource, parse, SOURCE_OPTIONS, SOURCE_USAGE } from './training-args';
import { reportLines } from './finetune';

const usage = `usage: npm run cli -- evaluate (--model <dir> | --project <file> [--model-id <n>]) (--project <file> | --features <dir> --labels <csv>) [options]

Evaluates a fine-tuned or from-scratch model on labelled clips: MAE, 4-class accuracy (round half up),
F1 per emotion, macro-F1, confusion matrices (--json), beside the all-zero and training-mean predictors,
with bootstrap 95 % CIs. Evaluate on speakers the model was NOT trained on (--speakers).

  --model <dir>         model folder (or --model-id <n> for a model stored in the project; default its latest fine-tuned)
  --speakers <a,b>      only these speakers' clips (default: every labelled clip)
  --bootstrap <n>       bootstrap resamples (default 1000; 0 = none)
  --cache <dir>         embedding cache folder for --features

${SOURCE_USAGE}`;

export const evaluateCommand: CliCommand = {
  name: 'evaluate',
  summary: 'evaluate a model on labelled clips beside the all-zero and mean predictors, with CIs',
  usage,
  async run(argv) {
    if (wantsHelp(argv)) { process.stdout.write(usage + '\n'); return 0; }
    const v = parse(argv, { ...SOURCE_OPTIONS, model: { type: 'string' }, 'model-id': { type: 'string' }, speakers: { type: 'string' }, bootstrap: { type: 'string' }, cache: { type: 'string' } }, 'evaluate');
    const source = openSource(v, 'evaluate');
    try {
      const model = openModel({ dir: typeof v.model === 'string' ? v.model : null, project: source.project, modelId: numArg(v['model-id'], '--model-id', { int: true, min: 1 }), kind: 'finetuned' });
      const speakers = list(v.speakers);
      const clips = speakers ? source.clips.filter((c) => c.speaker !== undefined && speakers.includes(c.speaker)) : source.clips;
      if (speakers && clips.length === 0) throw new CliError(`--speakers: no clips of ${speakers.join(', ')} in ${source.label}`);
      const resamples = numArg(v.bootstrap, '--bootstrap', { int: true, min: 0, max: 100_000 }) ?? 1000;
      const seed = numArg(v.seed, '--seed', { int: true, min: 0 }) ?? 1;
      const store = source.project ? projectEmbeddingStore(source.project) : typeof v.cache === 'string' ? new DirEmbeddingStore(v.cache) : new MemoryEmbeddingStore();
      const report = await runEvaluation(model, clips, { backend: backendArg(v.backend), store, bootstrap: resamples === 0 ? false : { resamples, seed } });
      if (source.project && model.modelId !== null) {
        new ModelsRepo(source.project.db).insertEvaluation({ modelId: model.modelId, split: { speakers: speakers ?? 'all' }, clips: report.model.n, metrics: report });
      }
      if (v.json) process.stdout.write(JSON.stringify({ model: model.path, kind: model.manifest.kind, report }) + '\n');
      else process.stdout.write(reportLines(`${model.manifest.kind} model ${model.path}`, report).join('\n') + '\n');
      return 0;
    } finally {
      source.close();
    }
  },
};
