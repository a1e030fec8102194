// The unit the training code works on: one clip's raw feature matrix (as extracted or imported, with its
// present flags), a stable key for reports, its speaker (for speaker-independent splits) and, for
// labelled clips, six emotion intensities. featureHash() identifies the matrix for caches and for the
// training-data hashes a model manifest records.
import { createHash } from 'node:crypto';
import { FEATURE_COUNT } from '../contract/feature-spec';
import type { RawFeatures } from './standardize';

export interface FeatureClip extends RawFeatures {
  key: string;
  speaker?: string;
  /** Six intensities in EMOTIONS order (labelled clips only). */
  targets?: ArrayLike<number>;
  /** sha256 of the matrix (computed on demand by featureHash). */
  hash?: string;
}

export function featureHash(clip: FeatureClip): string {
  if (clip.hash) return clip.hash;
  const h = createHash('sha256');
  h.update(`${clip.frames}x${FEATURE_COUNT}:`);
  h.update(clip.present ? Array.from(clip.present, (p) => (p ? '1' : '0')).join('') : 'all');
  h.update(new Uint8Array(clip.data.buffer, clip.data.byteOffset, clip.data.byteLength));
  clip.hash = h.digest('hex');
  return clip.hash;
}

/** sha256 over the sorted feature hashes of a set of clips: what a model manifest records as its data. */
export function datasetHash(clips: readonly FeatureClip[]): string {
  const h = createHash('sha256');
  for (const hash of clips.map(featureHash).sort()) h.update(hash);
  return h.digest('hex');
}

/** The sorted per-clip feature hashes a manifest lists (which exact matrices a model was trained on). */
export function clipHashes(clips: readonly FeatureClip[]): string[] {
  return clips.map(featureHash).sort();
}

/** Row-major [N × 6] targets of labelled clips (throws naming the first unlabelled clip). */
export function targetMatrix(clips: readonly FeatureClip[]): Float32Array {
  const out = new Float32Array(clips.length * 6);
  clips.forEach((c, i) => {
    if (!c.targets || c.targets.length !== 6) throw new Error(`clip ${c.key} has no label (six emotion intensities)`);
    for (let e = 0; e < 6; e++) out[i * 6 + e] = c.targets[e];
  });
  return out;
}
