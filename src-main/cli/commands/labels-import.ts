// `npm run cli -- labels import <file.csv> --project <file> --annotator <name> [--json]`
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { AppError } from '../../contract/api';
import { importLabelsCsv, LabelImportError } from '../../services/label-import';
import { CliError, wantsHelp, type CliCommand } from '../command';
import { openProject, parseFlags } from './project-cli';

const usage = `usage: npm run cli -- labels import <file.csv> --project <file.sqlite> --annotator <name> [--json]

Brings in ratings made elsewhere as the labels of one annotator (created if new). The CSV's first line
names the columns: a clip column — content_hash (used first), clip_id, or file (file name or full original path) —
and happy, sad, anger, surprise, disgust, fear with whole numbers 0–3. Optional: not_rateable (noise,
no-speech, wrong-language or other; the intensities are then ignored) and comment. A file written by
\`labels export\` reads back as written; when its annotator column names several annotators, only the
rows of --annotator are imported. Other columns are ignored.
Every row is checked first; if any row is wrong, every problem is listed with its line number and
nothing is imported. Each imported row becomes a new label version, recorded in the audit log.
  --annotator <name>  whose labels these are (required)
  --json              print the result as JSON`;

export const labelsImportCommand: CliCommand = {
  name: 'labels import',
  summary: 'import ratings from a CSV as one annotator\u2019s labels',
  usage,
  async run(argv) {
    if (wantsHelp(argv)) { process.stdout.write(usage + '\n'); return 0; }
    const { values, positionals } = parseFlags(argv, { annotator: { type: 'string' } }, true);
    if (positionals.length !== 1) throw new CliError('give exactly one CSV file (run with --help)');
    const annotator = typeof values.annotator === 'string' ? values.annotator.trim() : '';
    if (!annotator) throw new CliError('--annotator <name> is required (run with --help)');
    let text: string;
    try {
      text = readFileSync(positionals[0], 'utf8');
    } catch {
      throw new CliError(`${positionals[0]}: cannot read the file`);
    }
    const services = openProject(values.project, false);
    try {
      const result = importLabelsCsv(services.ctx, text, basename(positionals[0]), annotator);
      if (values.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      else process.stdout.write(`Imported ${result.rows} label${result.rows === 1 ? '' : 's'} for ${result.annotator} (${result.saved} new versions, ${result.unchanged} unchanged)\n`);
      return 0;
    } catch (err) {
      if (err instanceof LabelImportError) {
        // Every problem on stdout (for fixing the file), the one-line summary on stderr.
        for (const p of err.problems) process.stdout.write(`${basename(positionals[0])}: ${p}\n`);
        throw new CliError(err.message, 1);
      }
      if (err instanceof AppError) throw new CliError(err.message, 1);
      throw err;
    } finally {
      await services.close();
    }
  },
};
