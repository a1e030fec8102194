// Shared helpers of the glottal-feature tests and bench: reference clips, WAV reading, agreement stats.
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { covarepRefRoot } from '../support/paths.js';

export const REF_WAV_DIR = resolve(covarepRefRoot, 'wav');
export const REF_CSV_DIR = resolve(covarepRefRoot, 'csv');

/** Clips that have a reference CSV (COVAREP fails on digital silence: no CSV there). */
export function referenceClips(): string[] {
  return readdirSync(REF_CSV_DIR).filter((f) => f.endsWith('.seed0.csv')).map((f) => f.replace('.seed0.csv', '')).sort();
}

/** 16-bit PCM mono WAV → float64 samples scaled by 1/32768 (as MATLAB audioread). */
export function readWav16(path: string): { x: Float64Array; fs: number } {
  const b = readFileSync(path);
  let off = 12;
  let fs = 0, bits = 0, ch = 0;
  while (off + 8 <= b.length) {
    const id = b.toString('ascii', off, off + 4);
    const size = b.readUInt32LE(off + 4);
    if (id === 'fmt ') { ch = b.readUInt16LE(off + 10); fs = b.readUInt32LE(off + 12); bits = b.readUInt16LE(off + 22); }
    if (id === 'data') {
      if (bits !== 16) throw new Error(`${path}: expected 16-bit PCM`);
      const n = Math.floor(size / 2 / ch);
      const x = new Float64Array(n);
      for (let i = 0; i < n; i++) x[i] = b.readInt16LE(off + 8 + i * 2 * ch) / 32768;
      return { x, fs };
    }
    off += 8 + size + (size & 1);
  }
  throw new Error(`${path}: no data chunk`);
}

export interface RefCsv { names: string[]; rows: Float64Array[] }

export function readRefCsv(clip: string, seed = 0): RefCsv {
  const text = readFileSync(resolve(REF_CSV_DIR, `${clip}.seed${seed}.csv`), 'utf8').trim().split('\n');
  const names = text[0].split(',');
  const rows = text.slice(1).map((l) => Float64Array.from(l.split(','), (v) => (v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : Number(v))));
  return { names, rows };
}

export function column(ref: RefCsv, name: string): Float64Array {
  const j = ref.names.indexOf(name);
  return Float64Array.from(ref.rows, (r) => r[j]);
}

/** Pearson correlation over the frames where mask is true and both values are finite. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>, mask?: ArrayLike<boolean>): { r: number; n: number } {
  let n = 0, sa = 0, sb = 0;
  for (let i = 0; i < a.length; i++) if ((!mask || mask[i]) && Number.isFinite(a[i]) && Number.isFinite(b[i])) { n++; sa += a[i]; sb += b[i]; }
  const ma = sa / n, mb = sb / n;
  let cab = 0, caa = 0, cbb = 0;
  for (let i = 0; i < a.length; i++) if ((!mask || mask[i]) && Number.isFinite(a[i]) && Number.isFinite(b[i])) {
    const da = a[i] - ma, db = b[i] - mb;
    cab += da * db; caa += da * da; cbb += db * db;
  }
  return { r: cab / Math.sqrt(caa * cbb), n };
}
