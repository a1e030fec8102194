// Column group MCEP_0 … MCEP_24: frequency-warped (mel) cepstrum of the True Envelope of each harmonic
// analysis frame, as COVAREP_feature_extraction computes it.
//
// - Spectral envelope: True Envelope (Röbel & Rodet, DAFx 2005; true-envelope.ts) of the 4096-point
//   amplitude spectrum of the sin_analysis frame (sin-frames.ts), cepstral order round(0.5·fs/f0).
// - Warping and cepstrum (COVAREP `hspec2fwcep`, cf. Tokuda et al., ICSLP 1994 for mel-cepstra): the
//   amplitude envelope is resampled onto a mel axis by linear interpolation — bin k takes the envelope at
//   the linear frequency whose scaled mel value 0.5·fs·mel(f)/mel(fs/2) equals k·fs/4096, with
//   mel(f) = ln(1 + f/700) (VOICEBOX frq2mel; the constant 1127.01 cancels) — then the real cepstrum of
//   its log is taken and truncated to order 24, coefficients 1..24 doubled (energy of the dropped negative
//   quefrencies). Units: natural-log amplitude (nepers) cepstral coefficients.
// - Placement (COVAREP quirk, kept on purpose): the M envelopes (one per kept analysis frame, centred from
//   sample 800 to N − 800) are put at samples round(linspace(1, N, M)) — spread over the whole clip — and
//   linearly interpolated onto the output grid. MCEP frames therefore drift by up to ~50 ms against the
//   other columns near the ends of a clip, and MCEP is never 0.
import type { ColumnGroup } from './types';
import { frameSpectrum, sinFrames, SIN_DFTLEN } from './sin-frames';
import { TrueEnvelope } from './true-envelope';
import { interp1 } from './dsp/interp';
import { roundHalfAway } from './dsp/stats';
import { wasmHeap, featureWasmEnabled } from './dsp/wasm-fft';

export const MCEP_ORDER = 24;

interface WarpTable { lo: Int32Array; frac: Float64Array; cos: Float64Array; wasm?: { cos: number; work: number; out: number } }

const warpTables = new Map<string, WarpTable>();

function warpTable(fs: number, dftlen: number, order: number): WarpTable {
  const key = `${fs}:${dftlen}:${order}`;
  const hit = warpTables.get(key);
  if (hit) return hit;
  const H = dftlen / 2;
  const mel = (f: number): number => Math.log(1 + f / 700);
  const ref = mel(0.5 * fs);
  const lin = new Float64Array(H + 1);
  const warped = new Float64Array(H + 1);
  for (let k = 0; k <= H; k++) {
    lin[k] = (k * fs) / dftlen;
    warped[k] = (0.5 * fs * mel(lin[k])) / ref;
  }
  // For each linear query frequency, the interval of the (increasing) warped knots holding it.
  const lo = new Int32Array(H + 1);
  const frac = new Float64Array(H + 1);
  let j = 0;
  for (let k = 0; k <= H; k++) {
    const q = lin[k];
    while (j < H - 1 && warped[j + 1] < q) j++;
    if (q >= warped[H]) { lo[k] = H - 1; frac[k] = 1; continue; }
    lo[k] = j;
    frac[k] = (q - warped[j]) / (warped[j + 1] - warped[j]);
  }
  // Real cepstrum of a symmetric spectrum: c_n = (1/N)·[L_0 + (−1)^n L_H + 2 Σ_{k=1}^{H−1} L_k cos(2πnk/N)]
  const cos = new Float64Array((order + 1) * (H + 1));
  for (let n = 0; n <= order; n++) {
    for (let k = 0; k <= H; k++) {
      const w = k === 0 || k === H ? 1 : 2;
      cos[n * (H + 1) + k] = (w * Math.cos((2 * Math.PI * n * k) / dftlen)) / dftlen;
    }
  }
  const t = { lo, frac, cos };
  warpTables.set(key, t);
  return t;
}

/** hspec2fwcep's warp (interval and fraction per linear bin) and cosine table, for the HMPD kernel that
 *  applies it to PDD (hmpd.ts, native/hmpd-kernels.c hmpd_pdd_cep). */
export function fwcepWarpTable(fs: number, dftlen: number, order: number): Readonly<{ lo: Int32Array; frac: Float64Array; cos: Float64Array }> {
  return warpTable(fs, dftlen, order);
}

