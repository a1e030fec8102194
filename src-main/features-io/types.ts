// Shared shapes of pre-extracted feature files (.csd and CSV): one entry per clip key, a float32
// row-major [frames × 74] matrix in FEATURE_COLUMNS order and which columns the file actually holds.
import { AppError } from '../contract/api-types';

export interface FeatureFileEntry {
  /** The key the file uses for this clip: a .csd video id, a CSV `clip` value, or the CSV file stem. */
  key: string;
  frames: number;
  /** Always FEATURE_COUNT (74): files with another width are refused before an entry is built. */
  columns: number;
  data: Float32Array;
  /** present[c] is false when the file holds no values for column c (a CSV column left empty). */
  present: boolean[];
  /** [frames × 2] start/end times in seconds (.csd only; CSV files carry no times). */
  intervals: Float64Array | null;
}

export interface FeatureFile {
  path: string;
  format: 'csd' | 'csv';
  /** .csd: the root group's name (the sequence name, e.g. "COVAREP"); CSV: the file name. */
  name: string;
  metadata: Record<string, unknown>;
  entries: FeatureFileEntry[];
}

/**
 * A feature file the workstation refuses: the message names the file, and where it applies the entry,
 * row and column, and what to do. code is stable for the UI and tests.
 */
export class FeatureFileError extends AppError {
  constructor(message: string, code = 'features-file-invalid') {
    super(code, message);
    this.name = 'FeatureFileError';
  }
}

export interface ReadOptions {
  /**
   * COVAREP itself never writes NaN (it replaces NaN by 0 before saving), so a NaN usually means a
   * different tool or a broken export and is refused. true applies COVAREP's rule (NaN → 0) instead.
   */
  nanAsZero?: boolean;
}
