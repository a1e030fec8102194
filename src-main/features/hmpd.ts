// Column group HMPDM_0 … HMPDM_24 and HMPDD_0 … HMPDD_12: phase distortion mean and deviation of the
// harmonic model.
// G. Degottex, D. Erro, "A uniform phase representation for the harmonic model in speech synthesis
// applications", EURASIP Journal on Audio, Speech, and Music Processing 2014:38; G. Degottex, D. Erro,
// "A measure of phase randomness for the harmonic model in speech synthesis", Interspeech 2014.
//
// Pipeline and parameters as COVAREP_feature_extraction → hmpd_analysis_features with hmpd_analysis()
// defaults (dftlen 1024, sin_nbat 4, pdm_nbper 6, pdd_nbper 2, pdm_log_hb 8, dc_phase 0) and
// pdm_log = pdd_log = true, pdm_order = 24, pdd_order = 12:
//  1. harmonics of every kept analysis frame (sin-frames.ts, harmonics.ts), at the SRH instants (10 ms);
//  2. vocal-tract phase removed: amplitude envelope by linear interpolation of the harmonic log
//     amplitudes (DC := |H1|, extended to Nyquist with the last amplitude, mirrored around DC and
//     Nyquist), its minimum phase (folded real cepstrum, 1024 points) subtracted from each harmonic phase;
//  3. phase distortion PD_k = Δ(φ_k − k·φ_1) across harmonics (DC phase set to 0), wrapped;
//     harmonics a frame does not have get uniformly random phases (the frame × (1+Hmax) matrix is first
//     filled with wrap(2π·rand)); then PD is moved onto a 513-bin Hz scale by linear interpolation of
//     the unwrapped values at 0, 0.95·f0, f0, 2·f0, …, with random phases where that is undefined;
//  4. PDM: circular mean over 25 frames (rectangular filtfilt of cos and sin along time);
//     PDD: PD minus its trend (9-frame median then Hann-9 filtfilt in polar coordinates), then the
//     circular standard deviation sqrt(−2·ln R) over 9 frames (0 where R ≥ 1);
//  5. compression: PDM bins 1..512 averaged (circularly) into 25 log-harmonic bins (linear up to 8, then
//     a quadratic Bézier curve through (8,8), (25,25), (512,25)), empty bins random; PDD (bin 0 := bin 1,
//     zeros := 0.001) → mel cepstrum of order 12 (the hspec2fwcep used for MCEP, 1024 points);
//  6. resampled to a 5 ms grid (PDM unwrapped along time), then to the output frames (linear, 0 outside,
//     wrapped).
// Random draws come from MT19937 seeded from ctx.seed in the order COVAREP makes them, so seeds 0 and 1
// reproduce the reference's streams. HMPDM_24 (and, through the smoothing, HMPDD slightly) depend on them:
// treat HMPDM_24 as noise.
//
// Implementation (ADR 0039; the contract is agreement with COVAREP's CSVs, ADR 0035): step 1 searches
// peaks only near each harmonic (harmonics.ts), step 2's cepstrum is a 513-point DCT-I, steps 4–5 run
// in one WebAssembly kernel (native/hmpd-kernels.c) with polynomial sin/cos/log, angle identities instead
// of atan2, running/box sums and a median network; PD is not wrapped before it (sin/cos take any branch).
// With the same F0 track the output equals the exact operations to float32 rounding except on the
// unstable edge frames; tests/features/hmpd.test.ts bounds steps 4–5 against the exact operations.
import type { ColumnGroup } from './types';
import { sinFrames, SIN_DFTLEN, type SinFrame } from './sin-frames';
import { HarmonicPicker, harmonicCount, type Harmonics } from './harmonics';
import { realFftPlan } from './dsp/fft';
import { DctI } from './dsp/dct';
import { MT19937, matlabTwisterSeed } from './dsp/mt19937';
import { unwrapInPlace, wrap } from './dsp/phase';
import { windowOf } from './dsp/windows';
import { fwcepWarpTable } from './mcep';
import { medianInPlace } from './dsp/stats';
import { wasmHeap } from './dsp/wasm-fft';

