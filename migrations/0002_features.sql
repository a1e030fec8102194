-- 0002_features: per-clip acoustic feature matrices and per-clip extraction errors.
-- Applied once, in a transaction, by src-main/db/migrate.ts. Never edit after release: add 0003_… instead.
-- Layout of the matrix: see src-main/contract/feature-spec.ts and docs/features-storage.md.

-- One matrix per (clip, feature spec, source). The unique key makes extraction idempotent: a job that
-- is killed and resumed inserts with ON CONFLICT DO NOTHING and never duplicates a row. A clip can hold
-- both an extracted and an imported matrix of the same spec (e.g. to compare with a lab's COVAREP run).
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
CREATE INDEX features_spec ON features (feature_spec, clip_id);

-- A clip whose extraction failed: shown in the clip list and by `cli features`, skipped by later
-- extraction runs until the user retries (features.retry removes the row). The rest of a job goes on.
CREATE TABLE feature_errors (
  clip_id           INTEGER NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
  feature_spec      TEXT NOT NULL,
  message           TEXT NOT NULL,
  extractor_version TEXT NOT NULL,
  job_id            INTEGER,                      -- jobs.id of the run that failed
  failed_at         TEXT NOT NULL,
  PRIMARY KEY (clip_id, feature_spec)
) STRICT;
