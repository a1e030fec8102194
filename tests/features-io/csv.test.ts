// Plain CSV feature files: COVAREP's own reference CSVs read as they are, the multi-clip layout written
// and read back, and every way a file can be wrong refused with the file, line and column named.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_COLUMNS, FEATURE_COUNT } from '../../src-main/contract/feature-spec';
import { readFeatureCsv, writeFeatureCsv } from '../../src-main/features-io/csv';
import { FeatureFileError } from '../../src-main/features-io/types';
import { covarepRefRoot } from '../support/paths';

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'features-csv-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const header = FEATURE_COLUMNS.join(',');
const row = (v: number, n = FEATURE_COUNT): string => Array.from({ length: n }, (_, c) => String(v + c / 100)).join(',');

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function refusal(path: string): string {
  try {
    readFeatureCsv(path);
  } catch (err) {
    expect(err).toBeInstanceOf(FeatureFileError);
    return (err as Error).message;
  }
  throw new Error(`${path} was accepted`);
}

describe('readFeatureCsv', () => {
  it('reads every COVAREP reference CSV as one clip keyed by the file stem, values as float32 of the printed doubles', () => {
    const path = join(covarepRefRoot, 'csv', 'espeak_fox.seed0.csv');
    const file = readFeatureCsv(path);
    expect(file.entries).toHaveLength(1);
    const e = file.entries[0];
    expect(e.key).toBe('espeak_fox.seed0');
    expect(e.frames).toBe(278); // the reference README's frame count for this clip
    expect(e.present.every(Boolean)).toBe(true);
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    const cells = lines[251].split(','); // frame 250: the one -Infinity peakSlope of the set
    expect(cells[7]).toBe('-Infinity');
    expect(e.data[250 * FEATURE_COUNT + 7]).toBe(Number.NEGATIVE_INFINITY);
    expect(e.data[100 * FEATURE_COUNT + 11]).toBe(Math.fround(Number(lines[101].split(',')[11])));
  });

  it('round-trips the multi-clip layout, with a column absent for one clip', () => {
    const present = FEATURE_COLUMNS.map((n) => n !== 'creak');
    const a = new Float32Array(3 * FEATURE_COUNT).map((_, i) => (i % FEATURE_COUNT === 10 ? Number.NaN : Math.fround(i * 0.1 - 3)));
    const b = new Float32Array(2 * FEATURE_COUNT).map((_, i) => Math.fround(1 / (i + 1)));
    b[7] = Number.POSITIVE_INFINITY;
    const path = join(dir, 'multi.csv');
    writeFeatureCsv(path, [{ key: 'clip,a', frames: 3, data: a, present }, { key: 'b', frames: 2, data: b }]);
    const file = readFeatureCsv(path);
    expect(file.entries.map((e) => e.key)).toEqual(['clip,a', 'b']);
    const [ea, eb] = file.entries;
    expect(ea.present).toEqual(present);
    expect(ea.frames).toBe(3);
    for (let i = 0; i < a.length; i++) {
      if (present[i % FEATURE_COUNT]) expect(ea.data[i]).toBe(a[i]);
      else expect(Number.isNaN(ea.data[i])).toBe(true);
    }
    expect(Array.from(eb.data)).toEqual(Array.from(b));
    expect(eb.present.every(Boolean)).toBe(true);
  });

  it('neutralises a clip key a spreadsheet would run as a formula, and reads it back unchanged', () => {
    const data = new Float32Array(FEATURE_COUNT).map((_, i) => -i / 4);
    const path = join(dir, 'formula.csv');
    writeFeatureCsv(path, [{ key: '=HYPERLINK("x")', frames: 1, data }, { key: '@sum', frames: 1, data }]);
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines[1].startsWith('"\'=HYPERLINK(""x"")",')).toBe(true);
    expect(lines[2].startsWith("'@sum,")).toBe(true);
    expect(lines[1].split(',')[1]).toBe('0');
    expect(lines[1].split(',')[2]).toBe('-0.25'); // numbers are never prefixed
    expect(readFeatureCsv(path).entries.map((e) => e.key)).toEqual(['=HYPERLINK("x")', '@sum']);
  });

  it('accepts a BOM, CRLF line ends and quoted header names', () => {
    const path = write('excel.csv', `\ufeff${FEATURE_COLUMNS.map((n) => `"${n}"`).join(',')}\r\n${row(1)}\r\n${row(2)}\r\n`);
    const e = readFeatureCsv(path).entries[0];
    expect(e.key).toBe('excel');
    expect(e.frames).toBe(2);
    expect(e.data[FEATURE_COUNT + 1]).toBe(Math.fround(2.01));
  });

  it('refuses a wrong column count, wrong or reordered names, and an unnamed id column', () => {
    expect(refusal(write('short.csv', `${FEATURE_COLUMNS.slice(0, 63).join(',')}\n${row(1, 63)}\n`)))
      .toMatch(/^short\.csv: the header row has 63 feature columns; expected the 74 COVAREP columns/);
    const swapped = [...FEATURE_COLUMNS];
    [swapped[11], swapped[12]] = [swapped[12], swapped[11]];
    expect(refusal(write('swapped.csv', `${swapped.join(',')}\n${row(1)}\n`)))
      .toMatch(/^swapped\.csv: the header row, column 12 is named "MCEP_1" but must be "MCEP_0".*out of order/);
    const lower = FEATURE_COLUMNS.map((n) => (n === 'peakSlope' ? 'peakslope' : n));
    expect(refusal(write('lower.csv', `${lower.join(',')}\n${row(1)}\n`)))
      .toMatch(/column 8 is named "peakslope" but must be "peakSlope"/);
    expect(refusal(write('idcol.csv', `name,${header}\nx,${row(1)}\n`)))
      .toMatch(/^idcol\.csv: header has 75 columns and the first, "name", is not a feature name; name an id column "clip"/);
    expect(refusal(write('semi.csv', `${FEATURE_COLUMNS.join(';')}\n`))).toMatch(/separated by ";"/);
  });

  it('refuses non-numeric content naming the line and the column', () => {
    const cells = row(1).split(',');
    cells[40] = 'abc';
    expect(refusal(write('text.csv', `${header}\n${row(0)}\n${cells.join(',')}\n`)))
      .toBe('text.csv line 3, column "HMPDM_4": "abc" is not a number.');
    const hex = row(1).split(',');
    hex[0] = '0x10';
    expect(refusal(write('hex.csv', `${header}\n${hex.join(',')}\n`))).toBe('hex.csv line 2, column "F0": "0x10" is not a number.');
    expect(refusal(write('nan.csv', `clip,${header}\nk,${row(1).replace(/^1/, 'NaN')}\n`)))
      .toMatch(/^nan\.csv line 2, column "F0": NaN\. COVAREP writes 0/);
    expect(readFeatureCsv(join(dir, 'nan.csv'), { nanAsZero: true }).entries[0].data[0]).toBe(0);
  });

  it('refuses ragged rows, an empty cell in an otherwise filled column, a missing clip id and binary files', () => {
    expect(refusal(write('ragged.csv', `${header}\n${row(1)}\n${row(1, 73)}\n`))).toBe('ragged.csv line 3: 73 values; the header has 74 columns.');
    const holes = row(2).split(',');
    holes[5] = '';
    expect(refusal(write('holes.csv', `clip,${header}\nk,${row(1)}\nk,${holes.join(',')}\n`)))
      .toMatch(/^holes\.csv line 3, column "PSP": empty cell, but other rows of clip "k" have values/);
    expect(refusal(write('noid.csv', `clip,${header}\n,${row(1)}\n`))).toMatch(/^noid\.csv line 2: the "clip" cell is empty/);
    expect(refusal(write('empty.csv', ''))).toMatch(/^empty\.csv: empty file/);
    expect(refusal(write('headeronly.csv', `${header}\n`))).toMatch(/^headeronly\.csv: header only, no frames/);
    expect(refusal(write('binary.csv', Buffer.from([0x89, 0x48, 0x44, 0x46, 0, 1, 2]).toString('latin1')))).toMatch(/^binary\.csv: not a text file/);
  });
});
