// Worker of the 'extract-features' job (registered in services/features-service.ts). It hands the clips
// that still lack an extracted matrix to a pool of two extraction threads and stores each result as it
// arrives. Designed to be killed at any moment:
//  - the work list is recomputed from the database (clips without an 'extracted' row or recorded error),
//    never remembered, so a resumed job skips everything already stored;
//  - every matrix is inserted with ON CONFLICT DO NOTHING under the unique (clip, spec, source) key, so
//    even a clip finished by a killed run and redone by the resumed one cannot get a second row;
//  - a clip whose extraction fails gets a feature_errors row (shown in the clip list and the CLI) and a
//    per-file job error; the other clips go on.
// Clips imported while the job runs are picked up: when the list is done, it is recomputed once more.
import { FEATURE_COUNT } from '../contract/feature-spec';
import { FeaturesRepo } from '../db/features-repo';
import { openProjectDb } from '../db/project-db';
import type { ExtractJobParams, ExtractJobResult } from '../services/features-service';
import { closeInFlight, publishInFlight } from './extract-in-flight';
import { ExtractPool, WorkerLostError, type ExtractOutcome } from './extract-pool';
import { JobCancelledError, runJobWorker } from './worker-api';

/** A clip whose thread died is tried once more on a fresh thread before it is marked failed. */
const ATTEMPTS_AFTER_LOST_WORKER = 2;

runJobWorker<ExtractJobParams, ExtractJobResult>(async (job) => {
  const { params } = job;
  const project = openProjectDb(job.projectPath);
  const repo = new FeaturesRepo(project.db);
  const pool = new ExtractPool({ projectPath: job.projectPath, size: params.threads ?? 2, seed: params.seed ?? 0 });
  const result: ExtractJobResult = { extracted: 0, failed: 0, skipped: 0, clipIds: [], elapsedMs: 0 };
  const started = performance.now();
  const only = params.clipIds ? new Set(params.clipIds) : null;
  const attempted = new Set<number>();
  // Cancel stops the threads at once (the clip in flight is simply not stored), well within the runner's
  // grace period, instead of waiting for the clip to finish.
  job.signal.addEventListener('abort', () => { void pool.close(); }, { once: true });
  const fileName = (clipId: number) => project.clips.get(clipId)?.fileName ?? `clip ${clipId}`;

  const store = (o: ExtractOutcome) => {
    if (o.status === 'too-short') {
      // Only F0/VUV could be set and COVAREP itself refuses such input: a failure, not a matrix.
      fail(o.clipId, o.message || 'clip too short for feature extraction');
      return;
    }
    const inserted = repo.insertIfAbsent({
      clipId: o.clipId, featureSpec: params.featureSpec, source: 'extracted', frames: o.frames, columns: FEATURE_COUNT,
      data: o.data, present: o.present, extractorVersion: params.extractorVersion, status: o.status, message: o.message,
      elapsedMs: o.extractMs,
    });
    if (inserted) { result.extracted++; result.clipIds.push(o.clipId); } else result.skipped++;
  };
  const fail = (clipId: number, message: string) => {
    result.failed++;
    repo.recordError({ clipId, featureSpec: params.featureSpec, message, extractorVersion: params.extractorVersion, jobId: job.jobId });
    job.fileError(fileName(clipId), message);
  };

  // Clips in the threads now, posted for the clip list's "extracting" state (extract-in-flight.ts).
  const inFlight = new Set<number>();
  const post = () => publishInFlight(job.projectPath, job.jobId, [...inFlight]);
  const extractOne = async (clipId: number): Promise<void> => {
    inFlight.add(clipId);
    post();
    try {
      await extractWithRetry(clipId);
    } finally {
      inFlight.delete(clipId);
      post();
    }
  };
  const extractWithRetry = async (clipId: number): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      try {
        store(await pool.extract(clipId));
        return;
      } catch (err) {
        if (job.signal.aborted) return;
        if (err instanceof WorkerLostError && attempt < ATTEMPTS_AFTER_LOST_WORKER) continue;
        fail(clipId, err instanceof Error ? err.message : String(err));
        return;
      }
    }
  };

  try {
    let total = 0;
    for (;;) {
      const todo = repo.clipsNeedingExtraction(params.featureSpec)
        .filter((id) => !attempted.has(id) && (only === null || only.has(id)));
      if (todo.length === 0) break;
      total += todo.length;
      let next = 0;
      const doneSoFar = () => result.extracted + result.failed + result.skipped;
      job.progress(doneSoFar(), total, `extracting features: ${doneSoFar()} of ${total} clips`);
      // One feeder per thread: each takes the next clip as soon as its previous one is stored.
      const feeders = Array.from({ length: pool.size }, async () => {
        while (next < todo.length && !job.signal.aborted) {
          const clipId = todo[next++];
          attempted.add(clipId);
          await extractOne(clipId);
          job.progress(doneSoFar(), total, `extracting features: ${doneSoFar()} of ${total} clips`);
        }
      });
      await Promise.all(feeders);
      if (job.signal.aborted) throw new JobCancelledError();
    }
  } finally {
    await pool.close();
    inFlight.clear();
    post();
    closeInFlight();
    project.close();
  }
  result.elapsedMs = performance.now() - started;
  const parts = [`${result.extracted} clip${result.extracted === 1 ? '' : 's'} extracted`];
  if (result.failed) parts.push(`${result.failed} failed`);
  if (result.skipped) parts.push(`${result.skipped} already had features`);
  return { result, message: parts.join(', ') };
});
