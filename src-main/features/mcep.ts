// Column group MCEP_0 … MCEP_24: frequency-warped (mel) cepstrum of the True Envelope of each harmonic
// analysis frame, as COVAREP_feature_extraction computes it.
//
// - Spectral envelope: True Envelope (Röbel & Rodet, DAFx 2005; true-envelope.ts) of the amplitude
//   spectrum of the sin_analysis frame (sin-frames.ts), cepstral order round(0.5·fs/f0). COVAREP uses a
//   4096-point spectrum; we use 1024 points whenever the window fits (ADR 0037, true-envelope.ts).
// - Warping and cepstrum (COVAREP `hspec2fwcep`, cf. Tokuda et al., ICSLP 1994 for mel-cepstra): the
//   amplitude envelope is resampled onto a mel axis by linear interpolation — bin k takes the envelope at
//   the linear frequency whose scaled mel value 0.5·fs·mel(f)/mel(fs/2) equals k·fs/4096, with
//   mel(f) = ln(1 + f/700) (VOICEBOX frq2mel; the constant 1127.01 cancels) — then the real cepstrum of
//   its log is taken and truncated to order 24, coefficients 1..24 doubled (energy of the dropped negative
//   quefrencies). Units: natural-log amplitude (nepers) cepstral coefficients. For MCEP this chain is
//   one precomputed matrix applied to the envelope's cepstrum (mcepMatrixUpTo below, ADR 0037);
//   logHspecToFwcep keeps the step-by-step form for HMPD's PDD cepstrum.
// - Speed (ADR 0037): the spectra, both True Envelope passes and the matrix run in WebAssembly
//   (native/fft-kernels.c mcep_pass) in float32, four frames side by side in the SIMD lanes; the
//   TypeScript path below is the float64 form of the same steps (used when WebAssembly is switched off).
// - Placement (COVAREP quirk, kept on purpose): the M envelopes (one per kept analysis frame, centred from
//   sample 800 to N − 800) are put at samples round(linspace(1, N, M)) — spread over the whole clip — and
//   linearly interpolated onto the output grid. MCEP frames therefore drift by up to ~50 ms against the
//   other columns near the ends of a clip, and MCEP is never 0.
import type { ColumnGroup } from './types';
import { frameSpectrum, sinFrames, SIN_DFTLEN, type SinFrame } from './sin-frames';
import { TE_DB_LIM, TE_MAX_IT, TrueEnvelope, teOrders, tePreDftlen, type TeOrders } from './true-envelope';
import { interp1 } from './dsp/interp';
import { roundHalfAway } from './dsp/stats';
import { windowOf } from './dsp/windows';
import { featureWasmEnabled, wasmDctPlan, wasmHeap, wasmRealPlan } from './dsp/wasm-fft';

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

// ---- True Envelope → mel cepstrum as one matrix (ADR 0037) -------------------------------------------
// The envelope is a cosine series V(f) = cc_0 + Σ_j cc_j·cos(2πjf/fs) (true-envelope.ts), so hspec2fwcep's
// steps — sample V at the linear frequencies whose mel value falls on the 4096-point grid, real cepstrum,
// order 24 — are linear in cc: mcep = W·cc with W_nj = Σ_k r_nk·cos(2πj·f_k/fs), r_nk the cepstrum's cosine
// weights and f_k = 700·(e^{2k·mel(fs/2)/4096} − 1) the warped frequency of bin k. COVAREP interpolates
// exp(V) linearly between the 4096-grid bins instead of evaluating V there (≤ 4e-4·std difference).
// The mel grid of W: 1024 points while the orders stay ≤ 255 (every frame with F0 ≥ 38 Hz; the sums differ
// from 4096 points by ≤ 6e-7 for orders ≤ 192, and W is built 4× faster), COVAREP's 4096 beyond.
const melDftlen = (J: number): number => (J <= 255 ? 1024 : SIN_DFTLEN);
const WT_STRIDE = 26; // W stored transposed, 25 values per cepstral coefficient padded to 26 (f64x2 pairs)

interface McepMatrix { fs: number; J: number; wt: Float64Array; wasm?: { p: number; J: number } }
let mcepMatrix: McepMatrix | null = null;

