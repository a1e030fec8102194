// The pipeline contract: float32 [frames × 74] in COVAREP order, `present` per column, NaN (not 0) for
// absent columns, NaN → 0 for computed ones, a failing column group degrades the clip to `partial`.
import { describe, expect, it } from 'vitest';
import { FEATURE_COLUMNS, FEATURE_COUNT, FEATURE_SPEC_ID, frameCount } from '../../src-main/contract/feature-spec';
import { extractFeatures, type ColumnGroup } from '../../src-main/features/extractor';
import { f0VuvGroup } from '../../src-main/features/f0-vuv';

// 0.5 s, 16 kHz, 125 Hz sawtooth: voiced, cheap to analyse.
const saw = Float64Array.from({ length: 8000 }, (_, n) => 0.4 * (2 * ((n / 128) % 1) - 1));

describe('extractFeatures contract', () => {
  it('lays out float32 [frames × 74], marks computed columns present and leaves the rest NaN', () => {
    const seen: { fs: number; frames: number; grid0: number; f0Med: number }[] = [];
    const probe: ColumnGroup = {
      id: 'probe',
      columns: ['creak'],
      compute(ctx, out) {
        seen.push({ fs: ctx.fs, frames: ctx.frames, grid0: ctx.grid[0], f0Med: ctx.srh.f0Median });
        out.set('creak', Float64Array.from({ length: ctx.frames }, (_, k) => (k === 3 ? NaN : k)));
      },
    };
    const r = extractFeatures(saw, 16000, { groups: [f0VuvGroup, probe] });
    expect(r.featureSpec).toBe(FEATURE_SPEC_ID);
    expect(r.frames).toBe(frameCount(8000));
    expect(r.data).toBeInstanceOf(Float32Array);
    expect(r.data.length).toBe(r.frames * FEATURE_COUNT);
    expect(r.status).toBe('ok');
    expect(seen).toEqual([{ fs: 16000, frames: r.frames, grid0: 80, f0Med: 125 }]);
    const creak = FEATURE_COLUMNS.indexOf('creak'), naq = FEATURE_COLUMNS.indexOf('NAQ');
    expect(r.present[creak]).toBe(true);
    expect(r.present[naq]).toBe(false);
    expect(r.data[3 * FEATURE_COUNT + creak]).toBe(0); // NaN → 0 for a computed column (COVAREP rule)
    expect(r.data[7 * FEATURE_COUNT + creak]).toBe(7);
    expect(Number.isNaN(r.data[7 * FEATURE_COUNT + naq])).toBe(true); // absent, never 0
    expect(r.data[20 * FEATURE_COUNT]).toBe(125); // F0 in column 0
  });

  it('a throwing group marks its columns absent and the clip partial, with the reason', () => {
    const broken: ColumnGroup = { id: 'broken', columns: ['NAQ', 'QOQ'], compute() { throw new Error('no GCIs'); } };
    const r = extractFeatures(saw, 16000, { groups: [f0VuvGroup, broken] });
    expect(r.status).toBe('partial');
    expect(r.message).toMatch(/broken: no GCIs/);
    expect(r.present[FEATURE_COLUMNS.indexOf('NAQ')]).toBe(false);
    expect(r.present[FEATURE_COLUMNS.indexOf('F0')]).toBe(true);
  });

  it('columns option runs only the groups that cover the requested columns', () => {
    let ran = false;
    const other: ColumnGroup = { id: 'other', columns: ['PSP'], compute() { ran = true; } };
    const r = extractFeatures(saw, 16000, { groups: [f0VuvGroup, other], columns: ['VUV'] });
    expect(ran).toBe(false);
    expect(r.present.filter(Boolean).length).toBe(2);
  });
});
