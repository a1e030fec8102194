-- 0003_models: trained models, training runs, evaluation results, and the fine-tuning caches.
-- Applied once, in a transaction, by src-main/db/migrate.ts. Never edit after release: add 0004_… instead.
-- A model here is the same manifest + weights pair as a model folder on disk (src-main/ml/model-file.ts),
-- so a project carries its models and `models export` writes a folder another laptop can load.

-- A run of pretraining, fine-tuning, the from-scratch baseline or an evaluation. job_id links the run to
-- the job runner's row (progress, cancel, terminal state); the run keeps what the job table does not:
-- parameters, seed, backend, data hash, per-epoch history, checkpoint, the model it produced.
CREATE TABLE training_runs (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('pretrain', 'finetune', 'baseline', 'evaluate')),
  job_id          INTEGER REFERENCES jobs (id) ON DELETE SET NULL,
  state           TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed', 'cancelled')),
  params_json     TEXT NOT NULL,
  seed            INTEGER NOT NULL,
  backend         TEXT NOT NULL DEFAULT '',
  data_sha256     TEXT NOT NULL DEFAULT '',
  clips           INTEGER NOT NULL DEFAULT 0,
  epochs_done     INTEGER NOT NULL DEFAULT 0,
  history_json    TEXT NOT NULL DEFAULT '[]',   -- [{ epoch, loss, … }]
  checkpoint_path TEXT,                         -- per-epoch checkpoint file while the run is resumable
  model_id        INTEGER REFERENCES model_versions (id) ON DELETE SET NULL,
  message         TEXT NOT NULL DEFAULT '',
  started_at      TEXT NOT NULL,
  finished_at     TEXT
) STRICT;
CREATE INDEX training_runs_job ON training_runs (job_id);

-- Model versions: manifest (JSON, see docs/training.md) + float32 weights, verified by sha256 on load.
CREATE TABLE model_versions (
  id             INTEGER PRIMARY KEY,
  name           TEXT NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('pretrained', 'finetuned', 'baseline')),
  feature_spec   TEXT NOT NULL,
  weights_sha256 TEXT NOT NULL CHECK (length(weights_sha256) = 64),
  manifest_json  TEXT NOT NULL,
  weights        BLOB NOT NULL,
  parent_id      INTEGER REFERENCES model_versions (id) ON DELETE SET NULL,  -- backbone of a fine-tuned model
  created_at     TEXT NOT NULL
) STRICT;
CREATE INDEX model_versions_kind ON model_versions (kind, id);

-- Evaluation of a model on a speaker-independent held-out set: the model's metrics beside the all-zero
-- and training-mean predictors, with bootstrap CIs (src-main/ml/metrics.ts EvaluationReport).
CREATE TABLE evaluation_results (
  id           INTEGER PRIMARY KEY,
  model_id     INTEGER NOT NULL REFERENCES model_versions (id) ON DELETE CASCADE,
  run_id       INTEGER REFERENCES training_runs (id) ON DELETE SET NULL,
  split_json   TEXT NOT NULL,   -- { trainSpeakers, testSpeakers, seed }
  clips        INTEGER NOT NULL,
  metrics_json TEXT NOT NULL,
  created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX evaluation_results_model ON evaluation_results (model_id, id);

-- The frozen backbone's reduced output per clip (mean and last frame, float32), keyed by backbone weights
-- hash + feature matrix hash + crop rule (src-main/ml/embedding.ts): fine-tuning reuses it instead of
-- running the GRU again. A cache: deleting rows only costs time.
CREATE TABLE clip_embeddings (
  cache_key  TEXT PRIMARY KEY,
  dim        INTEGER NOT NULL CHECK (dim > 0),
  data       BLOB NOT NULL CHECK (length(data) = 8 * dim),   -- mean then last, float32 LE
  created_at TEXT NOT NULL
) STRICT;

-- A model's predicted intensities per clip (pre-annotation, "label next" ordering).
CREATE TABLE clip_predictions (
  model_id   INTEGER NOT NULL REFERENCES model_versions (id) ON DELETE CASCADE,
  clip_id    INTEGER NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
  happy      REAL NOT NULL,
  sad        REAL NOT NULL,
  anger      REAL NOT NULL,
  surprise   REAL NOT NULL,
  disgust    REAL NOT NULL,
  fear       REAL NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (model_id, clip_id)
) STRICT;
