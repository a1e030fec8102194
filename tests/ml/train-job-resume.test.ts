// A pretraining job killed with the app resumes from its per-epoch checkpoint when the project is opened
// again, and ends with exactly the model an uninterrupted run with the same seed produces.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelsRepo } from '../../src-main/db/models-repo';
import { openProjectDb } from '../../src-main/db/project-db';
import { loadCheckpoint } from '../../src-main/ml/checkpoint';
import { describeWeights } from '../../src-main/ml/model-file';
import { createServices } from '../../src-main/services/index';
import { runPretraining } from '../../src-main/services/training';
import { projectClips } from '../../src-main/services/training-data';
import { checkpointPathFor } from '../../src-main/services/training-jobs';
import { repoRoot } from '../support/paths';
import { makeTrainingProject } from './support/project-fixture';
import { pickClips, ravdessFeatures } from './support/ravdess-features';

const dir = mkdtempSync(join(tmpdir(), 'ew-train-resume-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const REQUEST = { epochs: 30, hidden: [16, 16], batchSize: 2, seed: 7, testFraction: 0.25 };

describe('training job resume', () => {
  it('a killed pretraining job resumes from its checkpoint and matches an uninterrupted run', async () => {
    const project = join(dir, 'resume.sqlite');
    // Clips the other ML tests use too (actors 1–4, 2 each), so a cold feature cache extracts them once.
    makeTrainingProject(project, await ravdessFeatures(pickClips([1, 2, 3, 4], 2)));

    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'tests/ml/support/train-app.ts'), project, JSON.stringify(REQUEST)], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += String(d); });
    const jobId = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (d) => { const m = /job (\d+)/.exec(String(d)); if (m) resolve(Number(m[1])); });
      child.on('exit', (code) => reject(new Error(`app exited early (${code}): ${stderr}`)));
    });
    const ckpt = checkpointPathFor(project, jobId);
    // Kill the whole app (SIGKILL: no cleanup) once two epochs are safely in the checkpoint.
    const deadline = Date.now() + 120_000;
    let killedAfter = 0;
    while (Date.now() < deadline) {
      const state = existsSync(ckpt) ? loadCheckpoint<{ epochsDone: number }>(ckpt)?.state : undefined;
      if (state && state.epochsDone >= 2) { killedAfter = state.epochsDone; break; }
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(killedAfter).toBeGreaterThanOrEqual(2);
    expect(killedAfter).toBeLessThan(REQUEST.epochs);

    // Reopen: the runner re-queues the interrupted job, the worker resumes from the checkpoint.
    const services = createServices(project, { mode: 'cli' });
    const job = await services.ctx.jobs.wait(jobId);
    const record = services.ctx.project.jobs.get(jobId)!;
    await services.close();
    expect(job.state).toBe('done');
    const result = record.result as { modelId: number; sha256: string; resumedFromEpoch: number; history: unknown[] };
    expect(result.resumedFromEpoch).toBeGreaterThanOrEqual(killedAfter);
    expect(result.history).toHaveLength(REQUEST.epochs);
    expect(existsSync(ckpt)).toBe(false);

    const db = openProjectDb(project);
    const repo = new ModelsRepo(db.db);
    const run = repo.runForJob(jobId)!;
    expect(run.state).toBe('done');
    expect(run.epochsDone).toBe(REQUEST.epochs);
    expect(run.message).toMatch(/resumed from epoch/);
    const stored = repo.getMeta(result.modelId)!;
    // The uninterrupted reference, in this process, from the same project data and seed.
    const { seed, testFraction, ...config } = REQUEST;
    const reference = await runPretraining(projectClips(db), { config: { ...config, seed }, testFraction, splitSeed: seed });
    db.close();
    expect(describeWeights(reference.tensors).weights.sha256).toBe(stored.weightsSha256);
  }, 600_000); // a cold feature cache waits for extraction first (seconds per clip)
});