/** W transposed, rows j = 0..J (J grows on demand; cached per thread). */
function mcepMatrixUpTo(fs: number, J: number): McepMatrix {
  if (mcepMatrix && mcepMatrix.fs === fs && mcepMatrix.J >= J) return mcepMatrix;
  const Jn = Math.max(J, 255, mcepMatrix?.fs === fs ? 2 * mcepMatrix.J : 0);
  const melN = melDftlen(Jn), H = melN / 2;
  const ref = Math.log(1 + (0.5 * fs) / 700);
  const r = new Float64Array((MCEP_ORDER + 1) * (H + 1));
  const cth = new Float64Array(H + 1);
  for (let k = 0; k <= H; k++) {
    const wk = (k === 0 || k === H ? 1 : 2) / melN;
    for (let n = 0; n <= MCEP_ORDER; n++) r[n * (H + 1) + k] = wk * (n === 0 ? 1 : 2) * Math.cos((2 * Math.PI * n * k) / melN);
    cth[k] = Math.cos((2 * Math.PI * 700 * (Math.exp((2 * k * ref) / melN) - 1)) / fs);
  }
  const wt = new Float64Array((Jn + 1) * WT_STRIDE);
  // cos(jθ_k) by the Chebyshev recurrence T_{j+1} = 2cosθ·T_j − T_{j−1}
  let tPrev = new Float64Array(H + 1).fill(1), tCur = Float64Array.from(cth);
  for (let j = 0; j <= Jn; j++) {
    const t = j === 0 ? tPrev : tCur;
    for (let n = 0; n <= MCEP_ORDER; n++) {
      let s = 0;
      const o = n * (H + 1);
      for (let k = 0; k <= H; k++) s += r[o + k] * t[k];
      wt[j * WT_STRIDE + n] = s;
    }
    if (j >= 1) {
      const nxt = new Float64Array(H + 1);
      for (let k = 0; k <= H; k++) nxt[k] = 2 * cth[k] * tCur[k] - tPrev[k];
      tPrev = tCur; tCur = nxt;
    }
  }
  mcepMatrix = { fs, J: Jn, wt };
  return mcepMatrix;
}

/**
 * MCEP_0..24 (hspec2fwcep of the 4096-point envelope) of the envelope V(f) = cc_0 + Σ_{j=1}^{p} cc_j·cos(2πjf/fs),
 * as the matrix product W·cc.
 */
export function envelopeCepstrumToMcep(cc: ArrayLike<number>, p: number, fs: number, out: Float64Array): void {
  const wt = mcepMatrixUpTo(fs, p).wt;
  for (let n = 0; n <= MCEP_ORDER; n++) {
    let s = 0;
    for (let j = 0; j <= p; j++) s += wt[j * WT_STRIDE + n] * cc[j];
    out[n] = s;
  }
}

/** The True Envelope's DFT length for a frame: 1024 when the window fits (ADR 0037), else COVAREP's 4096. */
export function mcepDftlen(winlen: number): number {
  return winlen <= 1024 ? 1024 : SIN_DFTLEN;
}

/** Floor of the power spectrum before the log (an all-zero frame would give −∞ and NaN cepstra). */
const POWER_FLOOR = 1e-30;

interface McepExports {
  memory: WebAssembly.Memory;
  mcep_plan_f32(rplan: number, dplan: number, pl: number, mem: number): number;
  mcep_pass(fp: number, dp: number, mode: number, x: number, frames: number, M: number, wins: number, ccPre: number, ccStride: number,
    wt: number, out: number, dbLim: number, maxIt: number, iters: number, work: number): void;
}

// temp slots of the MCEP engineer (wasm-fft.ts allocTemp: 120…139)
const SLOT_X = 120, SLOT_FRAMES = 121, SLOT_OUT = 122, SLOT_ITERS = 123, SLOT_WORK = 124, SLOT_CCPRE = 125;
const CHUNK = 2048;

const wasmPlans = new Map<number, { fp: number; dp: number }>();
const wasmWindows = new Map<number, number>(); // winlen → float offset of the normalised, truncated window

