// The extractor on real RAVDESS speech of both sexes (16 kHz FLAC through the product's decoder):
// F0 of voiced frames within 60–500 Hz, at least 30 % voiced frames, every computed value finite
// (COVAREP emits no NaN/Inf in these columns), columns of part I present. Part I's column groups only
// (part II checks its own columns; keeps this file within its time budget).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeAudio } from '../../src-main/audio/decode';
import { FEATURE_COLUMNS, FEATURE_COUNT, frameCount } from '../../src-main/contract/feature-spec';
import { extractFeatures, type FeatureResult } from '../../src-main/features/extractor';
import { ravdessClip } from '../support/paths';
import { PART1_GROUPS } from './agreement-metrics';

const CLIPS: [number, string, 'male' | 'female'][] = [
  [3, '03-01-03-02-02-01-03', 'male'],
  [4, '03-01-03-02-02-01-04', 'female'],
];
// (Actors 1, 2, 5 and 8 are covered against COVAREP's own output in agreement.test.ts.)

const results = new Map<string, { r: FeatureResult; samples: number }>();

beforeAll(async () => {
  for (const [actor, stem] of CLIPS) {
    const audio = await decodeAudio(new Uint8Array(readFileSync(ravdessClip(actor, stem))), stem, { validate: false });
    results.set(stem, { r: extractFeatures(audio.samples, audio.sampleRate, { groups: PART1_GROUPS }), samples: audio.samples.length });
  }
});

describe.each(CLIPS)('RAVDESS actor %i %s (%s)', (_actor, stem) => {
  it('has plausible F0, enough voicing and finite values', () => {
    const { r, samples } = results.get(stem)!;
    expect(r.status).toBe('ok');
    expect(r.frames).toBe(frameCount(samples));
    let voiced = 0;
    for (let k = 0; k < r.frames; k++) {
      if (r.data[k * FEATURE_COUNT + 1] === 1) {
        voiced++;
        const f0 = r.data[k * FEATURE_COUNT];
        expect(f0).toBeGreaterThanOrEqual(60);
        expect(f0).toBeLessThanOrEqual(500);
      }
    }
    expect(voiced / r.frames).toBeGreaterThanOrEqual(0.3);
    for (let i = 0; i < r.data.length; i++) {
      if (r.present[i % FEATURE_COUNT]) expect(Number.isFinite(r.data[i]), FEATURE_COLUMNS[i % FEATURE_COUNT]).toBe(true);
    }
    for (const name of ['F0', 'VUV', 'MCEP_0', 'MCEP_24', 'HMPDM_0', 'HMPDM_24', 'HMPDD_0', 'HMPDD_12']) {
      expect(r.present[FEATURE_COLUMNS.indexOf(name)], name).toBe(true);
    }
  });
});
