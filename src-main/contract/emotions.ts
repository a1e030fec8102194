// The one source of truth for the six emotions and their intensity scale (CMU-MOSEI, SCIENCE.md).
export const EMOTIONS = ['happy', 'sad', 'anger', 'surprise', 'disgust', 'fear'] as const;
export type Emotion = (typeof EMOTIONS)[number];

/** Intensity steps a rater can choose; consensus values (means) are real numbers in [0, 3]. */
export const INTENSITY_MIN = 0;
export const INTENSITY_MAX = 3;
export const INTENSITY_NAMES = ['none', 'weak', 'somewhat', 'strong'] as const;

export type EmotionValues = Record<Emotion, number>;

export function zeroEmotionValues(): EmotionValues {
  return { happy: 0, sad: 0, anger: 0, surprise: 0, disgust: 0, fear: 0 };
}
