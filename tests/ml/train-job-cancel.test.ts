// A running pretraining job reports progress (epoch, step, loss, ETA) and stops on cancel: the job and
// its training run end 'cancelled' and the checkpoint is removed.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JobInfo } from '../../src-main/contract/api';
import { ModelsRepo } from '../../src-main/db/models-repo';
import { createServices } from '../../src-main/services/index';
import { checkpointPathFor } from '../../src-main/services/training-jobs';
import { makeTrainingProject } from './support/project-fixture';
import { pickClips, ravdessFeatures } from './support/ravdess-features';

const dir = mkdtempSync(join(tmpdir(), 'ew-train-cancel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('training job cancel', () => {
  it('reports progress and ends cancelled', async () => {
    const project = join(dir, 'cancel.sqlite');
    makeTrainingProject(project, await ravdessFeatures(pickClips([1, 2, 3, 4], 2)));
    const services = createServices(project, { mode: 'cli' });
    try {
      const seen: JobInfo[] = [];
      services.onEvent((e) => { if (e.type === 'job') seen.push(e.job); });
      const reply = await services.dispatch('training.pretrain', { epochs: 500, hidden: [8, 8], batchSize: 2, testFraction: 0 });
      expect(reply.ok).toBe(true);
      const jobId = (reply as { result: { jobId: number } }).result.jobId;
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && !seen.some((j) => j.id === jobId && /epoch \d+\/500, step \d+\/4, loss [\d.]+, about \d+ s left/.test(j.message))) {
        await new Promise((r) => setTimeout(r, 50));
      }
      const progressed = seen.filter((j) => j.id === jobId && j.state === 'running' && j.total === 2000);
      expect(progressed.length).toBeGreaterThan(0);
      expect(progressed.at(-1)!.done).toBeGreaterThan(0);
      services.ctx.jobs.cancel(jobId);
      const end = await services.ctx.jobs.wait(jobId);
      expect(end.state).toBe('cancelled');
      const run = new ModelsRepo(services.ctx.project.db).runForJob(jobId)!;
      expect(run.state).toBe('cancelled');
      expect(run.epochsDone).toBeLessThan(500);
      expect(existsSync(checkpointPathFor(project, jobId))).toBe(false);
      expect(new ModelsRepo(services.ctx.project.db).list()).toHaveLength(0);
    } finally {
      await services.close();
    }
  }, 600_000); // a cold feature cache waits for extraction first (seconds per clip)
});
