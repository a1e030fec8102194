-- 0001_init: the foundation schema of a project file.
-- Applied once, in a transaction, by src-main/db/migrate.ts. Never edit this file after release: the
-- runner records its sha256 and refuses a project whose applied migration differs. Add 0002_… instead.
-- Timestamps are ISO-8601 UTC strings written by the application (e.g. 2026-11-23T16:00:00.000Z).

-- Key/value facts about the project (name, app version that created it, embed-audio opt-in, …).
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- Named rater profiles. Names are unique ignoring case ("Ana" and "ana" are the same person).
CREATE TABLE annotators (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  created_at TEXT NOT NULL
) STRICT;

-- One row per distinct recording. content_hash = sha256 (hex) of the original file's bytes: a re-import
-- of the same bytes (even from another path) is recognised and not duplicated. The audio itself is NOT
-- copied here by default (clinical audio is identifying): it is re-decoded from original_path, whose
-- bytes are verified against content_hash before use (see docs/data.md, docs/adr/0005).
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
CREATE INDEX clips_speaker ON clips (speaker_id, id);

-- Opt-in copy of the decoded 16 kHz mono audio as little-endian int16 PCM, for projects that must travel
-- without their source folders. Empty unless the user asked to embed audio at import.
CREATE TABLE clip_audio (
  clip_id INTEGER PRIMARY KEY REFERENCES clips (id) ON DELETE CASCADE,
  pcm16   BLOB NOT NULL
) STRICT;

-- Labels: six intensities 0–3 per (clip, annotator). An edit appends a new version (1, 2, 3, …); older
-- versions stay, so the history of every judgement is kept. Rows are never updated (trigger below).
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
CREATE INDEX labels_annotator ON labels (annotator_id, clip_id);
CREATE TRIGGER labels_no_update BEFORE UPDATE ON labels
BEGIN SELECT RAISE(ABORT, 'labels are append-only: save a new version instead'); END;

-- The current judgement of each annotator on each clip: the highest version.
CREATE VIEW current_labels AS
SELECT l.* FROM labels l
WHERE l.version = (SELECT MAX(v.version) FROM labels v WHERE v.clip_id = l.clip_id AND v.annotator_id = l.annotator_id);

-- Append-only audit log: who did what to which entity, when, with the state before and after (JSON).
-- Hash-chained: hash = sha256(prev_hash || canonical JSON of the row's fields), computed by
-- src-main/db/audit-repo.ts, so an edited, inserted or deleted row breaks the chain (audit.verify).
-- UPDATE and DELETE are refused by triggers; tampering therefore needs a raw file edit, which the chain
-- detects.
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
CREATE INDEX audit_entity ON audit_log (entity, entity_id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Background work (import, feature extraction, training) run by src-main/jobs/runner.ts.
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
CREATE INDEX jobs_state ON jobs (state);
