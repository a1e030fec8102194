// The column-group plug-in interface of the COVAREP-74 extractor (see extractor.ts for the pipeline).
//
// A ColumnGroup computes some of the 74 columns from a shared AnalysisContext and writes them through a
// ColumnWriter, on the output frame grid. Groups never resample or polarity-correct on their own: the
// context carries the 16 kHz, polarity-corrected float64 signal and the SRH pitch track every COVAREP
// column depends on. Expensive intermediate results that several groups need (e.g. the harmonic
// analysis used by MCEP, HMPD and Rd) are shared through `ctx.memo(key, compute)`.

/** SRH pitch track (Drugman & Alwan 2011) on its own frames, plus the values COVAREP derives from it. */
export interface SrhTrack {
  /** Frame centres in 1-based samples of the 16 kHz signal (COVAREP's round(srh_time·fs)): 800, 960, … */
  centres: Float64Array;
  /** F0 (Hz) of every SRH frame, voiced or not (COVAREP keeps SRH's best candidate; 1 Hz where the LP
   *  residual is NaN, i.e. next to digital silence). */
  f0: Float64Array;
  /** SRH voicing decision per SRH frame, 0 or 1. */
  vuv: Uint8Array;
  /** SRH criterion value per frame (the voicing score). */
  score: Float64Array;
  /** COVAREP's F0med: median of f0 over frames with VUV = 1 and 50 < f0 < 500; NaN if there is none. */
  f0Median: number;
  /** Final search range after SRH's narrowing to [F0med/2, 2·F0med]. */
  f0Min: number;
  f0Max: number;
}

export interface AnalysisContext {
  /** The signal at 16 kHz, float64, multiplied by the detected polarity (COVAREP analyses x·polarity). */
  readonly signal: Float64Array;
  readonly fs: 16000;
  /** RESKEW polarity, +1 or −1. */
  readonly polarity: 1 | -1;
  /** Output frame positions, 1-based samples (80, 240, …), COVAREP's `feature_sampling`. */
  readonly grid: Float64Array;
  readonly frames: number;
  readonly srh: SrhTrack;
  /** F0 on the output grid (interp1 of the SRH track; NaN outside the SRH frames). */
  readonly f0Grid: Float64Array;
  /** VUV on the output grid, 0/1 (NaN → 0, thresholded at 0.5 as COVAREP does). */
  readonly vuvGrid: Float64Array;
  /** VUV linearly interpolated at every sample 1..N (COVAREP's VUV_int; NaN → 0), lazily built. */
  vuvPerSample(): Float64Array;
  /** Seed for COVAREP's random draws (MT19937; 0 and 1 reproduce the reference CSVs' streams). */
  readonly seed: number;
  /** Compute once per clip, share between groups. */
  memo<T>(key: string, compute: () => T): T;
}

/** Writes whole columns of the output matrix. Values NaN are turned into 0 at the end (COVAREP rule). */
export interface ColumnWriter {
  /** Column by COVAREP name; `values` has one entry per output frame. */
  set(column: string, values: ArrayLike<number>): void;
}

export interface ColumnGroup {
  /** Short id used in timings and logs, e.g. 'srh', 'mcep', 'hmpd', 'glottal'. */
  readonly id: string;
  /** The COVAREP column names this group writes (must all be written by compute). */
  readonly columns: readonly string[];
  compute(ctx: AnalysisContext, out: ColumnWriter): void;
}
