// CMU-MultimodalSDK computational sequences (.csd): the HDF5 layout in which CMU-MOSEI distributes its
// COVAREP features (Zadeh et al., ACL 2018; mmsdk/mmdatasdk/computational_sequence/file_ops.py):
//
//   /<root name>/data/<video id>/features   [n × d] numeric
//   /<root name>/data/<video id>/intervals  [n × 2] start, end in seconds
//   /<root name>/metadata/<key>             shape (1,) variable-length string holding JSON
//
// The SDK reads the first root group only; so do we. Read and written with h5wasm (HDF5 compiled to
// WebAssembly, reading the real file through Node's file system), so no native HDF5 is needed.
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import h5wasm from 'h5wasm/node';
import { FEATURE_COLUMNS, FEATURE_COUNT, FEATURE_HOP, FEATURE_SAMPLE_RATE, FEATURE_SPEC_ID } from '../contract/feature-spec';
import { FeatureFileError, type FeatureFile, type FeatureFileEntry, type ReadOptions } from './types';
import { checkColumnNames } from './columns';

type H5Group = InstanceType<typeof h5wasm.Group>;
type H5Dataset = InstanceType<typeof h5wasm.Dataset>;

/** HDF5 class codes (H5T_class_t) of the numeric types a feature matrix may use. */
const H5T_INTEGER = 0;
const H5T_FLOAT = 1;
/** Attribute on a features dataset: which columns the producer computed ('1') or not ('0'). */
export const PRESENT_ATTRIBUTE = 'present';
const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

let ready: Promise<void> | null = null;
/** Loads the WebAssembly module once, and makes HDF5 errors throw instead of printing C stack dumps. */
function ensureReady(): Promise<void> {
  ready ??= h5wasm.ready.then((module) => {
    module.activate_throwing_error_handler();
  });
  return ready;
}

/** The metadata keys the SDK's template lists (configurations/metadataconfigs.py). */
const SDK_METADATA_KEYS = [
  'root name', 'computational sequence description', 'dimension names', 'computational sequence version',
  'alignment compatible', 'dataset name', 'dataset version', 'creator', 'contact',
  'featureset bib citation', 'dataset bib citation',
] as const;

/** HDF5 puts its signature at byte 0, 512, 1024, 2048, … (a user block may precede it). */
function looksLikeHdf5(path: string): boolean {
  const size = statSync(path).size;
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(8);
    for (let offset = 0; offset + 8 <= size && offset <= 1 << 20; offset = offset === 0 ? 512 : offset * 2) {
      readSync(fd, buf, 0, 8, offset);
      if (buf.equals(HDF5_SIGNATURE)) return true;
    }
    return false;
  } finally {
    closeSync(fd);
  }
}

function isGroup(entity: unknown): entity is H5Group {
  return entity instanceof h5wasm.Group;
}
function isDataset(entity: unknown): entity is H5Dataset {
  return entity instanceof h5wasm.Dataset;
}

/** Reads a metadata dataset the way the SDK does: JSON if it parses, else the raw string. */
function readMetadata(group: H5Group | null): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!group) return out;
  for (const key of group.keys()) {
    const entity = group.get(key);
    if (!isDataset(entity)) continue;
    const raw = entity.value;
    const first = Array.isArray(raw) ? raw[0] : raw;
    if (typeof first !== 'string') continue;
    try {
      out[key] = JSON.parse(first) as unknown;
    } catch {
      out[key] = first;
    }
  }
  return out;
}

function toFloat32(values: unknown): Float32Array | null {
  if (values instanceof Float32Array) return values;
  if (values instanceof Float64Array || values instanceof Int8Array || values instanceof Uint8Array
    || values instanceof Int16Array || values instanceof Uint16Array || values instanceof Int32Array
    || values instanceof Uint32Array) {
    return Float32Array.from(values);
  }
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
    return Float32Array.from(values, (v) => Number(v));
  }
  return null;
}

/**
 * Reads every entry of a computational sequence holding the 74 COVAREP features. Refuses, naming the
 * file and the entry, anything that is not one: not HDF5, no data group, features of another width or
 * a non-numeric type, intervals that do not match the rows, dimension names that are not COVAREP's,
 * NaN (unless nanAsZero).
 */
