// Any supported audio file → 16 kHz mono float32, with one clear, specific error per way a file can be
// unusable (empty, not audio, corrupt/truncated, too short, silent). Decoding uses audio-decode (pure
// JS/WASM decoders for WAV, FLAC, MP3, OGG Vorbis/Opus, M4A/AAC, …); channels are averaged to mono and
// the result is resampled with the windowed-sinc resampler in resample.ts.
import decode from 'audio-decode';
import { AppError } from '../contract/api-types';
import { resample } from './resample';
import { flacDeclaredSamples, sniff, wavDataSizes } from './sniff';

export const TARGET_SAMPLE_RATE = 16000;
export const MIN_DURATION_S = 0.5;
/** Peak below −60 dBFS over the whole clip counts as silence (nothing a rater could judge). */
export const SILENCE_PEAK = 10 ** (-60 / 20);

export interface DecodedAudio {
  /** 16 kHz mono */
  samples: Float32Array;
  sampleRate: number;
  originalSampleRate: number;
  channels: number;
  durationS: number;
}

export const AUDIO_EXTENSIONS = ['.wav', '.wave', '.flac', '.mp3', '.ogg', '.oga', '.opus', '.m4a', '.mp4', '.aac', '.aif', '.aiff', '.webm', '.caf', '.amr', '.wma', '.qoa'];

/** `label` names the file in error messages (usually its file name). */
export async function decodeAudio(bytes: Uint8Array, label: string, opts: { validate?: boolean } = {}): Promise<DecodedAudio> {
  const sniffed = sniff(bytes);
  if (sniffed.kind === 'empty') throw new AppError('audio-empty', `${label}: the file is empty (0 bytes)`);
  if (sniffed.kind === 'other') throw new AppError('audio-not-audio', `${label}: not an audio file (found ${sniffed.found})`);
  if (sniffed.format === 'wav') {
    const sizes = wavDataSizes(bytes);
    if (!sizes) throw new AppError('audio-corrupt', `${label}: corrupt WAV file (no audio data chunk found)`);
    // 0xFFFFFFFF / 0 are used by streaming writers for "unknown"; trust the bytes present then.
    if (sizes.declared !== 0xffffffff && sizes.declared > 0 && sizes.present + 1 < sizes.declared) {
      throw new AppError('audio-corrupt', `${label}: truncated WAV file (${sizes.present} of ${sizes.declared} audio bytes present)`);
    }
  }
  let channelData: Float32Array[];
  let sampleRate: number;
  try {
    const decoded = await decode(bytes);
    channelData = decoded.channelData;
    sampleRate = decoded.sampleRate;
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new AppError('audio-corrupt', `${label}: corrupt or unsupported ${sniffed.format.toUpperCase()} file (decoder: ${why})`);
  }
  if (!channelData?.length || !(sampleRate > 0) || channelData[0].length === 0) {
    throw new AppError('audio-corrupt', `${label}: the ${sniffed.format.toUpperCase()} file contains no decodable audio`);
  }
  const frames = channelData[0].length;
  if (sniffed.format === 'flac') {
    const declared = flacDeclaredSamples(bytes);
    if (declared > 0 && frames < declared) {
      throw new AppError('audio-corrupt', `${label}: truncated FLAC file (${frames} of ${declared} samples decodable)`);
    }
  }
  const mono = mixToMono(channelData);
  const durationS = frames / sampleRate;
  if (opts.validate !== false) {
    if (durationS < MIN_DURATION_S) {
      throw new AppError('audio-too-short', `${label}: too short (${durationS.toFixed(2)} s; at least ${MIN_DURATION_S} s is needed)`);
    }
    let peak = 0;
    for (let i = 0; i < mono.length; i++) { const a = Math.abs(mono[i]); if (a > peak) peak = a; }
    if (peak < SILENCE_PEAK) {
      const db = peak > 0 ? (20 * Math.log10(peak)).toFixed(0) : '−∞';
      throw new AppError('audio-silent', `${label}: silent (peak level ${db} dBFS; nothing to rate)`);
    }
  }
  const samples = resample(mono, sampleRate, TARGET_SAMPLE_RATE);
  return { samples, sampleRate: TARGET_SAMPLE_RATE, originalSampleRate: sampleRate, channels: channelData.length, durationS };
}

export function mixToMono(channels: Float32Array[]): Float32Array {
  if (channels.length === 1) return channels[0];
  const n = channels[0].length;
  const out = new Float32Array(n);
  for (const ch of channels) for (let i = 0; i < n; i++) out[i] += ch[i];
  const scale = 1 / channels.length;
  for (let i = 0; i < n; i++) out[i] *= scale;
  return out;
}
