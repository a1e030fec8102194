// Messages between the job runner (main thread) and a job worker (worker thread).
import type { ApiEvent, JobFileError } from '../contract/api';

export interface JobWorkerData {
  jobId: number;
  kind: string;
  projectPath: string;
  params: unknown;
}

export type WorkerToMain =
  | { t: 'progress'; done: number; total: number; message: string }
  | { t: 'file-error'; error: JobFileError }
  | { t: 'event'; event: ApiEvent }
  | { t: 'result'; result: unknown; message: string }
  | { t: 'failed'; code: string; message: string };

export type MainToWorker = { t: 'cancel' };
