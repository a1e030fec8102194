// F0 and voicing by Summation of Residual Harmonics (SRH).
// T. Drugman, A. Alwan, "Joint Robust Voicing Detection and Pitch Estimation Based on Residual
// Harmonics", Interspeech 2011, Florence.
//
// Parameters as COVAREP `pitch_srh` (v1.4.2) called by COVAREP_feature_extraction:
// - LP residual: 25 ms Hanning frames (401 samples), 5 ms shift, order round(0.75·fs/1000) = 12;
// - analysis frames of round(0.1·fs) − 2 = 1598 samples, hop 10 ms, centred at 1-based samples
//   800, 960, … ≤ N − 799; Blackman window, mean removed after windowing;
// - amplitude spectrum |FFT| with fs points (1 Hz bins), first fs/2 bins, normalised to unit L2 norm;
// - SRH(f) = Σ_{k=1..5} E(k·f) − Σ_{k=1..4} E(round((k+½)·f)) for integer f in [f0min, f0max], where E is
//   indexed like MATLAB's 1-based spectrum (E(i) is the bin at i − 1 Hz);
// - F0 = arg max; candidates below f0min score 0, so a frame whose scores are all ≤ 0 or NaN gets
//   F0 = 1 Hz and SRH = 0 (this is COVAREP's F0 = 1 in digital silence);
// - 2 iterations: after the first, if max SRH > 0.1, the range becomes [round(F0med/2), round(2·F0med)]
//   (each bound only if it narrows the range), F0med the median F0 of frames with SRH > 0.1;
// - voicing: SRH > 0.07, or > 0.085 when std(SRH) > 0.05.
//
// Speed (docs/adr/0035, 0036; measured in docs/features.md "F0 and VUV"): E is not read from a 16000-point
// DFT per frame. The residual is half-band low-passed (Kaiser-windowed sinc, 63 taps) and decimated to
// 8 kHz once per clip; each frame takes a 2048-point real FFT of its 799 decimated, windowed samples
// placed centred in the buffer (a smooth complex spectrum), the frame mean is removed in the frequency
// domain, and E at the integer frequencies the sums read (≤ 5·f0max = 2.5 kHz) is the modulus of the
// 10-point Lagrange interpolation of that complex spectrum. The L2 normalisation of the 16000-bin half
// spectrum is exact, by Parseval from the time domain. The approximated SRH values are within ≈ 3e-6 of
// the exact ones; every frame whose decision could depend on less than AMBIGUITY (top-2 gap, or score near
// 0 / 0.07 / 0.085 / 0.1) — ≈ 2 % of frames — is recomputed with the exact 16000-point spectrum, so F0 and
// VUV are the exact algorithm's. Kernel: native/srh-kernels.c srh_frames.
import { median, std, roundHalfAway } from './dsp/stats';
import { realFftPlan } from './dsp/fft';
import { windowOf } from './dsp/windows';
import { wasmHeap, wasmRealPlan } from './dsp/wasm-fft';
import { lpResidual } from './lp-residual';
import type { SrhTrack } from './types';

export const SRH_F0_MIN = 50;
export const SRH_F0_MAX = 500;
const N_HARMONICS = 5;
const ITER_THRESH = 0.1;
const STD_THRESH = 0.05;
const VOICING_THRESH = 0.07;
const VOICING_THRESH2 = 0.085;

/** Shortest input with at least one SRH frame at 16 kHz (1598-sample frame plus the 800-sample offset). */
export const SRH_MIN_SAMPLES = 1599;

/** Half-length K of the decimation filter (2K + 1 taps) and its Kaiser β. */
const DEC_K = 31;
const DEC_BETA = 12;
/** Lagrange interpolation nodes (base − 4 … base + 5) on the decimated frame's complex spectrum. */
const LAG_PTS = 10;
/** FFT oversampling of the decimated frame's spectrum (2048 points for 799 samples). */
const OVERSAMPLE = 2.5;
/**
 * Largest error of an approximated SRH value seen on the reference clips is ≈ 3e-6 (tests): frames whose
 * decision could depend on a smaller difference (top-2 gap, score near a threshold) are recomputed with the
 * exact 16000-point spectrum, so F0 and VUV are those of the exact algorithm.
 */
