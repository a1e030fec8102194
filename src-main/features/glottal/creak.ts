// Creaky-voice posterior: J. Kane, T. Drugman, C. Gobl, "Improved automatic detection of creak",
// Computer Speech & Language 27(4):1028–1047, 2013 (KD features: Drugman, Kane & Gobl, Interspeech 2012),
// combined with the features of C. Ishi, K.-I. Sakakibara, H. Ishiguro, "A method for automatic
// detection of vocal fry", IEEE TASLP 16(1):47–56, 2008 — the ANN detector COVAREP ships.
// 36 inputs per 10 ms frame (frames at 160·m samples, m = 1..floor(N/160)), in COVAREP's order:
//   12 static features + their first differences + the differences of those (first row 0):
//    1 H2–H1 (dB) of the LP residual through a resonator at F0mean (ρ = 0.97), from the spectrum of the
//      autocorrelation of 50 ms Hanning frames every 10 ms, smoothed over 9 frames;
//    2 residual peak prominence: in windows of 2 periods of the highest creaky F0 (90/65/55 Hz by F0mean)
//      every 20 ms, 1 − the largest other peak of the resonator (ρ = 0.8) output around the main one
//      (±20 % of the window blanked), 0 when the frame is > 4 dB below the loudest energy within 400 ms;
//      5-point median filter;
//    3 zero-crossing rate ×fs/1000 of 32 ms frames every 5 ms;
//    4 IFP, intraframe periodicity (Ishi): min of the normalised autocorrelation at multiples of its
//      peak lag, 32 ms frames every 10 ms of the 100–1500 Hz band-passed signal (Butterworth, forward-
//      backward), zeroed unless the next two frames reach 0.5, clipped to [0, 1];
//    5 IPS, interpulse similarity: max normalised cross-correlation (±15 ms) of 15 ms segments around
//      consecutive power peaks < 100 ms apart;
//    6–7 PwP fall / rise: dB drop of the 4 ms / 2 ms very-short-term power contour within ±5 frames of
//      each local peak (peaks ≥ 2 dB above ±3 frames, within 30 dB of the maximum); 5–7 are held at
//      the nearest following peak within 35 ms;
//    8 F0 (SRH), 9 F0mean, 10 normalised log energy (32 ms Hanning frames every 5 ms, minus its max),
//   11 std of the very-short-term power over ±16 frames, 13-point median filtered,
//   12 creak F0 from the ρ = 0.8 resonator's autocorrelation (first maximum after the first zero).
// Positions follow COVAREP exactly, including where features 4–7 are sampled at
// round(linspace(1, N, M)) rather than at 160·m.
// Deliberate difference: COVAREP runs a second SRH with a 20–500 Hz search range for features 8–9; the
// main 50–500 Hz SRH track is reused (identical once SRH narrows its range to [F0med/2, 2·F0med] for
// F0med ≥ 100 Hz; see docs/features-glottal.md).
import { filtfilt, interp1, medfilt1, smooth, findPeaksVoicebox } from './dsp-basic.js';
import { windowOf } from '../dsp/windows.js';
import { median } from '../dsp/stats.js';
import { fft, glottalComplexPlan } from './dsp-fft.js';
import { wasmHeap } from '../dsp/wasm-fft.js';
import { CREAK_BP_A, CREAK_BP_B } from './filter-coefficients.js';
import { CREAK_FEATURES, creakPosterior } from './creak-net.js';

const FS = 16000;

interface CreakExports {
  glottal_creak_kd(
    rep2: number, rep: number, count: number, L: number, hop: number, win: number, plan: number,
    cosT: number, sinT: number, f0Out: number, ratioOut: number, work: number,
  ): void;
  glottal_creak_ifp(xf: number, count: number, N: number, shift: number, plan: number, out: number, work: number): void;
}
/** Scratch slots of wasmHeap().allocTemp owned by the glottal group (160…179; 170–174 here). */
const KD_SLOT = 170;
/** FFT size of the KD autocorrelations: ≥ 800 + 799, so no circular wrap into lags 0..799. */
const KD_FFT = 1600;
/** FFT size of the IFP autocorrelations: ≥ 512 + 240. */
const IFP_FFT = 1024;
/** Per-thread WebAssembly copies of the Hanning window and the cos/sin tables of the KD features. */
let kdTables: { win: number; cos: number; sin: number } | null = null;

