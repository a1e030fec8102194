// Clip audio fetched from main (16 kHz WAV bytes) kept as Blobs for a few clips around the current one,
// so moving to the next clip does not wait for the round trip. Small on purpose: clinical audio is
// identifying data, and nothing is kept beyond this window's memory.
import { getApi } from './api';

const CAPACITY = 6;
const cache = new Map<number, Promise<Blob>>();

export function clipAudio(clipId: number): Promise<Blob> {
  const hit = cache.get(clipId);
  if (hit) {
    cache.delete(clipId); // re-insert: Map order doubles as least-recently-used order
    cache.set(clipId, hit);
    return hit;
  }
  const loading = getApi()
    .call('clips.audio', { clipId })
    .then((bytes) => new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'audio/wav' }));
  loading.catch(() => cache.delete(clipId)); // a failed fetch is retried next time, not cached
  cache.set(clipId, loading);
  while (cache.size > CAPACITY) {
    const oldest = cache.keys().next().value as number;
    cache.delete(oldest);
  }
  return loading;
}

/** Starts fetching a clip's audio in the background (the next clip in the queue). */
export function preloadClipAudio(clipId: number | null): void {
  if (clipId !== null) void clipAudio(clipId).catch(() => undefined);
}
