// Model files: a directory holding `manifest.json` (architecture, feature spec, standardisation, crop and
// masking rules, training data hashes, metrics, seed, backend, sha256 of the weights) and `weights.bin`
// (float32 little-endian tensors concatenated in the manifest's order). Loading verifies the weights'
// size and sha256 and refuses a model built for another feature spec, each with an error naming the file.
// The same manifest + bytes are stored in a project file (models-repo.ts) so a project carries its models.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../contract/api-types';
import { FEATURE_COUNT, FEATURE_SPEC_ID } from '../contract/feature-spec';
import type { Standardization } from './standardize';

export const MODEL_FORMAT = 'ew-masked-gru';
export const MODEL_FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';
export const WEIGHTS_FILE = 'weights.bin';

export type ModelKind = 'pretrained' | 'finetuned' | 'baseline';
export type Reduction = 'last' | 'mean';

export interface TensorEntry { name: string; shape: number[]; offset: number; length: number }

export interface ModelManifest {
  format: typeof MODEL_FORMAT;
  formatVersion: number;
  kind: ModelKind;
  createdAt: string;
  featureSpec: string;
  architecture: {
    inputDim: number;
    hidden: number[];
    /** GRU net's own head: per-frame Dense(74) (pretrained) or pooled Dense(6) (baseline). */
    outputDim: number;
    head: 'per-frame' | 'last' | 'mean';
    /** finetuned: Dense(6) on the frozen backbone's output reduced over time. */
    emotionHead?: { inputDim: number; outputDim: number; reduction: Reduction };
  };
  standardization: Standardization;
  crop: { maxFrames: number };
  /** lookAhead: delayed readout in frames (ADR 0086); absent in models made before it existed = 0. */
  pretraining?: { maskFrames: number; maskValue: number; lossFrames: 'all' | 'masked'; lookAhead?: number };
  /** finetuned: the backbone it was built on (its weights' sha256). */
  backboneSha256?: string;
  training: {
    seed: number;
    backend: string;
    epochs: number;
    lr: number;
    batchSize: number;
    clips: number;
    /** sha256 over the sorted per-clip feature hashes of the training clips. */
    dataSha256: string;
    /** The sorted per-clip feature sha256s themselves. */
    clipSha256?: string[];
    durationMs: number;
    history?: { epoch: number; loss: number; [k: string]: number }[];
  };
  metrics?: Record<string, unknown>;
  weights: { file: string; sha256: string; bytes: number; tensors: TensorEntry[] };
  notes?: string;
}

export interface ModelTensor { name: string; shape: number[]; data: Float32Array }

export interface LoadedModel { manifest: ModelManifest; tensors: ModelTensor[]; path: string }

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Concatenates tensors into the weights file layout; returns the bytes and the tensor table. */
export function packWeights(tensors: readonly ModelTensor[]): { bytes: Uint8Array; table: TensorEntry[] } {
  const total = tensors.reduce((a, t) => a + t.data.length, 0);
  const all = new Float32Array(total);
  const table: TensorEntry[] = [];
  let offset = 0;
  for (const t of tensors) {
    const expected = t.shape.reduce((a, b) => a * b, 1);
    if (expected !== t.data.length) throw new Error(`tensor ${t.name}: shape [${t.shape}] needs ${expected} values, has ${t.data.length}`);
    all.set(t.data, offset);
    table.push({ name: t.name, shape: [...t.shape], offset, length: t.data.length });
    offset += t.data.length;
  }
  // Float32Array is little-endian on every platform Electron runs on (x64, arm64).
  return { bytes: new Uint8Array(all.buffer), table };
}

/** Builds the manifest's weights section for the given tensors. */
export function describeWeights(tensors: readonly ModelTensor[]): { bytes: Uint8Array; weights: ModelManifest['weights'] } {
  const { bytes, table } = packWeights(tensors);
  return { bytes, weights: { file: WEIGHTS_FILE, sha256: sha256Hex(bytes), bytes: bytes.length, tensors: table } };
}

/** Writes `dir/manifest.json` + `dir/weights.bin` (each via a temporary file and rename). */
export function saveModel(dir: string, manifest: Omit<ModelManifest, 'weights'>, tensors: readonly ModelTensor[]): ModelManifest {
  mkdirSync(dir, { recursive: true });
  const { bytes, weights } = describeWeights(tensors);
  const full: ModelManifest = { ...manifest, weights } as ModelManifest;
  const wTmp = join(dir, `${WEIGHTS_FILE}.tmp`);
  writeFileSync(wTmp, bytes);
  renameSync(wTmp, join(dir, WEIGHTS_FILE));
  const mTmp = join(dir, `${MANIFEST_FILE}.tmp`);
  writeFileSync(mTmp, JSON.stringify(full, null, 1) + '\n');
  renameSync(mTmp, join(dir, MANIFEST_FILE));
  return full;
}

