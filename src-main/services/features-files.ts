// Pre-extracted features in and out of a project: .csd (CMU-MultimodalSDK) and CSV files, matched to
// clips by key, and the reverse (export) for sharing or checking a round trip.
//
// Matching a file's key to a clip (first rule that applies; docs/features-storage.md):
//   1. 64 hex digits            → the clip with that content hash (sha256 of the original file's bytes),
//   2. a file name ("a.wav")    → the clip imported from a file of that name,
//   3. anything else            → the clip whose file name without extension (stem) is the key.
// A key that matches several clips (same file name in two speaker folders) is not guessed: it is reported
// as unmatched with the clip ids, and the content hash must be used instead. Project-local clip ids are
// deliberately not a key: they mean nothing in another project.
import { existsSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { AppError } from '../contract/api-types';
import { FEATURE_COUNT, FEATURE_SAMPLE_RATE, FEATURE_SPEC_ID, frameCount } from '../contract/feature-spec';
import type { FeatureImportReport } from '../contract/methods/features';
import type { ClipRow } from '../db/clips-repo';
import type { FeatureSource, FeaturesRepo } from '../db/features-repo';
import type { ProjectDb } from '../db/project-db';
import { readCsd, writeCsd } from '../features-io/csd';
import { readFeatureCsv, writeFeatureCsv } from '../features-io/csv';
import type { FeatureFile } from '../features-io/types';

const HASH = /^[0-9a-f]{64}$/i;

const stemOf = (fileName: string): string => basename(fileName, extname(fileName));

export class ClipKeyIndex {
  private readonly byHash = new Map<string, ClipRow>();
  private readonly byName = new Map<string, ClipRow[]>();
  private readonly byStem = new Map<string, ClipRow[]>();

  constructor(clips: readonly ClipRow[]) {
    for (const c of clips) {
      this.byHash.set(c.contentHash.toLowerCase(), c);
      push(this.byName, c.fileName, c);
      push(this.byStem, stemOf(c.fileName), c);
    }
  }

  resolve(key: string): { clip: ClipRow } | { reason: string } {
    const k = key.trim();
    if (HASH.test(k)) {
      const c = this.byHash.get(k.toLowerCase());
      return c ? { clip: c } : { reason: 'no clip of this project has this content hash' };
    }
    const candidates = this.byName.get(k) ?? this.byStem.get(k) ?? [];
    if (candidates.length === 1) return { clip: candidates[0] };
    if (candidates.length === 0) return { reason: 'no clip with this file name or stem (import the audio first, or key the file by content hash)' };
    return { reason: `${candidates.length} clips share this name (ids ${candidates.map((c) => c.id).join(', ')}); key them by content hash instead` };
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** Frames the clip's 16 kHz audio gives on COVAREP's grid, from the duration stored at import. */
export function expectedFrames(clip: ClipRow): number {
  return frameCount(Math.round(clip.durationS * FEATURE_SAMPLE_RATE));
}

/**
 * A matrix computed from the same recording has the clip's frame count; other tools may round the last
 * frame differently, so one or two frames (or 1 %) of slack are accepted, and no more: a larger difference
 * means features of another recording, which would be silently misaligned with the labels.
 */
export function frameSlack(expected: number): number {
  return Math.max(2, Math.ceil(expected * 0.01));
}

export interface ImportFeatureFileOptions {
  nanAsZero?: boolean;
  replace?: boolean;
  featureSpec?: string;
}

export async function readFeatureFile(path: string, nanAsZero: boolean): Promise<FeatureFile> {
  if (!existsSync(path)) throw new AppError('features-file-not-found', `${path}: no such file. Check the path.`);
  if (statSync(path).isDirectory()) throw new AppError('features-file-invalid', `${path} is a folder; choose a .csd or .csv file.`);
  const ext = extname(path).toLowerCase();
  if (ext === '.csd' || ext === '.h5' || ext === '.hdf5') return readCsd(path, { nanAsZero });
  if (ext === '.csv') return readFeatureCsv(path, { nanAsZero });
  throw new AppError('features-file-invalid', `${basename(path)}: unknown feature file type "${ext || '(none)'}"; expected a .csd computational sequence or a .csv file with the 74 COVAREP columns.`);
}

/**
 * Reads and validates the whole file first (any bad entry refuses the file, nothing is written), then
 * stores every matched entry in one transaction.
 */
export async function importFeatureFile(project: ProjectDb, repo: FeaturesRepo, path: string, opts: ImportFeatureFileOptions = {}): Promise<FeatureImportReport> {
  const file = await readFeatureFile(path, opts.nanAsZero ?? false);
  const spec = opts.featureSpec ?? FEATURE_SPEC_ID;
  const source: FeatureSource = file.format === 'csd' ? 'imported-csd' : 'imported-csv';
  const index = new ClipKeyIndex(project.clips.all());
  const report: FeatureImportReport = {
    file: basename(path), format: file.format, sequence: file.name, entries: file.entries.length,
    imported: 0, replaced: 0, unchanged: 0, unmatched: [],
  };
  const matched: Array<{ clip: ClipRow; entry: FeatureFile['entries'][number] }> = [];
  const seen = new Map<number, string>();
  for (const entry of file.entries) {
    const r = index.resolve(entry.key);
    if ('reason' in r) { report.unmatched.push({ key: entry.key, reason: r.reason }); continue; }
    const other = seen.get(r.clip.id);
    if (other !== undefined) {
      report.unmatched.push({ key: entry.key, reason: `clip ${r.clip.fileName} already matched by entry "${other}" of this file` });
      continue;
    }
    const expected = expectedFrames(r.clip);
    if (Math.abs(entry.frames - expected) > frameSlack(expected)) {
      report.unmatched.push({ key: entry.key, reason: `${entry.frames} frames, but ${r.clip.fileName} (${r.clip.durationS.toFixed(2)} s) gives ${expected} frames of 10 ms: computed from another recording?` });
      continue;
    }
    seen.set(r.clip.id, entry.key);
    matched.push({ clip: r.clip, entry });
  }
  project.write(() => {
    for (const { clip, entry } of matched) {
      const row = {
        clipId: clip.id, featureSpec: spec, source, frames: entry.frames, columns: FEATURE_COUNT, data: entry.data,
        present: entry.present, extractorVersion: `${file.format}:${basename(path)}`,
        message: file.format === 'csd' ? `imported from ${basename(path)} (sequence ${file.name}, entry ${entry.key})` : `imported from ${basename(path)} (clip ${entry.key})`,
      };
      if (repo.insertIfAbsent(row)) report.imported++;
      else if (opts.replace) { repo.replace(row); report.replaced++; }
      else report.unchanged++;
    }
  });
  return report;
}

export interface ExportOptions {
  format: 'csd' | 'csv';
  source?: FeatureSource;
  key?: 'stem' | 'hash';
  featureSpec?: string;
}

/** Writes every clip's matrix (the given source, or each clip's preferred one) to a .csd or CSV file. */
export async function exportFeatureFile(project: ProjectDb, repo: FeaturesRepo, path: string, opts: ExportOptions): Promise<{ path: string; clips: number }> {
  const spec = opts.featureSpec ?? FEATURE_SPEC_ID;
  const clips = project.clips.all();
  const stemCount = new Map<string, number>();
  for (const c of clips) stemCount.set(stemOf(c.fileName), (stemCount.get(stemOf(c.fileName)) ?? 0) + 1);
  const entries: Array<{ key: string; frames: number; data: Float32Array; present: boolean[] }> = [];
  for (const clip of clips) {
    const row = opts.source ? repo.get(clip.id, spec, opts.source) : preferredMatrix(repo, clip.id, spec);
    if (!row) continue;
    const stem = stemOf(clip.fileName);
    // Stems that repeat, or that would read back as a content hash, fall back to the hash.
    const key = opts.key === 'hash' || stemCount.get(stem)! > 1 || HASH.test(stem) || stem.includes('/') ? clip.contentHash : stem;
    entries.push({ key, frames: row.frames, data: row.data, present: row.present });
  }
  if (entries.length === 0) throw new AppError('features-none', `no clip has ${opts.source ?? 'any'} features of spec ${spec} to export`);
  if (opts.format === 'csd') await writeCsd(path, entries);
  else writeFeatureCsv(path, entries, true);
  return { path, clips: entries.length };
}

/** Order in which a clip's matrices are used when no source is asked for. */
export const SOURCE_PREFERENCE: readonly FeatureSource[] = ['extracted', 'imported-csd', 'imported-csv'];

export function preferredMatrix(repo: FeaturesRepo, clipId: number, spec: string) {
  for (const source of SOURCE_PREFERENCE) {
    const row = repo.get(clipId, spec, source);
    if (row) return row;
  }
  return undefined;
}