const HMPD_DFTLEN = 1024;
const PDM_ORDER = 24;
const PDD_ORDER = 12;
const PDM_LOG_HB = 8;
const PDM_NBAT = 6 * 4;
const PDD_NBAT = 2 * 4;
const STEP = 0.005;

/** Linear interpolation (x increasing) at xi; `def` outside [x0, xend]. */
function lin(x: ArrayLike<number>, y: ArrayLike<number>, n: number, xi: number, def: number): number {
  if (!(xi >= x[0] && xi <= x[n - 1])) return def;
  let lo = 0, hi = n - 1;
  while (hi - lo > 1) { const m = (lo + hi) >> 1; if (x[m] <= xi) lo = m; else hi = m; }
  if (xi === x[hi]) return y[hi];
  return y[lo] + ((xi - x[lo]) / (x[hi] - x[lo])) * (y[hi] - y[lo]);
}

/** lin() at increasing query points xq[0..nq) into out, by one walk (same values as lin). */
function linSorted(x: ArrayLike<number>, y: ArrayLike<number>, n: number, xq: ArrayLike<number>, nq: number, def: number, out: Float64Array): void {
  let j = 0;
  for (let i = 0; i < nq; i++) {
    const xi = xq[i];
    if (!(xi >= x[0] && xi <= x[n - 1])) { out[i] = def; continue; }
    if (n === 1) { out[i] = y[0]; continue; }
    while (j < n - 2 && x[j + 1] <= xi) j++;
    out[i] = xi === x[j + 1] ? y[j + 1] : y[j] + ((xi - x[j]) / (x[j + 1] - x[j])) * (y[j + 1] - y[j]);
  }
}

/** Log-harmonic scale of philin2philog: 512 positions → bins 1..25 (COVAREP hlin2hlog(8, 512, 25)). */
export function logHarmonicScale(hb: number, hmax: number, order: number): Int32Array {
  const hsl = new Float64Array(hmax);
  for (let h = 1; h <= hmax; h++) hsl[h - 1] = h;
  const nt = 101;
  const bx = new Float64Array(nt), by = new Float64Array(nt);
  for (let i = 0; i < nt; i++) {
    const t = i / 100;
    const u = 1 - t;
    bx[i] = u * u * hb + 2 * u * t * order + t * t * hmax;
    by[i] = u * u * hb + 2 * u * t * order + t * t * order;
  }
  for (let h = hb + 1; h <= hmax; h++) hsl[h - 1] = lin(bx, by, nt, h, NaN);
  const out = new Int32Array(hmax);
  for (let i = 0; i < hmax; i++) out[i] = Math.round(hsl[i]);
  return out;
}

/**
 * Minimum phase (radians, bins 0..dftlen/2) of a log-amplitude half spectrum: real cepstrum, folded
 * (c_n doubled for 0 < n < N/2, negative quefrencies dropped), imaginary part of its DFT. The cepstrum of
 * the even log spectrum is a DCT-I of its N/2 + 1 values (c_n = F_n/(N/2)), half the work of the N-point
 * inverse FFT.
 */
class MinPhase {
  private readonly dct: DctI;
  private readonly c: Float64Array;
  private readonly re: Float64Array;
  readonly phase: Float64Array;
  constructor(private readonly n: number) {
    this.dct = new DctI(n / 2);
    this.c = new Float64Array(n / 2 + 1);
    this.re = new Float64Array(n / 2 + 1);
    this.phase = new Float64Array(n / 2 + 1);
  }
  compute(logAmp: Float64Array): Float64Array {
    const H = this.n / 2, c = this.c;
    this.dct.transform(logAmp, c);
    c[0] /= H;
    for (let k = 1; k < H; k++) c[k] *= 2 / H;
    c[H] /= H;
    realFftPlan(this.n).forward(c, this.re, this.phase, H + 1);
    return this.phase;
  }
}

