// `npm run cli -- labels export --project <file> --format csv|json [--out <file>]`
import { writeFileSync } from 'node:fs';
import { exportRaterLabels, type ExportFormat } from '../../services/export';
import { CliError, wantsHelp, type CliCommand } from '../command';
import { openProject, parseFlags } from './project-cli';

const usage = `usage: npm run cli -- labels export --project <file.sqlite> --format csv|json [--out <file>]

Writes every annotator's current label of every clip: clip id, file, speaker, content hash, annotator,
label version, the six intensities (happy, sad, anger, surprise, disgust, fear; 0–3), time of labelling.
  --format csv|json   output format (required)
  --out <file>        write to a file instead of standard output`;

export const labelsExportCommand: CliCommand = {
  name: 'labels export',
  summary: 'export labels as CSV or JSON',
  usage,
  async run(argv) {
    if (wantsHelp(argv)) { process.stdout.write(usage + '\n'); return 0; }
    const { values } = parseFlags(argv, { format: { type: 'string' }, out: { type: 'string' } });
    const format = values.format;
    if (format !== 'csv' && format !== 'json') throw new CliError(`--format must be csv or json${format ? ` (got "${String(format)}")` : ''}`);
    const services = openProject(values.project, false);
    try {
      const text = exportRaterLabels(services.ctx, format as ExportFormat);
      if (typeof values.out === 'string') writeFileSync(values.out, text);
      else process.stdout.write(text);
      return 0;
    } finally {
      await services.close();
    }
  },
};
