// .csd (CMU-MultimodalSDK computational sequence, HDF5) reading and writing, on real HDF5 files written
// with h5wasm: files laid out by hand exactly as the SDK's write_CSD does, our own writer's output,
// and broken files that must be refused with a message naming the file and the entry.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import h5wasm from 'h5wasm/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_COLUMNS, FEATURE_COUNT } from '../../src-main/contract/feature-spec';
import { readCsd, writeCsd, frameIntervals } from '../../src-main/features-io/csd';
import { readFeatureCsv } from '../../src-main/features-io/csv';
import { FeatureFileError } from '../../src-main/features-io/types';
import { covarepRefRoot } from '../support/paths';

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'csd-test-'));
  await h5wasm.ready;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a file the way mmsdk's write_CSD does (h5py): root group, data/<vid>/{features,intervals}, metadata as JSON strings. */
function writeSdkStyle(path: string, root: string, videos: Record<string, { features: Float64Array | Float32Array; rows: number; cols: number }>, metadata: Record<string, unknown>): void {
  const f = new h5wasm.File(path, 'w');
  const g = f.create_group(root);
  const data = g.create_group('data');
  for (const [vid, v] of Object.entries(videos)) {
    const vg = data.create_group(vid);
    vg.create_dataset({ name: 'features', data: v.features, shape: [v.rows, v.cols] });
    const iv = new Float64Array(v.rows * 2);
    for (let i = 0; i < v.rows; i++) { iv[2 * i] = i * 0.01; iv[2 * i + 1] = (i + 1) * 0.01; }
    vg.create_dataset({ name: 'intervals', data: iv, shape: [v.rows, 2] });
  }
  const m = g.create_group('metadata');
  for (const [k, val] of Object.entries(metadata)) m.create_dataset({ name: k, data: [JSON.stringify(val)], shape: [1] });
  f.close();
}

function referenceMatrix(name: string): { frames: number; data: Float32Array } {
  const file = readFeatureCsv(join(covarepRefRoot, 'csv', `${name}.seed0.csv`));
  return { frames: file.entries[0].frames, data: file.entries[0].data };
}

async function expectRefused(path: string, pattern: RegExp): Promise<FeatureFileError> {
  const err = await readCsd(path).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(FeatureFileError);
  expect((err as Error).message).toMatch(pattern);
  return err as FeatureFileError;
}