// cos and sin of 2π·m/16000: H2–H1 of the one-sided autocorrelation spectrum at two bins is computed in
// O(L) with suffix sums (native/glottal-kernels.c glottal_acf_mag2) instead of an autocorrelation and a
// 16000-point FFT.
const COS1 = new Float64Array(FS);
const SIN1 = new Float64Array(FS);
for (let i = 0; i < FS; i++) { COS1[i] = Math.cos((2 * Math.PI * i) / FS); SIN1[i] = Math.sin((2 * Math.PI * i) / FS); }

/** (2^15 · Hanning(512))²: the energy frames' weights. */
let hanSq: Float64Array | null = null;

/** MATLAB linspace(a, b, n). */
function linspace(a: number, b: number, n: number): Float64Array {
  const out = new Float64Array(n);
  if (n === 1) { out[0] = b; return out; }
  for (let i = 0; i < n; i++) out[i] = a + (i * (b - a)) / (n - 1);
  out[n - 1] = b;
  return out;
}

/** Second-order resonator y = filter([1 0 0], [1 −2ρcos φ ρ²], x) (NaN propagates, as MATLAB's filter). */
function resonator(x: Float64Array, f0: number, rho: number): Float64Array {
  const phi = (2 * Math.PI * f0) / FS;
  const a1 = -2 * rho * Math.cos(phi), a2 = rho * rho;
  const y = new Float64Array(x.length);
  let y1 = 0, y2 = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] - a1 * y1 - a2 * y2;
    y[i] = v; y2 = y1; y1 = v;
  }
  return y;
}

/**
 * The log-energy contour linearly interpolated to every sample (COVAREP's interp1 of the 5 ms energies at
 * knots linspace(1, N, L)), evaluated only where the residual-peak check looks: at one sample, and as
 * the maximum over a range of samples — a piecewise-linear function's maximum over integer positions is
 * at an end of the range or at a sample next to a knot, so ~2 values per knot in the range are enough
 * (no N-sample array).
 */
class EnergyContour {
  private readonly step: number;
  constructor(private readonly knots: Float64Array, private readonly vals: Float64Array) {
    this.step = knots.length > 1 ? (knots[knots.length - 1] - knots[0]) / (knots.length - 1) : 1;
  }
  /** Segment k with knots[k] ≤ p ≤ knots[k + 1] (p inside the knots). */
  private seg(p: number): number {
    const L = this.knots.length;
    let k = Math.floor((p - this.knots[0]) / this.step);
    if (k > L - 2) k = L - 2;
    if (k < 0) k = 0;
    while (k > 0 && this.knots[k] > p) k--;
    while (k < L - 2 && this.knots[k + 1] < p) k++;
    return k;
  }
  /** Value at 1-based sample position p (NaN outside the knots, as interp1). */
  at(p: number): number {
    const { knots, vals } = this;
    const L = knots.length;
    if (L < 2 || !(p >= knots[0] && p <= knots[L - 1])) return L === 1 && p === knots[0] ? vals[0] : NaN;
    const k = this.seg(p);
    const x0 = knots[k], x1 = knots[k + 1];
    return vals[k] + ((vals[k + 1] - vals[k]) * (p - x0)) / (x1 - x0);
  }
  /** Maximum over 1-based positions a..b (NaN ignored; −Infinity if none). */
  max(a: number, b: number): number {
    let m = -Infinity;
    const take = (p: number): void => { const v = this.at(p); if (v > m) m = v; };
    take(a); take(b);
    const L = this.knots.length;
    if (L < 2) return m;
    for (let k = this.seg(a); k < L && this.knots[k] < b; k++) {
      const t = this.knots[k];
      if (t <= a) continue;
      take(Math.floor(t)); take(Math.ceil(t));
    }
    return m;
  }
}