export async function readCsd(path: string, options: ReadOptions = {}): Promise<FeatureFile> {
  const file = basename(path);
  if (!existsSync(path)) throw new FeatureFileError(`${path}: no such file.`, 'features-file-not-found');
  if (statSync(path).isDirectory()) throw new FeatureFileError(`${path} is a folder; choose a .csd file.`);
  if (!looksLikeHdf5(path)) {
    throw new FeatureFileError(`${file}: not an HDF5 file (no HDF5 signature), so not a computational sequence (.csd). Choose a .csd file written by the CMU-MultimodalSDK or by "features export".`);
  }
  await ensureReady();
  let h5: InstanceType<typeof h5wasm.File>;
  try {
    h5 = new h5wasm.File(path, 'r');
  } catch (err) {
    throw new FeatureFileError(`${file}: HDF5 library cannot open it (${hdf5Reason(err)}). The file may be truncated or damaged.`);
  }
  try {
    const roots = h5.keys().filter((k) => isGroup(h5.get(k)));
    if (roots.length === 0) {
      throw new FeatureFileError(`${file}: no root group; a computational sequence has /<name>/data/<video id>/features.`);
    }
    const rootName = roots[0];
    const root = h5.get(rootName) as H5Group;
    const dataGroup = root.get('data');
    if (!isGroup(dataGroup)) {
      throw new FeatureFileError(`${file}: group "/${rootName}" has no "data" group; a computational sequence has /${rootName}/data/<video id>/features and intervals.`);
    }
    const metaEntity = root.get('metadata');
    const metadata = readMetadata(isGroup(metaEntity) ? metaEntity : null);
    checkDimensionNames(file, metadata);

    const entries: FeatureFileEntry[] = [];
    for (const key of dataGroup.keys()) {
      entries.push(readEntry(file, rootName, key, dataGroup.get(key), options));
    }
    return { path, format: 'csd', name: rootName, metadata, entries };
  } catch (err) {
    if (err instanceof FeatureFileError) throw err;
    throw new FeatureFileError(`${file}: HDF5 library cannot read it (${hdf5Reason(err)}). The file may be truncated or damaged.`);
  } finally {
    h5.close();
  }
}

function checkDimensionNames(file: string, metadata: Record<string, unknown>): void {
  const names = metadata['dimension names'];
  if (names === undefined || names === null) return; // the SDK treats metadata as advisory; so do we
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) {
    throw new FeatureFileError(`${file}: metadata "dimension names" is not a list of names.`);
  }
  checkColumnNames(file, names as string[], 'metadata "dimension names"');
}

function readEntry(file: string, rootName: string, key: string, entity: unknown, options: ReadOptions): FeatureFileEntry {
  const where = `${file}, entry "${key}"`;
  if (!isGroup(entity)) throw new FeatureFileError(`${where}: /${rootName}/data/${key} is not a group with features and intervals.`);
  const featuresDs = entity.get('features');
  const intervalsDs = entity.get('intervals');
  if (!isDataset(featuresDs)) throw new FeatureFileError(`${where}: no "features" dataset.`);
  if (!isDataset(intervalsDs)) throw new FeatureFileError(`${where}: no "intervals" dataset.`);
  const shape = featuresDs.shape ?? [];
  if (shape.length !== 2) {
    throw new FeatureFileError(`${where}: features have shape [${shape.join(' × ')}]; expected [frames × ${FEATURE_COUNT}].`);
  }
  const [frames, columns] = shape;
  if (columns !== FEATURE_COUNT) {
    throw new FeatureFileError(`${where}: features have ${columns} columns; expected the ${FEATURE_COUNT} COVAREP columns (F0 … HMPDD_12).`);
  }
  const typeClass = featuresDs.metadata.type;
  if (typeClass !== H5T_FLOAT && typeClass !== H5T_INTEGER) {
    throw new FeatureFileError(`${where}: features are not numeric (HDF5 type class ${typeClass}); expected floating-point values.`);
  }
  const data = toFloat32(featuresDs.value);
  if (!data || data.length !== frames * columns) {
    throw new FeatureFileError(`${where}: features could not be read as ${frames} × ${columns} numbers.`);
  }
  const ishape = intervalsDs.shape ?? [];
  if (ishape.length !== 2 || ishape[0] !== frames || ishape[1] !== 2) {
    throw new FeatureFileError(`${where}: intervals have shape [${ishape.join(' × ')}]; expected [${frames} × 2] (one start/end pair per feature row).`);
  }
  const intervalsRaw = intervalsDs.value;
  const intervals = intervalsRaw instanceof Float64Array ? intervalsRaw : Float64Array.from(toFloat32(intervalsRaw) ?? []);
  // Our own writer marks columns it did not have with a "present" attribute ('0'/'1' per column) and
  // leaves NaN in them; files from elsewhere have no such attribute and hold all 74 columns.
  const present = readPresentAttribute(where, featuresDs);
  for (let i = 0; i < data.length; i++) {
    if (!present[i % columns]) continue;
    if (Number.isNaN(data[i])) {
      if (options.nanAsZero) {
        data[i] = 0;
        continue;
      }
      const row = Math.floor(i / columns);
      throw new FeatureFileError(`${where}, row ${row + 1}, column "${FEATURE_COLUMNS[i % columns]}": NaN. COVAREP writes 0 for undefined values; re-import with NaN treated as 0 (--nan-as-zero) if that is what the file means.`);
    }
  }
  return { key, frames, columns, data, present, intervals };
}