const AMBIGUITY = 3e-5;
/** SRH frames per WebAssembly call (bounds the module memory for long clips). */
const CHUNK_FRAMES = 2048;
/** Clips with more SRH frames than this do not keep the SRH matrix (> 3 min): pass 2 recomputes it. */
const MAX_STORED_VALUES = 1 << 23;

interface SrhExports {
  srh_decimate2(x: number, n: number, h: number, K: number, out: number, nOut: number): void;
  srh_frames(res: number, dec: number, j0: number, j1: number, hop: number, frameLen: number, win: number,
    rplan: number, lagW: number, lagBase: number, dc: number, fullN: number, need: number, nNeed: number, fLo: number, fHi: number,
    f0: number, score: number, gap: number, rows: number, work: number): void;
  srh_exact_values(x: number, frameLen: number, win: number, tw: number, fullN: number, cand: number, nCand: number,
    out: number, work: number): void;
}

/** wasmHeap temp slots of this file (SRH engineer's range 100–119; lp-residual.ts uses 100–106). */
const SLOT = { res: 110, dec: 111, f0: 112, score: 113, rows: 114, work: 115, need: 116, gap: 117 } as const;
/** More slots (the range 100–119 is the SRH engineer's; 100–106 are lp-residual.ts's). */
const SLOT2 = { cand: 107, vals: 108, frame: 109, ywork: 118 } as const;
/** Exact candidates per ambiguous frame beyond which the whole exact row is computed instead. */
const MAX_CANDIDATES = 24;

let twiddles: { fs: number; p: number } | null = null;
/** fs complex twiddles (cos, −sin)(2πn/fs) in module memory, for the exact DFT sums. */
function twiddlesFor(fs: number): number {
  if (twiddles?.fs === fs) return twiddles.p;
  const heap = wasmHeap();
  const p = heap.allocF64(2 * fs);
  const v = heap.f64;
  for (let n = 0; n < fs; n++) { v[p / 8 + 2 * n] = Math.cos((2 * Math.PI * n) / fs); v[p / 8 + 2 * n + 1] = -Math.sin((2 * Math.PI * n) / fs); }
  twiddles = { fs, p };
  return p;
}

/** The 1-based spectrum indices SRH(f), f in [lo, hi], reads: k·f (k ≤ 5) and round((k + ½)·f) (k ≤ 4). */
function neededIndices(lo: number, hi: number): Int32Array {
  const seen = new Uint8Array(N_HARMONICS * hi + 1);
  for (let f = lo; f <= hi; f++) {
    for (let k = 1; k <= N_HARMONICS; k++) seen[k * f] = 1;
    for (let k = 1; k < N_HARMONICS; k++) seen[((2 * k + 1) * f + 1) >> 1] = 1;
  }
  const out: number[] = [];
  for (let i = 0; i < seen.length; i++) if (seen[i]) out.push(i);
  return Int32Array.from(out);
}

function besselI0(x: number): number {
  let s = 1, t = 1;
  for (let k = 1; k < 50; k++) { t *= (x / (2 * k)) ** 2; s += t; if (t < 1e-17 * s) break; }
  return s;
}

interface Tables { h: number; win: number; lagW: number; lagBase: number; dc: number; K: number; nfft: number }
const tables = new Map<string, Tables>();

