// agreement.compute as the API runs it: small projects in place (a few milliseconds), large ones in a
// worker thread so a bootstrap over thousands of clips never blocks the Electron main thread. The
// report is cached per project by a fingerprint of the labels table either way.
import { AppError } from '../../contract/api-types';
import type { AgreementReport, AgreementRequest } from '../../contract/methods/agreement';
import { AgreementRepo } from '../../db/agreement-repo';
import type { Db } from '../../db/connection';
import { spawnWorker } from '../../jobs/spawn-worker';
import { agreementCacheKey, computeProjectAgreement, rememberReport, type AgreementContext } from './agreement-service';
import type { AgreementWorkerInput, AgreementWorkerOutput } from './agreement-worker';
import { DEFAULT_REPLICATES } from './bootstrap';

/** Current labels × (replicates + 1) above which the work moves to a worker (≈ 20 ms of CPU in place). */
export const IN_PLACE_WORK_LIMIT = 300_000;

export interface OffThreadContext extends AgreementContext {
  project: { db: Db; path: string };
}

export async function agreementCompute(ctx: OffThreadContext, req: AgreementRequest, mode: 'auto' | 'worker' | 'in-place' = 'auto'): Promise<AgreementReport> {
  const repo = new AgreementRepo(ctx.project.db);
  const key = agreementCacheKey(repo, req);
  const cached = ctx.cache?.get(key) as AgreementReport | undefined;
  if (cached) return cached;
  const work = repo.currentLabelCount() * ((req.bootstrap ?? DEFAULT_REPLICATES) + 1);
  if (mode === 'in-place' || (mode === 'auto' && work <= IN_PLACE_WORK_LIMIT)) return computeProjectAgreement(ctx, req);

  const report = await new Promise<AgreementReport>((resolve, reject) => {
    const worker = spawnWorker('agreement-worker', 'services/agreement/agreement-worker.ts', {
      workerData: { projectPath: ctx.project.path, request: req } satisfies AgreementWorkerInput,
    });
    let settled = false;
    worker.once('message', (msg: AgreementWorkerOutput) => {
      settled = true;
      if (msg.ok) resolve(msg.report);
      else reject(msg.code === 'internal' ? new Error(msg.message) : new AppError(msg.code, msg.message));
    });
    worker.once('error', (err) => { settled = true; reject(err); });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`agreement worker stopped (exit code ${code}) before sending its report`));
    });
  });
  rememberReport(ctx.cache, key, report);
  return report;
}