describe('readCsd / writeCsd', () => {
  it('round-trips COVAREP reference matrices (with an infinite peakSlope) through a file in the SDK layout', async () => {
    const fox = referenceMatrix('espeak_fox');
    const arctic = referenceMatrix('arctic_a0007');
    expect(fox.data.some((v) => v === Number.NEGATIVE_INFINITY)).toBe(true);
    const path = join(dir, 'roundtrip.csd');
    await writeCsd(path, [
      { key: 'espeak_fox', frames: fox.frames, data: fox.data },
      { key: 'arctic_a0007', frames: arctic.frames, data: arctic.data },
    ]);

    // The raw structure is the SDK's: /COVAREP/data/<vid>/{features,intervals}, /COVAREP/metadata/<key> = JSON string.
    const raw = new h5wasm.File(path, 'r');
    try {
      expect(raw.keys()).toEqual(['COVAREP']);
      expect((raw.get('COVAREP') as InstanceType<typeof h5wasm.Group>).keys().sort()).toEqual(['data', 'metadata']);
      const feats = raw.get('COVAREP/data/espeak_fox/features') as InstanceType<typeof h5wasm.Dataset>;
      expect(feats.shape).toEqual([fox.frames, FEATURE_COUNT]);
      expect((raw.get('COVAREP/data/espeak_fox/intervals') as InstanceType<typeof h5wasm.Dataset>).shape).toEqual([fox.frames, 2]);
      const names = (raw.get('COVAREP/metadata/dimension names') as InstanceType<typeof h5wasm.Dataset>).value as string[];
      expect(JSON.parse(names[0])).toEqual([...FEATURE_COLUMNS]);
      expect(JSON.parse(((raw.get('COVAREP/metadata/root name') as InstanceType<typeof h5wasm.Dataset>).value as string[])[0])).toBe('COVAREP');
    } finally {
      raw.close();
    }

    const back = await readCsd(path);
    expect(back.format).toBe('csd');
    expect(back.name).toBe('COVAREP');
    expect(back.metadata['dimension names']).toEqual([...FEATURE_COLUMNS]);
    const byKey = new Map(back.entries.map((e) => [e.key, e]));
    expect([...byKey.keys()].sort()).toEqual(['arctic_a0007', 'espeak_fox']);
    for (const [key, src] of [['espeak_fox', fox], ['arctic_a0007', arctic]] as const) {
      const e = byKey.get(key)!;
      expect(e.frames).toBe(src.frames);
      expect(e.columns).toBe(FEATURE_COUNT);
      expect(e.present.every(Boolean)).toBe(true);
      expect(Array.from(e.data)).toEqual(Array.from(src.data)); // bit-exact float32, -Infinity included
      expect(Array.from(e.intervals!)).toEqual(Array.from(frameIntervals(src.frames)));
    }
  });

  it('reads a file written the way the SDK writes it (float64 features, another root name, partial metadata)', async () => {
    const rows = 12;
    const features = new Float64Array(rows * FEATURE_COUNT).map((_, i) => Math.sin(i) * 10);
    const path = join(dir, 'sdk.csd');
    writeSdkStyle(path, 'CMU_MOSEI_COVAREP', { '-3g5yACwYnA': { features, rows, cols: FEATURE_COUNT } }, { 'root name': 'CMU_MOSEI_COVAREP', 'dataset name': 'CMU-MOSEI' });
    const back = await readCsd(path);
    expect(back.name).toBe('CMU_MOSEI_COVAREP');
    expect(back.metadata['dataset name']).toBe('CMU-MOSEI');
    expect(back.entries).toHaveLength(1);
    expect(back.entries[0].key).toBe('-3g5yACwYnA');
    expect(back.entries[0].frames).toBe(rows);
    expect(Array.from(back.entries[0].data)).toEqual(Array.from(Float32Array.from(features)));
  });

  it('keeps the present mask of a partial matrix (absent columns stay absent, NaN allowed only there)', async () => {
    const frames = 5;
    const present = FEATURE_COLUMNS.map((_, c) => c < 2 || c >= 11); // glottal columns absent
    const data = new Float32Array(frames * FEATURE_COUNT).map((_, i) => (present[i % FEATURE_COUNT] ? i : Number.NaN));
    const path = join(dir, 'partial.csd');
    await writeCsd(path, [{ key: 'clip-a', frames, data, present }]);
    const back = await readCsd(path);
    expect(back.entries[0].present).toEqual(present);
    for (let i = 0; i < data.length; i++) {
      if (present[i % FEATURE_COUNT]) expect(back.entries[0].data[i]).toBe(i);
      else expect(Number.isNaN(back.entries[0].data[i])).toBe(true);
    }
  });

  it('refuses features with the wrong column count, naming the file and the entry', async () => {
    const path = join(dir, 'narrow.csd');
    writeSdkStyle(path, 'COVAREP', { vidA: { features: new Float32Array(3 * 73), rows: 3, cols: 73 } }, {});
    await expectRefused(path, /narrow\.csd, entry "vidA": features have 73 columns; expected the 74 COVAREP columns/);
  });

  it('refuses dimension names that are not COVAREP\'s, naming the column', async () => {
    const path = join(dir, 'names.csd');
    const names = [...FEATURE_COLUMNS];
    names[2] = 'QOQ';
    names[3] = 'NAQ';
    writeSdkStyle(path, 'COVAREP', { v: { features: new Float32Array(2 * 74), rows: 2, cols: 74 } }, { 'dimension names': names });
    await expectRefused(path, /names\.csd: metadata "dimension names", column 3 is named "QOQ" but must be "NAQ".*out of order/);
  });

  it('refuses non-numeric features, mismatched intervals, NaN, a missing data group and a non-HDF5 file', async () => {
    const strings = join(dir, 'strings.csd');
    const f = new h5wasm.File(strings, 'w');
    const vg = f.create_group('COVAREP').create_group('data').create_group('v1');
    vg.create_dataset({ name: 'features', data: Array.from({ length: 2 * 74 }, () => 'x'), shape: [2, 74] });
    vg.create_dataset({ name: 'intervals', data: new Float64Array(4), shape: [2, 2] });
    f.close();
    await expectRefused(strings, /strings\.csd, entry "v1": features are not numeric/);

    const intervals = join(dir, 'intervals.csd');
    const g = new h5wasm.File(intervals, 'w');
    const vg2 = g.create_group('COVAREP').create_group('data').create_group('v2');
    vg2.create_dataset({ name: 'features', data: new Float32Array(4 * 74), shape: [4, 74] });
    vg2.create_dataset({ name: 'intervals', data: new Float64Array(6), shape: [3, 2] });
    g.close();
    await expectRefused(intervals, /intervals\.csd, entry "v2": intervals have shape \[3 × 2\]; expected \[4 × 2\]/);

    const nan = join(dir, 'nan.csd');
    const nanData = new Float32Array(3 * 74);
    nanData[74 + 11] = Number.NaN;
    writeSdkStyle(nan, 'COVAREP', { v3: { features: nanData, rows: 3, cols: 74 } }, {});
    await expectRefused(nan, /nan\.csd, entry "v3", row 2, column "MCEP_0": NaN/);
    const zeroed = await readCsd(nan, { nanAsZero: true });
    expect(zeroed.entries[0].data[74 + 11]).toBe(0);

    const nodata = join(dir, 'nodata.csd');
    const h = new h5wasm.File(nodata, 'w');
    h.create_group('COVAREP').create_group('metadata');
    h.close();
    await expectRefused(nodata, /nodata\.csd: group "\/COVAREP" has no "data" group/);

    const pdf = join(dir, 'paper.csd');
    writeFileSync(pdf, '%PDF-1.4\n1 0 obj << >> endobj\n');
    await expectRefused(pdf, /paper\.csd: not an HDF5 file/);

    const truncated = join(dir, 'truncated.csd');
    writeSdkStyle(truncated, 'COVAREP', { v4: { features: new Float32Array(50 * 74), rows: 50, cols: 74 } }, {});
    writeFileSync(truncated, readFileSync(truncated).subarray(0, 1200));
    await expectRefused(truncated, /truncated\.csd: /);
  });
});