/** max ignoring NaN (MATLAB): value and first index; all-NaN → NaN at index 0. */
function nanMax(x: ArrayLike<number>, from: number, to: number): [number, number] {
  let best = NaN, bi = from;
  for (let i = from; i < to; i++) {
    const v = x[i];
    if (Number.isNaN(v)) continue;
    if (Number.isNaN(best) || v > best) { best = v; bi = i; }
  }
  return [best, bi];
}

interface CreakInput {
  x: Float64Array;
  /** LP residual (order 18, 25 ms / 5 ms), NaN where the signal is digitally silent. */
  res: Float64Array;
  srhF0: ArrayLike<number>;
  srhVuv: ArrayLike<number>;
}

/** KD features: H2–H1 and creak F0 per 10 ms frame (get_creak_h2h1), as functions of the sample. */
function h2h1AndCreakF0(res: Float64Array, rep2: Float64Array, f0mean: number): { h2h1: Float64Array; f0: Float64Array; len: number } | null {
  const n = res.length;
  const L = 800, hop = 160;
  const rep = resonator(res, f0mean, 0.97);
  const win = windowOf('hanning', L);
  const count = n - 1 - L >= 0 ? Math.floor((n - 1 - L) / hop) + 1 : 0; // while stop < N (1-based stop = L + hop·j)
  if (count === 0) return null;
  const delta = new Float64Array(count), f0 = new Float64Array(count);
  // Per frame in WebAssembly (native/glottal-kernels.c glottal_creak_kd), CHUNK frames per call so only
  // a stretch of the two resonator outputs is in its memory at a time.
  const heap = wasmHeap();
  const plan = glottalComplexPlan(KD_FFT);
  if (!kdTables) {
    const w = heap.allocF64(L), c = heap.allocF64(FS), sn = heap.allocF64(FS);
    heap.writeF64(w, win); heap.writeF64(c, COS1); heap.writeF64(sn, SIN1);
    kdTables = { win: w, cos: c, sin: sn };
  }
  const CHUNK = 256;
  const segLen = (CHUNK - 1) * hop + L;
  const p2 = heap.allocTemp(KD_SLOT, segLen), p97 = heap.allocTemp(KD_SLOT + 1, segLen);
  const pf = heap.allocTemp(KD_SLOT + 2, CHUNK), pr = heap.allocTemp(KD_SLOT + 3, CHUNK);
  const work = heap.allocTemp(KD_SLOT + 4, 4 * KD_FFT + 3 * L);
  const ex = heap.ex as unknown as CreakExports;
  const mem = heap.f64;
  for (let j0 = 0; j0 < count; j0 += CHUNK) {
    const cnt = Math.min(CHUNK, count - j0);
    const s0 = j0 * hop, len = (cnt - 1) * hop + L;
    mem.set(rep2.subarray(s0, s0 + len), p2 / 8);
    mem.set(rep.subarray(s0, s0 + len), p97 / 8);
    ex.glottal_creak_kd(p2, p97, cnt, L, hop, kdTables.win, plan.plan, kdTables.cos, kdTables.sin, pf, pr, work);
    for (let q = 0; q < cnt; q++) {
      f0[j0 + q] = mem[pf / 8 + q];
      delta[j0 + q] = 10 * Math.log10(mem[pr / 8 + q]);
    }
  }
  const dS = smooth(delta, 10);
  const fS = smooth(medfilt1(f0, 7), 10);
  return { h2h1: dS, f0: fS, len: count };
}

