// The 16 kHz mono audio of a clip, for playback and feature extraction. By default the project does not
// hold a copy of the audio (clinical recordings are identifying; see docs/adr/0005): it is re-decoded
// from the original file, whose bytes are first checked against the clip's content hash, so a moved,
// deleted or altered recording is reported instead of silently used. Projects that opted in at import
// hold an embedded int16 copy (clip_audio), used first. A small in-memory LRU keeps the last clips so
// "next"/"previous" does not decode twice.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { AppError } from '../contract/api';
import { decodeAudio, TARGET_SAMPLE_RATE } from '../audio/decode';
import { encodeWavMono16, floatToPcm16, pcm16ToFloat } from '../audio/wav';
import type { ProjectDb } from '../db/project-db';

const LRU_SIZE = 32; // ≈ 100 s of audio at 16 kHz float32 ≈ 6 MB
const lru = new WeakMap<ProjectDb, Map<number, Float32Array>>();

function cacheOf(project: ProjectDb): Map<number, Float32Array> {
  let m = lru.get(project);
  if (!m) { m = new Map(); lru.set(project, m); }
  return m;
}

export function clipAudioAvailable(project: ProjectDb, clipId: number): boolean {
  const clip = project.clips.get(clipId);
  if (!clip) return false;
  return project.clips.hasEmbeddedAudio(clipId) || existsSync(clip.originalPath);
}

/** 16 kHz mono float32 samples of a clip. Throws AppError('audio-missing' | 'audio-changed' | …). */
export async function loadClipSamples(project: ProjectDb, clipId: number): Promise<Float32Array> {
  const cache = cacheOf(project);
  const hit = cache.get(clipId);
  if (hit) { cache.delete(clipId); cache.set(clipId, hit); return hit; }
  const clip = project.clips.get(clipId);
  if (!clip) throw new AppError('clip-not-found', `clip ${clipId} does not exist in this project`);
  let samples: Float32Array;
  const embedded = project.clips.embeddedAudio(clipId);
  if (embedded) {
    samples = pcm16ToFloat(new Uint8Array(embedded.buffer, embedded.byteOffset, embedded.byteLength));
  } else {
    let bytes: Buffer;
    try {
      bytes = await readFile(clip.originalPath);
    } catch {
      throw new AppError('audio-missing', `${clip.fileName}: the original recording is no longer at ${clip.originalPath} (moved or deleted). Put it back, or import it again from its new folder: the clip and its labels are kept.`);
    }
    const hash = createHash('sha256').update(bytes).digest('hex');
    if (hash !== clip.contentHash) {
      throw new AppError('audio-changed', `${clip.fileName}: the file at ${clip.originalPath} has changed since it was imported (different content), so it is not played: the labels refer to the original recording. Restore the original file.`);
    }
    samples = (await decodeAudio(bytes, clip.fileName, { validate: false })).samples;
  }
  cache.set(clipId, samples);
  while (cache.size > LRU_SIZE) cache.delete(cache.keys().next().value as number);
  return samples;
}

/** The clip as a 16-bit mono WAV file at 16 kHz. */
export async function clipWav(project: ProjectDb, clipId: number): Promise<Uint8Array> {
  return encodeWavMono16(floatToPcm16(await loadClipSamples(project, clipId)), TARGET_SAMPLE_RATE);
}
