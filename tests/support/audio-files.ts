// Generated audio files for import tests: WAV writer and the bad inputs the issue lists.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ravdessClip } from './paths';

/** 16-bit PCM WAV with `channels` interleaved channels of the given samples (same signal per channel). */
export function wavBytes(samples: Float32Array, rate: number, channels = 1): Uint8Array {
  const data = samples.length * 2 * channels;
  const out = new Uint8Array(44 + data);
  const v = new DataView(out.buffer);
  const ascii = (o: number, s: string) => { for (let i = 0; i < s.length; i++) out[o + i] = s.charCodeAt(i); };
  ascii(0, 'RIFF'); v.setUint32(4, 36 + data, true); ascii(8, 'WAVE'); ascii(12, 'fmt ');
  v.setUint32(16, 16, true); v.setUint16(20, 1, true); v.setUint16(22, channels, true); v.setUint32(24, rate, true);
  v.setUint32(28, rate * 2 * channels, true); v.setUint16(32, 2 * channels, true); v.setUint16(34, 16, true);
  ascii(36, 'data'); v.setUint32(40, data, true);
  for (let i = 0; i < samples.length; i++) for (let c = 0; c < channels; c++) v.setInt16(44 + (i * channels + c) * 2, Math.round(samples[i] * 32767), true);
  return out;
}

export function sine(seconds: number, rate: number, freq = 220, amp = 0.3): Float32Array {
  const x = new Float32Array(Math.round(seconds * rate));
  for (let i = 0; i < x.length; i++) x[i] = amp * Math.sin((2 * Math.PI * freq * i) / rate);
  return x;
}

export const RAVDESS_FIVE: Array<[number, string]> = [
  [1, '03-01-01-01-01-01-01'], [1, '03-01-03-01-01-01-01'], [1, '03-01-05-01-01-01-01'],
  [2, '03-01-04-01-01-01-02'], [2, '03-01-06-01-01-01-02'],
];

/** The bad inputs of issue 3, in dir/bad/: each must get its own clear error. */
export function writeBadInputs(dir: string): Record<string, string> {
  const bad = join(dir, 'bad');
  mkdirSync(join(bad, 'nested'), { recursive: true });
  const flac = readFileSync(ravdessClip(1, '03-01-01-01-01-01-01'));
  const files = {
    truncated: join(bad, 'truncated.flac'),
    pdf: join(bad, 'report.wav'),
    empty: join(bad, 'nested', 'empty.wav'),
    short: join(bad, 'short.wav'),
    silent: join(bad, 'silent.wav'),
  };
  writeFileSync(files.truncated, flac.subarray(0, Math.floor(flac.length / 2)));
  writeFileSync(files.pdf, '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n' + 'x'.repeat(2000));
  writeFileSync(files.empty, new Uint8Array(0));
  writeFileSync(files.short, wavBytes(sine(0.1, 16000), 16000));
  writeFileSync(files.silent, wavBytes(new Float32Array(16000), 16000));
  return files;
}

export function copyRavdess(dir: string, actor: number, stem: string): string {
  const sub = join(dir, `Actor_${String(actor).padStart(2, '0')}`);
  mkdirSync(sub, { recursive: true });
  const to = join(sub, `${stem}.flac`);
  copyFileSync(ravdessClip(actor, stem), to);
  return to;
}

/** A real MP3 (MPEG-1 Layer III, 128 kbit/s) of the given mono signal, encoded with lamejs. */
export async function mp3Bytes(samples: Float32Array, rate: number): Promise<Uint8Array> {
  const { Mp3Encoder } = await import('@breezystack/lamejs');
  const pcm = Int16Array.from(samples, (x) => Math.round(Math.max(-1, Math.min(1, x)) * 32767));
  const enc = new Mp3Encoder(1, rate, 128);
  const parts: Uint8Array[] = [];
  for (let i = 0; i < pcm.length; i += 1152) parts.push(enc.encodeBuffer(pcm.subarray(i, i + 1152)));
  parts.push(enc.flush());
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}
