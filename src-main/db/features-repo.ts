// Feature matrices and per-clip extraction errors (migrations/0002_features.sql). Matrices are stored as
// float32 little-endian row-major blobs; the present mask is a '0'/'1' string, one character per column.
import type { Db } from './connection';

export type FeatureSource = 'extracted' | 'imported-csd' | 'imported-csv';
export const FEATURE_SOURCES: readonly FeatureSource[] = ['extracted', 'imported-csd', 'imported-csv'];

export interface FeatureMeta {
  id: number;
  clipId: number;
  featureSpec: string;
  source: FeatureSource;
  frames: number;
  columns: number;
  present: boolean[];
  extractorVersion: string;
  status: string;
  message: string;
  elapsedMs: number;
  createdAt: string;
}
export interface FeatureRow extends FeatureMeta { data: Float32Array }

export interface NewFeatures {
  clipId: number;
  featureSpec: string;
  source: FeatureSource;
  frames: number;
  columns: number;
  data: Float32Array;
  present: readonly boolean[];
  extractorVersion: string;
  status?: string;
  message?: string;
  elapsedMs?: number;
  createdAt?: string;
}

export interface FeatureErrorRow { clipId: number; featureSpec: string; message: string; extractorVersion: string; jobId: number | null; failedAt: string }

const META_COLS = `id, clip_id AS clipId, feature_spec AS featureSpec, source, frames, columns, present,
  extractor_version AS extractorVersion, status, message, elapsed_ms AS elapsedMs, created_at AS createdAt`;
type MetaDbRow = Omit<FeatureMeta, 'present'> & { present: string };

const toMeta = (r: MetaDbRow): FeatureMeta => ({ ...r, present: [...r.present].map((ch) => ch === '1') });

/**
 * Copies the blob into an aligned Float32Array (a Buffer from SQLite may start at any byte offset).
 * Typed arrays use the host byte order; every platform the app ships for (x64, arm64) is little-endian,
 * which is the order the column is specified in.
 */
function blobToFloat32(blob: Buffer): Float32Array {
  const out = new Float32Array(blob.byteLength / 4);
  new Uint8Array(out.buffer).set(blob);
  return out;
}

export class FeaturesRepo {
  constructor(private readonly db: Db) {}

