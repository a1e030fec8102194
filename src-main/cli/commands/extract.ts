// `npm run cli -- extract <audio> --out <file.csv> [--json] [--seed N]`: the COVAREP-74 features of one
// audio file as CSV (header = COVAREP column names, one row per 10 ms frame, only the columns the
// extractor computes). Decoding and resampling to 16 kHz go through src-main/audio/decode.ts.
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { decodeAudio } from '../../audio/decode';
import { FEATURE_COLUMNS, FEATURE_COUNT, FEATURE_SAMPLE_RATE } from '../../contract/feature-spec';
import { extractFeatures } from '../../features/extractor';
import { CliError, wantsHelp, type CliCommand } from '../command';

const usage = `usage: npm run cli -- extract <audio> --out <file.csv> [--json] [--seed <n>]

Extracts COVAREP-compatible acoustic features (CMU-MOSEI layout, 10 ms frames) from one audio file
(WAV, FLAC, MP3, OGG, M4A …; any sample rate, resampled to 16 kHz). Writes a CSV with a header row of
COVAREP column names and one row per frame; columns the extractor does not compute are left out.
Definitions and agreement with COVAREP: docs/features.md.

  --out <file.csv>   where to write the CSV (required)
  --json             print frames, duration, time taken, status and columns as JSON
  --seed <n>         seed of COVAREP's random phases (HMPD; default 0 = MATLAB's start-up stream)`;

/** Shortest text that reads back as the same float32 value; ±Infinity as COVAREP's CSVs write it. */
function formatValue(v: number): string {
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return String(Number(v.toPrecision(9)));
}

export const extractCommand: CliCommand = {
  name: 'extract',
  summary: 'COVAREP-compatible features of one audio file → CSV',
  usage,
  async run(argv) {
    if (wantsHelp(argv)) {
      process.stdout.write(usage + '\n');
      return 0;
    }
    let parsed: { values: { out?: string; json?: boolean; seed?: string }; positionals: string[] };
    try {
      parsed = parseArgs({
        args: argv, allowPositionals: true,
        options: { out: { type: 'string' }, json: { type: 'boolean' }, seed: { type: 'string' } },
      });
    } catch (err) {
      throw new CliError(`${err instanceof Error ? err.message : String(err)} (run with --help)`);
    }
    const { values, positionals } = parsed;
    if (positionals.length !== 1) throw new CliError('give exactly one audio file (run with --help)');
    if (!values.out) throw new CliError('--out <file.csv> is required (run with --help)');
    let seed = 0;
    if (values.seed !== undefined) {
      if (!/^\d+$/.test(values.seed)) throw new CliError(`--seed must be a whole number, got "${values.seed}"`);
      seed = Number(values.seed);
    }
    const file = positionals[0];
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(file));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new CliError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot be read (${code ?? String(err)})`);
    }
    const t0 = performance.now();
    let audio;
    try {
      audio = await decodeAudio(bytes, basename(file), { validate: false });
    } catch (err) {
      throw new CliError(err instanceof Error ? err.message : String(err));
    }
    const tDecoded = performance.now();
    const result = extractFeatures(audio.samples, audio.sampleRate, { seed });
    const tDone = performance.now();

    const cols: number[] = [];
    for (let c = 0; c < FEATURE_COUNT; c++) if (result.present[c]) cols.push(c);
    const lines = [cols.map((c) => FEATURE_COLUMNS[c]).join(',')];
    for (let k = 0; k < result.frames; k++) {
      lines.push(cols.map((c) => formatValue(result.data[k * FEATURE_COUNT + c])).join(','));
    }
    try {
      await writeFile(values.out, lines.join('\n') + '\n');
    } catch (err) {
      throw new CliError(`${values.out}: cannot be written (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    const durationS = audio.samples.length / FEATURE_SAMPLE_RATE;
    if (values.json) {
      process.stdout.write(JSON.stringify({
        file, out: values.out, featureSpec: result.featureSpec, frames: result.frames, durationS,
        decodeSeconds: (tDecoded - t0) / 1000, extractSeconds: (tDone - tDecoded) / 1000,
        realTimeFactor: durationS / ((tDone - tDecoded) / 1000),
        status: result.status, message: result.message ?? null, polarity: result.polarity, seed,
        columns: cols.map((c) => FEATURE_COLUMNS[c]), timingsMs: result.timings,
      }, null, 2) + '\n');
    } else {
      process.stdout.write(`${file}: ${result.frames} frames (${durationS.toFixed(2)} s), ${cols.length} columns, `
        + `${((tDone - tDecoded) / 1000).toFixed(2)} s, status ${result.status}${result.message ? ` (${result.message})` : ''} → ${values.out}\n`);
    }
    return 0;
  },
};
