// The nine glottal-source columns of COVAREP's feature set (NAQ, QOQ, H1H2, PSP, MDQ, peakSlope, Rd,
// Rd_conf, creak), computed from the polarity-corrected 16 kHz signal and the SRH F0/VUV track, and
// placed on the 10 ms output grid the way COVAREP_feature_extraction does:
// - GCIs by SEDREAMS with F0mean = median SRH F0 of voiced frames (50–500 Hz); GCIs where the SRH voicing
//   interpolated to the sample is < 0.5 are dropped;
// - per-GCI values are linearly interpolated between GCIs, across unvoiced gaps too, NaN (→ 0) before the
//   first and after the last GCI; MDQ's knots sit one sample earlier than NAQ's (COVAREP's time stamps);
// - every NaN becomes 0 at the end, ±Infinity is kept.
import { gciSedreams } from './gci-sedreams.js';
import { iaifGci } from './iaif.js';
import { interp1 } from './dsp-basic.js';
import { median } from '../dsp/stats.js';
import { lpResidual } from '../lp-residual.js';
import { mdq } from './mdq.js';
import { peakSlope } from './peak-slope.js';
import { vqParams } from './vq-params.js';
import { rdMsp } from './rd-msp.js';
import { creakDetector } from './creak.js';
import type { SinFrame } from '../sin-frames.js';

export const GLOTTAL_COLUMNS = ['NAQ', 'QOQ', 'H1H2', 'PSP', 'MDQ', 'peakSlope', 'Rd', 'Rd_conf', 'creak'] as const;
export type GlottalColumn = (typeof GLOTTAL_COLUMNS)[number];

export interface GlottalInput {
  /** Polarity-corrected signal, 16 kHz, float64. */
  x: Float64Array;
  /** SRH frame positions as COVAREP's round(srh_time·fs) (MATLAB 1-based sample numbers). */
  srhPos: ArrayLike<number>;
  srhF0: ArrayLike<number>;
  srhVuv: ArrayLike<number>;
  /** Output frame count (floor((N − 80)/160) + 1). */
  frames: number;
  /** LP residual (25 ms / 5 ms / order 18, NaN in digital silence), if the caller already has it. */
  residual?: Float64Array;
  /** Sinusoidal-analysis frames (for Rd); Rd/Rd_conf stay 0 without them. */
  sinFrames?: readonly SinFrame[];
}

export type GlottalStatus = 'ok' | 'no-voiced-frames' | 'too-few-gcis';

export interface GlottalResult {
  columns: Record<GlottalColumn, Float64Array>;
  status: GlottalStatus;
  gciCount: number;
  /** CPU milliseconds of the process per stage (one thread in the bench), for profiling. */
  timings: Record<string, number>;
}

/** Output-frame query positions as COVAREP's feature_sampling (1-based sample numbers 80 + 160k). */
export function gridPositions(frames: number): Float64Array {
  return Float64Array.from({ length: frames }, (_, k) => 80 + 160 * k);
}

function toGrid(knots: ArrayLike<number>, values: ArrayLike<number>, grid: Float64Array): Float64Array {
  const out = interp1(knots, values, grid);
  for (let i = 0; i < out.length; i++) if (Number.isNaN(out[i])) out[i] = 0;
  return out;
}

/**
 * The LP residual SEDREAMS, MDQ and the creak detector analyse (Drugman et al., IEEE TASL 2012, sec. III;
 * COVAREP `lpcresidual` at 16 kHz: 401-sample Hanning frames, 80-sample shift, order 18, frame energy
 * kept, OLA, peak-normalised; NaN in digital silence, which COVAREP's creak resonators depend on). It is
 * part I's implementation (../lp-residual.ts, used by RESKEW and SRH): RESKEW computes exactly this
 * residual on the signal before polarity correction, and res(−x) = −res(x) holds bit for bit (every
 * step is odd or even in x), so the pipeline can hand it over through the memo key LP_RESIDUAL_18_KEY.
 */
export function glottalResidual(x: Float64Array): Float64Array {
  return lpResidual(x, 400, 80, 18);
}

export function computeGlottal(input: GlottalInput): GlottalResult {
  const { x, frames } = input;
  const timings: Record<string, number> = {};
  // CPU time, not wall time: the bench machine is shared, and CPU time is what the speed goal counts.
  const cpuMs = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  let t = cpuMs();
  const lap = (name: string): void => { const now = cpuMs(); timings[name] = now - t; t = now; };
  const grid = gridPositions(frames);
  const zeros = (): Float64Array => new Float64Array(frames);
  const columns = Object.fromEntries(GLOTTAL_COLUMNS.map((c) => [c, zeros()])) as Record<GlottalColumn, Float64Array>;

  const res = input.residual ?? glottalResidual(x);
  lap('residual');

  // peakSlope does not depend on voicing.
  const ps = peakSlope(x);
  columns.peakSlope = toGrid(ps.pos1, ps.value, grid);
  lap('peakSlope');

  if (input.sinFrames) {
    const rd = rdMsp(x, input.sinFrames);
    columns.Rd = toGrid(rd.pos1, rd.rd, grid);
    columns.Rd_conf = toGrid(rd.pos1, rd.conf, grid);
    lap('rd');
  }

  const ck = creakDetector({ x, res, srhF0: input.srhF0, srhVuv: input.srhVuv });
  columns.creak = toGrid(ck.pos1, ck.value, grid);
  lap('creak');

  const voicedF0: number[] = [];
  for (let j = 0; j < input.srhF0.length; j++) {
    const f = input.srhF0[j];
    if (input.srhVuv[j] === 1 && f > 50 && f < 500) voicedF0.push(f);
  }
  const f0mean = median(voicedF0);
  if (!(f0mean > 0)) return { columns, status: 'no-voiced-frames', gciCount: 0, timings };

  const resClean = new Float64Array(res.length);
  for (let i = 0; i < res.length; i++) resClean[i] = Number.isNaN(res[i]) ? 0 : res[i];
  const { gci: raw } = gciSedreams(x, resClean, f0mean);
  lap('gci');
  // Voicing at each sample (MATLAB interp1 of the SRH decisions at 1-based positions 1..N, NaN → 0);
  // COVAREP indexes it with the 0-based GCI number, kept here.
  const kept: number[] = [];
  const vAt = interp1(input.srhPos, input.srhVuv, raw); // raw GCIs are ascending: one linear pass
  for (let i = 0; i < raw.length; i++) if (raw[i] >= 1 && vAt[i] >= 0.5) kept.push(raw[i]);
  const gci = Int32Array.from(new Set(kept)).sort();
  if (gci.length < 2) return { columns, status: 'too-few-gcis', gciCount: gci.length, timings };

  const { g, dg } = iaifGci(x, gci);
  lap('iaif');
  const vqp = vqParams(g, dg, gci);
  lap('vq');
  const knotsVq = Float64Array.from(gci, (v) => v + 1);
  columns.NAQ = toGrid(knotsVq, vqp.naq, grid);
  columns.QOQ = toGrid(knotsVq, vqp.qoq, grid);
  columns.H1H2 = toGrid(knotsVq, vqp.h1h2, grid);
  columns.PSP = toGrid(knotsVq, vqp.psp, grid);

  const m = mdq(res, gci);
  lap('mdq');
  columns.MDQ = toGrid(Float64Array.from(gci), m, grid);
  return { columns, status: 'ok', gciCount: gci.length, timings };
}