function modelError(code: string, message: string): AppError {
  return new AppError(code, message);
}

/**
 * Parses and checks a manifest + weights pair. `label` names the model in errors (a path, or
 * "model 3 in project.sqlite"). `expectFeatureSpec` (default: this build's FEATURE_SPEC_ID) is refused
 * when it differs from the model's.
 */
export function decodeModel(label: string, manifestText: string, weights: Uint8Array, expectFeatureSpec: string | null = FEATURE_SPEC_ID): LoadedModel {
  let manifest: ModelManifest;
  try {
    manifest = JSON.parse(manifestText) as ModelManifest;
  } catch (err) {
    throw modelError('model-corrupt', `${label}: the manifest is not valid JSON (${(err as Error).message}). The model file is damaged; export it again or re-train.`);
  }
  if (manifest?.format !== MODEL_FORMAT || typeof manifest.weights?.sha256 !== 'string' || !Array.isArray(manifest.weights.tensors)) {
    throw modelError('model-not-a-model', `${label}: not a workstation model (no "${MODEL_FORMAT}" manifest). Choose a model folder written by "pretrain" or "finetune".`);
  }
  if (manifest.formatVersion > MODEL_FORMAT_VERSION) {
    throw modelError('model-too-new', `${label}: model format ${manifest.formatVersion} is newer than this workstation understands (${MODEL_FORMAT_VERSION}). Update the workstation.`);
  }
  if (expectFeatureSpec !== null && manifest.featureSpec !== expectFeatureSpec) {
    throw modelError('model-feature-spec', `${label}: built for feature spec "${manifest.featureSpec}", but this workstation's features are "${expectFeatureSpec}". Re-train the model on features of the current spec (or use the workstation version that made it).`);
  }
  if (weights.length !== manifest.weights.bytes) {
    throw modelError('model-corrupt', `${label}: ${manifest.weights.file} is ${weights.length} bytes, the manifest says ${manifest.weights.bytes}. The model file is damaged or truncated; export it again or re-train.`);
  }
  const actual = sha256Hex(weights);
  if (actual !== manifest.weights.sha256) {
    throw modelError('model-corrupt', `${label}: ${manifest.weights.file} has sha256 ${actual.slice(0, 12)}… does not match the manifest's ${manifest.weights.sha256.slice(0, 12)}…. The model file is damaged or was edited; export it again or re-train.`);
  }
  if (manifest.architecture?.inputDim !== FEATURE_COUNT || manifest.standardization?.mean?.length !== FEATURE_COUNT) {
    throw modelError('model-corrupt', `${label}: the manifest describes ${manifest.architecture?.inputDim} input columns, expected ${FEATURE_COUNT}.`);
  }
  // Copy into an aligned buffer (a Buffer from readFileSync may sit at an odd offset of a pool).
  const floats = new Float32Array(weights.length / 4);
  new Uint8Array(floats.buffer).set(weights);
  const tensors = manifest.weights.tensors.map((t) => {
    if (t.offset + t.length > floats.length) throw modelError('model-corrupt', `${label}: tensor ${t.name} lies outside the weights.`);
    return { name: t.name, shape: t.shape, data: floats.slice(t.offset, t.offset + t.length) };
  });
  return { manifest, tensors, path: label };
}

/** Loads a model folder (or the manifest.json inside it). Errors name the file and what to do. */
export function loadModel(path: string, expectFeatureSpec: string | null = FEATURE_SPEC_ID): LoadedModel {
  const dir = existsSync(path) && statSync(path).isFile() ? join(path, '..') : path;
  const manifestPath = join(dir, MANIFEST_FILE);
  if (!existsSync(dir)) throw modelError('model-not-found', `${path}: no such model folder. Check the path.`);
  if (!existsSync(manifestPath)) {
    throw modelError('model-not-a-model', `${path}: no ${MANIFEST_FILE} here, so this is not a workstation model folder. Choose a folder written by "pretrain" or "finetune".`);
  }
  const manifestText = readFileSync(manifestPath, 'utf8');
  let weightsName = WEIGHTS_FILE;
  try { weightsName = (JSON.parse(manifestText) as ModelManifest).weights?.file ?? WEIGHTS_FILE; } catch { /* reported by decodeModel */ }
  const weightsPath = join(dir, weightsName.replace(/[\\/]/g, '_'));
  if (!existsSync(weightsPath)) {
    throw modelError('model-corrupt', `${weightsPath}: the model's weights file is missing. Copy the whole model folder, or re-train.`);
  }
  const loaded = decodeModel(dir, manifestText, readFileSync(weightsPath), expectFeatureSpec);
  return { ...loaded, path: dir };
}