let expBuf = new Float64Array(0);

/** Mel cepstrum (order+1 values, COVAREP hspec2fwcep) of a log-amplitude half spectrum. */
export function logHspecToFwcep(logEnv: Float64Array, fs: number, dftlen: number, order: number, out: Float64Array, work: Float64Array): void {
  const H = dftlen / 2;
  const t = warpTable(fs, dftlen, order);
  // exp of each envelope bin once (neighbouring query bins share knots): the same values as calling
  // Math.exp at every use
  const ex = expBuf.length > H ? expBuf : (expBuf = new Float64Array(H + 1));
  for (let k = 0; k <= H; k++) ex[k] = Math.exp(logEnv[k]);
  for (let k = 0; k <= H; k++) {
    const a = ex[t.lo[k]], b = ex[t.lo[k] + 1];
    work[k] = Math.log(Math.abs(a + t.frac[k] * (b - a)));
  }
  if (featureWasmEnabled()) {
    // the 25 cosine sums in WebAssembly (native/fft-kernels.c fwcep_dot; same order, bit-identical)
    const heap = wasmHeap();
    if (!t.wasm) {
      const cos = heap.allocF64(t.cos.length);
      heap.f64.set(t.cos, cos / 8);
      t.wasm = { cos, work: heap.allocF64(H + 1), out: heap.allocF64(order + 1) };
    }
    const v = heap.f64;
    v.set(work.subarray(0, H + 1), t.wasm.work / 8);
    heap.ex.fwcep_dot(t.wasm.work, t.wasm.cos, H, order, t.wasm.out);
    out.set(v.subarray(t.wasm.out / 8, t.wasm.out / 8 + order + 1));
    return;
  }
  for (let n = 0; n <= order; n++) {
    let s = 0;
    const row = n * (H + 1);
    for (let k = 0; k <= H; k++) s += work[k] * t.cos[row + k];
    out[n] = n === 0 ? s : 2 * s;
  }
}

/** MCEP per kept analysis frame, row-major [M × (order+1)]. */
export function mcepPerFrame(x: Float64Array, fs: number, frames: { centre: number; f0: number; winlen: number; srhIndex: number }[]): Float64Array {
  const M = frames.length;
  const out = new Float64Array(M * (MCEP_ORDER + 1));
  const H = SIN_DFTLEN / 2;
  const re = new Float64Array(H + 1), im = new Float64Array(H + 1), amp = new Float64Array(H + 1);
  const buf = new Float64Array(SIN_DFTLEN);
  const env = new Float64Array(H + 1), work = new Float64Array(H + 1), cep = new Float64Array(MCEP_ORDER + 1);
  const te = new TrueEnvelope(SIN_DFTLEN);
  for (let m = 0; m < M; m++) {
    const fr = frames[m];
    frameSpectrum(x, fr, re, im, buf, false);
    for (let k = 0; k <= H; k++) amp[k] = Math.sqrt(re[k] * re[k] + im[k] * im[k]);
    te.logEnvelope(amp, roundHalfAway((0.5 * fs) / fr.f0), env);
    logHspecToFwcep(env, fs, SIN_DFTLEN, MCEP_ORDER, cep, work);
    out.set(cep, m * (MCEP_ORDER + 1));
  }
  return out;
}

export const mcepGroup: ColumnGroup = {
  id: 'mcep',
  columns: Array.from({ length: MCEP_ORDER + 1 }, (_, i) => `MCEP_${i}`),
  compute(ctx, out) {
    const frames = sinFrames(ctx);
    const M = frames.length;
    const n = ctx.signal.length;
    const per = mcepPerFrame(ctx.signal, ctx.fs, frames);
    // COVAREP places the envelopes at round(linspace(1, N, M)), not at their analysis instants.
    const pos = new Float64Array(M);
    if (M === 1) pos[0] = n;
    else for (let m = 0; m < M; m++) pos[m] = m === M - 1 ? n : roundHalfAway(1 + m * ((n - 1) / (M - 1)));
    const col = new Float64Array(M);
    const res = new Float64Array(ctx.frames);
    for (let c = 0; c <= MCEP_ORDER; c++) {
      for (let m = 0; m < M; m++) col[m] = per[m * (MCEP_ORDER + 1) + c];
      interp1(pos, col, ctx.grid, res);
      out.set(`MCEP_${c}`, res);
    }
  },
};
