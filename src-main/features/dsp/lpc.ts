// Linear prediction by the autocorrelation method and the Levinson–Durbin recursion (Makhoul, "Linear
// prediction: a tutorial review", Proc. IEEE 1975), with MATLAB `lpc(x, p)` semantics: biased
// autocorrelation (divided by the frame length), returns [1, a1 … ap]. A frame of exact zeros gives NaN
// coefficients as MATLAB does (0/0 in the first reflection coefficient) — COVAREP's F0 = 1 Hz in digital
// silence depends on that, so it is kept deliberately.

/** Autocorrelation r[0..p] of x[off..off+len) (unnormalised by len; the 1/len factor cancels in Levinson). */
export function autocorr(x: ArrayLike<number>, off: number, len: number, p: number, r: Float64Array): void {
  for (let lag = 0; lag <= p; lag++) {
    let s = 0;
    for (let i = off + lag, j = off; i < off + len; i++, j++) s += x[i] * x[j];
    r[lag] = s / len;
  }
}

/**
 * Levinson–Durbin: from r[0..p] write a[0..p] (a[0] = 1). `tmp` needs p + 1 entries.
 * Returns the final prediction error.
 */
export function levinson(r: Float64Array, p: number, a: Float64Array, tmp: Float64Array): number {
  a.fill(0, 0, p + 1);
  a[0] = 1;
  let err = r[0];
  for (let i = 1; i <= p; i++) {
    let acc = r[i];
    for (let j = 1; j < i; j++) acc += a[j] * r[i - j];
    const k = -acc / err;
    for (let j = 0; j < i; j++) tmp[j] = a[j];
    for (let j = 1; j < i; j++) a[j] = tmp[j] + k * tmp[i - j];
    a[i] = k;
    err *= 1 - k * k;
  }
  return err;
}

/** Convenience wrapper: MATLAB `lpc(x, p)` on x[off..off+len). */
export function lpc(
  x: ArrayLike<number>, p: number, off = 0, len = x.length - off,
  out: Float64Array = new Float64Array(p + 1),
): Float64Array {
  const r = new Float64Array(p + 1);
  const tmp = new Float64Array(p + 1);
  autocorr(x, off, len, p, r);
  levinson(r, p, out, tmp);
  return out;
}
