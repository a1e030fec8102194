// Glottal flow by Iterative Adaptive Inverse Filtering: P. Alku, "Glottal wave analysis with pitch
// synchronous iterative adaptive inverse filtering", Speech Communication 11(2–3):109–118, 1992.
// Applied GCI-synchronously with overlap-add, as COVAREP's `iaif_gci` does.
// Parameters (16 kHz): frame = two local periods centred on each GCI (T0 = distance to the previous
// GCI; to the next one for the first), Hanning-windowed; linear-phase FIR high-pass (least squares,
// 301 taps, stop 40 Hz / pass 70 Hz, delay compensated); vocal-tract LPC order p_vt = 2·round(fs/2000)+4
// = 20, glottal-source order p_gl = 2·round(fs/4000) = 8; leaky integrator d = 0.99; every filtering
// is preceded by a 21-sample ramp from −x[0] to x[0] (removed afterwards) to limit start-up ripple.
// Outputs the flow g and its derivative dg, both summed over frames.
import { windowOf } from '../dsp/windows.js';
import { autocorr, levinson } from '../dsp/lpc.js';
import { IAIF_HP_FIR } from './filter-coefficients.js';
import { fastFftSize, fft } from './dsp-fft.js';

const P_VT = 20;
const P_GL = 8;
const D = 0.99;
const PRE = P_VT + 1;

class IaifWork {
  cap = 0;
  ext = new Float64Array(0);
  y = new Float64Array(0);
  win = new Float64Array(0);
  pad = new Float64Array(0);
  fre = new Float64Array(0);
  fim = new Float64Array(0);
  a = new Float64Array(P_VT + 1);
  r = new Float64Array(P_VT + 1);
  tmp = new Float64Array(P_VT + 1);
  ensure(len: number): void {
    if (len <= this.cap) return;
    this.cap = len;
    this.ext = new Float64Array(len + PRE);
    this.y = new Float64Array(len + PRE);
    this.win = new Float64Array(len);
    this.pad = new Float64Array(len + 600);
  }
}

/** MATLAB `lpc` of win[0..len) into a[0..p] (shared autocorrelation + Levinson of features/dsp/lpc.ts). */
function lpc(win: Float64Array, len: number, p: number, a: Float64Array, work: IaifWork): void {
  autocorr(win, 0, len, p, work.r);
  levinson(work.r, p, a, work.tmp);
}

/** y[i] = Σ_k a[k]·x[i−k] over the ramp-extended input (zero initial state). */
function inverseFilter(a: Float64Array, p: number, x: Float64Array, n: number, y: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = x[i];
    const kmax = i < p ? i : p;
    for (let k = 1; k <= kmax; k++) s += a[k] * x[i - k];
    y[i] = s;
  }
}

function integrate(y: Float64Array, n: number): void {
  let prev = 0;
  for (let i = 0; i < n; i++) { prev = y[i] + D * prev; y[i] = prev; }
}

const FIR_MID = (IAIF_HP_FIR.length - 1) >> 1; // 150: the FIR's delay
const firSpectra = new Map<number, Float64Array>();
/** Real spectrum of the zero-phase (centred) FIR for FFT size n (the kernel is even). */
function firSpectrum(n: number): Float64Array {
  let h = firSpectra.get(n);
  if (!h) {
    const re = new Float64Array(n), im = new Float64Array(n);
    for (let m = -FIR_MID; m <= FIR_MID; m++) re[(m + n) % n] = IAIF_HP_FIR[FIR_MID + m];
    fft(re, im);
    h = re;
    firSpectra.set(n, h);
  }
  return h;
}

/**
 * The high-pass: full convolution with the 301-tap FIR, delay (150) removed, len samples kept — i.e. a
 * zero-phase filtering of the zero-padded frame. Short frames directly (symmetric taps paired), longer
 * ones by FFT (size ≥ len + 150 so nothing wraps into the kept samples); two frames share one complex FFT
 * (real and imaginary parts: the even FIR has a real spectrum, so they stay apart).
 */
function highpassDirect(frame: Float64Array, len: number, hp: Float64Array, work: IaifWork): void {
  const pad = work.pad;
  pad.fill(0, 0, 300);
  pad.set(frame.subarray(0, len), 300);
  pad.fill(0, 300 + len, 600 + len);
  const bMid = IAIF_HP_FIR[FIR_MID];
  for (let i = 0; i < len; i++) {
    let s = bMid * pad[i + 300];
    const hi = i + 450, lo = i + 150;
    for (let k = 0; k < FIR_MID; k++) s += IAIF_HP_FIR[k] * (pad[hi - k] + pad[lo + k]);
    hp[i] = s;
  }
}

