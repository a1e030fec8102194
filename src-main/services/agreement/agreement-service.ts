// agreement.compute: reads every rater's current label from the project and returns the agreement
// report (per emotion and overall, pairwise, repeats, gold). The statistics are pure (report.ts); this
// file only gathers the rows. Cached per project by a label fingerprint, so the UI can ask again on
// every labels-changed event and pay only when a label really changed.
import { AppError } from '../../contract/api-types';
import type { AgreementReport, AgreementRequest } from '../../contract/methods/agreement';
import { AgreementRepo } from '../../db/agreement-repo';
import type { Db } from '../../db/connection';
import { computeAgreement } from './report';

export interface AgreementContext {
  project: { db: Db };
  /** Per-project cache (ServiceContext.cache); optional. */
  cache?: Map<string, unknown>;
}

/** Cache key of a request: changes whenever a label version is appended. */
export function agreementCacheKey(repo: AgreementRepo, req: AgreementRequest): string {
  return `agreement:${repo.labelsFingerprint()}:${JSON.stringify([req.bootstrap ?? null, req.seed ?? null, req.annotatorIds ?? null])}`;
}

/** Keeps only the newest report: older fingerprints can never be asked for again. */
export function rememberReport(cache: Map<string, unknown> | undefined, key: string, report: AgreementReport): void {
  if (!cache) return;
  for (const k of [...cache.keys()]) if (k.startsWith('agreement:')) cache.delete(k);
  cache.set(key, report);
}

export function computeProjectAgreement(ctx: AgreementContext, req: AgreementRequest = {}): AgreementReport {
  const repo = new AgreementRepo(ctx.project.db);
  const key = agreementCacheKey(repo, req);
  const cached = ctx.cache?.get(key) as AgreementReport | undefined;
  if (cached) return cached;

  let raters = repo.ratersWithLabels();
  if (req.annotatorIds) {
    const wanted = [...new Set(req.annotatorIds)];
    raters = repo.raters(wanted);
    const missing = wanted.filter((id) => !raters.some((r) => r.id === id));
    if (missing.length > 0) {
      throw new AppError('annotator-not-found', `annotator ${missing.join(', ')} does not exist in this project: choose raters from the annotator list`);
    }
  }
  const ratings = repo.currentRatings();
  const tables = computeAgreement({
    raters,
    labels: ratings.map((r) => ({ clipId: r.clipId, raterId: r.annotatorId, values: r.values })),
    repeats: repo.ratedRepeats().map((r) => ({ clipId: r.clipId, raterId: r.annotatorId, first: r.first, second: r.second })),
    gold: repo.goldValues(),
    bootstrap: { replicates: req.bootstrap, seed: req.seed },
  });
  const report: AgreementReport = { computedAt: new Date().toISOString(), labelsRead: ratings.length, ...tables };
  rememberReport(ctx.cache, key, report);
  return report;
}
