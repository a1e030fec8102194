// COVAREP-74 feature extractor: the pipeline and its output contract.
//
// extractFeatures(samples, sampleRate) reproduces COVAREP_feature_extraction.m (covarep/covarep, v1.4.2
// behaviour) in TypeScript:
//   1. resample to 16 kHz with src-main/audio/resample.ts (COVAREP's frame grid is defined at 16 kHz),
//   2. removal of a gross DC offset (> 1 % of full scale only; ADR 0021), RESKEW polarity detection and correction (polarity.ts) — before everything else, as COVAREP does;
//      the same pass over the LP frames yields SRH's order-12 residual and the order-18 residual the
//      glottal group needs (ctx.memo 'lp-residual-order18'; ADR 0036),
//   3. SRH pitch tracking (srh.ts) on 100 ms frames, 10 ms hop; F0/VUV interpolated to the output grid,
//   4. every registered ColumnGroup (types.ts) computes its columns on the output grid,
//   5. NaN → 0 at the very end (COVAREP's `features(isnan(features)) = 0`), ±Inf kept.
//
// Output grid: frame k centred at 1-based sample 80 + 160k, floor((N − 80)/160) + 1 frames (framing.ts).
// Columns no registered group computes are reported absent (present[c] = false, values NaN) — never zeros.
//
// Plug-in: part II (glottal source, creak) adds its group to COLUMN_GROUPS below — one line.
import { FEATURE_COLUMNS, FEATURE_COUNT, FEATURE_SAMPLE_RATE, FEATURE_SPEC_ID, frameCount } from '../contract/feature-spec';
import type { AnalysisContext, ColumnGroup, ColumnWriter, SrhTrack } from './types';
import { outputGrid } from './dsp/framing';
import { interp1 } from './dsp/interp';
import { resample } from '../audio/resample';
import { analysePolarity } from './polarity';
import { SRH_MIN_SAMPLES, srhPitch } from './srh';
import { f0VuvGroup } from './f0-vuv';
import { mcepGroup } from './mcep';
import { hmpdGroup } from './hmpd';
import { glottalGroup, LP_RESIDUAL_18_KEY } from './glottal/index';

export type { AnalysisContext, ColumnGroup, ColumnWriter, SrhTrack } from './types';

/** Every column group, in computation order. Part II registers its group here. */
export const COLUMN_GROUPS: readonly ColumnGroup[] = [f0VuvGroup, mcepGroup, hmpdGroup, glottalGroup];

export type FeatureStatus =
  /** All groups ran. */
  | 'ok'
  /** SRH found no voiced frame (silence, noise): F0/VUV/MCEP/HMPD are defined, VUV = 0 everywhere;
   *  COVAREP itself fails on such input (no GCIs can be placed), so glottal columns may be absent. */
  | 'no-voiced-frames'
  /** Shorter than SRH's 100 ms analysis window (< 1599 samples at 16 kHz): no frame can be analysed;
   *  F0 = 0 and VUV = 0 on every output frame, all other columns absent. COVAREP refuses such input. */
  | 'too-short'
  /** A column group threw; its columns are absent and `message` says which and why. */
  | 'partial';

export interface FeatureResult {
  featureSpec: typeof FEATURE_SPEC_ID;
  frames: number;
  /** Row-major [frames × 74] float32 in COVAREP column order (FEATURE_COLUMNS). */
  data: Float32Array;
  /** Per column: computed (true) or absent (false; its values are NaN). */
  present: boolean[];
  status: FeatureStatus;
  message?: string;
  /** Detected polarity (+1/−1) — COVAREP multiplies the signal by it. */
  polarity: number;
  /** Milliseconds per stage ('resample', 'polarity', 'srh', then each group id) and 'total'. */
  timings: Record<string, number>;
}

export interface ExtractOptions {
  /** Seed of COVAREP's random draws (HMPD): 0 and 1 reproduce the reference's two streams. Default 0. */
  seed?: number;
  /** Only compute the groups that cover these columns (default: all registered groups). */
  columns?: readonly string[];
  /** Override the registered groups (tests, benchmarks). */
  groups?: readonly ColumnGroup[];
}

/** DC offsets larger than this (fraction of full scale) are removed before analysis. */
export const DC_OFFSET_LIMIT = 0.01;

const COLUMN_INDEX = new Map(FEATURE_COLUMNS.map((c, i) => [c, i]));

export function columnIndex(name: string): number {
  const i = COLUMN_INDEX.get(name);
  if (i === undefined) throw new Error(`unknown feature column "${name}"`);
  return i;
}

function toFloat64(x: Float32Array | Float64Array): Float64Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    // Non-finite input samples would poison every LP frame: treat them as 0.
    y[i] = Number.isFinite(v) ? v : 0;
  }
  return y;
}