/** Decimation filter, window and interpolation tables in module memory, once per (fs, frameLen, nfft). */
function tablesFor(fs: number, frameLen: number, nfft: number, maxIdx: number): Tables {
  const key = `${fs}:${frameLen}:${nfft}:${maxIdx}`;
  let t = tables.get(key);
  if (t) return t;
  const heap = wasmHeap();
  const K = DEC_K;
  const h = new Float64Array(K + 1);
  let sum = 0;
  for (let k = 0; k <= K; k++) {
    const sinc = k === 0 ? 1 : Math.sin((Math.PI * k) / 2) / ((Math.PI * k) / 2);
    h[k] = 0.5 * sinc * besselI0(DEC_BETA * Math.sqrt(1 - (k / K) ** 2)) / besselI0(DEC_BETA);
    sum += k === 0 ? h[k] : 2 * h[k];
  }
  for (let k = 0; k <= K; k++) h[k] /= sum; // unit gain at DC
  const binPerHz = nfft / (fs / 2);
  // The weights depend only on the fractional bin position, which repeats with period q Hz when
  // binPerHz·q is an integer (16 kHz, 2048 points: 0.256 bins/Hz, q = 125): one small table of q weight
  // sets stays in the L1 cache (a table per index would be streamed from L2 for every frame).
  let q = 1;
  while (q <= maxIdx && Math.abs(binPerHz * q - Math.round(binPerHz * q)) > 1e-9) q++;
  const lagW = new Float64Array(2 * LAG_PTS * q); // each weight twice (both f64x2 lanes)
  const lagBase = new Int32Array(2 * (maxIdx + 1)); // per index: first bin, offset of its weight set
  const first = LAG_PTS / 2 - 1;
  for (let i = 1; i <= maxIdx; i++) {
    const pos = (i - 1) * binPerHz; // E(i) is the amplitude at i − 1 Hz
    const b = Math.floor(pos), u = pos - b;
    const r = (i - 1) % q;
    lagBase[2 * i] = b - first;
    lagBase[2 * i + 1] = 2 * LAG_PTS * r;
    if (i - 1 >= q) continue; // weight set r already made from its first index
    for (let j = 0; j < LAG_PTS; j++) {
      let w = 1;
      for (let m = 0; m < LAG_PTS; m++) if (m !== j) w *= (u - (m - first)) / (j - m);
      lagW[2 * (LAG_PTS * r + j)] = w;
      lagW[2 * (LAG_PTS * r + j) + 1] = w;
    }
  }
  // Spectrum of a constant 1 over the full-rate frame with the phase referenced to the frame centre used
  // by the kernel (full-rate sample c = 2·((frameLen/2 − 1)/2 rounded down)):
  // Σ_{n<L} e^(−iθ(n−c)) = e^(−iθ((L−1)/2 − c))·sin(θL/2)/sin(θ/2), at the FFT bins, halved to the decimated
  // scale: the frame mean is removed in the frequency domain.
  const nBins = lagBase[2 * maxIdx] + LAG_PTS + 1;
  const dc = new Float64Array(2 * nBins);
  const centre = 2 * Math.floor((frameLen / 2 - 1) / 2);
  for (let k = 1; k < nBins; k++) {
    const th = (2 * Math.PI * (k / binPerHz)) / fs;
    const amp = Math.sin((th * frameLen) / 2) / Math.sin(th / 2) / 2;
    const ph = th * ((frameLen - 1) / 2 - centre);
    dc[2 * k] = amp * Math.cos(ph);
    dc[2 * k + 1] = -amp * Math.sin(ph);
  }
  if (lagBase[2 * SRH_F0_MIN] < 0) throw new Error('SRH: interpolation table starts below bin 0');
  const ph = heap.allocF64(K + 1), pw = heap.allocF64(frameLen), pl = heap.allocF64(lagW.length), pb = heap.alloc(4 * lagBase.length);
  const pdc = heap.allocF64(dc.length);
  heap.f64.set(dc, pdc / 8);
  heap.f64.set(h, ph / 8);
  heap.f64.set(windowOf('blackman', frameLen), pw / 8);
  heap.f64.set(lagW, pl / 8);
  heap.i32.set(lagBase, pb / 4);
  t = { h: ph, win: pw, lagW: pl, lagBase: pb, dc: pdc, K, nfft };
  tables.set(key, t);
  return t;
}

/**
 * One SRH row (f = SRH_F0_MIN … SRH_F0_MAX) from COVAREP's exact spectrum: the fs-point FFT (1 Hz bins) of
 * the windowed, mean-removed frame, amplitudes normalised to unit L2 norm over the first fs/2 bins. Used
 * only for the few frames whose approximated decision is within the approximation error.
 */
