-- index audit_entity
CREATE INDEX audit_entity ON audit_log (entity, entity_id);

-- index clips_speaker
CREATE INDEX clips_speaker ON clips (speaker_id, id);

-- index evaluation_results_model
CREATE INDEX evaluation_results_model ON evaluation_results (model_id, id);

-- index features_spec
CREATE INDEX features_spec ON features (feature_spec, clip_id);

-- index flags_open
CREATE INDEX flags_open ON flags (clip_id) WHERE resolved_at IS NULL;

-- index jobs_state
CREATE INDEX jobs_state ON jobs (state);

-- index labels_annotator
CREATE INDEX labels_annotator ON labels (annotator_id, clip_id);

-- index model_versions_kind
CREATE INDEX model_versions_kind ON model_versions (kind, id);

-- index training_runs_job
CREATE INDEX training_runs_job ON training_runs (job_id);

-- table adjudications
CREATE TABLE adjudications (
  id             INTEGER PRIMARY KEY,
  clip_id        INTEGER NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
  adjudicator_id INTEGER NOT NULL REFERENCES annotators (id),
  version        INTEGER NOT NULL CHECK (version >= 1),
  happy          INTEGER NOT NULL CHECK (happy BETWEEN 0 AND 3),
  sad            INTEGER NOT NULL CHECK (sad BETWEEN 0 AND 3),
  anger          INTEGER NOT NULL CHECK (anger BETWEEN 0 AND 3),
  surprise       INTEGER NOT NULL CHECK (surprise BETWEEN 0 AND 3),
  disgust        INTEGER NOT NULL CHECK (disgust BETWEEN 0 AND 3),
  fear           INTEGER NOT NULL CHECK (fear BETWEEN 0 AND 3),
  note           TEXT,
  created_at     TEXT NOT NULL,
  UNIQUE (clip_id, version)
) STRICT;

-- table annotators
CREATE TABLE annotators (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  created_at TEXT NOT NULL
, role TEXT NOT NULL DEFAULT 'rater' CHECK (role IN ('rater', 'adjudicator'))) STRICT;

-- table audit_head
CREATE TABLE audit_head (
  id   INTEGER PRIMARY KEY CHECK (id = 1),   -- exactly one row
  seq  INTEGER NOT NULL CHECK (seq >= 0),    -- id of the newest audit row (0: none yet)
  hash TEXT NOT NULL                         -- its hash ('' when seq = 0)
) STRICT;

-- table audit_log
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,          -- annotator name, 'system', or 'cli'
  action      TEXT NOT NULL,          -- create | update | delete | import | …
  entity      TEXT NOT NULL,          -- label | annotator | clip | import | …
  entity_id   TEXT,
  before_json TEXT,
  after_json  TEXT,
  prev_hash   TEXT NOT NULL,          -- hash of the previous row ('' for the first row)
  hash        TEXT NOT NULL UNIQUE
) STRICT;

-- table clip_audio
CREATE TABLE clip_audio (
  clip_id INTEGER PRIMARY KEY REFERENCES clips (id) ON DELETE CASCADE,
  pcm16   BLOB NOT NULL
) STRICT;

-- table clip_embeddings
CREATE TABLE clip_embeddings (
  cache_key  TEXT PRIMARY KEY,
  dim        INTEGER NOT NULL CHECK (dim > 0),
  data       BLOB NOT NULL CHECK (length(data) = 8 * dim),   -- mean then last, float32 LE
  created_at TEXT NOT NULL
) STRICT;

-- table clip_predictions
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

-- table clips
CREATE TABLE clips (
  id                   INTEGER PRIMARY KEY,
  content_hash         TEXT NOT NULL UNIQUE CHECK (length(content_hash) = 64),
  original_path        TEXT NOT NULL,
  file_name            TEXT NOT NULL,
  duration_s           REAL NOT NULL CHECK (duration_s > 0),
  sample_rate          INTEGER NOT NULL,            -- of the decoded audio the app uses: 16000
  original_sample_rate INTEGER NOT NULL,            -- of the file as recorded
  channels             INTEGER NOT NULL,            -- of the file as recorded (mixed to mono on decode)
  speaker_id           TEXT NOT NULL,
  imported_at          TEXT NOT NULL,
  import_job_id        INTEGER                      -- jobs.id of the import that created the clip
) STRICT;

-- table evaluation_results
CREATE TABLE evaluation_results (
  id           INTEGER PRIMARY KEY,
  model_id     INTEGER NOT NULL REFERENCES model_versions (id) ON DELETE CASCADE,
  run_id       INTEGER REFERENCES training_runs (id) ON DELETE SET NULL,
  split_json   TEXT NOT NULL,   -- { trainSpeakers, testSpeakers, seed }
  clips        INTEGER NOT NULL,
  metrics_json TEXT NOT NULL,
  created_at   TEXT NOT NULL
) STRICT;