function wasmPlanPair(N: number): { fp: number; dp: number } {
  let pp = wasmPlans.get(N);
  if (pp) return pp;
  const heap = wasmHeap(), ex = heap.ex as unknown as McepExports;
  const rp = wasmRealPlan(N), rh = wasmRealPlan(N / 2), dct = wasmDctPlan(N / 2);
  if (!rp || !rh || !dct) throw new Error(`MCEP: no WebAssembly FFT plan for ${N} points`);
  const fp = heap.alloc(256), dp = heap.alloc(256);
  const fm = heap.alloc(4 * 8 * N), dm = heap.alloc(4 * 8 * N);
  ex.mcep_plan_f32(rp.plan, 0, fp, fm);
  ex.mcep_plan_f32(rh.plan, dct.plan, dp, dm);
  pp = { fp, dp };
  wasmPlans.set(N, pp);
  return pp;
}

function wasmWindow(winlen: number): number {
  let off = wasmWindows.get(winlen);
  if (off !== undefined) return off;
  const heap = wasmHeap();
  const w = windowOf('blackman', winlen);
  let sw = 0;
  for (let i = 0; i < winlen; i++) sw += w[i];
  const len = Math.min(winlen, SIN_DFTLEN); // fft(x, 4096) keeps the first 4096 samples
  const p = heap.alloc(4 * len);
  const f32 = new Float32Array(heap.ex.memory.buffer, p, len);
  for (let i = 0; i < len; i++) f32[i] = w[i] / sw;
  off = p / 4;
  wasmWindows.set(winlen, off);
  return off;
}

export interface McepStats { preIterations: number; mainIterations: number }

/**
 * MCEP per kept analysis frame, row-major [M × (order+1)]. `stats` (optional) receives iteration counts.
 * `exact`: COVAREP's 4096-point True Envelope (float64 TypeScript, ~50× slower) — for the tests that
 * measure the approximation error on the same analysis frames.
 */
export function mcepPerFrame(x: Float64Array, fs: number, frames: readonly SinFrame[], stats?: McepStats, exact = false): Float64Array {
  if (exact) return mcepPerFrameTs(x, fs, frames, stats, () => SIN_DFTLEN);
  return featureWasmEnabled() ? mcepPerFrameWasm(x, fs, frames, stats) : mcepPerFrameTs(x, fs, frames, stats, mcepDftlen);
}

function frameOrders(fs: number, fr: SinFrame, N: number): TeOrders {
  return teOrders(roundHalfAway((0.5 * fs) / fr.f0), N);
}

/** float64 TypeScript path (WebAssembly switched off): the same steps as the kernel, one frame at a time. */
function mcepPerFrameTs(x: Float64Array, fs: number, frames: readonly SinFrame[], stats: McepStats | undefined, dftlenOf: (winlen: number) => number): Float64Array {
  const M = frames.length;
  const out = new Float64Array(M * (MCEP_ORDER + 1));
  const H4 = SIN_DFTLEN / 2;
  const re = new Float64Array(H4 + 1), im = new Float64Array(H4 + 1), buf = new Float64Array(SIN_DFTLEN);
  const logAmp = new Float64Array(H4 + 1), cc = new Float64Array(H4 + 1);
  const tes = new Map<number, TrueEnvelope>();
  const teOf = (n: number): TrueEnvelope => { let t = tes.get(n); if (!t) { t = new TrueEnvelope(n); tes.set(n, t); } return t; };
  for (let m = 0; m < M; m++) {
    const fr = frames[m];
    const N = dftlenOf(fr.winlen), H = N / 2;
    frameSpectrum(x, fr, re, im, buf, false, N);
    for (let k = 0; k <= H; k++) logAmp[k] = 0.5 * Math.log(Math.max(re[k] * re[k] + im[k] * im[k], POWER_FLOOR));
    const o = frameOrders(fs, fr, N);
    const [a, b] = teOf(N).envelope(logAmp, o, teOf(tePreDftlen(N)), cc);
    if (stats) { stats.preIterations += a; stats.mainIterations += b; }
    envelopeCepstrumToMcep(cc, o.p, fs, out.subarray(m * (MCEP_ORDER + 1), (m + 1) * (MCEP_ORDER + 1)));
  }
  return out;
}

