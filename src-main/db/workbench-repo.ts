// Workbench tables (migrations/0004_workbench.sql): assignments, gold clips, hidden repeats, flags,
// adjudications, training sets, and the rating views used for consensus.
import { EMOTIONS, type EmotionValues } from '../contract/emotions';
import type { NotRateableReason } from '../contract/api-types';
import type { Db } from './connection';

type ValueRow = Record<(typeof EMOTIONS)[number], number>;
const VALUES = EMOTIONS.join(', ');
const valuesOf = (r: ValueRow): EmotionValues => Object.fromEntries(EMOTIONS.map((e) => [e, r[e]])) as EmotionValues;

export interface RatingRow { clipId: number; annotatorId: number; version: number; values: EmotionValues; createdAt: string }
export interface AdjudicationRow { id: number; clipId: number; adjudicatorId: number; version: number; values: EmotionValues; note: string | null; createdAt: string }
export interface FlagRow { id: number; clipId: number; annotatorId: number | null; reason: string; createdAt: string; resolvedAt: string | null; resolvedBy: number | null }
export interface RepeatRow { id: number; clipId: number; annotatorId: number; createdAt: string; values: EmotionValues | null; notRateable: NotRateableReason | null; ratedAt: string | null }
export interface TrainingSetRow { id: number; name: string; definitionJson: string; createdBy: string; createdAt: string; clipCount: number }
export interface TrainingItem { clipId: number; values: EmotionValues; raterCount: number; source: 'mean' | 'adjudicated' | 'gold' }

export class WorkbenchRepo {
  constructor(private readonly db: Db) {}

