// The speaker-independent RAVDESS split the ML tests and docs/training.md use: actors 21–24 (two male,
// two female) held out, as the RAVDESS README suggests; actors 1–20 for training.
export const TRAIN_ACTORS = Array.from({ length: 20 }, (_, i) => i + 1);
export const TEST_ACTORS = [21, 22, 23, 24];