/** WebAssembly path: native/fft-kernels.c mcep_pass, float32, four frames per SIMD vector. */
function mcepPerFrameWasm(x: Float64Array, fs: number, frames: readonly SinFrame[], stats?: McepStats): Float64Array {
  const M = frames.length;
  const out = new Float64Array(M * (MCEP_ORDER + 1));
  // frames grouped by DFT length (in practice all 1024; 4096 only for 1 Hz frames of > 3 s clips)
  const byN = new Map<number, number[]>();
  for (let m = 0; m < M; m++) {
    const N = mcepDftlen(frames[m].winlen);
    let l = byN.get(N);
    if (!l) byN.set(N, (l = []));
    l.push(m);
  }
  const heap = wasmHeap(), ex = heap.ex as unknown as McepExports;
  for (const [N, idx] of byN) {
    const Np = tePreDftlen(N);
    const main = wasmPlanPair(N), pre = wasmPlanPair(Np);
    let Jmax = 0;
    const orders = idx.map((m) => { const o = frameOrders(fs, frames[m], N); Jmax = Math.max(Jmax, o.p); return o; });
    const W = mcepMatrixUpTo(fs, Jmax);
    if (!W.wasm || W.wasm.J < W.J) {
      const p = heap.allocF64(W.wt.length);
      heap.f64.set(W.wt, p / 8);
      W.wasm = { p, J: W.J };
    }
    for (const fr of idx) wasmWindow(frames[fr].winlen);
    for (let c0 = 0; c0 < idx.length; c0 += CHUNK) {
      const cn = Math.min(CHUNK, idx.length - c0);
      let s0 = Infinity, s1 = 0, preMax = 0;
      for (let i = 0; i < cn; i++) {
        const fr = frames[idx[c0 + i]], h = (fr.winlen - 1) / 2;
        s0 = Math.min(s0, fr.centre - h);
        s1 = Math.max(s1, fr.centre - h + Math.min(fr.winlen, SIN_DFTLEN));
        preMax = Math.max(preMax, orders[c0 + i].pre);
      }
      const span = s1 - s0, stride = preMax + 1;
      const xp = heap.allocTemp(SLOT_X, Math.ceil(span / 2) + 2);
      const tp = heap.allocTemp(SLOT_FRAMES, Math.ceil((7 * cn) / 2) + 1);
      const op = heap.allocTemp(SLOT_OUT, cn * (MCEP_ORDER + 1));
      const ip = heap.allocTemp(SLOT_ITERS, cn + 1);
      const cp = heap.allocTemp(SLOT_CCPRE, Math.ceil((cn * stride) / 2) + 1);
      const wp = heap.allocTemp(SLOT_WORK, 2 * (9 * (N / 2 + 1) + 2 * N));
      const buf = heap.ex.memory.buffer;
      const xf = new Float32Array(buf, xp, span);
      for (let i = 0; i < span; i++) xf[i] = x[s0 + i];
      const ti = new Int32Array(buf, tp, 7 * cn);
      for (let i = 0, t = 0; i < cn; i++, t += 7) {
        const fr = frames[idx[c0 + i]], o = orders[c0 + i];
        ti[t] = fr.centre - (fr.winlen - 1) / 2 - s0;
        ti[t + 1] = Math.min(fr.winlen, SIN_DFTLEN);
        ti[t + 2] = wasmWindows.get(fr.winlen)!;
        ti[t + 3] = o.p; ti[t + 4] = o.pre; ti[t + 5] = o.lo; ti[t + 6] = o.hi;
      }
      const dbLim = Math.fround(TE_DB_LIM);
      ex.mcep_pass(pre.fp, pre.dp, 0, xp, tp, cn, 0, cp, stride, W.wasm.p, op, dbLim, TE_MAX_IT, ip, wp);
      if (stats) { const it = new Int32Array(heap.ex.memory.buffer, ip, cn); for (let i = 0; i < cn; i++) stats.preIterations += it[i]; }
      ex.mcep_pass(main.fp, main.dp, 1, xp, tp, cn, 0, cp, stride, W.wasm.p, op, dbLim, TE_MAX_IT, ip, wp);
      if (stats) { const it = new Int32Array(heap.ex.memory.buffer, ip, cn); for (let i = 0; i < cn; i++) stats.mainIterations += it[i]; }
      const res = new Float64Array(heap.ex.memory.buffer, op, cn * (MCEP_ORDER + 1));
      for (let i = 0, r = 0; i < cn; i++) {
        const o = idx[c0 + i] * (MCEP_ORDER + 1);
        for (let c = 0; c <= MCEP_ORDER; c++, r++) out[o + c] = res[r];
      }
    }
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
