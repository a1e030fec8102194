// The labels CSV of a feature-folder training run (`--labels`): RFC 4180 quoting, our own neutralised
// exports read back, and a bad cell refused with the file and line named — on real files.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyLabelsCsv } from '../../src-main/services/training-data';
import type { FeatureClip } from '../../src-main/ml/dataset';

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'labels-csv-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const clip = (key: string): FeatureClip => ({ key, speaker: 'unknown', frames: 1, data: new Float32Array(74) });

describe('applyLabelsCsv', () => {
  it('reads quoted keys with commas and keys neutralised against formula injection', () => {
    const path = join(dir, 'labels.csv');
    writeFileSync(path, 'clip,speaker,happy,sad,anger,surprise,disgust,fear\r\n"a,1",s1,3,0,0,0,0,0\r\n\'=b,s2,0,2,0,0,0,1\r\n');
    const out = applyLabelsCsv([clip('a,1'), clip('=b'), clip('c')], path);
    expect(out[0].targets).toEqual([3, 0, 0, 0, 0, 0]);
    expect(out[0].speaker).toBe('s1');
    expect(out[1].targets).toEqual([0, 2, 0, 0, 0, 1]);
    expect(out[2].targets).toBeUndefined();
    expect(out[2].speaker).toBe('unknown');
  });

  it('refuses an empty or out-of-range intensity, naming file and line', () => {
    const path = join(dir, 'bad.csv');
    writeFileSync(path, 'clip,speaker,happy,sad,anger,surprise,disgust,fear\na,s1,1,0,0,0,0,0\n\nb,s1,1,,0,0,0,0\n');
    expect(() => applyLabelsCsv([clip('a'), clip('b')], path)).toThrow(/bad\.csv line 4: sad = "" is not an intensity/);
  });
});
