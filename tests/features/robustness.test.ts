// Inputs COVAREP was not built for: digital silence, clipping, DC offset, very short clips, other sample
// rates, non-finite samples. The extractor must return a defined per-clip result (never throw, never NaN).
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resample } from '../../src-main/audio/resample';
import { FEATURE_COLUMNS, FEATURE_COUNT, frameCount } from '../../src-main/contract/feature-spec';
import { extractFeatures, type FeatureResult } from '../../src-main/features/extractor';
import { f0VuvGroup } from '../../src-main/features/f0-vuv';
import { PART1_GROUPS } from './agreement-metrics';
import { readWav16, refWavDir } from './reference';

const F0 = 0, VUV = 1;
let speech: Float64Array;
let clean: FeatureResult;

function allFinite(r: FeatureResult): boolean {
  for (let i = 0; i < r.data.length; i++) if (r.present[i % FEATURE_COUNT] && !Number.isFinite(r.data[i])) return false;
  return true;
}

function vuvAgreement(a: FeatureResult, b: FeatureResult): number {
  const n = Math.min(a.frames, b.frames);
  let same = 0;
  for (let k = 0; k < n; k++) if (a.data[k * FEATURE_COUNT + VUV] === b.data[k * FEATURE_COUNT + VUV]) same++;
  return same / n;
}

function f0MedianRelErr(a: FeatureResult, b: FeatureResult): number {
  const n = Math.min(a.frames, b.frames);
  const rel: number[] = [];
  for (let k = 0; k < n; k++) {
    if (a.data[k * FEATURE_COUNT + VUV] === 1 && b.data[k * FEATURE_COUNT + VUV] === 1) {
      const fa = a.data[k * FEATURE_COUNT + F0], fb = b.data[k * FEATURE_COUNT + F0];
      rel.push(Math.abs(fa - fb) / fb);
    }
  }
  rel.sort((x, y) => x - y);
  return rel[rel.length >> 1];
}

beforeAll(() => {
  speech = readWav16(join(refWavDir, 'arctic_a0007.wav')).samples;
  clean = extractFeatures(speech, 16000, { groups: [f0VuvGroup] });
});

describe('robust input', () => {
  it('digital silence: all-unvoiced frames with defined values, status no-voiced-frames', () => {
    const r = extractFeatures(new Float32Array(8000), 16000);
    expect(r.status).toBe('no-voiced-frames');
    expect(r.message).toMatch(/no voiced speech/);
    expect(r.frames).toBe(frameCount(8000));
    expect(allFinite(r)).toBe(true);
    for (let k = 0; k < r.frames; k++) expect(r.data[k * FEATURE_COUNT + VUV]).toBe(0);
  });

  it('clipping (×8, hard-limited to ±1) keeps the pitch track', () => {
    const x = Float64Array.from(speech, (v) => Math.max(-1, Math.min(1, 8 * v)));
    const r = extractFeatures(x, 16000, { groups: [f0VuvGroup] });
    expect(r.status).toBe('ok');
    expect(allFinite(r)).toBe(true);
    expect(vuvAgreement(r, clean)).toBeGreaterThanOrEqual(0.9);
    expect(f0MedianRelErr(r, clean)).toBeLessThanOrEqual(0.02);
  });

  it('a DC offset of 0.2 full scale is removed and does not change F0/VUV much (ADR 0021)', () => {
    const x = Float64Array.from(speech, (v) => v + 0.2);
    const r = extractFeatures(x, 16000, { groups: PART1_GROUPS });
    expect(r.status).toBe('ok');
    expect(allFinite(r)).toBe(true);
    expect(vuvAgreement(r, clean)).toBeGreaterThanOrEqual(0.95);
    expect(f0MedianRelErr(r, clean)).toBeLessThanOrEqual(0.02);
  });

  it('a 0.3 s clip gives 30 frames, all columns of part I, finite', () => {
    const x = speech.subarray(16000, 16000 + 4800);
    const r = extractFeatures(x, 16000);
    expect(r.frames).toBe(30);
    expect(['ok', 'no-voiced-frames']).toContain(r.status);
    expect(r.present[FEATURE_COLUMNS.indexOf('MCEP_0')]).toBe(true);
    expect(r.present[FEATURE_COLUMNS.indexOf('HMPDD_12')]).toBe(true);
    expect(allFinite(r)).toBe(true);
  });

  it('shorter than the 100 ms SRH window: status too-short, F0 = VUV = 0, other columns absent', () => {
    const r = extractFeatures(speech.subarray(20000, 20800), 16000);
    expect(r.status).toBe('too-short');
    expect(r.message).toMatch(/at least 0.1 s/);
    expect(r.frames).toBe(frameCount(800));
    expect(r.present.filter(Boolean).length).toBe(2);
    for (let k = 0; k < r.frames; k++) expect(r.data[k * FEATURE_COUNT + F0]).toBe(0);
    expect(Number.isNaN(r.data[FEATURE_COLUMNS.indexOf('MCEP_0')])).toBe(true); // absent, not zero
  });

  it.each([8000, 48000])('%i Hz input is resampled to 16 kHz and tracks the same pitch', (rate) => {
    const x = resample(Float32Array.from(speech), 16000, rate);
    const r = extractFeatures(x, rate, { groups: [f0VuvGroup] });
    expect(r.status).toBe('ok');
    expect(Math.abs(r.frames - clean.frames)).toBeLessThanOrEqual(1);
    expect(vuvAgreement(r, clean)).toBeGreaterThanOrEqual(0.9);
    expect(f0MedianRelErr(r, clean)).toBeLessThanOrEqual(0.02);
  });

  it('NaN and infinite samples are treated as silence instead of poisoning the clip', () => {
    const x = Float64Array.from(speech);
    x[30000] = NaN;
    x[30001] = Infinity;
    const r = extractFeatures(x, 16000, { groups: PART1_GROUPS });
    expect(r.status).toBe('ok');
    expect(allFinite(r)).toBe(true);
  });

  it('rejects a nonsensical sample rate with a clear error', () => {
    expect(() => extractFeatures(speech, 0)).toThrow(/invalid sample rate/);
  });
});
