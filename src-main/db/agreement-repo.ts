// Read-only queries for the agreement statistics (services/agreement): every rater's current label of
// every clip in one pass, gold values, and rated hidden repeats. Owned by the agreement area; never
// writes. The workbench schema (migrations/0004_workbench.sql: labels.not_rateable, gold_clips,
// hidden_repeats) is read only when the file has it, so a project opened read-only before being
// upgraded still gives its agreement.
import { EMOTIONS, type EmotionValues } from '../contract/emotions';
import type { Db } from './connection';

export interface CurrentRating {
  clipId: number;
  annotatorId: number;
  /** null when the rater marked the clip "not rateable". */
  values: EmotionValues | null;
}

export interface RaterRow { id: number; name: string }

export interface RepeatRow {
  clipId: number;
  annotatorId: number;
  /** The annotator's label version that was current when the repeat was rated (their earlier, independent judgement). */
  first: EmotionValues;
  second: EmotionValues;
}

type ValueColumns = Record<(typeof EMOTIONS)[number], number>;
interface Row extends ValueColumns { clipId: number; annotatorId: number; notRateable: string | null }

const valuesOf = (r: ValueColumns, prefix = ''): EmotionValues =>
  Object.fromEntries(EMOTIONS.map((e) => [e, (r as unknown as Record<string, number>)[prefix + e]])) as EmotionValues;

export class AgreementRepo {
  constructor(private readonly db: Db) {}

  private hasTable(name: string): boolean {
    return this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
  }
  private hasColumn(table: string, column: string): boolean {
    return (this.db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).some((c) => c.name === column);
  }

  /** false for an SQLite file that is not a workstation project (no annotators/labels tables). */
  looksLikeProject(): boolean {
    return this.hasTable('labels') && this.hasTable('annotators');
  }

  raterByName(name: string): RaterRow | undefined {
    return this.db.prepare('SELECT id, name FROM annotators WHERE name = ? COLLATE NOCASE').get(name) as RaterRow | undefined;
  }
  allRaters(): RaterRow[] {
    return this.db.prepare('SELECT id, name FROM annotators ORDER BY name COLLATE NOCASE, id').all() as RaterRow[];
  }

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

  /** The newest version of each (clip, annotator) label, ordered by clip then annotator; "not rateable" → null. */
  currentRatings(): CurrentRating[] {
    // Same rows as the current_labels view, written as a join on the per-pair maximum version so the
    // query is one index pass instead of a correlated subquery per row (10,000-clip projects).
    const notRateable = this.hasColumn('labels', 'not_rateable') ? 'l.not_rateable' : 'NULL';
    const rows = this.db.prepare(`SELECT l.clip_id AS clipId, l.annotator_id AS annotatorId, ${notRateable} AS notRateable,
        ${EMOTIONS.map((e) => `l.${e}`).join(', ')}
      FROM labels l
      JOIN (SELECT clip_id, annotator_id, MAX(version) AS v FROM labels GROUP BY clip_id, annotator_id) m
        ON m.clip_id = l.clip_id AND m.annotator_id = l.annotator_id AND m.v = l.version
      ORDER BY l.clip_id, l.annotator_id`).all() as Row[];
    return rows.map((r) => ({ clipId: r.clipId, annotatorId: r.annotatorId, values: r.notRateable === null ? valuesOf(r) : null }));
  }

  /** Known labels of gold clips (empty when the project has none, or predates gold clips). */
  goldValues(): Map<number, EmotionValues> {
    if (!this.hasTable('gold_clips')) return new Map();
    const rows = this.db.prepare(`SELECT clip_id AS clipId, ${EMOTIONS.join(', ')} FROM gold_clips ORDER BY clip_id`).all() as Array<ValueColumns & { clipId: number }>;
    return new Map(rows.map((r) => [r.clipId, valuesOf(r)]));
  }

  /**
   * Rated hidden repeats paired with the label version the annotator had when the repeat was rated.
   * Repeats marked "not rateable", or whose earlier label is "not rateable" or missing, are left out.
   */
  ratedRepeats(): RepeatRow[] {
    if (!this.hasTable('hidden_repeats')) return [];
    const rows = this.db.prepare(`SELECT h.clip_id AS clipId, h.annotator_id AS annotatorId,
        ${EMOTIONS.map((e) => `h.${e} AS r_${e}, l.${e} AS l_${e}`).join(', ')}
      FROM hidden_repeats h
      JOIN labels l ON l.clip_id = h.clip_id AND l.annotator_id = h.annotator_id
        AND l.version = (SELECT MAX(v.version) FROM labels v
                         WHERE v.clip_id = h.clip_id AND v.annotator_id = h.annotator_id AND v.created_at <= h.rated_at)
      WHERE h.rated_at IS NOT NULL AND h.not_rateable IS NULL AND l.not_rateable IS NULL
        AND ${EMOTIONS.map((e) => `h.${e} IS NOT NULL`).join(' AND ')}
      ORDER BY h.annotator_id, h.clip_id`).all() as Array<Record<string, number>>;
    return rows.map((r) => ({
      clipId: r.clipId, annotatorId: r.annotatorId,
      first: valuesOf(r as unknown as ValueColumns, 'l_'),
      second: valuesOf(r as unknown as ValueColumns, 'r_'),
    }));
  }

  /** Number of (clip, annotator) pairs with a label: the size of the agreement computation. */
  currentLabelCount(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM (SELECT 1 FROM labels GROUP BY clip_id, annotator_id)').get() as { n: number }).n;
  }

  /** A cheap fingerprint of the label table: changes whenever a label version is appended. */
  labelsFingerprint(): string {
    const r = this.db.prepare('SELECT COUNT(*) AS n, COALESCE(MAX(id), 0) AS maxId FROM labels').get() as { n: number; maxId: number };
    return `${r.n}:${r.maxId}`;
  }
}
