// Features in the product: every imported clip gets its COVAREP-74 matrix, stored in the project file.
//
// - Extraction is the resumable job kind 'extract-features' (jobs/extract-job.ts, two extraction threads).
// - installFeatureExtraction(ctx) (called once by createServices) schedules it after every import job and,
//   on opening a project, for clips left without features by an interrupted session.
// - Pre-extracted features (.csd / CSV) are imported and exported by features-files.ts.
// - Other services read matrices with loadFeatureMatrix().
import { existsSync } from 'node:fs';
import { AppError, type JobInfo } from '../contract/api-types';
import { FEATURE_COLUMNS, FEATURE_SPEC_ID } from '../contract/feature-spec';
import type { ClipFeatureState, ClipFeatures, FeatureImportReport, FeatureMatrixInfo, FeatureStates, FeaturesOverview } from '../contract/methods/features';
import { appVersion } from '../db/app-paths';
import { FeaturesRepo, type FeatureMeta, type FeatureRow, type FeatureSource } from '../db/features-repo';
import { toJobInfo } from '../db/jobs-repo';
import type { ProjectDb } from '../db/project-db';
import { inFlightClips, listenInFlight } from '../jobs/extract-in-flight';
import { registerJobKind } from '../jobs/runner';
import { actorName } from './actors';
import type { ServiceContext } from './context';
import { exportFeatureFile, importFeatureFile, preferredMatrix } from './features-files';
import type { HandlerTable } from './handlers';

export const EXTRACT_JOB_KIND = 'extract-features';

/** Recorded with every extracted matrix, so a later build can tell which code produced it. */
export const EXTRACTOR_VERSION = `emotion-workstation ${appVersion()} covarep-ts`;

export interface ExtractJobParams {
  featureSpec: string;
  extractorVersion: string;
  /** Restrict the run to these clips (default: every clip without features). */
  clipIds?: number[];
  /** Extraction threads (default 2). */
  threads?: number;
  seed?: number;
}
export interface ExtractJobResult {
  extracted: number;
  failed: number;
  /** Clips that got their matrix from another run meanwhile (idempotent insert found a row). */
  skipped: number;
  clipIds: number[];
  elapsedMs: number;
}

registerJobKind({
  kind: EXTRACT_JOB_KIND, workerName: 'extract-job', workerSource: 'jobs/extract-job.ts',
  // Re-queued with the same params when the project is reopened after a crash or close: the job works
  // out what is left from the database, so resuming never redoes or duplicates a stored clip.
  resumable: true, concurrency: 1,
});

function repoOf(ctx: ServiceContext): FeaturesRepo {
  let repo = ctx.cache.get('features-repo') as FeaturesRepo | undefined;
  if (!repo) {
    repo = new FeaturesRepo(ctx.project.db);
    ctx.cache.set('features-repo', repo);
  }
  return repo;
}

/**
 * Hooks extraction into the project's life: after each import job, and now (on open) when clips are
 * waiting. scheduleNow is false where the caller did not ask to resume work (tests, read-only CLI use).
 */
export function installFeatureExtraction(ctx: ServiceContext, opts: { scheduleNow?: boolean } = {}): void {
  listenInFlight(); // before any extraction job starts, so the clip list sees its first in-flight clips
  ctx.jobs.onFinished('import', () => { scheduleExtraction(ctx); });
  // On open, an extraction job resumed by the runner (queued or already running) covers every clip.
  if ((opts.scheduleNow ?? true) && !ctx.project.jobs.unfinished().some((j) => j.kind === EXTRACT_JOB_KIND)) scheduleExtraction(ctx);
}

