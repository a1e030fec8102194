// Clips: one row per distinct recording (content hash), plus the opt-in embedded PCM.
import type { ClipDetail, ClipSummary } from '../contract/api-types';
import type { Db } from './connection';

export interface ClipRow {
  id: number;
  contentHash: string;
  originalPath: string;
  fileName: string;
  durationS: number;
  sampleRate: number;
  originalSampleRate: number;
  channels: number;
  speakerId: string;
  importedAt: string;
  importJobId: number | null;
}
export type NewClip = Omit<ClipRow, 'id'>;

const COLS = `id, content_hash AS contentHash, original_path AS originalPath, file_name AS fileName,
  duration_s AS durationS, sample_rate AS sampleRate, original_sample_rate AS originalSampleRate,
  channels, speaker_id AS speakerId, imported_at AS importedAt, import_job_id AS importJobId`;

export class ClipsRepo {
  constructor(private readonly db: Db) {}

  get(id: number): ClipRow | undefined {
    return this.db.prepare(`SELECT ${COLS} FROM clips WHERE id = ?`).get(id) as ClipRow | undefined;
  }
  findByHash(hash: string): ClipRow | undefined {
    return this.db.prepare(`SELECT ${COLS} FROM clips WHERE content_hash = ?`).get(hash) as ClipRow | undefined;
  }
  all(): ClipRow[] {
    return this.db.prepare(`SELECT ${COLS} FROM clips ORDER BY id`).all() as ClipRow[];
  }
  /** Every clip id in id order (cheap: for queues over large projects). */
  ids(): number[] {
    return (this.db.prepare('SELECT id FROM clips ORDER BY id').raw().all() as number[][]).map((r) => r[0]);
  }
  /** clip id → speaker id. */
  speakers(): Map<number, string> {
    return new Map(this.db.prepare('SELECT id, speaker_id FROM clips').raw().all() as Array<[number, string]>);
  }
  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM clips').get() as { n: number }).n;
  }
  insert(c: NewClip): ClipRow {
    const info = this.db.prepare(`INSERT INTO clips (content_hash, original_path, file_name, duration_s, sample_rate,
        original_sample_rate, channels, speaker_id, imported_at, import_job_id)
      VALUES (@contentHash, @originalPath, @fileName, @durationS, @sampleRate, @originalSampleRate, @channels,
        @speakerId, @importedAt, @importJobId)`).run(c);
    return this.get(Number(info.lastInsertRowid))!;
  }
  setSpeaker(id: number, speakerId: string): void {
    this.db.prepare('UPDATE clips SET speaker_id = ? WHERE id = ?').run(speakerId, id);
  }
  setOriginalPath(id: number, path: string): void {
    this.db.prepare('UPDATE clips SET original_path = ? WHERE id = ?').run(path, id);
  }

  /** Clip list with the labelled state for one annotator (false everywhere when none is given). */
  summaries(annotatorId: number | null): ClipSummary[] {
    const rows = this.db.prepare(`SELECT c.id, c.file_name AS fileName, c.speaker_id AS speakerId, c.duration_s AS durationS,
        EXISTS (SELECT 1 FROM labels l WHERE l.clip_id = c.id AND l.annotator_id = ?) AS labelled
      FROM clips c ORDER BY c.id`).all(annotatorId ?? -1) as Array<Omit<ClipSummary, 'labelled'> & { labelled: number }>;
    return rows.map((r) => ({ ...r, labelled: r.labelled === 1 }));
  }

  detail(id: number, annotatorId: number | null, audioAvailable: boolean): ClipDetail | undefined {
    const row = this.get(id);
    if (!row) return undefined;
    const labelled = annotatorId !== null && this.db.prepare('SELECT 1 FROM labels WHERE clip_id = ? AND annotator_id = ? LIMIT 1').get(id, annotatorId) !== undefined;
    return {
      id: row.id, fileName: row.fileName, speakerId: row.speakerId, durationS: row.durationS, labelled,
      contentHash: row.contentHash, originalPath: row.originalPath, sampleRate: row.sampleRate,
      originalSampleRate: row.originalSampleRate, importedAt: row.importedAt, audioAvailable,
    };
  }

  putEmbeddedAudio(clipId: number, pcm16: Uint8Array): void {
    this.db.prepare('INSERT OR REPLACE INTO clip_audio (clip_id, pcm16) VALUES (?, ?)').run(clipId, Buffer.from(pcm16.buffer, pcm16.byteOffset, pcm16.byteLength));
  }
  embeddedAudio(clipId: number): Buffer | undefined {
    const row = this.db.prepare('SELECT pcm16 FROM clip_audio WHERE clip_id = ?').get(clipId) as { pcm16: Buffer } | undefined;
    return row?.pcm16;
  }
  hasEmbeddedAudio(clipId: number): boolean {
    return this.db.prepare('SELECT 1 FROM clip_audio WHERE clip_id = ?').get(clipId) !== undefined;
  }
}