function readPresentAttribute(where: string, ds: H5Dataset): boolean[] {
  const all = new Array<boolean>(FEATURE_COUNT).fill(true);
  if (!Object.prototype.hasOwnProperty.call(ds.attrs, PRESENT_ATTRIBUTE)) return all;
  const raw = ds.attrs[PRESENT_ATTRIBUTE].value;
  const text = Array.isArray(raw) ? raw[0] : raw;
  if (typeof text !== 'string' || text.length !== FEATURE_COUNT || /[^01]/.test(text)) {
    throw new FeatureFileError(`${where}: attribute "${PRESENT_ATTRIBUTE}" must be ${FEATURE_COUNT} characters 0/1 (one per column).`);
  }
  return [...text].map((ch) => ch === '1');
}

export interface CsdWriteEntry {
  key: string;
  frames: number;
  data: Float32Array;
  /** Columns the matrix really holds; absent ones are written as they are stored (NaN). Default: all. */
  present?: readonly boolean[];
}

export interface CsdWriteOptions {
  /** Root group name (the sequence name); default "COVAREP" as in CMU-MOSEI. */
  rootName?: string;
  description?: string;
  datasetName?: string;
  creator?: string;
  /** Extra metadata keys, stored like the SDK's (JSON in a one-element string dataset). */
  extraMetadata?: Record<string, unknown>;
}

/**
 * Writes a computational sequence in the SDK's layout. intervals are each frame's 10 ms cell around its
 * centre (sample 79 + 160k at 16 kHz), which is what the SDK's alignment expects of a 100 Hz sequence.
 */
export async function writeCsd(path: string, entries: CsdWriteEntry[], options: CsdWriteOptions = {}): Promise<void> {
  await ensureReady();
  const rootName = options.rootName ?? 'COVAREP';
  const h5 = new h5wasm.File(path, 'w');
  try {
    const root = h5.create_group(rootName);
    const data = root.create_group('data');
    for (const entry of entries) {
      if (entry.data.length !== entry.frames * FEATURE_COUNT) {
        throw new Error(`writeCsd: entry ${entry.key} has ${entry.data.length} values for ${entry.frames} frames`);
      }
      if (entry.key.includes('/')) throw new Error(`writeCsd: entry key "${entry.key}" contains "/"`);
      const group = data.create_group(entry.key);
      const features = group.create_dataset({ name: 'features', data: entry.data, shape: [entry.frames, FEATURE_COUNT] });
      if (entry.present && entry.present.some((p) => !p)) {
        features.create_attribute(PRESENT_ATTRIBUTE, entry.present.map((p) => (p ? '1' : '0')).join(''));
      }
      group.create_dataset({ name: 'intervals', data: frameIntervals(entry.frames), shape: [entry.frames, 2] });
    }
    const metadata: Record<string, unknown> = {
      'root name': rootName,
      'computational sequence description': options.description ?? `COVAREP-compatible acoustic features (${FEATURE_SPEC_ID}), 100 Hz`,
      'dimension names': [...FEATURE_COLUMNS],
      'computational sequence version': '1.0',
      'alignment compatible': true,
      'dataset name': options.datasetName ?? 'emotion-workstation project',
      'dataset version': '1.0',
      creator: options.creator ?? 'Emotion Workstation',
      contact: '',
      'featureset bib citation': 'Degottex et al., COVAREP - A collaborative voice analysis repository for speech technologies, ICASSP 2014',
      'dataset bib citation': '',
      'feature spec': FEATURE_SPEC_ID,
      ...options.extraMetadata,
    };
    const meta = root.create_group('metadata');
    for (const key of [...SDK_METADATA_KEYS, ...Object.keys(metadata).filter((k) => !(SDK_METADATA_KEYS as readonly string[]).includes(k))]) {
      meta.create_dataset({ name: key, data: [JSON.stringify(metadata[key] ?? '')], shape: [1] });
    }
  } finally {
    h5.close();
  }
}

export function frameIntervals(frames: number): Float64Array {
  const out = new Float64Array(frames * 2);
  const half = FEATURE_HOP / 2 / FEATURE_SAMPLE_RATE;
  for (let k = 0; k < frames; k++) {
    const centre = (79 + FEATURE_HOP * k) / FEATURE_SAMPLE_RATE;
    out[2 * k] = centre - half;
    out[2 * k + 1] = centre + half;
  }
  return out;
}

/** The HDF5 library's own one-line reason ("H5Fopen(): unable to open file"), without its stack dump. */
function hdf5Reason(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const m = /\bin (H5\w*\(\)): ([^\n]+)/.exec(text);
  return (m ? `${m[1]}: ${m[2]}` : text.split('\n')[0]).trim().slice(0, 200);
}
