// Shapes shared by the agreement statistics (pure, no DB).

/**
 * Reliability data: one row per unit (a clip, or a clip × emotion), one column per rater. null = the
 * rater gave no usable value for that unit (did not rate it, or marked it "not rateable").
 */
export type RatingMatrix = ReadonlyArray<ReadonlyArray<number | null>>;

/** A closed interval [lower, upper]. */
export type Interval = [number, number];