function exactRow(res: Float64Array, start: number, frameLen: number, fs: number): Float64Array {
  const win = windowOf('blackman', frameLen);
  const plan = realFftPlan(fs);
  const half = fs / 2;
  const frame = new Float64Array(frameLen), re = new Float64Array(half + 1), im = new Float64Array(half + 1);
  let m = 0;
  for (let i = 0; i < frameLen; i++) { const v = res[start + i] * win[i]; frame[i] = v; m += v; }
  m /= frameLen;
  for (let i = 0; i < frameLen; i++) frame[i] -= m;
  plan.forward(frame, re, im);
  let ss = 0;
  for (let k = 0; k < half; k++) ss += re[k] * re[k] + im[k] * im[k];
  const norm = 1 / Math.sqrt(ss);
  const maxIdx = N_HARMONICS * SRH_F0_MAX;
  const mag = new Float64Array(maxIdx + 1);
  for (let i = 1; i <= maxIdx; i++) { const k = i - 1; mag[i] = Math.sqrt(re[k] * re[k] + im[k] * im[k]) * norm; }
  const row = new Float64Array(SRH_F0_MAX - SRH_F0_MIN + 1);
  for (let f = SRH_F0_MIN; f <= SRH_F0_MAX; f++) {
    let s = 0;
    for (let k = 1; k <= N_HARMONICS; k++) s += mag[k * f];
    for (let k = 1; k < N_HARMONICS; k++) s -= mag[roundHalfAway((k + 0.5) * f)];
    row[f - SRH_F0_MIN] = s;
  }
  return row;
}

/**
 * SRH pitch track of x (16 kHz in the extractor). `residual` may pass the order-12 LP residual of x or of
 * −x (the magnitude spectra are the same), e.g. from lpResiduals() shared with RESKEW.
 */