-- table feature_errors
CREATE TABLE feature_errors (
  clip_id           INTEGER NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
  feature_spec      TEXT NOT NULL,
  message           TEXT NOT NULL,
  extractor_version TEXT NOT NULL,
  job_id            INTEGER,                      -- jobs.id of the run that failed
  failed_at         TEXT NOT NULL,
  PRIMARY KEY (clip_id, feature_spec)
) STRICT;

-- table features
CREATE TABLE features (
  id                INTEGER PRIMARY KEY,
  clip_id           INTEGER NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
  feature_spec      TEXT NOT NULL,                -- FEATURE_SPEC_ID, e.g. covarep74-v1
  source            TEXT NOT NULL CHECK (source IN ('extracted', 'imported-csd', 'imported-csv')),
  frames            INTEGER NOT NULL CHECK (frames >= 0),
  columns           INTEGER NOT NULL CHECK (columns > 0),
  -- float32 little-endian, row-major [frames × columns], columns in FEATURE_COLUMNS order
  data              BLOB NOT NULL CHECK (length(data) = 4 * frames * columns),
  -- one character per column, '1' = the producer computed it, '0' = absent (its values are NaN: never zeros)
  present           TEXT NOT NULL CHECK (length(present) = columns AND present NOT GLOB '*[^01]*'),
  extractor_version TEXT NOT NULL,                -- extractor build for 'extracted'; file name for imports
  status            TEXT NOT NULL DEFAULT 'ok',   -- the extractor's per-clip status (ok, or a degraded-input note)
  message           TEXT NOT NULL DEFAULT '',
  elapsed_ms        REAL NOT NULL DEFAULT 0,      -- extraction wall time in its worker (0 for imports)
  created_at        TEXT NOT NULL,
  UNIQUE (clip_id, feature_spec, source)
) STRICT;

-- table flags
CREATE TABLE flags (
  id           INTEGER PRIMARY KEY,
  clip_id      INTEGER NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
  annotator_id INTEGER REFERENCES annotators (id),
  reason       TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  created_at   TEXT NOT NULL,
  resolved_at  TEXT,
  resolved_by  INTEGER REFERENCES annotators (id)
) STRICT;

-- table gold_clips
CREATE TABLE gold_clips (
  clip_id    INTEGER PRIMARY KEY REFERENCES clips (id) ON DELETE CASCADE,
  happy      INTEGER NOT NULL CHECK (happy BETWEEN 0 AND 3),
  sad        INTEGER NOT NULL CHECK (sad BETWEEN 0 AND 3),
  anger      INTEGER NOT NULL CHECK (anger BETWEEN 0 AND 3),
  surprise   INTEGER NOT NULL CHECK (surprise BETWEEN 0 AND 3),
  disgust    INTEGER NOT NULL CHECK (disgust BETWEEN 0 AND 3),
  fear       INTEGER NOT NULL CHECK (fear BETWEEN 0 AND 3),
  note       TEXT,
  created_at TEXT NOT NULL
) STRICT;

-- table hidden_repeats
CREATE TABLE hidden_repeats (
  id           INTEGER PRIMARY KEY,
  clip_id      INTEGER NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
  annotator_id INTEGER NOT NULL REFERENCES annotators (id),
  created_at   TEXT NOT NULL,
  happy        INTEGER CHECK (happy BETWEEN 0 AND 3),
  sad          INTEGER CHECK (sad BETWEEN 0 AND 3),
  anger        INTEGER CHECK (anger BETWEEN 0 AND 3),
  surprise     INTEGER CHECK (surprise BETWEEN 0 AND 3),
  disgust      INTEGER CHECK (disgust BETWEEN 0 AND 3),
  fear         INTEGER CHECK (fear BETWEEN 0 AND 3),
  not_rateable TEXT CHECK (not_rateable IN ('noise', 'no-speech', 'wrong-language', 'other')),
  rated_at     TEXT,
  UNIQUE (clip_id, annotator_id)
) STRICT;

-- table jobs
CREATE TABLE jobs (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  done        INTEGER NOT NULL DEFAULT 0,
  total       INTEGER NOT NULL DEFAULT 0,
  message     TEXT NOT NULL DEFAULT '',
  errors_json TEXT NOT NULL DEFAULT '[]',   -- [{ file, reason }] per-file errors; the job went on
  params_json TEXT NOT NULL DEFAULT '{}',
  result_json TEXT,
  created_at  TEXT NOT NULL,
  started_at  TEXT,
  finished_at TEXT
) STRICT;

