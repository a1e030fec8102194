// `npm run cli -- labels export --project <file> --format csv|json [--out <file>]`
import { writeFileSync } from 'node:fs';
import { exportLabels, type ExportFormat } from '../../services/export';
import { CliError, wantsHelp, type CliCommand } from '../command';
import { openProject, parseFlags } from './project-cli';

const usage = `usage: npm run cli -- labels export --project <file.sqlite> --format csv|json [--kind raters|consensus] [--out <file>]

--kind raters (default): every annotator's current label of every clip, one row per clip and annotator:
  clip id, file, speaker, content hash, annotator, label version, the six intensities (happy, sad, anger,
  surprise, disgust, fear; 0–3), not-rateable reason, comment, time of labelling.
--kind consensus: one row per labelled clip: the six consensus values (adjudicated value where one
  exists, otherwise the mean of the raters), rater count, source (mean|adjudicated), disagreement
  (largest max − min over the six emotions) and agreement (agree|disagree|adjudicated|single-rater).
  --format csv|json   output format (required)
  --out <file>        write to a file instead of standard output`;

export const labelsExportCommand: CliCommand = {
  name: 'labels export',
  summary: 'export labels as CSV or JSON',
  usage,
  async run(argv) {
    if (wantsHelp(argv)) { process.stdout.write(usage + '\n'); return 0; }
    const { values } = parseFlags(argv, { format: { type: 'string' }, out: { type: 'string' }, kind: { type: 'string' } });
    const format = values.format;
    if (format !== 'csv' && format !== 'json') throw new CliError(`--format must be csv or json${format ? ` (got "${String(format)}")` : ''}`);
    const kind = values.kind ?? 'raters';
    if (kind !== 'raters' && kind !== 'consensus') throw new CliError(`--kind must be raters or consensus (got "${String(kind)}")`);
    const services = openProject(values.project, false);
    try {
      const { text } = exportLabels(services.ctx, kind, format as ExportFormat);
      if (typeof values.out === 'string') writeFileSync(values.out, text);
      else process.stdout.write(text);
      return 0;
    } finally {
      await services.close();
    }
  },
};
