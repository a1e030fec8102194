// `npm run cli -- features …`: which clips have feature matrices (spec, source), which failed; extraction
// now (waiting for it); import of pre-extracted .csd / CSV files; export.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { JobInfo } from '../../contract/api';
import { FEATURE_SPEC_ID } from '../../contract/feature-spec';
import type { ClipFeatures, FeatureImportReport, FeaturesOverview } from '../../contract/methods/features';
import { EXTRACT_JOB_KIND, type ExtractJobResult } from '../../services/features-service';
import { CliError, wantsHelp, type CliCommand } from '../command';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { callApi, openProject } from './project-cli';

/** parseArgs with --project/--json added, keeping the option types, and a one-line error. */
function parseFlags<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options: { project: { type: 'string' }, json: { type: 'boolean' }, ...options } as const, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CliError(`${(err as Error).message.split('\n')[0]} (run with --help)`);
  }
}

const listUsage = `usage: npm run cli -- features --project <file.sqlite> [--json] [--spec <id>]

Lists every clip with the feature matrices it holds (feature spec, source: extracted | imported-csd |
imported-csv, frames, columns present) and the clips whose extraction failed, with the reason.

  --project <file>   project file (required)
  --spec <id>        feature spec (default ${FEATURE_SPEC_ID})
  --json             print { overview, clips } as JSON

Related: features extract | features import | features export (each has --help).
Exit status: 0 (also when some clips failed: they are listed), 2 bad arguments.`;

const extractUsage = `usage: npm run cli -- features extract --project <file.sqlite> [--retry-failed] [--redo] [--json]

Extracts the COVAREP-74 features of every clip that has none yet (two threads), storing each clip's matrix
as it is done: an interrupted run resumes where it stopped. Clips that failed before are skipped unless
--retry-failed is given. --redo deletes the extracted matrices first and extracts every clip again (after
an extractor update; imported matrices are kept).

Exit status: 0 done, 1 some clips failed or the job failed, 2 bad arguments.`;

const importUsage = `usage: npm run cli -- features import <file.csd|file.csv> --project <file.sqlite> [options]

Imports pre-extracted COVAREP features: a CMU-MultimodalSDK computational sequence (.csd, HDF5:
/<name>/data/<video id>/features [n × 74] + intervals) or a CSV whose header is the 74 COVAREP names (one
clip per file, matched by the file's stem, or a first column "clip" naming each row's clip). Entries
are matched to clips by content hash (sha256 of the audio file), file name, or file name without
extension. A file with the wrong number of columns, wrong names or non-numeric values is refused as a
whole, naming the file, row and column.

  --nan-as-zero   read NaN as 0 (COVAREP's own rule) instead of refusing the file
  --replace       overwrite matrices already imported from the same kind of file
  --json          print the import report as JSON

Exit status: 0 imported (unmatched entries are listed), 1 refused or nothing matched, 2 bad arguments.`;

const exportUsage = `usage: npm run cli -- features export <out.csd|out.csv> --project <file.sqlite> [options]

Writes every clip's feature matrix to a computational sequence (.csd, CMU-MultimodalSDK layout) or a CSV
with a "clip" column. Clips are keyed by file stem (content hash where stems repeat).

  --source <s>    extracted | imported-csd | imported-csv (default: each clip's extracted matrix, else imported)
  --key <k>       stem (default) | hash
  --overwrite     replace an existing output file
  --json          print { path, clips } as JSON`;

function shortState(c: ClipFeatures): string {
  if (c.state === 'failed') return `FAILED: ${c.error?.message ?? ''}`;
  if (c.matrices.length === 0) return 'pending';
  return c.matrices.map((m) => `${m.source} ${m.frames}×${m.columns}${m.presentColumns < m.columns ? ` (${m.presentColumns} present)` : ''}${m.status !== 'ok' ? ` [${m.status}]` : ''}`).join('; ');
}

export const featuresCommand: CliCommand = {
  name: 'features',
  summary: 'which clips have features (spec, source) and which failed',
  usage: listUsage,
  async run(argv) {
    if (wantsHelp(argv)) { process.stdout.write(listUsage + '\n'); return 0; }
    const { values, positionals } = parseFlags(argv, { spec: { type: 'string' } });
    if (positionals.length > 0) throw new CliError(`unknown features subcommand "${positionals[0]}" (extract, import, export; run with --help)`);
    const services = openProject(values.project, false);
    try {
      const featureSpec = typeof values.spec === 'string' ? values.spec : undefined;
      const overview = await callApi<FeaturesOverview>(services, 'features.overview', { featureSpec });
      const clips = await callApi<ClipFeatures[]>(services, 'features.list', { featureSpec });
      if (values.json) {
        process.stdout.write(JSON.stringify({ overview, clips }, null, 2) + '\n');
        return 0;
      }
      const width = Math.min(48, Math.max(8, ...clips.map((c) => c.fileName.length)));
      for (const c of clips) process.stdout.write(`${String(c.clipId).padStart(5)}  ${c.fileName.padEnd(width)}  ${shortState(c)}\n`);
      const o = overview;
      process.stdout.write(`${o.featureSpec}: ${o.clips} clips — ${o.ready} ready, ${o.warning} with warnings, ${o.failed} failed, ${o.pending} pending`
        + ` (extracted ${o.bySource.extracted}, imported .csd ${o.bySource['imported-csd']}, imported CSV ${o.bySource['imported-csv']})`
        + `${o.activeJobId !== null ? `; extraction job ${o.activeJobId} unfinished` : ''}\n`);
      return 0;
    } finally {
      await services.close();
    }
  },
};