  /**
   * Inserts unless a matrix for (clip, spec, source) exists; returns false when it existed. This is
   * what makes a resumed extraction idempotent: the unique key, not the caller, prevents duplicates.
   */
  insertIfAbsent(f: NewFeatures): boolean {
    if (f.data.length !== f.frames * f.columns) throw new Error(`features for clip ${f.clipId}: ${f.data.length} values for ${f.frames}×${f.columns}`);
    if (f.present.length !== f.columns) throw new Error(`features for clip ${f.clipId}: present mask has ${f.present.length} entries for ${f.columns} columns`);
    const info = this.db.prepare(`INSERT INTO features (clip_id, feature_spec, source, frames, columns, data, present,
        extractor_version, status, message, elapsed_ms, created_at)
      VALUES (@clipId, @featureSpec, @source, @frames, @columns, @data, @present, @extractorVersion, @status, @message,
        @elapsedMs, @createdAt)
      ON CONFLICT (clip_id, feature_spec, source) DO NOTHING`).run({
      clipId: f.clipId, featureSpec: f.featureSpec, source: f.source, frames: f.frames, columns: f.columns,
      data: Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength),
      present: f.present.map((p) => (p ? '1' : '0')).join(''),
      extractorVersion: f.extractorVersion, status: f.status ?? 'ok', message: f.message ?? '',
      elapsedMs: f.elapsedMs ?? 0, createdAt: f.createdAt ?? new Date().toISOString(),
    });
    return info.changes === 1;
  }

  /** Replaces an existing matrix (re-import of a corrected file). */
  replace(f: NewFeatures): void {
    this.db.prepare('DELETE FROM features WHERE clip_id = ? AND feature_spec = ? AND source = ?').run(f.clipId, f.featureSpec, f.source);
    this.insertIfAbsent(f);
  }

  get(clipId: number, featureSpec: string, source: FeatureSource): FeatureRow | undefined {
    const r = this.db.prepare(`SELECT ${META_COLS}, data FROM features WHERE clip_id = ? AND feature_spec = ? AND source = ?`)
      .get(clipId, featureSpec, source) as (MetaDbRow & { data: Buffer }) | undefined;
    return r ? { ...toMeta(r), data: blobToFloat32(r.data) } : undefined;
  }

  /** Metadata (no blobs) of every matrix of a spec, or of every spec when none is given. */
  listMeta(featureSpec?: string): FeatureMeta[] {
    const rows = featureSpec === undefined
      ? this.db.prepare(`SELECT ${META_COLS} FROM features ORDER BY clip_id, feature_spec, source`).all()
      : this.db.prepare(`SELECT ${META_COLS} FROM features WHERE feature_spec = ? ORDER BY clip_id, source`).all(featureSpec);
    return (rows as MetaDbRow[]).map(toMeta);
  }

  metaForClip(clipId: number): FeatureMeta[] {
    return (this.db.prepare(`SELECT ${META_COLS} FROM features WHERE clip_id = ? ORDER BY feature_spec, source`).all(clipId) as MetaDbRow[]).map(toMeta);
  }

  count(featureSpec?: string, source?: FeatureSource): number {
    const row = this.db.prepare(`SELECT COUNT(*) AS n FROM features WHERE (@spec IS NULL OR feature_spec = @spec) AND (@source IS NULL OR source = @source)`)
      .get({ spec: featureSpec ?? null, source: source ?? null }) as { n: number };
    return row.n;
  }

  /** Clips that still need an extracted matrix of this spec: none stored and no recorded failure. */
  clipsNeedingExtraction(featureSpec: string): number[] {
    return (this.db.prepare(`SELECT c.id FROM clips c
      WHERE NOT EXISTS (SELECT 1 FROM features f WHERE f.clip_id = c.id AND f.feature_spec = @spec AND f.source = 'extracted')
        AND NOT EXISTS (SELECT 1 FROM feature_errors e WHERE e.clip_id = c.id AND e.feature_spec = @spec)
      ORDER BY c.id`).all({ spec: featureSpec }) as Array<{ id: number }>).map((r) => r.id);
  }

  hasExtracted(clipId: number, featureSpec: string): boolean {
    return this.db.prepare("SELECT 1 FROM features WHERE clip_id = ? AND feature_spec = ? AND source = 'extracted'").get(clipId, featureSpec) !== undefined;
  }

  recordError(e: Omit<FeatureErrorRow, 'failedAt'> & { failedAt?: string }): void {
    this.db.prepare(`INSERT INTO feature_errors (clip_id, feature_spec, message, extractor_version, job_id, failed_at)
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (clip_id, feature_spec) DO UPDATE SET message = excluded.message,
        extractor_version = excluded.extractor_version, job_id = excluded.job_id, failed_at = excluded.failed_at`)
      .run(e.clipId, e.featureSpec, e.message, e.extractorVersion, e.jobId, e.failedAt ?? new Date().toISOString());
  }

  errors(featureSpec?: string): FeatureErrorRow[] {
    return this.db.prepare(`SELECT clip_id AS clipId, feature_spec AS featureSpec, message, extractor_version AS extractorVersion,
        job_id AS jobId, failed_at AS failedAt FROM feature_errors WHERE (@spec IS NULL OR feature_spec = @spec) ORDER BY clip_id`)
      .all({ spec: featureSpec ?? null }) as FeatureErrorRow[];
  }

  errorFor(clipId: number, featureSpec: string): FeatureErrorRow | undefined {
    return this.db.prepare(`SELECT clip_id AS clipId, feature_spec AS featureSpec, message, extractor_version AS extractorVersion,
        job_id AS jobId, failed_at AS failedAt FROM feature_errors WHERE clip_id = ? AND feature_spec = ?`).get(clipId, featureSpec) as FeatureErrorRow | undefined;
  }

  /** Deletes extracted matrices (all clips, or the given ones) so the next run extracts them again. */
  deleteExtracted(featureSpec: string, clipIds?: readonly number[]): number {
    if (!clipIds) return this.db.prepare("DELETE FROM features WHERE feature_spec = ? AND source = 'extracted'").run(featureSpec).changes;
    const del = this.db.prepare("DELETE FROM features WHERE feature_spec = ? AND source = 'extracted' AND clip_id = ?");
    let n = 0;
    for (const id of clipIds) n += del.run(featureSpec, id).changes;
    return n;
  }

  /** Forgets recorded failures so the next extraction run tries those clips again; returns how many. */
  clearErrors(featureSpec: string, clipIds?: readonly number[]): number {
    if (!clipIds) return this.db.prepare('DELETE FROM feature_errors WHERE feature_spec = ?').run(featureSpec).changes;
    const del = this.db.prepare('DELETE FROM feature_errors WHERE feature_spec = ? AND clip_id = ?');
    let n = 0;
    for (const id of clipIds) n += del.run(featureSpec, id).changes;
    return n;
  }
}
