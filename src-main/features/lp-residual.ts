// Linear-prediction residual by overlap-add of inverse-filtered frames, as used by SRH pitch tracking
// and RESKEW polarity detection (Drugman & Alwan, Interspeech 2011; Drugman, IEEE SPL 2013; COVAREP
// `lpcresidual`): frames of L+1 samples (L = 25 ms) every `shift` samples (5 ms), MATLAB `hanning`
// window, LPC (autocorrelation, Levinson) of the windowed frame, FIR inverse filter applied to the windowed
// frame from zero state, the frame residual rescaled to the frame's energy, overlap-added, and the
// whole residual normalised by its largest magnitude. Frames continue while the last sample index stays
// below N (COVAREP's `while stop < length(x)`).
//
// The frame loop runs in WebAssembly (native/srh-kernels.c srh_lp_residuals; SIMD lanes hold two lags or
// two output samples, each summed in the original order, so the values are those of the plain loop bit for
// bit). lpResiduals() computes several residuals of the same framing in one pass: the order-12 residual of
// SRH and the order-18 residuals of RESKEW share the frame windowing and the autocorrelation (Levinson's
// order-12 coefficients are a step of the order-18 recursion). Long clips go through in chunks of frames,
// so the module's memory stays bounded.
//
// A frame of exact zeros has NaN LPC coefficients (MATLAB `lpc`), so its residual is NaN; the NaN is kept
// on purpose: COVAREP's SRH turns it into F0 = 1 Hz, VUV = 0 near digital silence.
import { windowOf } from './dsp/windows';
import { wasmHeap } from './dsp/wasm-fft';

interface LpExports {
  srh_lp_residuals(x: number, xh: number, nFrames: number, L: number, shift: number, win: number,
    pA: number, resA: number, pB: number, resB: number, resC: number, work: number): void;
}

/** wasmHeap temp slots of this file (SRH engineer's range 100–119). */
const SLOT = { x: 100, xh: 101, a: 102, b: 103, c: 104, win: 105, work: 106 } as const;
/** Frames per WebAssembly call: bounds the module memory for long clips (≈ 2.6 MB per array at 5 ms). */
const CHUNK_FRAMES = 4096;
const MAX_ORDER = 32;

export interface LpResidualRequest {
  /** Order of residual `a` (LPC from x); 0 = not wanted. */
  orderA?: number;
  /** Order of residual `b` (LPC from x) and of `c`; must be ≥ orderA. */
  orderB?: number;
  /** Whether residual `b` is wanted (default true when orderB > 0). */
  wantB?: boolean;
  /** Signal whose frames give the LPC of residual `c` (inverse filter still on x); omitted = no `c`. */
  lpcFromC?: Float64Array;
  /** Residuals left unnormalised, for consumers that do not depend on the scale (SRH spectra, skewness). */
  unscaled?: readonly ('a' | 'b' | 'c')[];
}

export interface LpResidualSet { a?: Float64Array; b?: Float64Array; c?: Float64Array }

/** Several LP residuals of x with one framing (L + 1 samples every `shift`), normalised to max |·| = 1 unless `unscaled`. */
export function lpResiduals(x: Float64Array, L: number, shift: number, req: LpResidualRequest): LpResidualSet {
  const n = x.length;
  const len = L + 1;
  const pA = req.orderA ?? 0, pB = req.orderB ?? 0;
  const wantA = pA > 0, wantB = pB > 0 && (req.wantB ?? true), wantC = pB > 0 && req.lpcFromC !== undefined;
  if (pA > MAX_ORDER || pB > MAX_ORDER || (wantA && pB > 0 && pB < pA)) throw new Error(`LP residual: orders ${pA}/${pB} not supported`);
  const out: LpResidualSet = {};
  if (wantA) out.a = new Float64Array(n);
  if (wantB) out.b = new Float64Array(n);
  if (wantC) out.c = new Float64Array(n);
  // 1-based stop = start + L + 1 < n  ⇔  0-based start + L < n − 1
  const nFrames = n - L - 2 >= 0 ? Math.floor((n - L - 2) / shift) + 1 : 0;
  if (nFrames > 0) {
    const heap = wasmHeap();
    const ex = heap.ex as unknown as LpExports;
    const maxCnt = (Math.min(nFrames, CHUNK_FRAMES) - 1) * shift + len;
    const px = heap.allocTemp(SLOT.x, maxCnt);
    const pxh = wantC ? heap.allocTemp(SLOT.xh, maxCnt) : 0;
    const pa = wantA ? heap.allocTemp(SLOT.a, maxCnt) : 0;
    const pb = wantB ? heap.allocTemp(SLOT.b, maxCnt) : 0;
    const pc = wantC ? heap.allocTemp(SLOT.c, maxCnt) : 0;
    const pw = heap.allocTemp(SLOT.win, len);
    const pk = heap.allocTemp(SLOT.work, 5 * len + 4 * (MAX_ORDER + 1));
    heap.f64.set(windowOf('hanning', len), pw / 8);
    for (let f0 = 0; f0 < nFrames; f0 += CHUNK_FRAMES) {
      const nf = Math.min(CHUNK_FRAMES, nFrames - f0);
      const base = f0 * shift, cnt = (nf - 1) * shift + len;
      const v = heap.f64;
      v.set(x.subarray(base, base + cnt), px / 8);
      if (wantC) v.set(req.lpcFromC!.subarray(base, base + cnt), pxh / 8);
      // the overlap with the previous chunk already holds its frames' sums: continue from them (same
      // additions in the same order as one pass over all frames)
      if (out.a) v.set(out.a.subarray(base, base + cnt), pa / 8);
      if (out.b) v.set(out.b.subarray(base, base + cnt), pb / 8);
      if (out.c) v.set(out.c.subarray(base, base + cnt), pc / 8);
      ex.srh_lp_residuals(px, pxh, nf, L, shift, pw, wantA ? pA : 0, pa, wantB || wantC ? pB : 0, wantB ? pb : 0, pc, pk);
      if (out.a) out.a.set(v.subarray(pa / 8, pa / 8 + cnt), base);
      if (out.b) out.b.set(v.subarray(pb / 8, pb / 8 + cnt), base);
      if (out.c) out.c.set(v.subarray(pc / 8, pc / 8 + cnt), base);
    }
  }
  const raw = new Set(req.unscaled ?? []);
  if (out.a && !raw.has('a')) normalise(out.a);
  if (out.b && !raw.has('b')) normalise(out.b);
  if (out.c && !raw.has('c')) normalise(out.c);
  return out;
}

/**
 * @param x        signal used for the inverse filter
 * @param lpcFrom  signal whose frames give the LPC coefficients (x itself, or a filtered copy for RESKEW)
 */
export function lpResidual(x: Float64Array, L: number, shift: number, order: number, lpcFrom: Float64Array = x): Float64Array {
  if (lpcFrom === x) return lpResiduals(x, L, shift, { orderB: order }).b!;
  return lpResiduals(x, L, shift, { orderB: order, wantB: false, lpcFromC: lpcFrom }).c!;
}

/** Scaled to a maximum absolute value of 1. */
function normalise(res: Float64Array): Float64Array {
  const n = res.length;
  let mx = 0;
  for (let i = 0; i < n; i++) { const v = Math.abs(res[i]); if (v > mx) mx = v; } // NaN ignored, as MATLAB max
  const s = 1 / mx;
  for (let i = 0; i < n; i++) res[i] *= s;
  return res;
}