/** Per-frame harmonic phases with the vocal-tract minimum phase removed (steps 1–2). */
function harmonicPhases(x: Float64Array, fs: number, frames: SinFrame[]): Harmonics[] {
  const picker = new HarmonicPicker(SIN_DFTLEN);
  const eh = HMPD_DFTLEN / 2;
  const logE = new Float64Array(eh + 1);
  const mp = new MinPhase(HMPD_DFTLEN);
  const F = new Float64Array(eh + 1);
  for (let k = 0; k <= eh; k++) F[k] = (fs * k) / HMPD_DFTLEN;
  // knots of the envelope: harmonics, DC, the extension to Nyquist (bounded: a spacing below
  // fs/2 / ENV_CAP Hz would need more knots, which no f0 ≥ 1 Hz track produces) and the mirrored points
  const fk = new Float64Array(ENV_CAP + 16), ak = new Float64Array(ENV_CAP + 16);
  const ux = new Float64Array(ENV_CAP + 16), uy = new Float64Array(ENV_CAP + 16);
  const d = new Float64Array(ENV_CAP + 16);
  const f4 = new Float64Array(4), a4 = new Float64Array(4);
  const logAmp = new Float64Array(fs / 2 + 2); // K ≤ fs/2 + 1 harmonics (f0 ≥ 1 Hz)
  const out: Harmonics[] = [];
  // the phases of all frames in one array (one allocation instead of one per frame)
  let total = 0;
  for (const fr of frames) total += harmonicCount(fs, fr.f0);
  const phases = new Float64Array(total);
  let pOff = 0;
  for (const fr of frames) {
    const K = harmonicCount(fs, fr.f0);
    const hm = picker.pick(x, fr, fs, logAmp, phases.subarray(pOff, pOff + K));
    pOff += K;
    // amplitude envelope by interpolation of the harmonic log amplitudes (env_interp, extrap_dcny); ak
    // holds ln|amplitude| as pick() computed it
    let n = 0;
    for (let h = 1; h < hm.count && n < ENV_CAP; h++) { fk[n] = hm.freq[h]; ak[n] = logAmp[h]; n++; }
    if (n < 6) { out.push(hm); continue; } // < 5 harmonics: no f0 ≥ 50 Hz at 16 kHz gets here
    if (fk[0] !== 0) {
      fk.copyWithin(1, 0, n); ak.copyWithin(1, 0, n);
      fk[0] = 0; ak[0] = ak[1]; n++;
    } else {
      ak[0] = ak[1];
    }
    if (fk[n - 1] !== fs / 2) {
      for (let i = 1; i < n; i++) d[i - 1] = fk[i] - fk[i - 1];
      const mfd = medianInPlace(d.subarray(0, n - 1)); // d is scratch
      if (mfd > 0) while (fk[n - 1] < fs / 2 - mfd && n < ENV_CAP) { fk[n] = fk[n - 1] + mfd; ak[n] = ak[n - 1]; n++; }
    }
    // mirrored around DC (4 points; the DC point itself when it is not at 0) …
    const off = fk[0] > 0 ? 0 : 1;
    let e = 0;
    const push = (f: number, ly: number): void => {
      // equal neighbours are merged keeping the last (Octave `unique`; the knots are increasing)
      if (e > 0 && ux[e - 1] === f) { uy[e - 1] = ly; return; }
      ux[e] = f; uy[e] = ly; e++;
    };
    for (let i = 0; i < 4; i++) { f4[i] = -fk[3 - i + off]; a4[i] = ak[3 - i + off]; }
    const raw = d; // reuse: the knots before merging, for the Nyquist mirror
    let r = 0;
    for (let i = 0; i < 4; i++) { raw[r++] = f4[i]; push(f4[i], a4[i]); }
    for (let i = 0; i < n; i++) { raw[r++] = fk[i]; push(fk[i], ak[i]); }
    // … and around Nyquist (5 points)
    const lastF = raw[r - 1];
    const mirror = (i: number): void => {
      const j = r - 1 - i;
      push(fs / 2 + (fs / 2 - raw[j]), j >= 4 ? ak[j - 4] : a4[j]);
    };
    if (lastF < fs / 2) for (let i = 0; i < 5; i++) mirror(i);
    else if (lastF === fs / 2) for (let i = 1; i <= 5; i++) mirror(i);
    // interpolation at the 513 bin frequencies (as lin(), by one walk)
    const off0 = 0.5 * Math.log(fr.f0); // amp_f0norm (no effect on the phase)
    let j = 0;
    for (let k = 0; k <= eh; k++) {
      const xi = F[k];
      let v: number;
      if (!(xi >= ux[0] && xi <= ux[e - 1])) v = Math.log(1e-15); // db2mag(-300)
      else {
        while (j < e - 2 && ux[j + 1] <= xi) j++;
        v = xi === ux[j + 1] ? uy[j + 1] : uy[j] + ((xi - ux[j]) / (ux[j + 1] - ux[j])) * (uy[j + 1] - uy[j]);
      }
      logE[k] = v - off0;
    }
    const phase = mp.compute(logE);
    for (let h = 0; h < hm.count; h++) {
      const vtfp = lin(F, phase, eh + 1, hm.freq[h], 0);
      hm.phase[h] = wrap(hm.phase[h] - vtfp);
    }
    out.push(hm);
  }
  return out;
}