export function extractFeatures(
  samples: Float32Array | Float64Array,
  sampleRate: number,
  opts: ExtractOptions = {},
): FeatureResult {
  const t0 = performance.now();
  const timings: Record<string, number> = {};
  if (!(sampleRate > 0) || !Number.isFinite(sampleRate)) throw new Error(`invalid sample rate ${sampleRate}`);
  let tick = performance.now();
  const lap = (name: string): void => {
    const now = performance.now();
    timings[name] = (timings[name] ?? 0) + (now - tick);
    tick = now;
  };

  // Other rates go through the project's one resampler (audio/resample.ts, windowed sinc); float32 is
  // enough for its input, the analysis itself runs in float64.
  const at16k = sampleRate === FEATURE_SAMPLE_RATE ? samples : resample(Float32Array.from(samples), sampleRate, FEATURE_SAMPLE_RATE);
  const x = toFloat64(at16k);
  lap('resample');

  const n = x.length;
  const frames = frameCount(n);
  const data = new Float32Array(frames * FEATURE_COUNT).fill(NaN);
  const present = new Array<boolean>(FEATURE_COUNT).fill(false);
  const seed = opts.seed ?? 0;

  const writer: ColumnWriter = {
    set(column, values) {
      const c = columnIndex(column);
      if (values.length !== frames) throw new Error(`column ${column}: ${values.length} values for ${frames} frames`);
      for (let k = 0; k < frames; k++) {
        const v = values[k];
        data[k * FEATURE_COUNT + c] = Number.isNaN(v) ? 0 : v;
      }
      present[c] = true;
    },
  };

  if (n < SRH_MIN_SAMPLES) {
    const zeros = new Float64Array(frames);
    writer.set('F0', zeros);
    writer.set('VUV', zeros);
    timings.total = performance.now() - t0;
    return {
      featureSpec: FEATURE_SPEC_ID, frames, data, present, status: 'too-short', polarity: 1, timings,
      message: `clip is ${(n / FEATURE_SAMPLE_RATE).toFixed(3)} s long; the analysis needs at least 0.1 s`,
    };
  }

  // Deliberate deviation from COVAREP (docs/adr/0021): a DC offset above 1 % of full scale (a faulty
  // recording chain, not speech) is removed before analysis — COVAREP would let it bend the LP residual
  // and the voicing decision. Below that, nothing is touched, so normal recordings (and their exact
  // digital silence, which COVAREP treats specially) are analysed exactly as COVAREP does.
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n;
  if (Math.abs(mean) > DC_OFFSET_LIMIT) for (let i = 0; i < n; i++) x[i] -= mean;

  // RESKEW also yields SRH's order-12 residual (same framing, shared autocorrelation) and the order-18
  // residual the glottal group needs; both are of the uncorrected signal, and res(−x) = −res(x) bit for bit.
  const pa = analysePolarity(x, FEATURE_SAMPLE_RATE, true);
  const polarity = pa.polarity;
  if (polarity < 0) {
    for (let i = 0; i < n; i++) x[i] = -x[i];
    const r = pa.residualOwn;
    for (let i = 0; i < n; i++) r[i] = -r[i];
  }
  lap('polarity');

  // SRH reads only magnitude spectra, so the residual of the uncorrected signal serves as it is.
  const srh: SrhTrack = srhPitch(x, FEATURE_SAMPLE_RATE, 10, pa.residualSrh);
  const grid = outputGrid(n);
  const f0Grid = new Float64Array(frames);
  const vuvGrid = new Float64Array(frames);
  interp1(srh.centres, srh.f0, grid, f0Grid);
  interp1(srh.centres, srh.vuv, grid, vuvGrid);
  for (let k = 0; k < frames; k++) {
    const v = vuvGrid[k];
    vuvGrid[k] = v >= 0.5 ? 1 : 0; // NaN → 0
  }
  lap('srh');

  let vuvSamples: Float64Array | null = null;
  const memo = new Map<string, unknown>([[LP_RESIDUAL_18_KEY, pa.residualOwn]]);
  const ctx: AnalysisContext = {
    signal: x, fs: FEATURE_SAMPLE_RATE, polarity: polarity < 0 ? -1 : 1, grid, frames, srh, f0Grid, vuvGrid, seed,
    vuvPerSample() {
      if (!vuvSamples) {
        const pos = new Float64Array(n);
        for (let i = 0; i < n; i++) pos[i] = i + 1;
        vuvSamples = new Float64Array(n);
        interp1(srh.centres, srh.vuv, pos, vuvSamples);
        for (let i = 0; i < n; i++) if (Number.isNaN(vuvSamples[i])) vuvSamples[i] = 0;
      }
      return vuvSamples;
    },
    memo<T>(key: string, compute: () => T): T {
      if (!memo.has(key)) memo.set(key, compute());
      return memo.get(key) as T;
    },
  };

  let groups = opts.groups ?? COLUMN_GROUPS;
  if (opts.columns) {
    const want = new Set(opts.columns);
    groups = groups.filter((g) => g.columns.some((c) => want.has(c)));
  }
  const failures: string[] = [];
  for (const g of groups) {
    try {
      g.compute(ctx, writer);
    } catch (err) {
      for (const c of g.columns) {
        const ci = columnIndex(c);
        present[ci] = false;
        for (let k = 0; k < frames; k++) data[k * FEATURE_COUNT + ci] = NaN;
      }
      failures.push(`${g.id}: ${err instanceof Error ? err.message : String(err)}`);
    }
    lap(g.id);
  }
  timings.total = performance.now() - t0;

  const anyVoiced = srh.vuv.some((v) => v === 1);
  let status: FeatureStatus = 'ok';
  let message: string | undefined;
  if (failures.length) {
    status = 'partial';
    message = `some columns could not be computed: ${failures.join('; ')}`;
  } else if (!anyVoiced) {
    status = 'no-voiced-frames';
    message = 'no voiced speech found (silence or noise): VUV = 0 in every frame';
  }
  return { featureSpec: FEATURE_SPEC_ID, frames, data, present, status, message, polarity, timings };
}