/** Starts an extraction job for clips without features unless one is already queued. */
export function scheduleExtraction(ctx: ServiceContext, opts: { clipIds?: number[] } = {}): JobInfo | null {
  const repo = repoOf(ctx);
  const needing = repo.clipsNeedingExtraction(FEATURE_SPEC_ID);
  const wanted = opts.clipIds ? needing.filter((id) => opts.clipIds!.includes(id)) : needing;
  if (wanted.length === 0) return null;
  if (!opts.clipIds) {
    // A queued job recomputes its list when it starts, so it will cover these clips too. A running one
    // does recompute once at its end, but a clip imported after that would be missed: hence queued only.
    const queued = ctx.project.jobs.unfinished().find((j) => j.kind === EXTRACT_JOB_KIND && j.state === 'queued'
      && (j.params as ExtractJobParams).clipIds === undefined);
    if (queued) return toJobInfo(queued);
  }
  const params: ExtractJobParams = { featureSpec: FEATURE_SPEC_ID, extractorVersion: EXTRACTOR_VERSION, ...(opts.clipIds ? { clipIds: wanted } : {}) };
  return ctx.jobs.start(EXTRACT_JOB_KIND, params);
}

export function startExtraction(ctx: ServiceContext, req: { clipIds?: number[]; retryFailed?: boolean; redo?: boolean }): { jobId: number | null } {
  if (req.clipIds) for (const id of req.clipIds) requireClip(ctx, id);
  const active = ctx.project.jobs.unfinished().find((j) => j.kind === EXTRACT_JOB_KIND && j.state === 'running');
  if (req.redo && active) {
    throw new AppError('features-extraction-running', `feature extraction (job ${active.id}) is running; wait for it to finish or cancel it, then redo.`);
  }
  const repo = repoOf(ctx);
  ctx.project.write(() => {
    if (req.retryFailed || req.redo) repo.clearErrors(FEATURE_SPEC_ID, req.clipIds);
    if (req.redo) repo.deleteExtracted(FEATURE_SPEC_ID, req.clipIds);
  });
  const job = scheduleExtraction(ctx, { clipIds: req.clipIds });
  return { jobId: job?.id ?? null };
}

function requireClip(ctx: ServiceContext, clipId: number) {
  const c = ctx.project.clips.get(clipId);
  if (!c) throw new AppError('clip-not-found', `clip ${clipId} does not exist in this project (it may have been removed): reload the clip list`);
  return c;
}

function matrixInfo(m: FeatureMeta): FeatureMatrixInfo {
  return {
    source: m.source, featureSpec: m.featureSpec, frames: m.frames, columns: m.columns,
    presentColumns: m.present.filter(Boolean).length,
    absentColumns: m.present.flatMap((p, c) => (p ? [] : [FEATURE_COLUMNS[c] ?? `column ${c}`])),
    status: m.status, message: m.message, extractorVersion: m.extractorVersion, elapsedMs: m.elapsedMs, createdAt: m.createdAt,
  };
}

function stateOf(matrices: FeatureMeta[], failed: boolean): ClipFeatureState {
  if (matrices.length > 0) return matrices.some((m) => m.status === 'ok') ? 'ready' : 'warning';
  return failed ? 'failed' : 'pending';
}

export function listClipFeatures(project: ProjectDb, repo: FeaturesRepo, featureSpec = FEATURE_SPEC_ID): ClipFeatures[] {
  const bySpec = new Map<number, FeatureMeta[]>();
  for (const m of repo.listMeta(featureSpec)) {
    const list = bySpec.get(m.clipId);
    if (list) list.push(m);
    else bySpec.set(m.clipId, [m]);
  }
  const errors = new Map(repo.errors(featureSpec).map((e) => [e.clipId, e]));
  return project.clips.all().map((c) => {
    const matrices = bySpec.get(c.id) ?? [];
    const err = errors.get(c.id);
    return {
      clipId: c.id, fileName: c.fileName, state: stateOf(matrices, err !== undefined),
      matrices: matrices.map(matrixInfo),
      error: err ? { message: err.message, failedAt: err.failedAt } : null,
    };
  });
}

export function clipFeatures(repo: FeaturesRepo, clip: { id: number; fileName: string }, featureSpec = FEATURE_SPEC_ID): ClipFeatures {
  const matrices = repo.metaForClip(clip.id).filter((m) => m.featureSpec === featureSpec);
  const err = repo.errorFor(clip.id, featureSpec);
  return {
    clipId: clip.id, fileName: clip.fileName, state: stateOf(matrices, err !== undefined), matrices: matrices.map(matrixInfo),
    error: err ? { message: err.message, failedAt: err.failedAt } : null,
  };
}

