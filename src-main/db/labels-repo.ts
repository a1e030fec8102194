// Labels: append-only versions per (clip, annotator); current_labels is the newest version of each.
import { EMOTIONS, type EmotionValues } from '../contract/emotions';
import type { Label } from '../contract/api-types';
import type { Db } from './connection';

interface LabelRow { id: number; clipId: number; annotatorId: number; version: number; createdAt: string; happy: number; sad: number; anger: number; surprise: number; disgust: number; fear: number }

const COLS = `id, clip_id AS clipId, annotator_id AS annotatorId, version, created_at AS createdAt, ${EMOTIONS.join(', ')}`;

export function toLabel(r: LabelRow): Label {
  const values = Object.fromEntries(EMOTIONS.map((e) => [e, r[e]])) as EmotionValues;
  return { id: r.id, clipId: r.clipId, annotatorId: r.annotatorId, version: r.version, values, createdAt: r.createdAt };
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
  append(clipId: number, annotatorId: number, values: EmotionValues, at = new Date().toISOString()): Label {
    const prev = this.db.prepare('SELECT MAX(version) AS v FROM labels WHERE clip_id = ? AND annotator_id = ?').get(clipId, annotatorId) as { v: number | null };
    const info = this.db.prepare(`INSERT INTO labels (clip_id, annotator_id, version, created_at, ${EMOTIONS.join(', ')})
      VALUES (?, ?, ?, ?, ${EMOTIONS.map(() => '?').join(', ')})`)
      .run(clipId, annotatorId, (prev.v ?? 0) + 1, at, ...EMOTIONS.map((e) => values[e]));
    return this.get(Number(info.lastInsertRowid))!;
  }
  countCurrent(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM current_labels').get() as { n: number }).n;
  }
}