/** Capacity of the envelope knot buffers of harmonicPhases. */
const ENV_CAP = 8192;

/** Log-harmonic bands of the PDM compression: 1…25 (index 0 unused). */
const NBAND = PDM_ORDER + 2;

interface HmpdExports {
  hmpd_time_stats(
    P: number, M: number, nb: number, stride: number, band: number, nband: number, bandC: number, bandS: number,
    wlm: number, wl: number, hann: number, hannL: number, work: number,
  ): void;
  hmpd_pdd_cep(pdd: number, M: number, nb: number, lo: number, frac: number, cosTab: number, order: number, out: number, work: number): void;
}

/** Scratch slots of wasmHeap().allocTemp owned by HMPD (140…159). */
const SLOT = 140;

interface HmpdTables { band: number; count: Int32Array; hann: number; lo: number; frac: number; cos: number }
let tables: { fs: number; t: HmpdTables } | null = null;

/** Constant tables in WebAssembly memory: band of each bin, Hann-9 taps, the PDD mel warp and cosines. */
function hmpdTables(fs: number): HmpdTables {
  if (tables && tables.fs === fs) return tables.t;
  const heap = wasmHeap();
  const nb = HMPD_DFTLEN / 2 + 1;
  // PDM bins 0…511 → log-harmonic band hsl[i] (COVAREP philin2philog; bin 512 unused)
  const hsl = logHarmonicScale(PDM_LOG_HB, HMPD_DFTLEN / 2, PDM_ORDER + 1);
  const band = heap.alloc(4 * nb), count = new Int32Array(NBAND);
  const i32 = heap.i32;
  for (let k = 0; k < nb; k++) {
    const h = k < HMPD_DFTLEN / 2 ? hsl[k] : -1;
    const ok = h >= 1 && h <= PDM_ORDER + 1;
    i32[band / 4 + k] = ok ? h : -1;
    if (ok) count[h]++;
  }
  const wl = Math.round(PDD_NBAT / 2) * 2 + 1; // 9
  const hw = windowOf('hann', wl);
  let hs = 0;
  for (let i = 0; i < wl; i++) hs += hw[i];
  const hann = heap.allocF64(wl);
  heap.writeF64(hann, Float64Array.from(hw, (v) => v / hs));
  const warp = fwcepWarpTable(fs, HMPD_DFTLEN, PDD_ORDER);
  const lo = heap.alloc(4 * nb);
  heap.i32.set(warp.lo, lo / 4);
  const frac = heap.allocF64(nb);
  heap.writeF64(frac, warp.frac);
  const cos = heap.allocF64(warp.cos.length);
  heap.writeF64(cos, warp.cos);
  tables = { fs, t: { band, count, hann, lo, frac, cos } };
  return tables.t;
}

