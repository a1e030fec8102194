// Models, training runs, evaluation results, embedding cache and predictions (migrations/0003_models.sql).
// Model weights are float32 blobs verified against the manifest's sha256 by src-main/ml/model-file.ts
// whenever a model is loaded from here, exactly as from a folder on disk.
import { EMOTIONS } from '../contract/emotions';
import type { Db } from './connection';

export type ModelKindRow = 'pretrained' | 'finetuned' | 'baseline';
export type RunKind = 'pretrain' | 'finetune' | 'baseline' | 'evaluate';
export type RunState = 'running' | 'done' | 'failed' | 'cancelled';

export interface ModelVersionMeta {
  id: number;
  name: string;
  kind: ModelKindRow;
  featureSpec: string;
  weightsSha256: string;
  parentId: number | null;
  createdAt: string;
}
export interface ModelVersion extends ModelVersionMeta { manifestJson: string; weights: Uint8Array }

export interface TrainingRun {
  id: number;
  kind: RunKind;
  jobId: number | null;
  state: RunState;
  params: unknown;
  seed: number;
  backend: string;
  dataSha256: string;
  clips: number;
  epochsDone: number;
  history: unknown[];
  checkpointPath: string | null;
  modelId: number | null;
  message: string;
  startedAt: string;
  finishedAt: string | null;
}

export interface EvaluationRow { id: number; modelId: number; runId: number | null; split: unknown; clips: number; metrics: unknown; createdAt: string }

const MODEL_META = `id, name, kind, feature_spec AS featureSpec, weights_sha256 AS weightsSha256, parent_id AS parentId, created_at AS createdAt`;
const RUN_COLS = `id, kind, job_id AS jobId, state, params_json AS paramsJson, seed, backend, data_sha256 AS dataSha256, clips,
  epochs_done AS epochsDone, history_json AS historyJson, checkpoint_path AS checkpointPath, model_id AS modelId, message,
  started_at AS startedAt, finished_at AS finishedAt`;
type RunRow = Omit<TrainingRun, 'params' | 'history'> & { paramsJson: string; historyJson: string };
const toRun = (r: RunRow): TrainingRun => {
  const { paramsJson, historyJson, ...rest } = r;
  return { ...rest, params: JSON.parse(paramsJson), history: JSON.parse(historyJson) as unknown[] };
};

const now = (): string => new Date().toISOString();

export class ModelsRepo {
  constructor(private readonly db: Db) {}

