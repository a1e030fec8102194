// Killing the work mid-job: (1) the whole app process is SIGKILLed while extraction runs (after the
// first of 4 clips is stored); reopening the
// project resumes the job, which finishes the remaining clips and never writes a second row for a clip;
// (2) one extraction thread is terminated mid-clip — the pool replaces it, the clip is retried, and the
// job still stores each clip exactly once.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { FEATURE_SPEC_ID } from '../../src-main/contract/feature-spec';
import { FeaturesRepo } from '../../src-main/db/features-repo';
import { openProjectDb } from '../../src-main/db/project-db';
import { ExtractPool, WorkerLostError } from '../../src-main/jobs/extract-pool';
import type { ExtractJobResult } from '../../src-main/services/features-service';
import { createServices } from '../../src-main/services/index';
import { repoRoot, ravdessClip } from '../support/paths';

const dir = mkdtempSync(join(tmpdir(), 'features-resume-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CLIPS = [1, 2, 3, 4].map((a) => ravdessClip(a, `03-01-03-01-01-01-${String(a).padStart(2, '0')}`));

function featureRows(path: string): Array<{ id: number; clipId: number; createdAt: string }> {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch {
    return []; // not created yet by the other process
  }
  try {
    db.pragma('busy_timeout = 5000');
    const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'features'").get();
    return hasTable ? db.prepare('SELECT id, clip_id AS clipId, created_at AS createdAt FROM features ORDER BY id').all() as Array<{ id: number; clipId: number; createdAt: string }> : [];
  } catch {
    return []; // the file is being created by the other process
  } finally {
    db.close();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('extraction survives being killed', () => {
  it('resumes after the app process is killed mid-job, without duplicating any clip\'s row', async () => {
    const projectPath = join(dir, 'killed.sqlite');
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'tests/features-service/support/app-process.ts'), projectPath, ...CLIPS], {
      cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    // Kill as soon as some but not all clips have their matrix.
    let before: ReturnType<typeof featureRows> = [];
    const deadline = Date.now() + 400_000;
    for (;;) {
      before = featureRows(projectPath);
      if (before.length >= 1) break;
      if (child.exitCode !== null) throw new Error(`app process ended early: ${stderr}`);
      if (Date.now() > deadline) throw new Error('no features within the time limit');
      await sleep(50);
    }
    child.kill('SIGKILL');
    await exited;
    before = featureRows(projectPath);
    expect(before.length).toBeGreaterThanOrEqual(1);
    expect(before.length).toBeLessThan(CLIPS.length);

    const project = openProjectDb(projectPath);
    const stale = project.jobs.unfinished().filter((j) => j.kind === 'extract-features');
    project.close();
    expect(stale.map((j) => j.state)).toEqual(['running']); // what a crash leaves behind

    // Reopen: the runner re-queues the resumable job, which finishes the rest.
    const services = createServices(projectPath, { mode: 'cli' });
    try {
      const job = await services.ctx.jobs.wait(stale[0].id);
      expect(job.state, job.message).toBe('done');
      const result = services.ctx.project.jobs.get(job.id)!.result as ExtractJobResult;
      expect(result.extracted + result.skipped).toBe(CLIPS.length - before.length);
      expect(result.failed).toBe(0);
      expect(services.ctx.project.jobs.unfinished()).toEqual([]);
    } finally {
      await services.close();
    }
    const after = featureRows(projectPath);
    expect(after).toHaveLength(CLIPS.length);
    expect(new Set(after.map((r) => r.clipId)).size).toBe(CLIPS.length);
    // The rows stored before the kill are the same rows (not redone).
    for (const r of before) expect(after.find((a) => a.id === r.id)).toEqual(r);
  }, 600_000);

  it('retries a clip whose extraction thread is terminated mid-clip, and stores it once', async () => {
    const projectPath = join(dir, 'thread.sqlite');
    const services = createServices(projectPath, { mode: 'cli', recoverJobs: false });
    let clipIds: number[];
    try {
      const reply = await services.dispatch('import.start', { paths: CLIPS.slice(0, 1) });
      if (!reply.ok) throw new Error(reply.error.message);
      await services.ctx.jobs.wait((reply.result as { jobId: number }).jobId);
      clipIds = services.ctx.project.clips.all().map((c) => c.id);
      expect(clipIds).toHaveLength(1);
    } finally {
      await services.close();
    }

    const pool = new ExtractPool({ projectPath, size: 1 });
    try {
      const first = pool.extract(clipIds[0]);
      await sleep(300); // the thread is loading/extracting clip 1
      const [thread] = pool.liveWorkers();
      await thread.terminate();
      const lost = await first.then(() => null, (e: unknown) => e);
      expect(lost).toBeInstanceOf(WorkerLostError);
      // The slot gets a fresh thread, and the retried clip extracts.
      const outcomes = [await pool.extract(clipIds[0])];
      expect(outcomes[0].clipId).toBe(clipIds[0]);
      const project = openProjectDb(projectPath);
      const repo = new FeaturesRepo(project.db);
      for (const o of outcomes) {
        const row = { clipId: o.clipId, featureSpec: FEATURE_SPEC_ID, source: 'extracted' as const, frames: o.frames, columns: 74, data: o.data, present: o.present, extractorVersion: 'test' };
        expect(repo.insertIfAbsent(row)).toBe(true);
        expect(repo.insertIfAbsent(row)).toBe(false); // a retried clip cannot get a second row
      }
      expect(repo.count()).toBe(1);
      project.close();
    } finally {
      await pool.close();
    }
  }, 300_000);
});