/**
 * Steps 4–5 in WebAssembly: PD (time-major [M][nb], overwritten with PDD) → per-frame sums of cos/sin of
 * PDM per log-harmonic band (bandC/bandS [M][NBAND]) and the PDD mel cepstrum (pddc [M][13]). Bins go in
 * blocks and frames in blocks so the module's memory stays bounded (≤ 2^20 values per block) whatever
 * the clip length.
 */
function phaseStatistics(P: Float64Array, M: number, nb: number, fs: number, bandC: Float64Array, bandS: Float64Array, pddc: Float64Array): void {
  const heap = wasmHeap();
  const ex = heap.ex as unknown as HmpdExports;
  const t = hmpdTables(fs);
  const wlm = Math.round(PDM_NBAT / 2) * 2 + 1; // 25
  const wl = Math.round(PDD_NBAT / 2) * 2 + 1; // 9
  const B = Math.min(nb, Math.max(2, 2 * Math.floor((1 << 19) / M)));
  const blk = heap.allocTemp(SLOT, M * B);
  const work = heap.allocTemp(SLOT + 1, 16 * (M + 6 * (wlm - 1) + 2 + 64) + 64); // see hmpd_time_stats
  const bc = heap.allocTemp(SLOT + 2, M * NBAND), bs = heap.allocTemp(SLOT + 3, M * NBAND);
  let v = heap.f64;
  v.fill(0, bc / 8, bc / 8 + M * NBAND);
  v.fill(0, bs / 8, bs / 8 + M * NBAND);
  for (let k0 = 0; k0 < nb; k0 += B) {
    const nc = Math.min(B, nb - k0);
    v = heap.f64;
    const o = blk / 8;
    for (let m = 0; m < M; m++) for (let j = 0; j < nc; j++) v[o + m * nc + j] = P[m * nb + k0 + j];
    ex.hmpd_time_stats(blk, M, nc, nc, t.band + 4 * k0, NBAND, bc, bs, wlm, wl, t.hann, wl, work);
    v = heap.f64;
    for (let m = 0; m < M; m++) for (let j = 0; j < nc; j++) P[m * nb + k0 + j] = v[o + m * nc + j];
  }
  v = heap.f64;
  bandC.set(v.subarray(bc / 8, bc / 8 + M * NBAND));
  bandS.set(v.subarray(bs / 8, bs / 8 + M * NBAND));
  // PDD → 13 mel-cepstral coefficients per frame, frames in blocks
  const F = Math.max(1, Math.floor((1 << 20) / nb));
  const rows = heap.allocTemp(SLOT + 4, Math.min(M, F) * nb);
  const cep = heap.allocTemp(SLOT + 5, Math.min(M, F) * (PDD_ORDER + 1));
  const cw = heap.allocTemp(SLOT + 6, 2 * (nb + 1));
  for (let m0 = 0; m0 < M; m0 += F) {
    const nf = Math.min(F, M - m0);
    v = heap.f64;
    v.set(P.subarray(m0 * nb, (m0 + nf) * nb), rows / 8);
    ex.hmpd_pdd_cep(rows, nf, nb, t.lo, t.frac, t.cos, PDD_ORDER, cep, cw);
    v = heap.f64;
    pddc.set(v.subarray(cep / 8, cep / 8 + nf * (PDD_ORDER + 1)), m0 * (PDD_ORDER + 1));
  }
}

