// Read-only queries for the agreement statistics (services/agreement): every rater's current label of
// every clip, in one pass. Owned by the agreement area; never writes. Tables of the labelling workbench
// (gold clips, hidden repeats, "not rateable") are read only when the project's schema has them.
import { EMOTIONS, type EmotionValues } from '../contract/emotions';
import type { Db } from './connection';

export interface CurrentRating {
  clipId: number;
  annotatorId: number;
  /** null when the rater marked the clip "not rateable". */
  values: EmotionValues | null;
}

export interface RaterRow { id: number; name: string }

interface Row { clipId: number; annotatorId: number; happy: number; sad: number; anger: number; surprise: number; disgust: number; fear: number }

export class AgreementRepo {
  constructor(private readonly db: Db) {}

  /** Annotators with at least one current label, by name. */
  ratersWithLabels(): RaterRow[] {
    return this.db.prepare(`SELECT a.id, a.name FROM annotators a
      WHERE EXISTS (SELECT 1 FROM labels l WHERE l.annotator_id = a.id)
      ORDER BY a.name COLLATE NOCASE, a.id`).all() as RaterRow[];
  }

  raters(ids: readonly number[]): RaterRow[] {
    if (ids.length === 0) return [];
    return this.db.prepare(`SELECT id, name FROM annotators WHERE id IN (${ids.map(() => '?').join(', ')})
      ORDER BY name COLLATE NOCASE, id`).all(...ids) as RaterRow[];
  }

  /** The newest version of each (clip, annotator) label, ordered by clip then annotator. */
  currentRatings(): CurrentRating[] {
    // Same rows as the current_labels view, written as a join on the per-pair maximum version so the
    // query is one index pass instead of a correlated subquery per row (10,000-clip projects).
    const rows = this.db.prepare(`SELECT l.clip_id AS clipId, l.annotator_id AS annotatorId, ${EMOTIONS.map((e) => `l.${e}`).join(', ')}
      FROM labels l
      JOIN (SELECT clip_id, annotator_id, MAX(version) AS v FROM labels GROUP BY clip_id, annotator_id) m
        ON m.clip_id = l.clip_id AND m.annotator_id = l.annotator_id AND m.v = l.version
      ORDER BY l.clip_id, l.annotator_id`).all() as Row[];
    return rows.map((r) => ({
      clipId: r.clipId,
      annotatorId: r.annotatorId,
      values: Object.fromEntries(EMOTIONS.map((e) => [e, r[e]])) as EmotionValues,
    }));
  }

  /** A cheap fingerprint of the label table: changes whenever a label version is appended. */
  labelsFingerprint(): string {
    const r = this.db.prepare('SELECT COUNT(*) AS n, COALESCE(MAX(id), 0) AS maxId FROM labels').get() as { n: number; maxId: number };
    return `${r.n}:${r.maxId}`;
  }
}