/** Residual peak prominence contour (res_peak / get_res_peak_prom): values and their sample positions (1-based). */
function residualPeakProminence(res: Float64Array, rep: Float64Array, f0mean: number, energy: EnergyContour): { t: Float64Array; v: Float64Array } {
  const n = res.length;
  const maxCreakF0 = f0mean > 100 ? 90 : f0mean < 100 && f0mean >= 85 ? 65 : f0mean < 85 ? 55 : 80;
  const winLen = Math.round(FS / maxCreakF0) * 2;
  const half = Math.round(winLen / 2);
  const rem = winLen * 0.2;
  const shift = 320, enerTol = 6400, enerThresh = 4;
  const prom: number[] = [], tt: number[] = [];
  let frame2Buf = new Float64Array(2 * half + 2);
  for (let start = 1; start + winLen - 1 <= n; start += shift) {
    const stop = start + winLen - 1;
    tt.push(Math.round((start + stop) / 2));
    // 1-based maxIdx within the frame (max |rep|, NaN ignored)
    let mx = NaN, maxIdx = 1;
    for (let i = 0; i < winLen; i++) { const v = Math.abs(rep[start - 1 + i]); if (!Number.isNaN(v) && (Number.isNaN(mx) || v > mx)) { mx = v; maxIdx = i + 1; } }
    if (maxIdx + start - half < 1 || start + maxIdx + half > n) { prom.push(0); continue; }
    const start2 = maxIdx + start - half, stop2 = start + maxIdx + half;
    const len2 = stop2 - start2 + 1;
    if (frame2Buf.length < len2) frame2Buf = new Float64Array(len2);
    const frame2 = frame2Buf;
    for (let i = 0; i < len2; i++) frame2[i] = rep[start2 - 1 + i];
    let m2 = NaN, maxIdx2 = 1;
    for (let i = 0; i < len2; i++) { const v = Math.abs(frame2[i]); if (!Number.isNaN(v) && (Number.isNaN(m2) || v > m2)) { m2 = v; maxIdx2 = i + 1; } }
    if (frame2[maxIdx2 - 1] < 0) for (let i = 0; i < len2; i++) frame2[i] = -frame2[i];
    const [fmax] = nanMax(frame2, 0, len2);
    for (let i = 0; i < len2; i++) frame2[i] /= fmax;
    const b0 = Math.round(half - rem), b1 = Math.round(half + rem);
    for (let i = b0; i <= b1; i++) if (i >= 1 && i <= len2) frame2[i - 1] = 0;
    for (let i = 0; i < len2; i++) if (frame2[i] < 0) frame2[i] = 0;
    const [after] = nanMax(frame2, 0, len2);
    let p = 1 - after;
    // Energy check uses the second search's index with the first frame's start (COVAREP's indexing).
    const centre = maxIdx2 + start;
    const se = centre - enerTol < 1 ? 1 : centre - enerTol;
    const ee = centre + enerTol > n ? n : centre + enerTol;
    const maxE = energy.max(se, ee);
    if (centre <= n && energy.at(centre) < maxE - enerThresh) p = 0;
    prom.push(p);
  }
  const v = medfilt1(Float64Array.from(prom), 5);
  return { t: Float64Array.from(tt), v };
}