/**
 * Steps 4–5 for a phase-distortion matrix P (time-major [M][513], radians, any 2π branch; overwritten
 * with PDD): PDM compressed to the 25 log-harmonic bins (pdmc [M][25], NaN for a band without bins —
 * COVAREP then draws a random phase, which the caller does in its stream order) and the PDD mel cepstrum
 * (pddc [M][13]). Exported for tests/features/hmpd.test.ts, which checks the kernel's approximations
 * against the exact operations.
 */
export function hmpdStatistics(P: Float64Array, M: number, fs: number): { pdmc: Float64Array; pddc: Float64Array } {
  const nb = HMPD_DFTLEN / 2 + 1;
  const pdmc = new Float64Array(M * (PDM_ORDER + 1));
  const pddc = new Float64Array(M * (PDD_ORDER + 1));
  const bandC = new Float64Array(M * NBAND), bandS = new Float64Array(M * NBAND);
  phaseStatistics(P, M, nb, fs, bandC, bandS, pddc);
  const cnt = hmpdTables(fs).count;
  for (let m = 0; m < M; m++) {
    for (let h = 1; h <= PDM_ORDER + 1; h++) {
      const i = m * NBAND + h;
      pdmc[m * (PDM_ORDER + 1) + h - 1] = cnt[h] ? Math.atan2(bandS[i] / cnt[h], bandC[i] / cnt[h]) : NaN;
    }
  }
  return { pdmc, pddc };
}

