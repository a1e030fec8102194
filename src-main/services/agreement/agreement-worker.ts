// Worker thread of agreement.compute for large projects: opens its own read-only connection to the
// project file (WAL lets it read beside the main thread's writer), computes the report and posts it
// back. Keeps multi-second bootstrap runs off the Electron main thread (see off-thread.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../contract/api-types';
import type { AgreementRequest } from '../../contract/methods/agreement';
import { openProjectDb } from '../../db/project-db';
import { computeProjectAgreement } from './agreement-service';

export interface AgreementWorkerInput { projectPath: string; request: AgreementRequest }
export type AgreementWorkerOutput =
  | { ok: true; report: ReturnType<typeof computeProjectAgreement> }
  | { ok: false; code: string; message: string };

const { projectPath, request } = workerData as AgreementWorkerInput;
let out: AgreementWorkerOutput;
try {
  const project = openProjectDb(projectPath, { readonly: true });
  try {
    out = { ok: true, report: computeProjectAgreement({ project }, request) };
  } finally {
    project.close();
  }
} catch (err) {
  out = { ok: false, code: err instanceof AppError ? err.code : 'internal', message: err instanceof Error ? err.message : String(err) };
}
parentPort!.postMessage(out);
