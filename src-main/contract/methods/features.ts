// Methods of the features domain: which clips have feature matrices (of which spec, from which source),
// which failed, starting/retrying extraction, importing pre-extracted features (.csd / CSV) and
// exporting them. Pure TypeScript: no node:, no electron.
import { z } from 'zod';
import { id } from '../api-types';

export type FeatureSourceName = 'extracted' | 'imported-csd' | 'imported-csv';

export interface FeatureMatrixInfo {
  source: FeatureSourceName;
  featureSpec: string;
  frames: number;
  columns: number;
  /** How many of the columns the producer computed; the rest are absent (NaN, never zeros). */
  presentColumns: number;
  absentColumns: string[];
  /** Extractor status: 'ok', 'no-voiced-frames', 'partial'; 'ok' for imports. */
  status: string;
  message: string;
  /** Extractor build for extracted matrices; the file name for imported ones. */
  extractorVersion: string;
  elapsedMs: number;
  createdAt: string;
}

/**
 * ready: a matrix of the spec exists and its producer reported no problem; warning: a matrix exists but
 * with a note (no voiced frames, some columns failed); failed: extraction failed (see error); pending: not
 * extracted yet (queued or will be on the next run).
 */
export type ClipFeatureState = 'ready' | 'warning' | 'failed' | 'pending';

export interface ClipFeatures {
  clipId: number;
  fileName: string;
  state: ClipFeatureState;
  matrices: FeatureMatrixInfo[];
  error: { message: string; failedAt: string } | null;
}

/**
 * What the clip list shows per clip: the ClipFeatureState, or 'extracting' while an extraction thread is
 * working on the clip right now.
 */
export type ClipFeatureDisplayState = ClipFeatureState | 'extracting';

/** One row of features.states: compact (no matrix details) so a 10,000-clip list stays cheap to refresh. */
export interface ClipFeatureStatus {
  clipId: number;
  state: ClipFeatureDisplayState;
  /** failed: the reason (names the file and what to do); warning: the extractor's note; else ''. */
  message: string;
}

export interface FeatureStates {
  featureSpec: string;
  /** The extraction job that is queued or running, if any. */
  activeJobId: number | null;
  clips: ClipFeatureStatus[];
}

export interface FeaturesOverview {
  featureSpec: string;
  clips: number;
  ready: number;
  warning: number;
  failed: number;
  pending: number;
  bySource: Record<FeatureSourceName, number>;
  /** The extraction job that is queued or running, if any. */
  activeJobId: number | null;
}

export interface FeatureImportReport {
  file: string;
  format: 'csd' | 'csv';
  /** .csd root group name (e.g. "COVAREP"), or the CSV file name. */
  sequence: string;
  entries: number;
  imported: number;
  replaced: number;
  /** Matched clips that already held features from this source (kept; use replace to overwrite). */
  unchanged: number;
  unmatched: Array<{ key: string; reason: string }>;
}

const featureSpec = z.string().min(1).max(100).optional();
const path = z.string().min(1).max(4096);

export const featuresMethods = {
  'features.overview': { req: z.object({ featureSpec }).strict(), res: null as unknown as FeaturesOverview },
  'features.list': { req: z.object({ featureSpec }).strict(), res: null as unknown as ClipFeatures[] },
  'features.clip': { req: z.object({ clipId: id, featureSpec }).strict(), res: null as unknown as ClipFeatures },
  /** Per clip only the state and its message, for the clip list (features.list has the matrix details). */
  'features.states': { req: z.object({ featureSpec }).strict(), res: null as unknown as FeatureStates },
  /**
   * Queues extraction for clips without features (all, or the given ones); retryFailed forgets recorded
   * failures first; redo deletes their extracted matrices first (e.g. after an extractor update).
   */
  'features.extract': {
    req: z.object({ clipIds: z.array(id).min(1).max(100_000).optional(), retryFailed: z.boolean().optional(), redo: z.boolean().optional() }).strict(),
    res: null as unknown as { jobId: number | null },
  },
  'features.import': {
    req: z.object({
      path,
      /** Treat NaN as 0 (COVAREP's own rule) instead of refusing the file. */
      nanAsZero: z.boolean().optional(),
      /** Overwrite matrices already imported from the same kind of file. */
      replace: z.boolean().optional(),
      annotatorId: id.optional(),
    }).strict(),
    res: null as unknown as FeatureImportReport,
  },
  'features.export': {
    req: z.object({
      path,
      format: z.enum(['csd', 'csv']),
      source: z.enum(['extracted', 'imported-csd', 'imported-csv']).optional(),
      /** How clips are named in the file: file stem (default; content hash where stems repeat) or content hash. */
      key: z.enum(['stem', 'hash']).optional(),
      overwrite: z.boolean().optional(),
    }).strict(),
    res: null as unknown as { path: string; clips: number },
  },
} as const;
