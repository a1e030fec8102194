-- index audit_entity
CREATE INDEX audit_entity ON audit_log (entity, entity_id);

-- index clips_speaker
CREATE INDEX clips_speaker ON clips (speaker_id, id);

-- index jobs_state
CREATE INDEX jobs_state ON jobs (state);

-- index labels_annotator
CREATE INDEX labels_annotator ON labels (annotator_id, clip_id);

-- table annotators
CREATE TABLE annotators (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  created_at TEXT NOT NULL
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
  created_at   TEXT NOT NULL,
  UNIQUE (clip_id, annotator_id, version)
) STRICT;

-- table schema_migrations
CREATE TABLE schema_migrations (
      name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL, app_version TEXT NOT NULL) STRICT;

-- table settings
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- trigger audit_no_delete
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- trigger audit_no_update
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- trigger labels_no_update
CREATE TRIGGER labels_no_update BEFORE UPDATE ON labels
BEGIN SELECT RAISE(ABORT, 'labels are append-only: save a new version instead'); END;

-- view current_labels
CREATE VIEW current_labels AS
SELECT l.* FROM labels l
WHERE l.version = (SELECT MAX(v.version) FROM labels v WHERE v.clip_id = l.clip_id AND v.annotator_id = l.annotator_id);
