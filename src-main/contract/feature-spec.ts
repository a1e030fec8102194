// The one source of truth for the feature matrix layout: COVAREP's 74 columns in CMU-MOSEI order.
// Frame k is centred at 0-based sample 79 + 160k of 16 kHz audio (10 ms hop); see docs/features.md.

const range = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}_${i}`);

export const FEATURE_COLUMNS: readonly string[] = Object.freeze([
  'F0', 'VUV', 'NAQ', 'QOQ', 'H1H2', 'PSP', 'MDQ', 'peakSlope', 'Rd', 'Rd_conf', 'creak',
  ...range('MCEP', 25),
  ...range('HMPDM', 25),
  ...range('HMPDD', 13),
]);

export const FEATURE_COUNT = 74;
export const FEATURE_SAMPLE_RATE = 16000;
export const FEATURE_HOP = 160;

/**
 * Identifier of the feature contract. A model records the spec it was trained on and refuses
 * features of another spec. Bump the version when any column's definition changes.
 */
export const FEATURE_SPEC_ID = 'covarep74-v1';

/** Number of frames COVAREP produces for n samples at 16 kHz: floor((n − 80) / 160) + 1. */
export function frameCount(samples: number): number {
  return samples < 80 ? 0 : Math.floor((samples - 80) / FEATURE_HOP) + 1;
}