/** Ishi et al. features on the band-passed signal: IFP contour, and PwP/IPS per power peak. */
function ishiFeatures(x: Float64Array): {
  ifpT: Float64Array; ifp: Float64Array; peakT: Float64Array; rise: Float64Array; fall: Float64Array; ips: Float64Array;
} {
  const n = x.length;
  const xf = filtfilt(CREAK_BP_B, CREAK_BP_A, x);
  // Very-short-term power: 4 ms frames, 2 ms shift.
  const pl = 64, ps = 32;
  const np = n >= pl ? Math.floor((n - pl) / ps) + 1 : 0;
  const powDb = new Float64Array(np), tPow = new Float64Array(np);
  for (let j = 0; j < np; j++) {
    const s = j * ps;
    let e = 0;
    for (let i = 0; i < pl; i++) { const v = xf[s + i]; e += v * v; }
    powDb[j] = 20 * Math.log10(e / pl);
    tPow[j] = s + 1 + (pl - 1) / 2;
  }
  let peaks = findPeaksVoicebox(powDb);
  peaks = peaks.filter((k) => {
    const a = k - 3 >= 0 ? k - 3 : 0, b = k + 3 <= np - 1 ? k + 3 : np - 1;
    return !(powDb[k] - 2 < powDb[a] || powDb[k] - 2 < powDb[b]);
  });
  let maxPow = -Infinity;
  for (const k of peaks) if (powDb[k] > maxPow) maxPow = powDb[k];
  peaks = peaks.filter((k) => !(powDb[k] < maxPow - 30));
  const m = peaks.length;
  const rise = new Float64Array(m), fall = new Float64Array(m);
  for (let q = 0; q < m; q++) {
    const k = peaks[q];
    const a = k - 5 >= 0 ? k - 5 : 0, b = k + 5 <= np - 1 ? k + 5 : np - 1;
    let r = -Infinity, f = -Infinity;
    for (let i = a; i < k; i++) r = Math.max(r, powDb[k] - powDb[i]);
    for (let i = k + 1; i <= b; i++) f = Math.max(f, powDb[k] - powDb[i]);
    rise[q] = r; fall[q] = f;
  }
  const peakT = Float64Array.from(peaks, (k) => Math.round(tPow[k]));

  // IFP: 32 ms frames every 10 ms, normalised autocorrelation up to 15 ms.
  const N = 512, shift = 160; // lags 16..240 (native/glottal-kernels.c)
  const nIfp = n >= N ? Math.floor((n - N) / shift) + 1 : 0;
  const ifp = new Float64Array(nIfp), ifpT = new Float64Array(nIfp);
  for (let j = 0; j < nIfp; j++) ifpT[j] = Math.round((j * shift + 1 + j * shift + N) / 2);
  // Per frame in WebAssembly (native/glottal-kernels.c glottal_creak_ifp), CHUNK frames per call.
  const heap = wasmHeap();
  const plan = glottalComplexPlan(IFP_FFT);
  const CHUNK = 256;
  const pxf = heap.allocTemp(KD_SLOT, (CHUNK - 1) * shift + N), pout = heap.allocTemp(KD_SLOT + 2, CHUNK);
  const work = heap.allocTemp(KD_SLOT + 4, 4 * IFP_FFT + 256);
  const ex = heap.ex as unknown as CreakExports;
  const mem = heap.f64;
  for (let j0 = 0; j0 < nIfp; j0 += CHUNK) {
    const cnt = Math.min(CHUNK, nIfp - j0);
    const s0 = j0 * shift;
    mem.set(xf.subarray(s0, s0 + (cnt - 1) * shift + N), pxf / 8);
    ex.glottal_creak_ifp(pxf, cnt, N, shift, plan.plan, pout, work);
    ifp.set(mem.subarray(pout / 8, pout / 8 + cnt), j0);
  }
  for (let j = 0; j < nIfp - 3; j++) if (ifp[j + 1] < 0.5 || ifp[j + 2] < 0.5) ifp[j] = 0;
  for (let j = 0; j < nIfp; j++) { if (ifp[j] < 0) ifp[j] = 0; if (ifp[j] > 1) ifp[j] = 1; }

  // IPS between consecutive peaks: 241-sample segments, normalised cross-correlation over ±240 lags.
  const ips = new Float64Array(m);
  const seg = 120, size = 512;
  const cr = new Float64Array(size), ci = new Float64Array(size), pr = new Float64Array(size), pi = new Float64Array(size);
  for (let q = 1; q < m; q++) {
    const pc = peakT[q], pp = peakT[q - 1];
    if (pc - pp > 1600) { ips[q] = 0; continue; }
    if (pc + seg > n) break;
    if (pp - seg < 1) { ips[q] = 0; continue; }
    cr.fill(0); ci.fill(0); pr.fill(0); pi.fill(0);
    let ec = 0, ep = 0;
    for (let i = 0; i <= 2 * seg; i++) {
      const a = xf[pc - seg - 1 + i], b = xf[pp - seg - 1 + i];
      cr[i] = a; pr[i] = b; ec += a * a; ep += b * b;
    }
    fft(cr, ci); fft(pr, pi);
    // cross-correlation c(m) = Σ cur(n+m)·prev(n): spectrum Cur·conj(Prev)
    for (let k = 0; k < size; k++) {
      const r = cr[k] * pr[k] + ci[k] * pi[k];
      const im = ci[k] * pr[k] - cr[k] * pi[k];
      cr[k] = r; ci[k] = im;
    }
    fft(cr, ci, true);
    let best = -Infinity;
    const norm = Math.sqrt(ec * ep);
    for (let lag = -240; lag <= 240; lag++) {
      const v = cr[(lag + size) % size] / norm;
      if (v > best) best = v;
    }
    ips[q] = best;
  }
  return { ifpT, ifp, peakT, rise, fall, ips };
}