-- table labels
CREATE TABLE labels (
  id           INTEGER PRIMARY KEY,
  clip_id      INTEGER NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
  annotator_id INTEGER NOT NULL REFERENCES annotators (id),
  version      INTEGER NOT NULL CHECK (version >= 1),
  happy        INTEGER NOT NULL CHECK (happy BETWEEN 0 AND 3),
  sad          INTEGER NOT NULL CHECK (sad BETWEEN 0 AND 3),
  anger        INTEGER NOT NULL CHECK (anger BETWEEN 0 AND 3),
  surprise     INTEGER NOT NULL CHECK (surprise BETWEEN 0 AND 3),
  disgust      INTEGER NOT NULL CHECK (disgust BETWEEN 0 AND 3),
  fear         INTEGER NOT NULL CHECK (fear BETWEEN 0 AND 3),
  created_at   TEXT NOT NULL, not_rateable TEXT CHECK (not_rateable IN ('noise', 'no-speech', 'wrong-language', 'other')), comment TEXT CHECK (comment IS NULL OR length(comment) <= 2000),
  UNIQUE (clip_id, annotator_id, version)
) STRICT;

-- table model_versions
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

-- table rater_assignments
CREATE TABLE rater_assignments (
  annotator_id INTEGER NOT NULL REFERENCES annotators (id),
  clip_id      INTEGER NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
  assigned_at  TEXT NOT NULL,
  PRIMARY KEY (annotator_id, clip_id)
) STRICT, WITHOUT ROWID;

-- table schema_migrations
CREATE TABLE schema_migrations (
      name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL, app_version TEXT NOT NULL) STRICT;

-- table settings
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- table training_runs
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

-- table training_set_items
CREATE TABLE training_set_items (
  training_set_id INTEGER NOT NULL REFERENCES training_sets (id),
  clip_id         INTEGER NOT NULL REFERENCES clips (id),
  happy           REAL NOT NULL,
  sad             REAL NOT NULL,
  anger           REAL NOT NULL,
  surprise        REAL NOT NULL,
  disgust         REAL NOT NULL,
  fear            REAL NOT NULL,
  rater_count     INTEGER NOT NULL,
  source          TEXT NOT NULL CHECK (source IN ('mean', 'adjudicated', 'gold')),
  PRIMARY KEY (training_set_id, clip_id)
) STRICT, WITHOUT ROWID;

-- table training_sets
CREATE TABLE training_sets (
  id              INTEGER PRIMARY KEY,
  name            TEXT NOT NULL,
  definition_json TEXT NOT NULL,
  created_by      TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  clip_count      INTEGER NOT NULL
) STRICT;

-- trigger adjudications_no_update
CREATE TRIGGER adjudications_no_update BEFORE UPDATE ON adjudications
BEGIN SELECT RAISE(ABORT, 'adjudications are append-only: save a new version instead'); END;

-- trigger audit_extends_head
CREATE TRIGGER audit_extends_head BEFORE INSERT ON audit_log
WHEN NEW.id IS NOT (SELECT seq + 1 FROM audit_head WHERE id = 1) OR NEW.prev_hash IS NOT (SELECT hash FROM audit_head WHERE id = 1)
BEGIN SELECT RAISE(ABORT, 'audit_log rows must extend the chain head (audit_head)'); END;

-- trigger audit_head_forward
CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head
WHEN NEW.seq <= OLD.seq OR NEW.id IS NOT OLD.id
BEGIN SELECT RAISE(ABORT, 'audit_head only moves forward'); END;

-- trigger audit_head_no_delete
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN SELECT RAISE(ABORT, 'audit_head cannot be removed'); END;

-- trigger audit_moves_head
CREATE TRIGGER audit_moves_head AFTER INSERT ON audit_log
BEGIN UPDATE audit_head SET seq = NEW.id, hash = NEW.hash WHERE id = 1; END;

-- trigger audit_no_delete
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- trigger audit_no_update
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- trigger labels_no_update
CREATE TRIGGER labels_no_update BEFORE UPDATE ON labels
BEGIN SELECT RAISE(ABORT, 'labels are append-only: save a new version instead'); END;

-- trigger training_set_items_no_update
CREATE TRIGGER training_set_items_no_update BEFORE UPDATE ON training_set_items
BEGIN SELECT RAISE(ABORT, 'training sets are frozen: create a new one'); END;

-- view current_adjudications
CREATE VIEW current_adjudications AS
SELECT a.* FROM adjudications a
WHERE a.version = (SELECT MAX(v.version) FROM adjudications v WHERE v.clip_id = a.clip_id);

-- view current_labels
CREATE VIEW current_labels AS
SELECT l.* FROM labels l
WHERE l.version = (SELECT MAX(v.version) FROM labels v WHERE v.clip_id = l.clip_id AND v.annotator_id = l.annotator_id);

-- view current_ratings
CREATE VIEW current_ratings AS
SELECT l.id, l.clip_id, l.annotator_id, l.version, l.happy, l.sad, l.anger, l.surprise, l.disgust, l.fear, l.created_at
FROM current_labels l
WHERE l.not_rateable IS NULL;
