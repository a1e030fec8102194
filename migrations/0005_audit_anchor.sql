-- 0005_audit_anchor: the head of the audit hash chain, kept beside the log (docs/adr/0010).
-- The chain alone shows an edited or removed row in the middle, but not rows removed at the END: the
-- shorter chain is still a valid chain. audit_head holds the sequence number (id) and hash of the newest
-- row and moves in the same statement as every insert (trigger below), so `audit verify` can say "the
-- last N entries are missing". This detects accidental or naive truncation (a script or a tool deleting
-- rows); someone who can write the file can also rewrite this row — see docs/security.md.
CREATE TABLE audit_head (
  id   INTEGER PRIMARY KEY CHECK (id = 1),   -- exactly one row
  seq  INTEGER NOT NULL CHECK (seq >= 0),    -- id of the newest audit row (0: none yet)
  hash TEXT NOT NULL                         -- its hash ('' when seq = 0)
) STRICT;

-- Projects made before this migration: anchor the chain as it is now.
INSERT INTO audit_head (id, seq, hash)
SELECT 1, COALESCE(MAX(id), 0), COALESCE((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), '') FROM audit_log;

-- A new row must extend the head: next sequence number, linked to the head's hash. This also stops a
-- writer from re-using the ids of removed rows, which would hide the removal.
CREATE TRIGGER audit_extends_head BEFORE INSERT ON audit_log
WHEN NEW.id IS NOT (SELECT seq + 1 FROM audit_head WHERE id = 1) OR NEW.prev_hash IS NOT (SELECT hash FROM audit_head WHERE id = 1)
BEGIN SELECT RAISE(ABORT, 'audit_log rows must extend the chain head (audit_head)'); END;

CREATE TRIGGER audit_moves_head AFTER INSERT ON audit_log
BEGIN UPDATE audit_head SET seq = NEW.id, hash = NEW.hash WHERE id = 1; END;

-- The head only moves forward, and is never removed.
CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head
WHEN NEW.seq <= OLD.seq OR NEW.id IS NOT OLD.id
BEGIN SELECT RAISE(ABORT, 'audit_head only moves forward'); END;
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN SELECT RAISE(ABORT, 'audit_head cannot be removed'); END;
