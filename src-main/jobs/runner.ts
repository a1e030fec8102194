// Job runner: heavy work (import, feature extraction, training) runs in worker threads, reports throttled
// progress, can be cancelled, and ends in a terminal state recorded in the project's jobs table.
//
// API (shared by every engineer's job kind):
//   1. Register a kind once, at module load, next to its service:
//        registerJobKind({ kind: 'import', workerName: 'import-worker', workerSource: 'jobs/import-worker.ts',
//                          resumable: false, concurrency: 1 });
//      workerName is the built entry (add it to main.build.rollupOptions.input in electron.config.ts);
//      workerSource is the .ts module relative to src-main/, which calls runJobWorker() (worker-api.ts).
//   2. const runner = new JobRunner(project, emit)   — one per open project (services/index.ts makes it).
//      runner.recover()          on open: 'running'/'queued' rows left by a crash or close are re-queued
//                                when the kind is resumable, else marked failed ("interrupted").
//      runner.start(kind, params) → JobInfo (state 'queued', then 'running' when a slot is free).
//      runner.cancel(id)         → asks the worker to stop (AbortSignal in the worker); terminated if it
//                                does not stop within 5 s. A queued job is cancelled at once.
//      runner.wait(id)           → Promise<JobInfo> resolved at the terminal state.
//      runner.onFinished(kind, fn) main-thread hook after a job of that kind ends (e.g. emit events).
//      runner.close()            stops every worker; resumable jobs go back to 'queued'.
//   Every state change and (throttled, ≥ 250 ms apart) progress update is written to the jobs table and
//   emitted as ApiEvent { type: 'job', job } to the UI (IPC / SSE).
import type { Worker } from 'node:worker_threads';
import { AppError, type ApiEvent, type JobFileError, type JobInfo } from '../contract/api';
import { toJobInfo, type JobRecord } from '../db/jobs-repo';
import type { ProjectDb } from '../db/project-db';
import type { JobWorkerData, MainToWorker, WorkerToMain } from './protocol';
import { spawnWorker } from './spawn-worker';

export interface JobKindDefinition {
  kind: string;
  workerName: string;
  workerSource: string;
  /** Re-queued (from the start, with the same params) when the project is opened after an interruption. */
  resumable?: boolean;
  /** How many jobs of this kind may run at once (default 1). */
  concurrency?: number;
  /** Extra worker options, e.g. resourceLimits. */
  workerOptions?: { resourceLimits?: { maxOldGenerationSizeMb?: number } };
}

const registry = new Map<string, JobKindDefinition>();

export function registerJobKind(def: JobKindDefinition): void {
  registry.set(def.kind, def);
}
export function jobKind(kind: string): JobKindDefinition | undefined {
  return registry.get(kind);
}

const PROGRESS_INTERVAL_MS = 250;
const CANCEL_GRACE_MS = 5000;

interface Running {
  worker: Worker;
  cancelRequested: boolean;
  closing: boolean;
  errors: JobFileError[];
  lastFlush: number;
  pending: { done: number; total: number; message: string } | null;
  killTimer: NodeJS.Timeout | null;
}

type Finished = (job: JobRecord) => void;

export class JobRunner {
  private readonly running = new Map<number, Running>();
  private readonly queue: number[] = [];
  private readonly waiters = new Map<number, Array<(j: JobInfo) => void>>();
  private readonly finishedHooks = new Map<string, Finished[]>();
  private closed = false;

  constructor(private readonly project: ProjectDb, private readonly emit: (e: ApiEvent) => void) {}

  onFinished(kind: string, fn: Finished): void {
    const list = this.finishedHooks.get(kind) ?? [];
    list.push(fn);
    this.finishedHooks.set(kind, list);
  }

  recover(): void {
    for (const job of this.project.jobs.unfinished()) {
      const def = registry.get(job.kind);
      if (def?.resumable) {
        this.project.jobs.requeue(job.id, 'resumed after the project was reopened');
        this.queue.push(job.id);
      } else {
        this.project.jobs.finish(job.id, 'failed', 'interrupted: the workstation was closed while this job ran — start it again', null);
      }
    }
    this.pump();
  }

  start(kind: string, params: unknown): JobInfo {
    if (this.closed) throw new AppError('project-closed', 'the project is closed');
    if (!registry.has(kind)) throw new AppError('job-unknown-kind', `unknown job kind "${kind}"`);
    const job = this.project.jobs.create(kind, params);
    this.queue.push(job.id);
    this.publish(job.id);
    this.pump();
    return toJobInfo(this.project.jobs.get(job.id)!);
  }

  get(id: number): JobInfo {
    const job = this.project.jobs.get(id);
    if (!job) throw new AppError('job-not-found', `job ${id} does not exist in this project`);
    return toJobInfo(job);
  }

