-- 0004_workbench: the labelling workbench (issue 7) — several raters, blind rating, gold clips, hidden
-- repeats, flags, adjudication, recorded training-set definitions.
-- Readers (e.g. src-main/services/agreement) should use the views at the end:
--   current_ratings   newest version per (clip, annotator), rateable only: the values raters gave.
--   current_adjudications  newest adjudication per clip.

-- A label version may say "not rateable" (with a reason) instead of giving values; its six value columns
-- are then 0 and meaningless (labels' columns are NOT NULL): use current_ratings, which leaves them out.
-- A free-text comment may accompany any version.
ALTER TABLE labels ADD COLUMN not_rateable TEXT CHECK (not_rateable IN ('noise', 'no-speech', 'wrong-language', 'other'));
ALTER TABLE labels ADD COLUMN comment TEXT CHECK (comment IS NULL OR length(comment) <= 2000);

-- Roles: a 'rater' labels; an 'adjudicator' also sees every rating (even in blind mode) and settles
-- disagreements.
ALTER TABLE annotators ADD COLUMN role TEXT NOT NULL DEFAULT 'rater' CHECK (role IN ('rater', 'adjudicator'));

-- Assignments: when an annotator has at least one row here, their queue is limited to these clips.
CREATE TABLE rater_assignments (
  annotator_id INTEGER NOT NULL REFERENCES annotators (id),
  clip_id      INTEGER NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
  assigned_at  TEXT NOT NULL,
  PRIMARY KEY (annotator_id, clip_id)
) STRICT, WITHOUT ROWID;

-- Gold clips: clips with known labels (e.g. from an expert panel) used to measure rater accuracy.
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

-- Hidden repeats: a clip the annotator already labelled, shown again unannounced to measure intra-rater
-- consistency. The second rating is stored here (not as a label version), so it never changes the
-- annotator's label; rated_at is NULL until the repeat has been rated.
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

-- Flags: "look at this clip again" (bad audio, unsure, possible mislabel). Resolved, never deleted.
CREATE TABLE flags (
  id           INTEGER PRIMARY KEY,
  clip_id      INTEGER NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
  annotator_id INTEGER REFERENCES annotators (id),
  reason       TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  created_at   TEXT NOT NULL,
  resolved_at  TEXT,
  resolved_by  INTEGER REFERENCES annotators (id)
) STRICT;
CREATE INDEX flags_open ON flags (clip_id) WHERE resolved_at IS NULL;

-- Adjudications: an adjudicator's final value for a clip where raters disagree. Append-only versions;
-- the newest per clip is the clip's consensus (instead of the mean of raters).
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
CREATE TRIGGER adjudications_no_update BEFORE UPDATE ON adjudications
BEGIN SELECT RAISE(ABORT, 'adjudications are append-only: save a new version instead'); END;

-- Training-set definitions: which labels count, recorded explicitly. definition_json holds the rules
-- (consensus = adjudicated value where one exists, else mean of raters; minimum raters; agreement and
-- flag filters; …); training_set_items freezes the resulting consensus per clip at creation, so a model
-- can name exactly the labels it was trained on even after further labelling.
CREATE TABLE training_sets (
  id              INTEGER PRIMARY KEY,
  name            TEXT NOT NULL,
  definition_json TEXT NOT NULL,
  created_by      TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  clip_count      INTEGER NOT NULL
) STRICT;
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
CREATE TRIGGER training_set_items_no_update BEFORE UPDATE ON training_set_items
BEGIN SELECT RAISE(ABORT, 'training sets are frozen: create a new one'); END;

-- Current rateable judgements: what agreement statistics and consensus use.
CREATE VIEW current_ratings AS
SELECT l.id, l.clip_id, l.annotator_id, l.version, l.happy, l.sad, l.anger, l.surprise, l.disgust, l.fear, l.created_at
FROM current_labels l
WHERE l.not_rateable IS NULL;

CREATE VIEW current_adjudications AS
SELECT a.* FROM adjudications a
WHERE a.version = (SELECT MAX(v.version) FROM adjudications v WHERE v.clip_id = a.clip_id);