export function srhPitch(
  x: Float64Array, fs: number, hopMs = 10, residual?: Float64Array,
  /** Largest SRH matrix (frames × 451 values) kept for the second pass; tests lower it to reach the long-clip path. */
  maxStoredValues = MAX_STORED_VALUES,
): SrhTrack {
  const n = x.length;
  const res = residual ?? lpResidual(x, Math.round(0.025 * fs), Math.round(0.005 * fs), Math.round((0.75 * fs) / 1000));
  const frameLen = Math.round(0.1 * fs) - 2;
  const shift = Math.round((hopMs / 1000) * fs);
  const halfDur = Math.round(frameLen / 2);
  if (frameLen % 2 !== 0 || shift % 2 !== 0) throw new Error(`SRH: frame length ${frameLen} and hop ${shift} must be even (fs ${fs})`);
  // frame j: 1-based centre halfDur + 1 + j·shift ≤ n − halfDur, 0-based start j·shift
  const nFrames = n - 2 * halfDur - 1 >= 0 ? Math.floor((n - 2 * halfDur - 1) / shift) + 1 : 0;
  const centres = new Float64Array(nFrames);
  for (let j = 0; j < nFrames; j++) centres[j] = halfDur + 1 + j * shift;
  const f0 = new Float64Array(nFrames);
  const score = new Float64Array(nFrames);
  let f0min = SRH_F0_MIN, f0max = SRH_F0_MAX;
  if (nFrames === 0) return { centres, f0, vuv: new Uint8Array(0), score, f0Median: NaN, f0Min: f0min, f0Max: f0max };

  // smallest power of two giving ≥ OVERSAMPLE× oversampling of the decimated frame's spectrum
  let nfft = 1;
  while (nfft < OVERSAMPLE * (frameLen / 2)) nfft *= 2;
  const maxIdx = N_HARMONICS * SRH_F0_MAX;
  const tb = tablesFor(fs, frameLen, nfft, maxIdx);
  const rplan = wasmRealPlan(nfft, true);
  if (!rplan) throw new Error(`SRH: no WebAssembly real FFT plan for ${nfft} points`);
  const heap = wasmHeap();
  const ex = heap.ex as unknown as SrhExports;
  const nF = SRH_F0_MAX - SRH_F0_MIN + 1;
  const keepRows = nFrames * nF <= maxStoredValues;
  const rows = keepRows ? new Float64Array(nFrames * nF) : null;
  const pWork = heap.allocTemp(SLOT.work, nfft + 8 + maxIdx + 8);

  const gap = new Float64Array(nFrames);

  /** One pass over all frames with search range [lo, hi]; `into` receives the rows when given. */
  const pass = (lo: number, hi: number, into: Float64Array | null, only?: (j: number) => boolean): void => {
    const margin = 2 * tb.K + 2;
    const need = neededIndices(lo, hi);
    const pNeed = heap.allocTemp(SLOT.need, need.length); // doubles ≥ int32 slots needed
    heap.i32.set(need, pNeed / 4);
    for (let j0 = 0; j0 < nFrames; j0 += CHUNK_FRAMES) {
      const j1 = Math.min(nFrames, j0 + CHUNK_FRAMES);
      if (only) { let any = false; for (let j = j0; j < j1 && !any; j++) any = only(j); if (!any) continue; }
      const nj = j1 - j0;
      const s = j0 * shift, e = (j1 - 1) * shift + frameLen; // samples [s, e) are read
      const o = Math.max(0, s - margin), oe = Math.min(n, e + margin);
      const pRes = heap.allocTemp(SLOT.res, oe - o);
      const nDec = Math.ceil((oe - o) / 2);
      const pDec = heap.allocTemp(SLOT.dec, nDec);
      const pF0 = heap.allocTemp(SLOT.f0, nj), pSc = heap.allocTemp(SLOT.score, nj), pGap = heap.allocTemp(SLOT.gap, nj);
      const pRows = into ? heap.allocTemp(SLOT.rows, nj * (hi - lo + 1)) : 0;
      heap.f64.set(res.subarray(o, oe), pRes / 8);
      ex.srh_decimate2(pRes, oe - o, tb.h, tb.K, pDec, nDec);
      ex.srh_frames(pRes + 8 * (s - o), pDec + 8 * ((s - o) / 2), 0, nj, shift, frameLen, tb.win, rplan.plan, tb.lagW, tb.lagBase,
        tb.dc, fs, pNeed, need.length, lo, hi, pF0, pSc, pGap, pRows, pWork);
      const v = heap.f64;
      for (let j = 0; j < nj; j++) {
        if (only && !only(j0 + j)) continue;
        f0[j0 + j] = v[pF0 / 8 + j];
        score[j0 + j] = v[pSc / 8 + j];
        gap[j0 + j] = v[pGap / 8 + j];
      }
      if (into) into.set(v.subarray(pRows / 8, pRows / 8 + nj * nF), j0 * nF);
    }
  };

  // Frames whose decision could hinge on less than the approximation error are recomputed exactly.
  const ambiguous = (j: number): boolean => {
    const g = gap[j];
    if (Number.isNaN(g)) return false; // NaN residual (digital silence): F0 = 1 either way
    if (g < AMBIGUITY) return true;
    const sc = score[j];
    return Math.abs(sc) < AMBIGUITY || Math.abs(sc - VOICING_THRESH) < AMBIGUITY
      || Math.abs(sc - VOICING_THRESH2) < AMBIGUITY || Math.abs(sc - ITER_THRESH) < AMBIGUITY;
  };
  /** Arg max, score and gap of an SRH row (index f − SRH_F0_MIN) over [lo, hi]. */
  const searchRow = (j: number, row: ArrayLike<number>, off: number, lo: number, hi: number): void => {
    let best = 0, bestF = 1, top = -Infinity, second = -Infinity; // NaN never wins
    for (let f = lo; f <= hi; f++) {
      const v = row[off + f - SRH_F0_MIN];
      if (v > best) { best = v; bestF = f; }
      if (v > top) { second = top; top = v; } else if (v > second) second = v;
    }
    f0[j] = bestF;
    score[j] = best;
    gap[j] = top - second;
  };
  const pTw = twiddlesFor(fs);
  const pCand = heap.allocTemp(SLOT2.cand, MAX_CANDIDATES), pVals = heap.allocTemp(SLOT2.vals, MAX_CANDIDATES);
  const pFrame = heap.allocTemp(SLOT2.frame, frameLen), pYWork = heap.allocTemp(SLOT2.ywork, frameLen);
  /**
   * The exact decision over [lo, hi]: only the candidates whose approximated value is within 2·AMBIGUITY of
   * the largest can be the exact maximum; their exact values come from direct DFT sums (srh_exact_values).
   * Without the stored matrix (long clips) the whole exact row is computed.
   */
  const decideExactly = (j: number, lo: number, hi: number): void => {
    if (rows) {
      const base = j * nF - SRH_F0_MIN;
      let mx = -Infinity;
      for (let f = lo; f <= hi; f++) if (rows[base + f] > mx) mx = rows[base + f];
      const cand: number[] = [];
      if (mx > -Infinity) for (let f = lo; f <= hi; f++) if (rows[base + f] >= mx - 2 * AMBIGUITY) cand.push(f);
      if (cand.length <= MAX_CANDIDATES) {
        let best = 0, bestF = 1; // NaN rows (no candidate): F0 = 1, as the exact algorithm gives
        if (cand.length) {
          heap.f64.set(res.subarray(j * shift, j * shift + frameLen), pFrame / 8);
          heap.i32.set(cand, pCand / 4);
          ex.srh_exact_values(pFrame, frameLen, tb.win, pTw, fs, pCand, cand.length, pVals, pYWork);
          const v = heap.f64;
          for (let c = 0; c < cand.length; c++) { const e = v[pVals / 8 + c]; if (e > best) { best = e; bestF = cand[c]; } }
        }
        f0[j] = bestF;
        score[j] = best;
        gap[j] = Infinity;
        return;
      }
    }
    searchRow(j, exactRow(res, j * shift, frameLen, fs), 0, lo, hi);
    gap[j] = Infinity;
  };

  pass(SRH_F0_MIN, SRH_F0_MAX, rows);
  for (let j = 0; j < nFrames; j++) if (ambiguous(j)) decideExactly(j, SRH_F0_MIN, SRH_F0_MAX);

  let maxScore = -Infinity;
  for (let j = 0; j < nFrames; j++) if (score[j] > maxScore) maxScore = score[j];
  if (maxScore > ITER_THRESH) {
    const sel: number[] = [];
    for (let j = 0; j < nFrames; j++) if (score[j] > ITER_THRESH) sel.push(f0[j]);
    const med = median(sel);
    let narrowed = false;
    if (roundHalfAway(0.5 * med) > f0min) { f0min = roundHalfAway(0.5 * med); narrowed = true; }
    if (roundHalfAway(2 * med) < f0max) { f0max = roundHalfAway(2 * med); narrowed = true; }
    if (narrowed) {
      // A frame whose first-pass arg max lies in the narrowed range keeps it (the first maximum of a
      // sub-range that contains the first maximum of the whole range is that maximum).
      const lo = f0min, hi = f0max;
      const redo = Uint8Array.from(f0, (v) => (v < lo || v > hi ? 1 : 0));
      if (!rows) pass(lo, hi, null, (j) => redo[j] === 1);
      for (let j = 0; j < nFrames; j++) {
        if (!redo[j]) continue;
        if (rows) searchRow(j, rows, j * nF, lo, hi);
        if (ambiguous(j)) decideExactly(j, lo, hi);
      }
    }
  }

  const thr = std(score) > STD_THRESH ? VOICING_THRESH2 : VOICING_THRESH;
  const vuv = new Uint8Array(nFrames);
  const voicedF0: number[] = [];
  for (let j = 0; j < nFrames; j++) {
    if (score[j] > thr) {
      vuv[j] = 1;
      if (f0[j] > SRH_F0_MIN && f0[j] < SRH_F0_MAX) voicedF0.push(f0[j]);
    }
  }
  return { centres, f0, vuv, score, f0Median: median(voicedF0), f0Min: f0min, f0Max: f0max };
}