  cancel(id: number): JobInfo {
    const job = this.project.jobs.get(id);
    if (!job) throw new AppError('job-not-found', `job ${id} does not exist in this project`);
    const queuedAt = this.queue.indexOf(id);
    if (queuedAt >= 0) {
      this.queue.splice(queuedAt, 1);
      this.project.jobs.finish(id, 'cancelled', 'cancelled before it started', null);
      this.settle(id);
    } else {
      const r = this.running.get(id);
      if (r && !r.cancelRequested) {
        r.cancelRequested = true;
        r.worker.postMessage({ t: 'cancel' } satisfies MainToWorker);
        r.killTimer = setTimeout(() => { void r.worker.terminate(); }, CANCEL_GRACE_MS);
      }
    }
    return this.get(id);
  }

  wait(id: number): Promise<JobInfo> {
    const job = this.get(id);
    if (job.state === 'done' || job.state === 'failed' || job.state === 'cancelled') return Promise.resolve(job);
    return new Promise((resolve) => {
      const list = this.waiters.get(id) ?? [];
      list.push(resolve);
      this.waiters.set(id, list);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    const stops: Promise<number>[] = [];
    for (const [, r] of this.running) {
      r.closing = true;
      stops.push(r.worker.terminate());
    }
    await Promise.all(stops);
  }

  private pump(): void {
    if (this.closed) return;
    for (let i = 0; i < this.queue.length; i++) {
      const id = this.queue[i];
      const job = this.project.jobs.get(id);
      if (!job) { this.queue.splice(i--, 1); continue; }
      const def = registry.get(job.kind)!;
      const active = [...this.running.keys()].filter((rid) => this.project.jobs.get(rid)?.kind === job.kind).length;
      if (active >= (def.concurrency ?? 1)) continue;
      this.queue.splice(i--, 1);
      this.launch(job, def);
    }
  }

  private launch(job: JobRecord, def: JobKindDefinition): void {
    this.project.jobs.markRunning(job.id);
    const data: JobWorkerData = { jobId: job.id, kind: job.kind, projectPath: this.project.path, params: job.params };
    let worker: Worker;
    try {
      worker = spawnWorker(def.workerName, def.workerSource, { workerData: data, resourceLimits: def.workerOptions?.resourceLimits });
    } catch (err) {
      this.project.jobs.finish(job.id, 'failed', `could not start the ${job.kind} worker: ${(err as Error).message}`, null);
      this.settle(job.id);
      return;
    }
    const r: Running = { worker, cancelRequested: false, closing: false, errors: [], lastFlush: 0, pending: null, killTimer: null };
    this.running.set(job.id, r);
    this.publish(job.id);
    let terminal: WorkerToMain | null = null;
    worker.on('message', (m: WorkerToMain) => {
      switch (m.t) {
        case 'progress':
          r.pending = { done: m.done, total: m.total, message: m.message };
          this.flush(job.id, r, false);
          break;
        case 'file-error':
          r.errors.push(m.error);
          break;
        case 'event':
          this.emit(m.event);
          break;
        case 'result':
        case 'failed':
          terminal = m;
          break;
      }
    });
    worker.on('error', (err) => { terminal ??= { t: 'failed', code: 'internal', message: err.message }; });
    worker.on('exit', () => {
      if (r.killTimer) clearTimeout(r.killTimer);
      this.running.delete(job.id);
      // The project may already be closed (app shutting down); the row stays 'running' and recover() handles it.
      if (!this.project.db.open) return;
      this.flush(job.id, r, true);
      const t = terminal as WorkerToMain | null;
      if (r.closing) {
        if (def.resumable) this.project.jobs.requeue(job.id, 'interrupted; resumes when the project is opened again');
        else this.project.jobs.finish(job.id, 'cancelled', 'stopped: the project was closed', null);
      } else if (r.cancelRequested && t?.t !== 'result') {
        this.project.jobs.finish(job.id, 'cancelled', 'cancelled by the user', null);
      } else if (t?.t === 'result') {
        this.project.jobs.finish(job.id, 'done', t.message, t.result);
      } else if (t?.t === 'failed') {
        this.project.jobs.finish(job.id, 'failed', t.message, null);
      } else {
        this.project.jobs.finish(job.id, 'failed', `the ${job.kind} worker stopped unexpectedly`, null);
      }
      if (!r.closing) {
        const rec = this.project.jobs.get(job.id)!;
        for (const hook of this.finishedHooks.get(job.kind) ?? []) {
          try { hook(rec); } catch { /* a hook must not break the runner; hooks report their own errors */ }
        }
        this.settle(job.id);
        this.pump();
      }
    });
  }

  private flush(id: number, r: Running, force: boolean): void {
    const now = Date.now();
    if (!force && now - r.lastFlush < PROGRESS_INTERVAL_MS) return;
    r.lastFlush = now;
    if (r.pending) this.project.jobs.progress(id, r.pending.done, r.pending.total, r.pending.message);
    this.project.jobs.setErrors(id, r.errors);
    r.pending = null;
    this.publish(id);
  }

  private publish(id: number): void {
    const job = this.project.jobs.get(id);
    if (job) this.emit({ type: 'job', job: toJobInfo(job) });
  }

  private settle(id: number): void {
    this.publish(id);
    const info = this.get(id);
    for (const resolve of this.waiters.get(id) ?? []) resolve(info);
    this.waiters.delete(id);
  }
}
