// Analysis frames of COVAREP's sinusoidal analysis (`sin_analysis` with harmonic peak picking), shared by
// the spectral envelope (MCEP), HMPD and Rd. Model: McAulay & Quatieri, "Speech analysis/synthesis based
// on a sinusoidal representation", IEEE TASSP 34(4), 1986 — peak picking on a pitch-synchronous spectrum.
//
// Parameters (COVAREP_feature_extraction → sin_analysis options): one frame per SRH frame, centred on
// 0-based sample round(t·fs) where t = srh_time (so one sample after SRH's own 1-based centre); window
// Blackman of 3 periods, winlen = 2·round(1.5·fs/f0) + 1 (odd, centred), normalised by its sum;
// DFT length forced to 4096 (MCEP takes its own 1024-point spectra of these frames: mcep.ts, ADR 0037); the
// window's delay is compensated (phase reference at the window centre);
// windows that do not fit entirely inside the signal are dropped together with their analysis instant
// (this is what removes the F0 = 1 Hz frames of digital silence: their window is 3 s long).
import type { AnalysisContext } from './types';
import { realFftPlan } from './dsp/fft';
import { windowOf } from './dsp/windows';

export const SIN_DFTLEN = 4096;

const circles = new Map<number, [Float64Array, Float64Array]>();

/** cos and sin of 2πm/n, m = 0..n−1. */
function unitCircle(n: number): [Float64Array, Float64Array] {
  let t = circles.get(n);
  if (!t) {
    const c = new Float64Array(n), s = new Float64Array(n);
    for (let m = 0; m < n; m++) { c[m] = Math.cos((2 * Math.PI * m) / n); s[m] = Math.sin((2 * Math.PI * m) / n); }
    t = [c, s];
    circles.set(n, t);
  }
  return t;
}

export interface SinFrame {
  /** Index of the SRH frame this frame comes from. */
  srhIndex: number;
  /** Centre, 0-based sample. */
  centre: number;
  f0: number;
  winlen: number;
}

/** The analysis frames kept by sin_analysis (those whose window fits in the signal). */
export function sinFrames(ctx: AnalysisContext): SinFrame[] {
  return ctx.memo('sin-frames', () => {
    const out: SinFrame[] = [];
    const n = ctx.signal.length;
    for (let j = 0; j < ctx.srh.centres.length; j++) {
      let f0 = ctx.srh.f0[j];
      if (f0 === 0) f0 = 100; // COVAREP: srh_f0(srh_f0 == 0) = 100 (SRH never returns 0 in practice)
      const winlen = Math.round((3 * ctx.fs) / f0 / 2) * 2 + 1;
      const centre = ctx.srh.centres[j];
      const h = (winlen - 1) / 2;
      if (centre - h < 0 || centre + h > n - 1) continue;
      out.push({ srhIndex: j, centre, f0, winlen });
    }
    return out;
  });
}

/**
 * Half spectrum (bins 0..dftlen/2) of one frame: windowed by blackman/sum, zero-padded FFT, with the
 * window delay compensated (multiplied by e^{+2πi·k·(winlen−1)/2 / dftlen}, COVAREP `delay2spec`).
 * `buf` must hold at least winlen samples.
 */
export function frameSpectrum(
  x: Float64Array, fr: SinFrame, re: Float64Array, im: Float64Array, buf: Float64Array, compensateDelay: boolean,
  dftlen = SIN_DFTLEN,
): void {
  const win = windowOf('blackman', fr.winlen);
  let sw = 0;
  for (let i = 0; i < fr.winlen; i++) sw += win[i];
  const h = (fr.winlen - 1) / 2;
  const start = fr.centre - h;
  const s = 1 / sw;
  for (let i = 0; i < fr.winlen; i++) buf[i] = x[start + i] * (win[i] * s);
  realFftPlan(dftlen).forward(buf, re, im, fr.winlen);
  if (compensateDelay) {
    // e^{+2πi·k·h/dftlen} looked up at (k·h) mod dftlen: exact table values, no accumulated rotation error
    const [cr, ci] = unitCircle(dftlen);
    for (let k = 0; k <= dftlen / 2; k++) {
      const m = (k * h) % dftlen;
      const c = cr[m], sn = ci[m];
      const r = re[k], i = im[k];
      re[k] = r * c - i * sn;
      im[k] = r * sn + i * c;
    }
  }
}
