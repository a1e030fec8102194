// features.states (what the clip list shows) on a real project file: ready / warning (with the extractor's
// note) / failed (with the reason) / pending, and "extracting" only for the clips the RUNNING extraction
// job posted from its own thread (jobs/extract-in-flight.ts over a BroadcastChannel) — a post from a job
// that is not the running one is ignored, and an empty post clears the state.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_COUNT, FEATURE_SPEC_ID } from '../../src-main/contract/feature-spec';
import type { FeatureStates } from '../../src-main/contract/methods/features';
import { FeaturesRepo } from '../../src-main/db/features-repo';
import { openProjectDb, type ProjectDb } from '../../src-main/db/project-db';
import { clipFeatureStates, EXTRACT_JOB_KIND } from '../../src-main/services/features-service';

let dir: string;
let project: ProjectDb;
let repo: FeaturesRepo;
const ids: number[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'feature-states-'));
  project = openProjectDb(join(dir, 'p.sqlite'), { create: true });
  repo = new FeaturesRepo(project.db);
  for (let i = 0; i < 5; i++) {
    ids.push(project.clips.insert({
      contentHash: String(i).repeat(64), originalPath: `/x/${i}.wav`, fileName: `${i}.wav`, durationS: 1, sampleRate: 16000,
      originalSampleRate: 16000, channels: 1, speakerId: 's', importedAt: new Date().toISOString(), importJobId: null,
    }).id);
  }
  const present = Array.from({ length: FEATURE_COUNT }, () => true);
  const data = new Float32Array(3 * FEATURE_COUNT);
  repo.insertIfAbsent({ clipId: ids[0], featureSpec: FEATURE_SPEC_ID, source: 'extracted', frames: 3, columns: FEATURE_COUNT, data, present, extractorVersion: 't', elapsedMs: 1 });
  repo.insertIfAbsent({
    clipId: ids[1], featureSpec: FEATURE_SPEC_ID, source: 'extracted', frames: 3, columns: FEATURE_COUNT, data, present, extractorVersion: 't',
    elapsedMs: 1, status: 'no-voiced-frames', message: 'no voiced frames: F0-dependent columns are 0',
  });
  repo.recordError({ clipId: ids[2], featureSpec: FEATURE_SPEC_ID, message: '2.wav: the original recording is no longer at /x/2.wav', extractorVersion: 't', jobId: null });
});
afterAll(() => {
  project.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Posts in-flight clip ids from another thread, as the extraction job does. */
async function postFromThread(jobId: number, clipIds: number[]): Promise<void> {
  const src = `
    const { workerData } = require('node:worker_threads');
    const ch = new BroadcastChannel('ew-extract-in-flight');
    ch.postMessage(workerData);
    ch.close();`;
  const w = new Worker(src, { eval: true, workerData: { projectPath: project.path, jobId, clipIds } });
  await new Promise((resolve) => w.once('exit', resolve));
}

async function statesSoon(pred: (s: FeatureStates) => boolean): Promise<FeatureStates> {
  for (let i = 0; i < 200; i++) {
    const s = clipFeatureStates(project, repo);
    if (pred(s)) return s;
    await new Promise((r) => setTimeout(r, 10));
  }
  return clipFeatureStates(project, repo);
}

const stateOf = (s: FeatureStates, id: number) => s.clips.find((c) => c.clipId === id);

describe('features.states', () => {
  it('gives each clip its state and message, compact', () => {
    const s = clipFeatureStates(project, repo);
    expect(s.activeJobId).toBeNull();
    expect(s.clips.map((c) => c.state)).toEqual(['ready', 'warning', 'failed', 'pending', 'pending']);
    expect(stateOf(s, ids[0])!.message).toBe('');
    expect(stateOf(s, ids[1])!.message).toContain('no voiced frames');
    expect(stateOf(s, ids[2])!.message).toContain('no longer at /x/2.wav');
    expect(Object.keys(s.clips[0]).sort()).toEqual(['clipId', 'message', 'state']);
  });

  it('shows extracting only for clips the running extraction job posted', async () => {
    const job = project.jobs.create(EXTRACT_JOB_KIND, { featureSpec: FEATURE_SPEC_ID });
    // Queued, not running: a post does not count.
    await postFromThread(job.id, [ids[3]]);
    expect(stateOf(clipFeatureStates(project, repo), ids[3])!.state).toBe('pending');

    project.jobs.markRunning(job.id);
    const running = await statesSoon((s) => stateOf(s, ids[3])!.state === 'extracting');
    expect(running.activeJobId).toBe(job.id);
    expect(running.clips.map((c) => c.state)).toEqual(['ready', 'warning', 'failed', 'extracting', 'pending']);

    // A post from another job id does not count; the running job's next post replaces its set, and its
    // empty post (as at its end) clears it.
    await postFromThread(job.id + 1000, [ids[4]]);
    await new Promise((r) => setTimeout(r, 50));
    expect(clipFeatureStates(project, repo).clips.map((c) => c.state)).toEqual(['ready', 'warning', 'failed', 'extracting', 'pending']);
    await postFromThread(job.id, [ids[4]]);
    const next = await statesSoon((s) => stateOf(s, ids[4])!.state === 'extracting');
    expect(stateOf(next, ids[3])!.state).toBe('pending');
    await postFromThread(job.id, []);
    const cleared = await statesSoon((s) => s.clips.every((c) => c.state !== 'extracting'));
    expect(cleared.clips.map((c) => c.state)).toEqual(['ready', 'warning', 'failed', 'pending', 'pending']);

    project.jobs.finish(job.id, 'done', '', null);
    expect(clipFeatureStates(project, repo).activeJobId).toBeNull();
  });
});
