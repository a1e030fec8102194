// Handlers of contract/methods/training-ui.ts: the Training screen's overview (counts and the reasons
// fine-tuning cannot start yet), installing the shipped backbone into a project, and a fine-tuning run's
// held-out results next to its from-scratch baseline (both evaluated on the same held-out speakers).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../contract/api-types';
import { FEATURE_SPEC_ID } from '../contract/feature-spec';
import type { BackboneChoice, FinetunedModelChoice, RunResults, TrainingOverview, TrainingProblem } from '../contract/methods/training-ui';
import { FeaturesRepo } from '../db/features-repo';
import { ModelsRepo } from '../db/models-repo';
import type { EvaluationReport } from '../ml/metrics';
import { loadModel, type LoadedModel, type ModelManifest } from '../ml/model-file';
import type { ServiceContext } from './context';
import type { HandlerTable } from './handlers';
import { storeModel } from './training';

/** Below this many labelled clips with features a held-out evaluation says nothing; the screen says so. */
export const MIN_LABELLED = 10;
export const SHIPPED_BACKBONE_NAME = 'Shipped backbone (synthetic speech)';

/**
 * The shipped backbone's folder: EW_BACKBONE_DIR, else the first `resources/backbone` with a manifest found
 * walking up from this module (sources: src-main/services/; bundle: out/main[/chunks]/, inside app.asar
 * when packaged — electron-builder copies resources/** into the archive).
 */
export function shippedBackboneDir(): string | null {
  if (process.env.EW_BACKBONE_DIR) return existsSync(join(process.env.EW_BACKBONE_DIR, 'manifest.json')) ? process.env.EW_BACKBONE_DIR : null;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'resources', 'backbone');
    if (existsSync(join(candidate, 'manifest.json'))) return candidate;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return null;
}

function shippedBackbone(ctx: ServiceContext): LoadedModel | null {
  const cached = ctx.cache.get('shipped-backbone') as LoadedModel | null | undefined;
  if (cached !== undefined) return cached;
  const dir = shippedBackboneDir();
  // null feature spec: load it even if built for another spec, so the screen can say why it is unusable.
  const model = dir ? loadModel(dir, null) : null;
  ctx.cache.set('shipped-backbone', model);
  return model;
}

export function trainingOverview(ctx: ServiceContext): TrainingOverview {
  const features = new FeaturesRepo(ctx.project.db);
  const withFeatures = new Set(features.listMeta(FEATURE_SPEC_ID).map((m) => m.clipId));
  const labelled = new Set(ctx.project.labels.allCurrent().map((l) => l.clipId));
  const speakers = ctx.project.clips.speakers();
  let usable = 0;
  let unknownSpeaker = 0;
  const distinct = new Set<string>();
  for (const clipId of labelled) {
    if (!withFeatures.has(clipId)) continue;
    usable++;
    const s = speakers.get(clipId);
    if (s) distinct.add(s); else { unknownSpeaker++; distinct.add(`clip:${clipId}`); }
  }
  const repo = new ModelsRepo(ctx.project.db);
  const backbones: BackboneChoice[] = repo.list('pretrained').reverse().map((m) => ({
    modelId: m.id, name: m.name, source: 'project', featureSpec: m.featureSpec, usable: m.featureSpec === FEATURE_SPEC_ID, createdAt: m.createdAt,
  }));
  let shippedError: string | null = null;
  try {
    const shipped = shippedBackbone(ctx);
    if (shipped && !repo.list('pretrained').some((m) => m.weightsSha256 === shipped.manifest.weights.sha256)) {
      backbones.push({
        modelId: null, name: SHIPPED_BACKBONE_NAME, source: 'shipped', featureSpec: shipped.manifest.featureSpec,
        usable: shipped.manifest.featureSpec === FEATURE_SPEC_ID, createdAt: shipped.manifest.createdAt,
      });
    }
  } catch (err) {
    shippedError = (err as Error).message;
  }
  const problems: TrainingProblem[] = [];
  if (withFeatures.size === 0) {
    problems.push({ code: 'no-features', message: 'No clip has acoustic features yet. Import audio (features are extracted automatically after an import) or import feature files, then come back.' });
  }
  if (usable < MIN_LABELLED) {
    problems.push({ code: 'too-few-labels', message: `Only ${usable} labelled clip${usable === 1 ? '' : 's'} with features; fine-tuning needs at least ${MIN_LABELLED} so that some can be held out for testing. Label more clips (or wait for their features).` });
  } else if (distinct.size < 2) {
    problems.push({ code: 'one-speaker', message: 'All labelled clips come from one speaker, so no speaker can be held out: a speaker-independent test is impossible. Label clips of at least two speakers (set speakers in the clip list).' });
  }
  if (backbones.length === 0) {
    problems.push({ code: 'no-backbone', message: shippedError ? `The shipped backbone cannot be read: ${shippedError}` : 'No pretrained backbone: the shipped one is missing from this installation. Pretrain one on your project\'s audio (Advanced) or reinstall the workstation.' });
  } else if (!backbones.some((b) => b.usable)) {
    problems.push({ code: 'backbone-feature-spec', message: `Every pretrained backbone was built for another feature spec ("${backbones[0].featureSpec}"); this workstation extracts "${FEATURE_SPEC_ID}". Pretrain a new backbone on your project's audio (Advanced).` });
  }
  return {
    featureSpec: FEATURE_SPEC_ID, clips: ctx.project.clips.ids().length, withFeatures: withFeatures.size, labelled: labelled.size,
    usable, speakers: distinct.size, unknownSpeaker, backbones, minLabelled: MIN_LABELLED, problems,
  };
}

