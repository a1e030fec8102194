// Plain CSV feature files: a header row, then one row per 10 ms frame.
//
//   F0,VUV,NAQ,…,HMPDD_12             one clip per file, matched by the file's stem (what
//                                     `npm run cli -- extract --out x.csv` writes, and COVAREP's
//                                     own CSVs in ../shared/data/covarep-reference)
//   clip,F0,VUV,NAQ,…,HMPDD_12        many clips per file, matched by the value of the first column
//
// The 74 names must be COVAREP's, in FEATURE_COLUMNS order. Cells are decimal numbers, Infinity/-Infinity
// (COVAREP's peakSlope can be infinite) or, for a column the producing tool did not compute, empty in
// every row of that clip (the column is then recorded as absent and holds NaN, as the extractor's
// absent columns do — never zeros).
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { FEATURE_COLUMNS, FEATURE_COUNT } from '../contract/feature-spec';
import { checkColumnNames } from './columns';
import { FeatureFileError, type FeatureFile, type FeatureFileEntry, type ReadOptions } from './types';
import { csvCell, restoreText } from '../util/csv';

/** Accepted names of the optional leading id column. */
export const CSV_KEY_COLUMNS = ['clip', 'clip_id', 'video_id'] as const;

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const POS_INF = /^(?:\+?inf(?:inity)?)$/i;
const NEG_INF = /^-inf(?:inity)?$/i;
const NAN = /^[+-]?nan$/i;

/** Splits one CSV line; handles "quoted" cells (with "" escapes) but not line breaks inside quotes. */
function splitLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { cells.push(cell); cell = ''; }
    else cell += ch;
  }
  cells.push(cell);
  return cells;
}

interface Group { key: string; firstLine: number; rows: number[]; lines: number[]; values: number[][] }

export function readFeatureCsv(path: string, options: ReadOptions = {}): FeatureFile {
  const file = basename(path);
  if (!existsSync(path)) throw new FeatureFileError(`${path}: no such file.`, 'features-file-not-found');
  if (statSync(path).isDirectory()) throw new FeatureFileError(`${path} is a folder; choose a .csv file.`);
  const buf = readFileSync(path);
  if (buf.includes(0)) throw new FeatureFileError(`${file}: not a text file (it contains NUL bytes); expected a CSV with a header row of the 74 COVAREP names.`);
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // spreadsheet programs prepend a BOM
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0) throw new FeatureFileError(`${file}: empty file; expected a header row with the 74 COVAREP names, then one row per frame.`);

  const header = splitLine(lines[0]).map((h) => h.trim());
  if (header.length === 1 && lines[0].includes(';')) {
    throw new FeatureFileError(`${file}: columns are separated by ";"; save the file as comma-separated CSV.`);
  }
  const first = header[0].toLowerCase();
  const hasKey = (CSV_KEY_COLUMNS as readonly string[]).includes(first);
  const names = hasKey ? header.slice(1) : header;
  if (!hasKey && header.length === FEATURE_COUNT + 1) {
    throw new FeatureFileError(`${file}: header has ${header.length} columns and the first, "${header[0]}", is not a feature name; name an id column "clip" (or ${CSV_KEY_COLUMNS.slice(1).join(', ')}) or remove it.`);
  }
  checkColumnNames(file, names, 'the header row');

  const offset = hasKey ? 1 : 0;
  const width = FEATURE_COUNT + offset;
  const fileKey = basename(file, extname(file));
  const groups = new Map<string, Group>();
  for (let i = 1; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i];
    if (line.trim() === '') {
      throw new FeatureFileError(`${file} line ${lineNo}: empty line inside the data; remove it.`);
    }
    const cells = splitLine(line);
    if (cells.length !== width) {
      throw new FeatureFileError(`${file} line ${lineNo}: ${cells.length} values; the header has ${width} columns.`);
    }
    // restoreText: our own writer neutralised a key that a spreadsheet would run as a formula.
    const key = hasKey ? restoreText(cells[0].trim()) : fileKey;
    if (key === '') throw new FeatureFileError(`${file} line ${lineNo}: the "${header[0]}" cell is empty; every row needs the clip it belongs to.`);
    let group = groups.get(key);
    if (!group) {
      group = { key, firstLine: lineNo, rows: [], lines: [], values: [] };
      groups.set(key, group);
    }
    const row = new Array<number>(FEATURE_COUNT);
    for (let c = 0; c < FEATURE_COUNT; c++) {
      row[c] = parseCell(cells[c + offset].trim(), options, () => `${file} line ${lineNo}, column "${FEATURE_COLUMNS[c]}"`);
    }
    group.values.push(row);
    group.lines.push(lineNo);
  }
  if (groups.size === 0) throw new FeatureFileError(`${file}: header only, no frames.`);

  const entries: FeatureFileEntry[] = [];
  for (const group of groups.values()) entries.push(toEntry(file, group));
  return { path, format: 'csv', name: file, metadata: {}, entries };
}

