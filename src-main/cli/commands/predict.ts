// `npm run cli -- predict …`: six emotion intensities per clip from a fine-tuned or baseline model, for a
// project (stored as pre-annotations in the project) or a folder of feature CSVs; CSV or JSON output.
import { writeFileSync } from 'node:fs';
import { wantsHelp, type CliCommand } from '../command';
import { EMOTIONS } from '../../contract/emotions';
import { ModelsRepo } from '../../db/models-repo';
import { DirEmbeddingStore, MemoryEmbeddingStore } from '../../ml/embedding';
import { toCsv } from '../../util/csv';
import { openModel, projectEmbeddingStore, runPrediction } from '../../services/training';
import { backendArg, num, openSource, parse, SOURCE_OPTIONS, SOURCE_USAGE } from './training-args';

const usage = `usage: npm run cli -- predict (--model <dir> | --project <file> [--model-id <n>]) (--project <file> | --features <dir>) [--out <csv>] [--json]

Predicts the six intensities (0–3, real numbers) of every clip with features. With --project the
predictions are also stored in the project (pre-annotation, "label next" ordering).

  --model <dir>      model folder (or --model-id <n> of a model in the project; default its latest fine-tuned)
  --out <csv>        write clip,happy,sad,anger,surprise,disgust,fear (default: print to stdout)
  --cache <dir>      embedding cache folder for --features

${SOURCE_USAGE}`;

export const predictCommand: CliCommand = {
  name: 'predict',
  summary: 'predict six emotion intensities per clip with a trained model',
  usage,
  async run(argv) {
    if (wantsHelp(argv)) { process.stdout.write(usage + '\n'); return 0; }
    const v = parse(argv, { ...SOURCE_OPTIONS, model: { type: 'string' }, 'model-id': { type: 'string' }, out: { type: 'string' }, cache: { type: 'string' } }, 'predict');
    const source = openSource(v, 'predict');
    try {
      const model = openModel({ dir: typeof v.model === 'string' ? v.model : null, project: source.project, modelId: num(v['model-id'], '--model-id', { int: true, min: 1 }), kind: 'finetuned' });
      const store = source.project ? projectEmbeddingStore(source.project) : typeof v.cache === 'string' ? new DirEmbeddingStore(v.cache) : new MemoryEmbeddingStore();
      const pred = await runPrediction(model, source.clips, { backend: backendArg(v.backend), store });
      const rows = source.clips.map((c, i) => ({ clip: c.key, clipId: 'clipId' in c ? c.clipId : undefined, values: Array.from(pred.subarray(i * 6, i * 6 + 6)) }));
      if (source.project && model.modelId !== null) {
        new ModelsRepo(source.project.db).putPredictions(model.modelId, rows.filter((r) => r.clipId !== undefined).map((r) => ({ clipId: r.clipId!, values: r.values })));
      }
      // The shared writer quotes the clip key and protects it against spreadsheet formula injection.
      const csv = toCsv(rows.map((r) => ({ clip: r.clip, ...Object.fromEntries(EMOTIONS.map((e, k) => [e, r.values[k]])) })), ['clip', ...EMOTIONS], { eol: '\n', formatNumber: (x) => x.toFixed(4) });
      if (typeof v.out === 'string') writeFileSync(v.out, csv);
      if (v.json) process.stdout.write(JSON.stringify({ model: model.path, predictions: rows.map((r) => ({ clip: r.clip, ...Object.fromEntries(EMOTIONS.map((e, k) => [e, r.values[k]])) })) }) + '\n');
      else if (typeof v.out !== 'string') process.stdout.write(csv);
      else process.stdout.write(`${rows.length} predictions written to ${v.out}\n`);
      return 0;
    } finally {
      source.close();
    }
  },
};