export const hmpdGroup: ColumnGroup = {
  id: 'hmpd',
  columns: [
    ...Array.from({ length: PDM_ORDER + 1 }, (_, i) => `HMPDM_${i}`),
    ...Array.from({ length: PDD_ORDER + 1 }, (_, i) => `HMPDD_${i}`),
  ],
  compute(ctx, out) {
    const fs = ctx.fs;
    const frames = sinFrames(ctx);
    const M = frames.length;
    const nOut = ctx.frames;
    if (M === 0) {
      const zeros = new Float64Array(nOut);
      for (const c of this.columns) out.set(c, zeros);
      return;
    }
    const rng = new MT19937(matlabTwisterSeed(ctx.seed));
    const harm = harmonicPhases(ctx.signal, fs, frames);

    // 3. phase distortion per harmonic, random where missing
    let hmax = 0;
    for (const h of harm) hmax = Math.max(hmax, h.count - 1);
    const cols = 1 + hmax;
    // COVAREP first fills the whole frame × harmonic matrix with 2π·rand, column by column; the draws
    // are kept in that order (column-major, sequential writes) and read where a frame has no harmonic.
    // No wrap: the values are unwrapped across harmonics below and only enter through cos/sin.
    const rnd = new Float64Array(M * cols); // [harmonic][frame]
    for (let i = 0; i < M * cols; i++) rnd[i] = 2 * Math.PI * rng.random();
    const PE = new Float64Array(M * cols); // row-major [frame][harmonic]
    const ppk = new Float64Array(cols + 1);
    for (let m = 0; m < M; m++) {
      const h = harm[m];
      const K = h.count;
      let mino = 0;
      if (K >= 2) {
        const p1 = h.phase[1];
        for (let k = 0; k < K; k++) ppk[k] = (k === 0 ? 0 : h.phase[k]) - k * p1;
        unwrapInPlace(ppk, K);
        mino = Math.min(K - 1, cols);
        for (let j = 0; j < mino; j++) PE[m * cols + j] = wrap(ppk[j + 1] - ppk[j]);
      }
      for (let j = mino; j < cols; j++) PE[m * cols + j] = rnd[j * M + m];
    }

    // harmonic scale → 513-bin Hz scale
    const nb = HMPD_DFTLEN / 2 + 1;
    const P = new Float64Array(M * nb); // row-major [frame][bin]
    const kx = new Float64Array(cols + 2), ky = new Float64Array(cols + 2);
    // bins above the last harmonic position are undefined (NaN in COVAREP, then random): per frame they
    // are the bins from firstNaN[m] on, as the bin frequencies increase
    const firstNaN = new Int32Array(M);
    const n2 = cols + 2;
    for (let m = 0; m < M; m++) {
      const f0 = frames[m].f0;
      kx[0] = 0; kx[1] = f0 * 0.95;
      ky[0] = 0; ky[1] = 0;
      for (let c = 0; c < cols; c++) { kx[c + 2] = f0 * (c + 1); ky[c + 2] = PE[m * cols + c]; }
      unwrapInPlace(ky, n2);
      // linear interpolation (as lin()) by one walk over the increasing bin frequencies
      let j = 0, first = nb;
      const row = m * nb;
      for (let k = 0; k < nb; k++) {
        const xi = (fs * k) / HMPD_DFTLEN;
        if (!(xi >= kx[0] && xi <= kx[n2 - 1])) { first = k; break; }
        while (j < n2 - 2 && kx[j + 1] <= xi) j++;
        const v = xi === kx[j + 1] ? ky[j + 1] : ky[j] + ((xi - kx[j]) / (kx[j + 1] - kx[j])) * (ky[j + 1] - ky[j]);
        P[row + k] = v; // unwrapped: the kernel's sin/cos take any range
      }
      firstNaN[m] = first;
    }
    let minFirst = nb;
    for (let m = 0; m < M; m++) minFirst = Math.min(minFirst, firstNaN[m]);
    for (let k = minFirst; k < nb; k++) {
      for (let m = 0; m < M; m++) if (k >= firstNaN[m]) P[m * nb + k] = 2 * Math.PI * rng.random();
    }

    // 4–5. statistics along time and compression (WebAssembly, native/hmpd-kernels.c)
    const { pdmc: PDMC, pddc: PDDC } = hmpdStatistics(P, M, fs);
    for (let i = 0; i < PDMC.length; i++) if (Number.isNaN(PDMC[i])) PDMC[i] = wrap(2 * Math.PI * rng.random());

    // 6. irregular frame times → 5 ms grid → output frames
    const T = Float64Array.from(frames, (f) => f.centre / fs);
    const tEnd = T[M - 1];
    const uT: number[] = [];
    for (let i = 0; i * STEP <= tEnd + 1e-12; i++) {
      const t = i * STEP;
      if (t >= T[0] && t <= tEnd) uT.push(t);
    }
    const q = Float64Array.from(ctx.grid, (g) => (g - 1) / fs);
    const col = new Float64Array(M);
    const uTa = Float64Array.from(uT);
    const mid = new Float64Array(uT.length);
    const res = new Float64Array(nOut);
    const resample = (src: Float64Array, width: number, c: number, circular: boolean): Float64Array => {
      for (let m = 0; m < M; m++) col[m] = src[m * width + c];
      if (circular) unwrapInPlace(col, M);
      linSorted(T, col, M, uTa, uTa.length, 0, mid);
      if (circular) {
        for (let i = 0; i < uT.length; i++) mid[i] = wrap(mid[i]);
        unwrapInPlace(mid, uT.length);
      }
      if (uTa.length) linSorted(uTa, mid, uTa.length, q, nOut, 0, res);
      else res.fill(0);
      if (circular) for (let k = 0; k < nOut; k++) res[k] = wrap(res[k]);
      return res;
    };
    for (let c = 0; c <= PDM_ORDER; c++) out.set(`HMPDM_${c}`, resample(PDMC, PDM_ORDER + 1, c, true));
    for (let c = 0; c <= PDD_ORDER; c++) out.set(`HMPDD_${c}`, resample(PDDC, PDD_ORDER + 1, c, false));
  },
};