/** NaN in the returned number marks an empty cell; real NaN values are refused or zeroed before. */
function parseCell(cell: string, options: ReadOptions, where: () => string): number {
  if (cell === '') return Number.NaN;
  if (NUMBER.test(cell)) return Number(cell);
  if (POS_INF.test(cell)) return Number.POSITIVE_INFINITY;
  if (NEG_INF.test(cell)) return Number.NEGATIVE_INFINITY;
  if (NAN.test(cell)) {
    if (options.nanAsZero) return 0;
    throw new FeatureFileError(`${where()}: NaN. COVAREP writes 0 for undefined values; re-import with NaN treated as 0 (--nan-as-zero) if that is what the file means.`);
  }
  const shown = cell.length > 40 ? `${cell.slice(0, 40)}…` : cell;
  throw new FeatureFileError(`${where()}: "${shown}" is not a number.`);
}

function toEntry(file: string, group: Group): FeatureFileEntry {
  const frames = group.values.length;
  const present = new Array<boolean>(FEATURE_COUNT).fill(true);
  for (let c = 0; c < FEATURE_COUNT; c++) {
    let empty = 0;
    for (const row of group.values) if (Number.isNaN(row[c])) empty++;
    if (empty === frames) present[c] = false;
    else if (empty > 0) {
      const r = group.values.findIndex((row) => Number.isNaN(row[c]));
      throw new FeatureFileError(`${file} line ${group.lines[r]}, column "${FEATURE_COLUMNS[c]}": empty cell, but other rows of clip "${group.key}" have values in this column. Leave a column empty in every row (not computed) or in none.`);
    }
  }
  const data = new Float32Array(frames * FEATURE_COUNT);
  for (let r = 0; r < frames; r++) {
    const row = group.values[r];
    for (let c = 0; c < FEATURE_COUNT; c++) data[r * FEATURE_COUNT + c] = present[c] ? row[c] : Number.NaN;
  }
  return { key: group.key, frames, columns: FEATURE_COUNT, data, present, intervals: null };
}

export interface CsvWriteEntry { key: string; frames: number; data: Float32Array; present?: readonly boolean[] }

/**
 * Writes the CSV layout above. With one entry and withKey false, the file is the one-clip layout (its
 * stem must then be the clip key on re-import). Float32 values are printed with 9 significant digits,
 * which reproduces every float32 exactly; absent columns are left empty.
 */
export function writeFeatureCsv(path: string, entries: CsvWriteEntry[], withKey = true): void {
  if (!withKey && entries.length !== 1) throw new Error('writeFeatureCsv: a file without a clip column holds exactly one clip');
  const out: string[] = [(withKey ? ['clip', ...FEATURE_COLUMNS] : [...FEATURE_COLUMNS]).join(',')];
  for (const entry of entries) {
    // csvCell quotes and neutralises the clip key (a file stem someone chose: OWASP CSV injection).
    const key = withKey ? csvCell(entry.key) : null;
    for (let r = 0; r < entry.frames; r++) {
      const cells: string[] = key === null ? [] : [key];
      for (let c = 0; c < FEATURE_COUNT; c++) {
        cells.push(entry.present && !entry.present[c] ? '' : formatFloat32(entry.data[r * FEATURE_COUNT + c]));
      }
      out.push(cells.join(','));
    }
  }
  writeFileSync(path, out.join('\n') + '\n');
}

function formatFloat32(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  if (v === 0) return '0';
  return String(Number(v.toPrecision(9)));
}