  // ---- ratings (current, rateable) ----
  allRatings(): RatingRow[] {
    const rows = this.db.prepare(`SELECT clip_id AS clipId, annotator_id AS annotatorId, version, created_at AS createdAt, ${VALUES} FROM current_ratings ORDER BY clip_id, annotator_id`).all() as Array<ValueRow & Omit<RatingRow, 'values'>>;
    return rows.map((r) => ({ clipId: r.clipId, annotatorId: r.annotatorId, version: r.version, createdAt: r.createdAt, values: valuesOf(r) }));
  }
  /** Clip ids with a current label (rated or not rateable) by this annotator. */
  labelledClipIds(annotatorId: number): Set<number> {
    return new Set((this.db.prepare('SELECT DISTINCT clip_id AS id FROM labels WHERE annotator_id = ?').all(annotatorId) as { id: number }[]).map((r) => r.id));
  }
  notRateableCount(annotatorId: number): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM current_labels WHERE annotator_id = ? AND not_rateable IS NOT NULL').get(annotatorId) as { n: number }).n;
  }

  // ---- assignments ----
  assignedClipIds(annotatorId: number): number[] {
    return (this.db.prepare('SELECT clip_id AS id FROM rater_assignments WHERE annotator_id = ? ORDER BY clip_id').all(annotatorId) as { id: number }[]).map((r) => r.id);
  }
  replaceAssignments(annotatorId: number, clipIds: number[], at = new Date().toISOString()): void {
    this.db.prepare('DELETE FROM rater_assignments WHERE annotator_id = ?').run(annotatorId);
    const ins = this.db.prepare('INSERT OR IGNORE INTO rater_assignments (annotator_id, clip_id, assigned_at) VALUES (?, ?, ?)');
    for (const c of clipIds) ins.run(annotatorId, c, at);
  }

  // ---- gold ----
  gold(): Array<{ clipId: number; values: EmotionValues; note: string | null }> {
    return (this.db.prepare(`SELECT clip_id AS clipId, note, ${VALUES} FROM gold_clips ORDER BY clip_id`).all() as Array<ValueRow & { clipId: number; note: string | null }>)
      .map((r) => ({ clipId: r.clipId, note: r.note, values: valuesOf(r) }));
  }
  goldOf(clipId: number): EmotionValues | null {
    const r = this.db.prepare(`SELECT ${VALUES} FROM gold_clips WHERE clip_id = ?`).get(clipId) as ValueRow | undefined;
    return r ? valuesOf(r) : null;
  }
  setGold(clipId: number, values: EmotionValues, note: string | null, at = new Date().toISOString()): void {
    this.db.prepare(`INSERT INTO gold_clips (clip_id, note, created_at, ${VALUES}) VALUES (?, ?, ?, ${EMOTIONS.map(() => '?').join(', ')})
      ON CONFLICT (clip_id) DO UPDATE SET note = excluded.note, created_at = excluded.created_at, ${EMOTIONS.map((e) => `${e} = excluded.${e}`).join(', ')}`)
      .run(clipId, note, at, ...EMOTIONS.map((e) => values[e]));
  }
  removeGold(clipId: number): void {
    this.db.prepare('DELETE FROM gold_clips WHERE clip_id = ?').run(clipId);
  }

  // ---- hidden repeats ----
  private toRepeat(r: ValueRow & { id: number; clipId: number; annotatorId: number; createdAt: string; notRateable: NotRateableReason | null; ratedAt: string | null }): RepeatRow {
    return { id: r.id, clipId: r.clipId, annotatorId: r.annotatorId, createdAt: r.createdAt, notRateable: r.notRateable, ratedAt: r.ratedAt, values: r.ratedAt && !r.notRateable ? valuesOf(r) : null };
  }
  repeats(annotatorId?: number): RepeatRow[] {
    const sql = `SELECT id, clip_id AS clipId, annotator_id AS annotatorId, created_at AS createdAt, not_rateable AS notRateable, rated_at AS ratedAt, ${VALUES}
      FROM hidden_repeats ${annotatorId === undefined ? '' : 'WHERE annotator_id = ?'} ORDER BY id`;
    const rows = (annotatorId === undefined ? this.db.prepare(sql).all() : this.db.prepare(sql).all(annotatorId)) as Parameters<WorkbenchRepo['toRepeat']>[0][];
    return rows.map((r) => this.toRepeat(r));
  }
  repeat(id: number): RepeatRow | undefined {
    const r = this.db.prepare(`SELECT id, clip_id AS clipId, annotator_id AS annotatorId, created_at AS createdAt, not_rateable AS notRateable, rated_at AS ratedAt, ${VALUES} FROM hidden_repeats WHERE id = ?`).get(id) as Parameters<WorkbenchRepo['toRepeat']>[0] | undefined;
    return r ? this.toRepeat(r) : undefined;
  }
  addRepeat(clipId: number, annotatorId: number, at = new Date().toISOString()): boolean {
    return this.db.prepare('INSERT OR IGNORE INTO hidden_repeats (clip_id, annotator_id, created_at) VALUES (?, ?, ?)').run(clipId, annotatorId, at).changes > 0;
  }
  rateRepeat(id: number, values: EmotionValues, notRateable: NotRateableReason | null, at = new Date().toISOString()): void {
    this.db.prepare(`UPDATE hidden_repeats SET rated_at = ?, not_rateable = ?, ${EMOTIONS.map((e) => `${e} = ?`).join(', ')} WHERE id = ?`)
      .run(at, notRateable, ...EMOTIONS.map((e) => (notRateable ? null : values[e])), id);
  }

  // ---- flags ----
  private static FLAG_COLS = 'id, clip_id AS clipId, annotator_id AS annotatorId, reason, created_at AS createdAt, resolved_at AS resolvedAt, resolved_by AS resolvedBy';
  flags(includeResolved: boolean): FlagRow[] {
    return this.db.prepare(`SELECT ${WorkbenchRepo.FLAG_COLS} FROM flags ${includeResolved ? '' : 'WHERE resolved_at IS NULL'} ORDER BY id`).all() as FlagRow[];
  }
  flag(id: number): FlagRow | undefined {
    return this.db.prepare(`SELECT ${WorkbenchRepo.FLAG_COLS} FROM flags WHERE id = ?`).get(id) as FlagRow | undefined;
  }
  openFlagsOf(clipId: number): FlagRow[] {
    return this.db.prepare(`SELECT ${WorkbenchRepo.FLAG_COLS} FROM flags WHERE clip_id = ? AND resolved_at IS NULL ORDER BY id`).all(clipId) as FlagRow[];
  }
  addFlag(clipId: number, annotatorId: number | null, reason: string, at = new Date().toISOString()): FlagRow {
    const info = this.db.prepare('INSERT INTO flags (clip_id, annotator_id, reason, created_at) VALUES (?, ?, ?, ?)').run(clipId, annotatorId, reason, at);
    return this.flag(Number(info.lastInsertRowid))!;
  }
  resolveFlag(id: number, by: number, at = new Date().toISOString()): void {
    this.db.prepare('UPDATE flags SET resolved_at = ?, resolved_by = ? WHERE id = ? AND resolved_at IS NULL').run(at, by, id);
  }

  // ---- adjudications ----
  private static ADJ_COLS = `id, clip_id AS clipId, adjudicator_id AS adjudicatorId, version, note, created_at AS createdAt, ${VALUES}`;
  currentAdjudications(): AdjudicationRow[] {
    return (this.db.prepare(`SELECT ${WorkbenchRepo.ADJ_COLS} FROM current_adjudications ORDER BY clip_id`).all() as Array<ValueRow & Omit<AdjudicationRow, 'values'>>)
      .map((r) => ({ id: r.id, clipId: r.clipId, adjudicatorId: r.adjudicatorId, version: r.version, note: r.note, createdAt: r.createdAt, values: valuesOf(r) }));
  }
  currentAdjudication(clipId: number): AdjudicationRow | null {
    const r = this.db.prepare(`SELECT ${WorkbenchRepo.ADJ_COLS} FROM adjudications WHERE clip_id = ? ORDER BY version DESC LIMIT 1`).get(clipId) as (ValueRow & Omit<AdjudicationRow, 'values'>) | undefined;
    return r ? { id: r.id, clipId: r.clipId, adjudicatorId: r.adjudicatorId, version: r.version, note: r.note, createdAt: r.createdAt, values: valuesOf(r) } : null;
  }
  appendAdjudication(clipId: number, adjudicatorId: number, values: EmotionValues, note: string | null, at = new Date().toISOString()): AdjudicationRow {
    const prev = this.db.prepare('SELECT MAX(version) AS v FROM adjudications WHERE clip_id = ?').get(clipId) as { v: number | null };
    this.db.prepare(`INSERT INTO adjudications (clip_id, adjudicator_id, version, note, created_at, ${VALUES}) VALUES (?, ?, ?, ?, ?, ${EMOTIONS.map(() => '?').join(', ')})`)
      .run(clipId, adjudicatorId, (prev.v ?? 0) + 1, note, at, ...EMOTIONS.map((e) => values[e]));
    return this.currentAdjudication(clipId)!;
  }

  // ---- training sets ----
  trainingSets(): TrainingSetRow[] {
    return this.db.prepare('SELECT id, name, definition_json AS definitionJson, created_by AS createdBy, created_at AS createdAt, clip_count AS clipCount FROM training_sets ORDER BY id').all() as TrainingSetRow[];
  }
  trainingItems(trainingSetId: number): TrainingItem[] {
    return (this.db.prepare(`SELECT clip_id AS clipId, rater_count AS raterCount, source, ${VALUES} FROM training_set_items WHERE training_set_id = ? ORDER BY clip_id`).all(trainingSetId) as Array<ValueRow & Omit<TrainingItem, 'values'>>)
      .map((r) => ({ clipId: r.clipId, raterCount: r.raterCount, source: r.source, values: valuesOf(r) }));
  }
  insertTrainingSet(name: string, definitionJson: string, createdBy: string, items: TrainingItem[], at = new Date().toISOString()): TrainingSetRow {
    const info = this.db.prepare('INSERT INTO training_sets (name, definition_json, created_by, created_at, clip_count) VALUES (?, ?, ?, ?, ?)').run(name, definitionJson, createdBy, at, items.length);
    const id = Number(info.lastInsertRowid);
    const ins = this.db.prepare(`INSERT INTO training_set_items (training_set_id, clip_id, rater_count, source, ${VALUES}) VALUES (?, ?, ?, ?, ${EMOTIONS.map(() => '?').join(', ')})`);
    for (const it of items) ins.run(id, it.clipId, it.raterCount, it.source, ...EMOTIONS.map((e) => it.values[e]));
    return this.trainingSets().find((t) => t.id === id)!;
  }
}
