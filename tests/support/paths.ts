// Where tests find things: the repository root and the read-only shared data beside it.
import { resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '..', '..');
export const sharedRoot = resolve(repoRoot, '..', 'shared');
export const ravdessRoot = resolve(sharedRoot, 'data', 'ravdess');
export const covarepRefRoot = resolve(sharedRoot, 'data', 'covarep-reference');

/** Absolute path of a RAVDESS clip, e.g. ravdessClip(1, '03-01-01-01-01-01-01'). */
export function ravdessClip(actor: number, stem: string): string {
  return resolve(ravdessRoot, 'audio', `Actor_${String(actor).padStart(2, '0')}`, `${stem}.flac`);
}