  // ---- model versions ----
  insertModel(m: { name: string; kind: ModelKindRow; featureSpec: string; weightsSha256: string; manifestJson: string; weights: Uint8Array; parentId?: number | null }): ModelVersionMeta {
    const info = this.db.prepare(`INSERT INTO model_versions (name, kind, feature_spec, weights_sha256, manifest_json, weights, parent_id, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(m.name, m.kind, m.featureSpec, m.weightsSha256, m.manifestJson, Buffer.from(m.weights.buffer, m.weights.byteOffset, m.weights.byteLength), m.parentId ?? null, now());
    return this.getMeta(Number(info.lastInsertRowid))!;
  }
  getMeta(id: number): ModelVersionMeta | undefined {
    return this.db.prepare(`SELECT ${MODEL_META} FROM model_versions WHERE id = ?`).get(id) as ModelVersionMeta | undefined;
  }
  get(id: number): ModelVersion | undefined {
    const r = this.db.prepare(`SELECT ${MODEL_META}, manifest_json AS manifestJson, weights FROM model_versions WHERE id = ?`).get(id) as (ModelVersionMeta & { manifestJson: string; weights: Buffer }) | undefined;
    return r ? { ...r, weights: new Uint8Array(r.weights) } : undefined;
  }
  list(kind?: ModelKindRow): ModelVersionMeta[] {
    return kind
      ? this.db.prepare(`SELECT ${MODEL_META} FROM model_versions WHERE kind = ? ORDER BY id`).all(kind) as ModelVersionMeta[]
      : this.db.prepare(`SELECT ${MODEL_META} FROM model_versions ORDER BY id`).all() as ModelVersionMeta[];
  }
  latest(kind: ModelKindRow): ModelVersionMeta | undefined {
    return this.db.prepare(`SELECT ${MODEL_META} FROM model_versions WHERE kind = ? ORDER BY id DESC LIMIT 1`).get(kind) as ModelVersionMeta | undefined;
  }
  /** Replaces the manifest (e.g. to add evaluation metrics); the weights and their hash never change. */
  updateManifest(id: number, manifestJson: string): void {
    this.db.prepare('UPDATE model_versions SET manifest_json = ? WHERE id = ?').run(manifestJson, id);
  }

  // ---- training runs ----
  createRun(r: { kind: RunKind; jobId?: number | null; params: unknown; seed: number; checkpointPath?: string | null }): TrainingRun {
    const info = this.db.prepare(`INSERT INTO training_runs (kind, job_id, state, params_json, seed, checkpoint_path, started_at)
      VALUES (?, ?, 'running', ?, ?, ?, ?)`).run(r.kind, r.jobId ?? null, JSON.stringify(r.params ?? {}), r.seed, r.checkpointPath ?? null, now());
    return this.getRun(Number(info.lastInsertRowid))!;
  }
  getRun(id: number): TrainingRun | undefined {
    const r = this.db.prepare(`SELECT ${RUN_COLS} FROM training_runs WHERE id = ?`).get(id) as RunRow | undefined;
    return r ? toRun(r) : undefined;
  }
  runForJob(jobId: number): TrainingRun | undefined {
    const r = this.db.prepare(`SELECT ${RUN_COLS} FROM training_runs WHERE job_id = ? ORDER BY id DESC LIMIT 1`).get(jobId) as RunRow | undefined;
    return r ? toRun(r) : undefined;
  }
  listRuns(limit = 200): TrainingRun[] {
    return (this.db.prepare(`SELECT ${RUN_COLS} FROM training_runs ORDER BY id DESC LIMIT ?`).all(limit) as RunRow[]).map(toRun);
  }
  recordEpoch(id: number, p: { epochsDone: number; history: unknown[]; backend: string; dataSha256: string; clips: number }): void {
    this.db.prepare(`UPDATE training_runs SET epochs_done = ?, history_json = ?, backend = ?, data_sha256 = ?, clips = ?, state = 'running' WHERE id = ?`)
      .run(p.epochsDone, JSON.stringify(p.history), p.backend, p.dataSha256, p.clips, id);
  }
  finishRun(id: number, state: Exclude<RunState, 'running'>, p: { message?: string; modelId?: number | null; history?: unknown[]; backend?: string; dataSha256?: string; clips?: number; epochsDone?: number } = {}): void {
    const cur = this.getRun(id);
    if (!cur) return;
    this.db.prepare(`UPDATE training_runs SET state = ?, message = ?, model_id = ?, history_json = ?, backend = ?, data_sha256 = ?, clips = ?,
      epochs_done = ?, finished_at = ? WHERE id = ?`).run(
      state, p.message ?? cur.message, p.modelId ?? cur.modelId, JSON.stringify(p.history ?? cur.history), p.backend ?? cur.backend,
      p.dataSha256 ?? cur.dataSha256, p.clips ?? cur.clips, p.epochsDone ?? cur.epochsDone, now(), id);
  }

  // ---- evaluations ----
  insertEvaluation(e: { modelId: number; runId?: number | null; split: unknown; clips: number; metrics: unknown }): EvaluationRow {
    const info = this.db.prepare(`INSERT INTO evaluation_results (model_id, run_id, split_json, clips, metrics_json, created_at) VALUES (?, ?, ?, ?, ?, ?)`)
      .run(e.modelId, e.runId ?? null, JSON.stringify(e.split), e.clips, JSON.stringify(e.metrics), now());
    return this.evaluations(e.modelId).find((r) => r.id === Number(info.lastInsertRowid))!;
  }
  evaluations(modelId: number): EvaluationRow[] {
    const rows = this.db.prepare(`SELECT id, model_id AS modelId, run_id AS runId, split_json AS splitJson, clips, metrics_json AS metricsJson, created_at AS createdAt
      FROM evaluation_results WHERE model_id = ? ORDER BY id`).all(modelId) as (Omit<EvaluationRow, 'split' | 'metrics'> & { splitJson: string; metricsJson: string })[];
    return rows.map(({ splitJson, metricsJson, ...r }) => ({ ...r, split: JSON.parse(splitJson), metrics: JSON.parse(metricsJson) }));
  }

  // ---- embedding cache ----
  getEmbedding(key: string): { mean: Float32Array; last: Float32Array } | undefined {
    const r = this.db.prepare('SELECT dim, data FROM clip_embeddings WHERE cache_key = ?').get(key) as { dim: number; data: Buffer } | undefined;
    if (!r) return undefined;
    const all = new Float32Array(r.dim * 2);
    new Uint8Array(all.buffer).set(r.data);
    return { mean: all.slice(0, r.dim), last: all.slice(r.dim) };
  }
  putEmbedding(key: string, e: { mean: Float32Array; last: Float32Array }): void {
    const all = new Float32Array(e.mean.length * 2);
    all.set(e.mean, 0);
    all.set(e.last, e.mean.length);
    this.db.prepare('INSERT OR REPLACE INTO clip_embeddings (cache_key, dim, data, created_at) VALUES (?, ?, ?, ?)')
      .run(key, e.mean.length, Buffer.from(all.buffer), now());
  }

  // ---- predictions ----
  putPredictions(modelId: number, rows: { clipId: number; values: ArrayLike<number> }[]): void {
    const stmt = this.db.prepare(`INSERT OR REPLACE INTO clip_predictions (model_id, clip_id, ${EMOTIONS.join(', ')}, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const at = now();
    this.db.transaction(() => { for (const r of rows) stmt.run(modelId, r.clipId, ...Array.from(r.values).slice(0, 6), at); })();
  }
  predictions(modelId: number): { clipId: number; values: number[] }[] {
    const rows = this.db.prepare(`SELECT clip_id AS clipId, ${EMOTIONS.join(', ')} FROM clip_predictions WHERE model_id = ? ORDER BY clip_id`).all(modelId) as Record<string, number>[];
    return rows.map((r) => ({ clipId: r.clipId, values: EMOTIONS.map((e) => r[e]) }));
  }
}