function highpassPair(
  fa: Float64Array, la: number, ha: Float64Array, fb: Float64Array | null, lb: number, hb: Float64Array, work: IaifWork,
): void {
  const n = fastFftSize(Math.max(la, fb ? lb : 0) + FIR_MID);
  if (work.fre.length !== n) { work.fre = new Float64Array(n); work.fim = new Float64Array(n); }
  const { fre, fim } = work;
  fre.fill(0); fim.fill(0);
  fre.set(fa.subarray(0, la));
  if (fb) fim.set(fb.subarray(0, lb));
  fft(fre, fim);
  const H = firSpectrum(n);
  for (let k = 0; k < n; k++) { fre[k] *= H[k]; fim[k] *= H[k]; }
  fft(fre, fim, true);
  for (let i = 0; i < la; i++) ha[i] = fre[i];
  if (fb) for (let i = 0; i < lb; i++) hb[i] = fim[i];
}

/** Runs IAIF on one windowed frame frame[0..len); adds g and dg into gOut/dgOut at offset. */
function iaifFrame(hp: Float64Array, len: number, work: IaifWork, gOut: Float64Array, dgOut: Float64Array, offset: number): boolean {
  const { ext, y, a } = work;
  if (len <= P_VT) return false;
  const han = windowOf('hanning', len);
  const win = work.win;
  const n = len + PRE;
  // Ramp-extended input shared by every stage.
  const x0 = hp[0];
  for (let i = 0; i < PRE; i++) ext[i] = PRE === 1 ? -x0 : -x0 + (2 * x0 * i) / (PRE - 1);
  ext.set(hp.subarray(0, len), PRE);

  for (let i = 0; i < len; i++) win[i] = hp[i] * han[i];
  lpc(win, len, 1, a, work);
  inverseFilter(a, 1, ext, n, y); // Hg1
  for (let i = 0; i < len; i++) win[i] = y[PRE + i] * han[i];
  lpc(win, len, P_VT, a, work); // Hvt1
  inverseFilter(a, P_VT, ext, n, y);
  integrate(y, n); // g1
  for (let i = 0; i < len; i++) win[i] = y[PRE + i] * han[i];
  lpc(win, len, P_GL, a, work); // Hg2
  inverseFilter(a, P_GL, ext, n, y);
  integrate(y, n);
  for (let i = 0; i < len; i++) win[i] = y[PRE + i] * han[i];
  lpc(win, len, P_VT, a, work); // Hvt2
  inverseFilter(a, P_VT, ext, n, y); // dg
  let g = 0;
  for (let i = 0; i < n; i++) {
    const d = y[i];
    g = d + D * g;
    if (i >= PRE) {
      dgOut[offset + i - PRE] += d;
      gOut[offset + i - PRE] += g;
    }
  }
  return true;
}

/**
 * GCI-synchronous IAIF. `gci1` are MATLAB 1-based sample positions as COVAREP passes them
 * (round(GCI·fs) of 0-based times, i.e. numerically the 0-based index). Needs ≥ 2 GCIs.
 */
export function iaifGci(x: Float64Array, gci1: Int32Array): { g: Float64Array; dg: Float64Array } {
  const n = x.length;
  const g = new Float64Array(n);
  const dg = new Float64Array(n);
  if (gci1.length < 2) return { g, dg };
  const work = new IaifWork();
  // Frames in pairs: windowed frame, high-pass (two per FFT), then the LPC chain and overlap-add.
  const fr = [new Float64Array(0), new Float64Array(0)], hp = [new Float64Array(0), new Float64Array(0)];
  const lens = [0, 0], starts = [0, 0];
  for (let k0 = 0; k0 < gci1.length; k0 += 2) {
    let m = 0;
    for (let k = k0; k < k0 + 2 && k < gci1.length; k++) {
      const t0 = k === 0 ? gci1[1] - gci1[0] : gci1[k] - gci1[k - 1];
      let start = gci1[k] - t0;
      let stop = gci1[k] + t0;
      if (start < 1) start = 1;
      if (stop > n) stop = n;
      const len = stop - start + 1;
      if (len < 1) continue;
      work.ensure(len);
      if (fr[m].length < len) { fr[m] = new Float64Array(len); hp[m] = new Float64Array(len); }
      const han = windowOf('hanning', len);
      const f = fr[m];
      for (let i = 0; i < len; i++) f[i] = x[start - 1 + i] * han[i];
      lens[m] = len; starts[m] = start;
      m++;
    }
    const long = (q: number): boolean => q < m && lens[q] >= 96;
    if (long(0)) highpassPair(fr[0], lens[0], hp[0], long(1) ? fr[1] : null, lens[1], hp[1], work);
    else if (m > 0) highpassDirect(fr[0], lens[0], hp[0], work);
    if (m > 1) {
      if (!long(1)) highpassDirect(fr[1], lens[1], hp[1], work);
      else if (!long(0)) highpassPair(fr[1], lens[1], hp[1], null, 0, hp[0], work);
    }
    for (let q = 0; q < m; q++) iaifFrame(hp[q], lens[q], work, g, dg, starts[q] - 1);
  }
  return { g, dg };
}
