// The shared job runner with a real worker thread and a real project file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvent, JobInfo } from '../../src-main/contract/api';
import { openProjectDb, type ProjectDb } from '../../src-main/db/project-db';
import { JobRunner, registerJobKind } from '../../src-main/jobs/runner';

const dir = mkdtempSync(join(tmpdir(), 'ew-jobs-'));
const path = join(dir, 'jobs.sqlite');
let project: ProjectDb;
let runner: JobRunner;
const events: ApiEvent[] = [];

registerJobKind({ kind: 'test-count', workerName: 'test-count-worker', workerSource: '../tests/jobs/fixtures/count-worker.ts', concurrency: 1 });
registerJobKind({ kind: 'test-resumable', workerName: 'test-count-worker', workerSource: '../tests/jobs/fixtures/count-worker.ts', resumable: true });

beforeAll(() => {
  project = openProjectDb(path, { create: true });
  runner = new JobRunner(project, (e) => events.push(e));
});
afterAll(async () => {
  await runner.close();
  project.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('job runner', () => {
  it('runs a job to done in a worker, with progress events, per-item errors and the result recorded', async () => {
    const job = runner.start('test-count', { n: 6, stepMs: 5 });
    expect(['queued', 'running']).toContain(job.state);
    const end = await runner.wait(job.id);
    expect(end).toMatchObject({ state: 'done', done: 6, total: 6, message: 'counted to 6' });
    expect(end.errors).toEqual([2, 4, 6].map((i) => ({ file: `item-${i}`, reason: 'even numbers are suspicious' })));
    expect(project.jobs.get(job.id)?.result).toEqual({ counted: 6 });
    const states = events.filter((e): e is Extract<ApiEvent, { type: 'job' }> => e.type === 'job' && e.job.id === job.id).map((e) => e.job.state);
    expect(states[0]).toBe('queued');
    expect(states).toContain('running');
    expect(states.at(-1)).toBe('done');
  });

  it('records a failure with the worker\u2019s message, and runs queued jobs one at a time per kind', async () => {
    const a = runner.start('test-count', { n: 3, stepMs: 5, failAt: 2 });
    const b = runner.start('test-count', { n: 2, stepMs: 5 });
    expect(runner.get(b.id).state).toBe('queued');
    const [ea, eb] = await Promise.all([runner.wait(a.id), runner.wait(b.id)]);
    expect(ea).toMatchObject({ state: 'failed', message: 'step 2 broke on purpose' });
    expect(eb.state).toBe('done');
    expect(Date.parse(project.jobs.get(b.id)!.startedAt!)).toBeGreaterThanOrEqual(Date.parse(ea.finishedAt!));
  });

  it('cancels a running job (AbortSignal in the worker) and a queued one', async () => {
    const running = runner.start('test-count', { n: 1000, stepMs: 20 });
    const queued = runner.start('test-count', { n: 1, stepMs: 1 });
    await new Promise<void>((resolve) => {
      const t = setInterval(() => { if (runner.get(running.id).done >= 2) { clearInterval(t); resolve(); } }, 20);
    });
    expect(runner.cancel(queued.id).state).toBe('cancelled');
    runner.cancel(running.id);
    const end: JobInfo = await runner.wait(running.id);
    expect(end.state).toBe('cancelled');
    expect(end.done).toBeLessThan(1000);
  });

  it('on reopening, re-queues resumable jobs and fails the others as interrupted', async () => {
    const stale = project.jobs.create('test-count', { n: 1, stepMs: 1 });
    project.jobs.markRunning(stale.id);
    const resumable = project.jobs.create('test-resumable', { n: 2, stepMs: 1 });
    project.jobs.markRunning(resumable.id);
    const second = new JobRunner(project, () => {});
    second.recover();
    expect(second.get(stale.id)).toMatchObject({ state: 'failed', message: expect.stringMatching(/interrupted/) });
    expect((await second.wait(resumable.id)).state).toBe('done');
    await second.close();
    expect(() => runner.start('no-such-kind', {})).toThrow(/unknown job kind/);
  });
});