/** Creak posterior per detector frame (at samples 160·m, m = 1..M) — COVAREP's creak_pp. */
export function creakDetector(input: CreakInput): { pos1: Float64Array; value: Float64Array } {
  const { x, res } = input;
  const n = x.length;
  const M = Math.floor(n / 160);
  const empty = { pos1: new Float64Array(0), value: new Float64Array(0) };
  if (M < 2 || n < 1600) return empty;
  const voiced: number[] = [];
  for (let j = 0; j < input.srhF0.length; j++) {
    const f = input.srhF0[j];
    if (input.srhVuv[j] === 1 && f > 20 && f < 500) voiced.push(f);
  }
  const f0mean = median(voiced);
  if (!(f0mean > 0)) return empty;

  const time = Float64Array.from({ length: M }, (_, m) => 160 * (m + 1));

  // sil_unv_features: ZCR (32 ms frames, 5 ms shift, on x·2^15) and log energy (Hanning).
  const fl = 512, fsh = 80;
  const zcVals: number[] = [], zcPos: number[] = [];
  // Sign changes counted once per sample (a count sliding with the frame), not once per frame.
  const cross = (i: number): number => ((x[i] >= 0) !== (x[i - 1] >= 0) ? 1 : 0);
  let cnt = 0;
  for (let s = 1, prevA = -1; s + fl - 1 <= n; s += fsh) {
    const a = s - 1; // frame x[a..a+fl): crossings at a+1..a+fl−1
    if (prevA < 0) { for (let i = a + 1; i < a + fl; i++) cnt += cross(i); } else {
      for (let i = prevA + 1; i < a + 1; i++) cnt -= cross(i);
      for (let i = prevA + fl; i < a + fl; i++) cnt += cross(i);
    }
    prevA = a;
    zcVals.push((cnt / fl) * (FS / 1000));
    const ns = s + fsh;
    zcPos.push((ns + ns + fl - 1) / 2);
  }
  if (!hanSq) { const h = windowOf('hanning', fl); hanSq = Float64Array.from(h, (w) => (32768 * w) ** 2); }
  const w2 = hanSq;
  const es: number[] = [];
  for (let s = 1; s + fl - 1 < n; s += fsh) {
    let e = 0;
    for (let i = 0, j = s - 1; i < fl; i++, j++) e += x[j] * x[j] * w2[i];
    es.push(Math.log(e / fl));
  }
  const esArr = Float64Array.from(es);
  let esMax = -Infinity;
  for (const v of esArr) if (v > esMax) esMax = v;
  const esKnots = linspace(1, n, esArr.length);
  const energy = new EnergyContour(esKnots, esArr);
  const enerNorm = Float64Array.from(esArr, (v) => v - esMax);

  // get_short_pow: std of the 4 ms power (dB of mean power) over ±16 frames, 13-point median.
  const pl = 64, ps = 32;
  const np = Math.floor((n - pl) / ps) + 1;
  const pw = new Float64Array(np);
  for (let j = 0; j < np; j++) {
    let e = 0;
    for (let i = 0; i < pl; i++) { const v = x[j * ps + i]; e += v * v; }
    pw[j] = 20 * Math.log10(e / pl);
  }
  let minFinite = Infinity;
  for (const v of pw) if (Number.isFinite(v) && v < minFinite) minFinite = v;
  for (let j = 0; j < np; j++) if (!Number.isFinite(pw[j])) pw[j] = minFinite;
  const pstd = new Float64Array(np);
  for (let j = 16; j < np - 16; j++) {
    let mu = 0;
    for (let i = j - 16; i <= j + 16; i++) mu += pw[i];
    mu /= 33;
    let v = 0;
    for (let i = j - 16; i <= j + 16; i++) v += (pw[i] - mu) ** 2;
    pstd[j] = Math.sqrt(v / 32);
  }
  const pstdF = medfilt1(pstd, 13);
  const powStd = interp1(linspace(1, n, np), pstdF, time);

  const rep08 = resonator(res, f0mean, 0.8); // shared by the creak F0 and the residual peak prominence
  const h = h2h1AndCreakF0(res, rep08, f0mean);
  let h2h1: Float64Array, creakF0: Float64Array;
  if (h) {
    const knots = linspace(1, n, h.len);
    h2h1 = interp1(knots, h.h2h1, time);
    creakF0 = interp1(knots, h.f0, time);
  } else {
    h2h1 = new Float64Array(M);
    creakF0 = new Float64Array(M);
  }
  const pk = residualPeakProminence(res, rep08, f0mean, energy);
  const peakRe = pk.v.length > 1 ? interp1(pk.t, pk.v, time) : new Float64Array(M);
  for (let i = 0; i < M; i++) if (Number.isNaN(peakRe[i])) peakRe[i] = 0;
  const zc = interp1(zcPos, zcVals, time);
  for (let i = 0; i < M; i++) if (Number.isNaN(zc[i])) zc[i] = 0;
  const ener = interp1(esKnots, enerNorm, time);
  const f0Track = interp1(linspace(1, M, input.srhF0.length), input.srhF0, Float64Array.from({ length: M }, (_, i) => i + 1));

  // Ishi features at round(linspace(1, N, M)).
  const ish = ishiFeatures(x);
  const tIsh = Float64Array.from(linspace(1, n, M), (v) => Math.round(v));
  const ifpAt = ish.ifp.length >= 3 ? interp1(ish.ifpT, ish.ifp, tIsh) : new Float64Array(M);
  for (let i = 0; i < M; i++) if (Number.isNaN(ifpAt[i])) ifpAt[i] = 0;
  const riseAt = new Float64Array(M), fallAt = new Float64Array(M), ipsAt = new Float64Array(M);
  if (ish.rise.length > 2) {
    const pt = ish.peakT;
    let next = 0;
    for (let i = 0; i < M; i++) {
      const s = tIsh[i];
      while (next < pt.length && pt[next] < s) next++;
      // COVAREP zeroes the peak times before s, so those compete with distance s (first index wins ties).
      const dNext = next < pt.length ? pt[next] - s : Infinity;
      let idx: number, dist: number;
      if (next > 0 && s <= dNext) { idx = 0; dist = s; } else { idx = next; dist = dNext; }
      if (dist < 560) { riseAt[i] = ish.rise[idx]; fallAt[i] = ish.fall[idx]; ipsAt[i] = ish.ips[idx]; }
    }
  }

  const stat = [h2h1, peakRe, zc, ifpAt, ipsAt, fallAt, riseAt, f0Track, new Float64Array(M).fill(f0mean), ener, powStd, creakF0];
  const feats = new Float64Array(M * CREAK_FEATURES);
  for (let c = 0; c < 12; c++) {
    const s = stat[c];
    for (let i = 0; i < M; i++) {
      feats[i * CREAK_FEATURES + c] = s[i];
      const d = i > 0 ? s[i] - s[i - 1] : 0;
      feats[i * CREAK_FEATURES + 12 + c] = d;
    }
    for (let i = 0; i < M; i++) {
      const d = i > 0 ? feats[i * CREAK_FEATURES + 12 + c] - feats[(i - 1) * CREAK_FEATURES + 12 + c] : 0;
      feats[i * CREAK_FEATURES + 24 + c] = d;
    }
  }
  return { pos1: time, value: creakPosterior(feats, M) };
}