export function featuresOverview(project: ProjectDb, repo: FeaturesRepo, featureSpec = FEATURE_SPEC_ID): FeaturesOverview {
  const list = listClipFeatures(project, repo, featureSpec);
  const count = (s: ClipFeatureState) => list.filter((c) => c.state === s).length;
  const bySource: Record<FeatureSource, number> = { extracted: 0, 'imported-csd': 0, 'imported-csv': 0 };
  for (const c of list) for (const m of c.matrices) bySource[m.source]++;
  const active = project.jobs.unfinished().find((j) => j.kind === EXTRACT_JOB_KIND);
  return {
    featureSpec, clips: list.length, ready: count('ready'), warning: count('warning'), failed: count('failed'),
    pending: count('pending'), bySource, activeJobId: active?.id ?? null,
  };
}

/**
 * The clip list's view: per clip the state and its message; pending clips an extraction thread is working
 * on now are 'extracting' (posted by the running job, jobs/extract-in-flight.ts).
 */
export function clipFeatureStates(project: ProjectDb, repo: FeaturesRepo, featureSpec = FEATURE_SPEC_ID): FeatureStates {
  const active = project.jobs.unfinished().find((j) => j.kind === EXTRACT_JOB_KIND);
  const running = active?.state === 'running' ? active.id : null;
  const inFlight = new Set(inFlightClips(project.path, running));
  const clips = listClipFeatures(project, repo, featureSpec).map((c) => {
    const state = c.state === 'pending' && inFlight.has(c.clipId) ? 'extracting' as const : c.state;
    const note = c.matrices.find((m) => m.message)?.message ?? '';
    return { clipId: c.clipId, state, message: c.error?.message ?? (c.state === 'warning' ? note : '') };
  });
  return { featureSpec, activeJobId: active?.id ?? null, clips };
}

/**
 * The matrix a model should use for a clip: the given source, or the first of extracted → imported-csd
 * → imported-csv. undefined when the clip has none of this spec.
 */
export function loadFeatureMatrix(project: ProjectDb, clipId: number, opts: { featureSpec?: string; source?: FeatureSource } = {}): FeatureRow | undefined {
  const repo = new FeaturesRepo(project.db);
  const spec = opts.featureSpec ?? FEATURE_SPEC_ID;
  return opts.source ? repo.get(clipId, spec, opts.source) : preferredMatrix(repo, clipId, spec);
}

export async function importFeatures(ctx: ServiceContext, req: { path: string; nanAsZero?: boolean; replace?: boolean; annotatorId?: number }): Promise<FeatureImportReport> {
  const actor = actorName(ctx, req.annotatorId);
  const report = await importFeatureFile(ctx.project, repoOf(ctx), req.path, { nanAsZero: req.nanAsZero, replace: req.replace });
  if (report.imported + report.replaced > 0) {
    ctx.project.audit.append({
      actor, action: 'import', entity: 'features', entityId: null,
      after: { file: req.path, format: report.format, sequence: report.sequence, imported: report.imported, replaced: report.replaced, unmatched: report.unmatched.length },
    });
  }
  return report;
}

export const featuresHandlers: HandlerTable = {
  'features.overview': (ctx, req) => featuresOverview(ctx.project, repoOf(ctx), req.featureSpec),
  'features.list': (ctx, req) => listClipFeatures(ctx.project, repoOf(ctx), req.featureSpec),
  'features.clip': (ctx, req) => clipFeatures(repoOf(ctx), requireClip(ctx, req.clipId), req.featureSpec),
  'features.states': (ctx, req) => clipFeatureStates(ctx.project, repoOf(ctx), req.featureSpec),
  'features.extract': (ctx, req) => startExtraction(ctx, req),
  'features.import': (ctx, req) => importFeatures(ctx, req),
  'features.export': (ctx, req) => {
    if (existsSync(req.path) && !req.overwrite) {
      throw new AppError('features-export-exists', `${req.path} already exists; choose another name or allow overwriting.`);
    }
    return exportFeatureFile(ctx.project, repoOf(ctx), req.path, { format: req.format, source: req.source, key: req.key });
  },
};
