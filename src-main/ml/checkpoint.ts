// Training checkpoints: one file per run, rewritten atomically (temporary file + rename) at the end of
// every epoch, so a run killed at any moment resumes from its last complete epoch. Layout: 4-byte LE
// length of a JSON header, the header (run state + tensor table + sha256 of the data), then float32
// tensors (parameters and Adam moments). A checkpoint whose hash does not match is refused rather than
// resumed from garbage.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../contract/api-types';
import { packWeights, sha256Hex, type ModelTensor, type TensorEntry } from './model-file';

export interface CheckpointFile<S> { state: S; tensors: ModelTensor[] }

interface Header<S> { format: 'ew-checkpoint'; version: 1; sha256: string; tensors: TensorEntry[]; state: S }

export function saveCheckpoint<S>(path: string, state: S, tensors: readonly ModelTensor[]): void {
  mkdirSync(dirname(path), { recursive: true });
  const { bytes, table } = packWeights(tensors);
  const header: Header<S> = { format: 'ew-checkpoint', version: 1, sha256: sha256Hex(bytes), tensors: table, state };
  const head = Buffer.from(JSON.stringify(header), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(head.length, 0);
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, Buffer.concat([len, head, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]));
  renameSync(tmp, path);
}

export function loadCheckpoint<S>(path: string): CheckpointFile<S> | null {
  if (!existsSync(path)) return null;
  const buf = readFileSync(path);
  const bad = (why: string): AppError => new AppError('checkpoint-corrupt', `${path}: ${why}. Delete the checkpoint to start the run again from the beginning.`);
  if (buf.length < 4) throw bad('the checkpoint is truncated');
  const len = buf.readUInt32LE(0);
  let header: Header<S>;
  try {
    header = JSON.parse(buf.subarray(4, 4 + len).toString('utf8')) as Header<S>;
  } catch {
    throw bad('the checkpoint header is damaged');
  }
  if (header.format !== 'ew-checkpoint') throw bad('not a training checkpoint');
  const bytes = buf.subarray(4 + len);
  if (sha256Hex(bytes) !== header.sha256) throw bad('the checkpoint data does not match its checksum');
  const floats = new Float32Array(bytes.length / 4);
  new Uint8Array(floats.buffer).set(bytes);
  const tensors = header.tensors.map((t) => ({ name: t.name, shape: t.shape, data: floats.slice(t.offset, t.offset + t.length) }));
  return { state: header.state, tensors };
}

export function removeCheckpoint(path: string): void {
  rmSync(path, { force: true });
  rmSync(`${path}.tmp`, { force: true });
}
