// Worker thread of ravdess-features.ts: extracts the clips it is sent into the shared feature cache.
import { parentPort } from 'node:worker_threads';
import { extractToCache, type RavdessClip } from './ravdess-features';

parentPort!.on('message', ({ clip, version }: { clip: RavdessClip; version: string }) => {
  extractToCache(clip, version).then(
    () => parentPort!.postMessage({ ok: true }),
    (err: unknown) => parentPort!.postMessage({ ok: false, error: `${clip.file}: ${err instanceof Error ? err.message : String(err)}` }),
  );
});
