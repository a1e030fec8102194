// Windowed-sinc resampler: pass-band tones keep their level, tones above the new Nyquist are removed.
import { describe, expect, it } from 'vitest';
import { resample } from '../../src-main/audio/resample';
import { mixToMono } from '../../src-main/audio/decode';
import { sniff, flacDeclaredSamples } from '../../src-main/audio/sniff';
import { readFileSync } from 'node:fs';
import { ravdessClip } from '../support/paths';

function tone(freq: number, rate: number, seconds: number, amp = 0.5): Float32Array {
  const x = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < x.length; i++) x[i] = amp * Math.sin((2 * Math.PI * freq * i) / rate);
  return x;
}
/** RMS of the middle half (away from the edge transients). */
function rms(x: Float32Array): number {
  const a = Math.floor(x.length / 4);
  const b = Math.floor((3 * x.length) / 4);
  let s = 0;
  for (let i = a; i < b; i++) s += x[i] * x[i];
  return Math.sqrt(s / (b - a));
}

describe('resample', () => {
  it('keeps a 1 kHz tone at its level and frequency from 44.1 kHz and 48 kHz to 16 kHz', () => {
    for (const rate of [44100, 48000, 22050, 8000]) {
      const y = resample(tone(1000, rate, 1), rate, 16000);
      expect(y.length).toBe(16000);
      expect(rms(y)).toBeCloseTo(0.5 / Math.SQRT2, 2);
      // Compare with the ideal tone at 16 kHz, sample by sample, in the middle.
      const ideal = tone(1000, 16000, 1);
      let maxErr = 0;
      for (let i = 4000; i < 12000; i++) maxErr = Math.max(maxErr, Math.abs(y[i] - ideal[i]));
      expect(maxErr, `from ${rate}`).toBeLessThan(2e-3);
    }
  });

  it('removes content above the output Nyquist frequency (anti-aliasing ≥ 60 dB)', () => {
    const y = resample(tone(12000, 48000, 1), 48000, 16000);
    const attenuationDb = 20 * Math.log10(rms(y) / (0.5 / Math.SQRT2));
    expect(attenuationDb).toBeLessThan(-60);
  });

  it('returns a copy at equal rates and mixes channels to mono by averaging', () => {
    const x = tone(440, 16000, 0.1);
    const y = resample(x, 16000, 16000);
    expect(y).not.toBe(x);
    expect(Array.from(y)).toEqual(Array.from(x));
    expect(Array.from(mixToMono([new Float32Array([1, 0]), new Float32Array([0, 1])]))).toEqual([0.5, 0.5]);
  });
});

describe('sniff', () => {
  it('names what a non-audio file is', () => {
    expect(sniff(new TextEncoder().encode('%PDF-1.7 …'))).toEqual({ kind: 'other', found: 'PDF header' });
    expect(sniff(new Uint8Array(0))).toEqual({ kind: 'empty' });
    expect(sniff(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]))).toMatchObject({ found: expect.stringMatching(/ZIP/) });
    expect(sniff(new Uint8Array([0xff, 0xfb, 0x90, 0x64]))).toEqual({ kind: 'audio', format: 'mp3' });
    expect(sniff(new Uint8Array([0xff, 0xf1, 0x50, 0x80]))).toEqual({ kind: 'audio', format: 'aac' });
    expect(sniff(new TextEncoder().encode('OggS\0\x02'))).toEqual({ kind: 'audio', format: 'ogg' });
    expect(sniff(new Uint8Array([0, 0, 0, 0x20, 0x66, 0x74, 0x79, 0x70, 0x4d, 0x34, 0x41]))).toEqual({ kind: 'audio', format: 'm4a' });
    const flac = readFileSync(ravdessClip(1, '03-01-01-01-01-01-01'));
    expect(sniff(flac)).toEqual({ kind: 'audio', format: 'flac' });
    expect(flacDeclaredSamples(flac)).toBe(52853);
  });
});
