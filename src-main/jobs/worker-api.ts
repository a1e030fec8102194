// The worker side of a job. A worker module calls runJobWorker(async (job) => { … }) once at top level:
//
//   import { runJobWorker } from './worker-api';
//   runJobWorker<MyParams, MyResult>(async (job) => {
//     const db = openProjectDb(job.projectPath);          // the worker's own connection (WAL)
//     for (const [i, item] of items.entries()) {
//       job.throwIfCancelled();                          // or pass job.signal to async work
//       try { … } catch (e) { job.fileError(item, reason); }   // per-item error; the job goes on
//       job.progress(i + 1, items.length, `item ${i + 1}`);    // cheap: throttled by the runner
//     }
//     return { result, message: 'Imported 5 clips' };
//   });
//
// Returning ends the job as done; throwing ends it as failed (AppError code + message kept) — or as
// cancelled when the runner asked for cancellation. job.emit() forwards an ApiEvent to the UI.
import { parentPort, workerData } from 'node:worker_threads';
import type { ApiEvent, JobFileError } from '../contract/api';
import type { JobWorkerData, MainToWorker, WorkerToMain } from './protocol';

export class JobCancelledError extends Error {
  constructor() { super('cancelled'); this.name = 'JobCancelledError'; }
}

export interface JobContext<P> {
  jobId: number;
  projectPath: string;
  params: P;
  signal: AbortSignal;
  progress(done: number, total: number, message?: string): void;
  fileError(file: string, reason: string): void;
  emit(event: ApiEvent): void;
  throwIfCancelled(): void;
}

export interface JobOutcome<R> { result: R; message: string }

export function runJobWorker<P, R>(body: (job: JobContext<P>) => Promise<JobOutcome<R>>): void {
  const port = parentPort;
  if (!port) throw new Error('runJobWorker must run inside a worker thread');
  const data = workerData as JobWorkerData;
  const abort = new AbortController();
  const send = (m: WorkerToMain) => port.postMessage(m);
  port.on('message', (m: MainToWorker) => { if (m.t === 'cancel') abort.abort(); });
  const job: JobContext<P> = {
    jobId: data.jobId,
    projectPath: data.projectPath,
    params: data.params as P,
    signal: abort.signal,
    progress: (done, total, message = '') => send({ t: 'progress', done, total, message }),
    fileError: (file: string, reason: string) => send({ t: 'file-error', error: { file, reason } satisfies JobFileError }),
    emit: (event) => send({ t: 'event', event }),
    throwIfCancelled: () => { if (abort.signal.aborted) throw new JobCancelledError(); },
  };
  body(job).then(
    (outcome) => { send({ t: 'result', result: outcome.result, message: outcome.message }); port.close(); },
    (err: unknown) => {
      const code = (err as { code?: unknown }).code;
      send({ t: 'failed', code: typeof code === 'string' ? code : err instanceof JobCancelledError ? 'cancelled' : 'internal', message: err instanceof Error ? err.message : String(err) });
      port.close();
    },
  );
}
