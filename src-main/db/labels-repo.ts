// Labels: append-only versions per (clip, annotator); current_labels is the newest version of each.
import { EMOTIONS, type EmotionValues } from '../contract/emotions';
import type { Label, NotRateableReason } from '../contract/api-types';
import type { Db } from './connection';

interface LabelRow { id: number; clipId: number; annotatorId: number; version: number; createdAt: string; notRateable: NotRateableReason | null; comment: string | null; happy: number; sad: number; anger: number; surprise: number; disgust: number; fear: number }

const COLS = `id, clip_id AS clipId, annotator_id AS annotatorId, version, created_at AS createdAt, not_rateable AS notRateable, comment, ${EMOTIONS.join(', ')}`;

export function toLabel(r: LabelRow): Label {
  const values = Object.fromEntries(EMOTIONS.map((e) => [e, r[e]])) as EmotionValues;
  return { id: r.id, clipId: r.clipId, annotatorId: r.annotatorId, version: r.version, values, notRateable: r.notRateable ?? null, comment: r.comment ?? null, createdAt: r.createdAt };
}

export class LabelsRepo {
  constructor(private readonly db: Db) {}

  current(clipId: number, annotatorId: number): Label | null {
    const r = this.db.prepare(`SELECT ${COLS} FROM labels WHERE clip_id = ? AND annotator_id = ? ORDER BY version DESC LIMIT 1`)
      .get(clipId, annotatorId) as LabelRow | undefined;
    return r ? toLabel(r) : null;
  }
  get(id: number): Label | null {
    const r = this.db.prepare(`SELECT ${COLS} FROM labels WHERE id = ?`).get(id) as LabelRow | undefined;
    return r ? toLabel(r) : null;
  }
  history(clipId: number): Label[] {
    return (this.db.prepare(`SELECT ${COLS} FROM labels WHERE clip_id = ? ORDER BY annotator_id, version`).all(clipId) as LabelRow[]).map(toLabel);
  }
  /** Every current label (newest version per clip and annotator), ordered by clip then annotator. */
  allCurrent(): Label[] {
    return (this.db.prepare(`SELECT ${COLS} FROM current_labels ORDER BY clip_id, annotator_id`).all() as LabelRow[]).map(toLabel);
  }
  /** Appends version n+1. Call inside a write transaction (the version read and the insert must be atomic). */
  append(clipId: number, annotatorId: number, values: EmotionValues, extra: { notRateable?: NotRateableReason | null; comment?: string | null } = {}, at = new Date().toISOString()): Label {
    const prev = this.db.prepare('SELECT MAX(version) AS v FROM labels WHERE clip_id = ? AND annotator_id = ?').get(clipId, annotatorId) as { v: number | null };
    const notRateable = extra.notRateable ?? null;
    const info = this.db.prepare(`INSERT INTO labels (clip_id, annotator_id, version, created_at, not_rateable, comment, ${EMOTIONS.join(', ')})
      VALUES (?, ?, ?, ?, ?, ?, ${EMOTIONS.map(() => '?').join(', ')})`)
      .run(clipId, annotatorId, (prev.v ?? 0) + 1, at, notRateable, extra.comment ?? null, ...EMOTIONS.map((e) => (notRateable ? 0 : values[e])));
    return this.get(Number(info.lastInsertRowid))!;
  }
  /** Current labels of one clip (every annotator), rateable or not. */
  currentForClip(clipId: number): Label[] {
    return (this.db.prepare(`SELECT ${COLS} FROM current_labels WHERE clip_id = ? ORDER BY annotator_id`).all(clipId) as LabelRow[]).map(toLabel);
  }
  /** Current labels of one annotator, every clip. */
  currentForAnnotator(annotatorId: number): Label[] {
    return (this.db.prepare(`SELECT ${COLS} FROM current_labels WHERE annotator_id = ? ORDER BY clip_id`).all(annotatorId) as LabelRow[]).map(toLabel);
  }
  /** created_at of every first version by an annotator (when each clip was first labelled), ascending. */
  firstLabelTimes(annotatorId: number): string[] {
    return (this.db.prepare('SELECT created_at AS t FROM labels WHERE annotator_id = ? AND version = 1 ORDER BY created_at').all(annotatorId) as { t: string }[]).map((r) => r.t);
  }
  countCurrent(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM current_labels').get() as { n: number }).n;
  }
}
