// Test helpers: read the COVAREP reference set (16-bit WAVs as int16/32768, CSVs with `Infinity`).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { covarepRefRoot } from '../support/paths';

export function readWav16(path: string): { samples: Float64Array; sampleRate: number } {
  const b = readFileSync(path);
  if (b.toString('ascii', 0, 4) !== 'RIFF' || b.toString('ascii', 8, 12) !== 'WAVE') throw new Error(`${path}: not a WAV file`);
  let off = 12, rate = 0, bits = 0, channels = 0;
  while (off + 8 <= b.length) {
    const id = b.toString('ascii', off, off + 4);
    const size = b.readUInt32LE(off + 4);
    if (id === 'fmt ') {
      channels = b.readUInt16LE(off + 10);
      rate = b.readUInt32LE(off + 12);
      bits = b.readUInt16LE(off + 22);
    } else if (id === 'data') {
      if (bits !== 16) throw new Error(`${path}: expected 16-bit PCM`);
      const n = Math.floor(size / 2 / channels);
      const samples = new Float64Array(n);
      for (let i = 0; i < n; i++) samples[i] = b.readInt16LE(off + 8 + i * 2 * channels) / 32768;
      return { samples, sampleRate: rate };
    }
    off += 8 + size + (size % 2);
  }
  throw new Error(`${path}: no data chunk`);
}

export interface RefCsv { header: string[]; rows: Float64Array[] }

export function readRefCsv(path: string): RefCsv {
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const rows = lines.slice(1).map((l) => Float64Array.from(l.split(','), (v) => Number(v)));
  return { header, rows };
}

export const refWavDir = join(covarepRefRoot, 'wav');
export const refCsvDir = join(covarepRefRoot, 'csv');

/** Names of reference clips that have CSVs (edge_silence_0p5s has none: COVAREP fails on it). */
export function referenceClips(): string[] {
  return readdirSync(refCsvDir).filter((f) => f.endsWith('.seed0.csv')).map((f) => f.replace('.seed0.csv', '')).sort();
}

export const SPEECH_CLIPS = (): string[] => referenceClips().filter((c) => !c.startsWith('edge_'));