export const featuresExtractCommand: CliCommand = {
  name: 'features extract',
  summary: 'extract features for clips that have none (resumable)',
  usage: extractUsage,
  async run(argv) {
    if (wantsHelp(argv)) { process.stdout.write(extractUsage + '\n'); return 0; }
    const { values, positionals } = parseFlags(argv, { 'retry-failed': { type: 'boolean' }, redo: { type: 'boolean' } });
    if (positionals.length > 0) throw new CliError(`unexpected argument "${positionals[0]}" (run with --help)`);
    const services = openProject(values.project, false);
    try {
      // An extraction job left unfinished by an interrupted session is closed here and its work continued
      // by this run (the job recomputes what is left, so nothing is redone). Only extraction jobs are
      // touched: the runner's recover() would also fail other kinds of unfinished jobs.
      for (const stale of services.ctx.project.jobs.unfinished().filter((j) => j.kind === EXTRACT_JOB_KIND)) {
        services.ctx.project.jobs.finish(stale.id, 'cancelled', 'interrupted; continued by "features extract" from the command line', null);
      }
      const { jobId } = await callApi<{ jobId: number | null }>(services, 'features.extract', { retryFailed: values['retry-failed'] === true, redo: values.redo === true });
      if (jobId === null) {
        if (values.json) process.stdout.write(JSON.stringify({ jobId: null, message: 'every clip already has features' }) + '\n');
        else process.stdout.write('every clip already has features (or failed before: use --retry-failed)\n');
        return 0;
      }
      let lastShown = 0;
      const off = services.onEvent((e) => {
        if (values.json || e.type !== 'job' || e.job.id !== jobId || !process.stderr.isTTY) return;
        const now = Date.now();
        if (now - lastShown > 500) { lastShown = now; process.stderr.write(`\r${e.job.message}`.slice(0, 100).padEnd(100)); }
      });
      const end: JobInfo = await services.ctx.jobs.wait(jobId);
      off();
      if (process.stderr.isTTY && !values.json) process.stderr.write('\r'.padEnd(101) + '\r');
      const result = services.ctx.project.jobs.get(jobId)?.result as ExtractJobResult | null;
      if (values.json) process.stdout.write(JSON.stringify({ jobId, state: end.state, message: end.message, ...(result ?? {}), errors: end.errors }, null, 2) + '\n');
      else {
        for (const e of end.errors) process.stdout.write(`${e.file}: ${e.reason}\n`);
        process.stdout.write(`${end.message}${result ? ` in ${(result.elapsedMs / 1000).toFixed(1)} s` : ''}\n`);
      }
      if (end.state !== 'done') return 1;
      return end.errors.length > 0 ? 1 : 0;
    } finally {
      await services.close();
    }
  },
};

export const featuresImportCommand: CliCommand = {
  name: 'features import',
  summary: 'import pre-extracted features from a .csd or CSV file',
  usage: importUsage,
  async run(argv) {
    if (wantsHelp(argv)) { process.stdout.write(importUsage + '\n'); return 0; }
    const { values, positionals } = parseFlags(argv, { 'nan-as-zero': { type: 'boolean' }, replace: { type: 'boolean' } });
    if (positionals.length !== 1) throw new CliError('give exactly one .csd or .csv file (run with --help)');
    const path = resolve(positionals[0]);
    if (!existsSync(path)) throw new CliError(`${path}: no such file`);
    const services = openProject(values.project, false);
    try {
      const report = await callApi<FeatureImportReport>(services, 'features.import', {
        path, nanAsZero: values['nan-as-zero'] === true, replace: values.replace === true,
      });
      if (values.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
      else {
        for (const u of report.unmatched) process.stdout.write(`not imported: "${u.key}": ${u.reason}\n`);
        process.stdout.write(`${report.file} (${report.format}, ${report.sequence}): ${report.entries} entries — ${report.imported} imported, `
          + `${report.replaced} replaced, ${report.unchanged} already present, ${report.unmatched.length} not matched\n`);
      }
      return report.imported + report.replaced + report.unchanged > 0 ? 0 : 1;
    } finally {
      await services.close();
    }
  },
};

export const featuresExportCommand: CliCommand = {
  name: 'features export',
  summary: 'export feature matrices to a .csd or CSV file',
  usage: exportUsage,
  async run(argv) {
    if (wantsHelp(argv)) { process.stdout.write(exportUsage + '\n'); return 0; }
    const { values, positionals } = parseFlags(argv, { source: { type: 'string' }, key: { type: 'string' }, overwrite: { type: 'boolean' } });
    if (positionals.length !== 1) throw new CliError('give exactly one output file ending in .csd or .csv (run with --help)');
    const path = resolve(positionals[0]);
    const format = path.toLowerCase().endsWith('.csd') ? 'csd' : path.toLowerCase().endsWith('.csv') ? 'csv' : null;
    if (!format) throw new CliError(`${positionals[0]}: the output must end in .csd or .csv`);
    const services = openProject(values.project, false);
    try {
      const out = await callApi<{ path: string; clips: number }>(services, 'features.export', {
        path, format, source: values.source, key: values.key, overwrite: values.overwrite === true,
      });
      if (values.json) process.stdout.write(JSON.stringify(out) + '\n');
      else process.stdout.write(`wrote ${out.clips} clips to ${out.path}\n`);
      return 0;
    } finally {
      await services.close();
    }
  },
};

/** Registered in commands/index.ts with one spread. */
export const featuresCommands: CliCommand[] = [featuresCommand, featuresExtractCommand, featuresImportCommand, featuresExportCommand];