export function installBackbone(ctx: ServiceContext): { modelId: number; installed: boolean } {
  const shipped = shippedBackbone(ctx);
  if (!shipped) throw new AppError('no-backbone', 'This installation has no shipped backbone (resources/backbone is missing). Pretrain one on your project\'s audio, or reinstall the workstation.');
  if (shipped.manifest.featureSpec !== FEATURE_SPEC_ID) {
    throw new AppError('model-feature-spec', `${shipped.path}: the shipped backbone was built for feature spec "${shipped.manifest.featureSpec}", this workstation extracts "${FEATURE_SPEC_ID}". Pretrain a backbone on your project's audio.`);
  }
  const repo = new ModelsRepo(ctx.project.db);
  const existing = repo.list('pretrained').find((m) => m.weightsSha256 === shipped.manifest.weights.sha256);
  if (existing) return { modelId: existing.id, installed: false };
  const { weights: _w, ...manifest } = shipped.manifest;
  const stored = storeModel({ project: ctx.project, name: SHIPPED_BACKBONE_NAME }, manifest, shipped.tensors);
  ctx.project.audit.append({ actor: 'workstation', action: 'install', entity: 'model', entityId: stored.modelId, after: { name: SHIPPED_BACKBONE_NAME, sha256: stored.sha256, from: 'resources/backbone' } });
  return { modelId: stored.modelId!, installed: true };
}

function evaluated(repo: ModelsRepo, modelId: number): { report: EvaluationReport; runId: number | null; split: unknown; clips: number } | null {
  const rows = repo.evaluations(modelId);
  const last = rows.at(-1);
  return last ? { report: last.metrics as EvaluationReport, runId: last.runId, split: last.split, clips: last.clips } : null;
}

export function finetunedModels(ctx: ServiceContext): FinetunedModelChoice[] {
  const repo = new ModelsRepo(ctx.project.db);
  return repo.list('finetuned').reverse().map((m) => ({ modelId: m.id, name: m.name, createdAt: m.createdAt, evaluated: repo.evaluations(m.id).length > 0 }));
}

export function runResults(ctx: ServiceContext, modelId?: number): RunResults | null {
  const repo = new ModelsRepo(ctx.project.db);
  const id = modelId ?? finetunedModels(ctx).find((m) => m.evaluated)?.modelId;
  if (id === undefined) return null;
  const meta = repo.getMeta(id);
  if (!meta || meta.kind !== 'finetuned') throw new AppError('model-not-found', `model ${id} is not a fine-tuned model of this project`);
  const ev = evaluated(repo, id);
  if (!ev) return null;
  // The baseline trained in the same run was evaluated on the same held-out clips (same run id).
  const baselineRow = ev.runId === null ? undefined : ctx.project.db
    .prepare(`SELECT e.model_id AS modelId FROM evaluation_results e JOIN model_versions m ON m.id = e.model_id
      WHERE e.run_id = ? AND m.kind = 'baseline' ORDER BY e.id DESC LIMIT 1`).get(ev.runId) as { modelId: number } | undefined;
  const baseline = baselineRow ? evaluated(repo, baselineRow.modelId) : null;
  const manifest = JSON.parse(repo.get(id)!.manifestJson) as ModelManifest;
  const split = (ev.split ?? {}) as { trainSpeakers?: string[]; testSpeakers?: string[]; testClips?: number };
  return {
    modelId: id, modelName: meta.name, createdAt: meta.createdAt,
    backboneName: meta.parentId !== null ? repo.getMeta(meta.parentId)?.name ?? null : null,
    reduction: manifest.architecture.emotionHead?.reduction ?? null,
    labelledClips: manifest.training.clips, testClips: ev.clips,
    trainSpeakers: split.trainSpeakers ?? [], testSpeakers: split.testSpeakers ?? [],
    finetuned: ev.report, baseline: baseline?.report ?? null,
  };
}

export const trainingUiHandlers: HandlerTable = {
  'training.overview': (ctx) => trainingOverview(ctx),
  'training.installBackbone': (ctx) => installBackbone(ctx),
  'training.finetunedModels': (ctx) => finetunedModels(ctx),
  'training.results': (ctx, req) => runResults(ctx, req.modelId),
};
