// One thread of the feature-extraction pool (extract-pool.ts): for each clip it is sent, loads the 16 kHz
// audio the way the rest of the app does (embedded copy first, else the original file re-decoded after
// its bytes are checked against the clip's content hash; docs/adr/0005), runs the COVAREP-74 extractor
// and posts the float32 matrix back (transferred, not copied). It never writes to the project: the job
// thread is the only writer, so two extraction threads cannot contend for SQLite's write lock.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { decodeAudio } from '../audio/decode';
import { pcm16ToFloat } from '../audio/wav';
import { AppError } from '../contract/api-types';
import { FEATURE_SAMPLE_RATE } from '../contract/feature-spec';
import { openProjectDb, type ProjectDb } from '../db/project-db';
import { extractFeatures } from '../features/extractor';
import type { ExtractRequest, ExtractWorkerData, ExtractReply } from './extract-protocol';
import { ownThreadCpu } from './thread-cpu';

const port = parentPort;
if (!port) throw new Error('extract-worker must run in a worker thread');
const { projectPath, seed } = workerData as ExtractWorkerData;
let project: ProjectDb | null = null;

/**
 * Same rules and messages as services/clip-audio.ts loadClipSamples, without its playback LRU cache:
 * a pool thread sees every clip once, and caching long recordings there would only hold memory.
 */
async function loadSamples(db: ProjectDb, clipId: number): Promise<Float32Array> {
  const clip = db.clips.get(clipId);
  if (!clip) throw new AppError('clip-not-found', `clip ${clipId} does not exist in this project`);
  const embedded = db.clips.embeddedAudio(clipId);
  if (embedded) return pcm16ToFloat(new Uint8Array(embedded.buffer, embedded.byteOffset, embedded.byteLength));
  let bytes: Buffer;
  try {
    bytes = await readFile(clip.originalPath);
  } catch {
    throw new AppError('audio-missing', `${clip.fileName}: the original recording is no longer at ${clip.originalPath} (moved or deleted). Put it back, or import it again from its new folder, then retry feature extraction.`);
  }
  if (createHash('sha256').update(bytes).digest('hex') !== clip.contentHash) {
    throw new AppError('audio-changed', `${clip.fileName}: the file at ${clip.originalPath} has changed since it was imported, so no features are computed from it. Restore the original recording, then retry feature extraction.`);
  }
  return (await decodeAudio(bytes, clip.fileName, { validate: false })).samples;
}

async function handle(req: ExtractRequest): Promise<void> {
  try {
    project ??= openProjectDb(projectPath, { readonly: true });
    const t0 = performance.now();
    const samples = await loadSamples(project, req.clipId);
    const t1 = performance.now();
    const result = extractFeatures(samples, FEATURE_SAMPLE_RATE, { seed });
    const reply: ExtractReply = {
      t: 'done', taskId: req.taskId, clipId: req.clipId, frames: result.frames, data: result.data,
      present: result.present, status: result.status, message: result.message ?? '',
      extractMs: performance.now() - t1, loadMs: t1 - t0, samples: samples.length,
      thread: ownThreadCpu(),
    };
    port!.postMessage(reply, [result.data.buffer as ArrayBuffer]);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const reply: ExtractReply = {
      t: 'error', taskId: req.taskId, clipId: req.clipId,
      code: typeof code === 'string' ? code : 'extraction-failed',
      message: err instanceof Error ? err.message : String(err),
    };
    port!.postMessage(reply);
  }
}

port.on('message', (m: ExtractRequest | { t: 'close' }) => {
  if (m.t === 'close') {
    project?.close();
    port.close();
    return;
  }
  void handle(m);
});
