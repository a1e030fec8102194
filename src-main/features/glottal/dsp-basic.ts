// Small DSP pieces the glottal-source modules need, with MATLAB's definitions (COVAREP's features are
// defined by MATLAB's windows, `filter`, `filtfilt`, `lpc`, `medfilt1`, `smooth`, `interp1`).
// Kept local to glottal/ (see docs/features-glottal.md): the shared features/dsp/ modules can replace
// them once they exist with the same semantics.

/** MATLAB `hanning(n)`: symmetric, no zero end points: 0.5·(1 − cos(2πk/(n+1))), k = 1..n. */
export function hanning(n: number): Float64Array {
  const w = new Float64Array(n);
  for (let k = 0; k < n; k++) w[k] = 0.5 * (1 - Math.cos((2 * Math.PI * (k + 1)) / (n + 1)));
  return w;
}

/** MATLAB `hamming(n)` (symmetric). */
export function hamming(n: number): Float64Array {
  const w = new Float64Array(n);
  if (n === 1) { w[0] = 1; return w; }
  for (let k = 0; k < n; k++) w[k] = 0.54 - 0.46 * Math.cos((2 * Math.PI * k) / (n - 1));
  return w;
}

/** MATLAB `blackman(n)` (symmetric). */
export function blackman(n: number): Float64Array {
  const w = new Float64Array(n);
  if (n === 1) { w[0] = 1; return w; }
  for (let k = 0; k < n; k++) {
    const p = (2 * Math.PI * k) / (n - 1);
    w[k] = 0.42 - 0.5 * Math.cos(p) + 0.08 * Math.cos(2 * p);
  }
  // Exact symmetry and zero ends as MATLAB's.
  w[0] = 0; w[n - 1] = 0;
  return w;
}

const windowCache = new Map<string, Float64Array>();
/** Cached window of a given kind and length (windows are reused thousands of times per clip). */
export function cachedWindow(kind: 'hanning' | 'hamming' | 'blackman', n: number): Float64Array {
  const key = kind + n;
  let w = windowCache.get(key);
  if (!w) {
    w = kind === 'hanning' ? hanning(n) : kind === 'hamming' ? hamming(n) : blackman(n);
    if (windowCache.size > 4000) windowCache.clear();
    windowCache.set(key, w);
  }
  return w;
}

/**
 * LPC by the autocorrelation method (MATLAB `lpc`: biased autocorrelation, Levinson–Durbin).
 * Writes a[0..p] (a[0] = 1) and returns the prediction error; NaN coefficients for an all-zero
 * input, as MATLAB gives.
 */
export function lpc(x: Float64Array, start: number, len: number, p: number, a: Float64Array, work: Float64Array): number {
  const r = work; // needs p + 1 (autocorrelation) + p + 1 (temp)
  for (let lag = 0; lag <= p; lag++) {
    let s = 0;
    for (let i = start + lag, j = start; i < start + len; i++, j++) s += x[i] * x[j];
    r[lag] = s / len;
  }
  a.fill(0, 0, p + 1);
  a[0] = 1;
  let err = r[0];
  if (!(err > 0)) {
    for (let i = 1; i <= p; i++) a[i] = NaN;
    return NaN;
  }
  const tmp = work.subarray(p + 1, 2 * p + 2);
  for (let i = 1; i <= p; i++) {
    let acc = r[i];
    for (let j = 1; j < i; j++) acc += a[j] * r[i - j];
    const k = -acc / err;
    for (let j = 1; j < i; j++) tmp[j] = a[j] + k * a[i - j];
    for (let j = 1; j < i; j++) a[j] = tmp[j];
    a[i] = k;
    err *= 1 - k * k;
  }
  return err;
}

/**
 * MATLAB `filter(b, a, x, zi)` (direct form II transposed), a[0] normalised to 1. In place allowed
 * (y may be x). `state` (length max(nb, na) − 1) holds zi on entry and the final state on exit.
 */
function iirFilter(b: Float64Array, a: Float64Array, x: Float64Array, y: Float64Array, state: Float64Array, n = x.length): void {
  const order = Math.max(b.length, a.length) - 1;
  const a0 = a[0];
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    const yi = (order > 0 ? state[0] : 0) + (b[0] / a0) * xi;
    for (let k = 0; k < order; k++) {
      const bk = k + 1 < b.length ? b[k + 1] / a0 : 0;
      const ak = k + 1 < a.length ? a[k + 1] / a0 : 0;
      state[k] = (k + 1 < order ? state[k + 1] : 0) + bk * xi - ak * yi;
    }
    y[i] = yi;
  }
}

/** Steady-state initial conditions for a step input (MATLAB filtfilt / scipy lfilter_zi). */
function filterZi(b: Float64Array, a: Float64Array): Float64Array {
  const n = Math.max(b.length, a.length);
  const bb = new Float64Array(n); bb.set(b);
  const aa = new Float64Array(n); aa.set(a);
  const m = n - 1;
  // Solve (I − A) zi = B, A = companion(a)ᵀ as in scipy.signal.lfilter_zi.
  const M = Array.from({ length: m }, () => new Float64Array(m + 1));
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      let aij = 0;
      if (j === 0) aij = -aa[i + 1];
      else if (j === i + 1) aij = 1;
      // companion(a).T : first column -a[1:], superdiagonal ones
      M[i][j] = (i === j ? 1 : 0) - aij;
    }
    M[i][m] = bb[i + 1] - aa[i + 1] * bb[0];
  }
  // Gaussian elimination with partial pivoting.
  for (let c = 0; c < m; c++) {
    let piv = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
    [M[c], M[piv]] = [M[piv], M[c]];
    for (let r = c + 1; r < m; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= m; k++) M[r][k] -= f * M[c][k];
    }
  }
  const zi = new Float64Array(m);
  for (let r = m - 1; r >= 0; r--) {
    let s = M[r][m];
    for (let k = r + 1; k < m; k++) s -= M[r][k] * zi[k];
    zi[r] = s / M[r][r];
  }
  return zi;
}

const ziCache = new WeakMap<Float64Array, Float64Array>();

/**
 * Zero-phase filtering as MATLAB `filtfilt`: odd reflection of 3·(order) samples at both ends,
 * steady-state initial conditions scaled by the first sample, forward then backward.
 */
export function filtfilt(b: Float64Array, a: Float64Array, x: Float64Array): Float64Array {
  const n = x.length;
  const order = Math.max(b.length, a.length) - 1;
  const nfact = 3 * order;
  const out = new Float64Array(n);
  if (n === 0) return out;
  if (n <= nfact) {
    // MATLAB refuses such short input; keep the signal unfiltered rather than throwing.
    out.set(x);
    return out;
  }
  let zi = ziCache.get(a);
  if (!zi) { zi = filterZi(b, a); ziCache.set(a, zi); }
  const len = n + 2 * nfact;
  const ext = new Float64Array(len);
  for (let i = 0; i < nfact; i++) ext[i] = 2 * x[0] - x[nfact - i];
  ext.set(x, nfact);
  for (let i = 0; i < nfact; i++) ext[nfact + n + i] = 2 * x[n - 1] - x[n - 2 - i];
  const state = new Float64Array(order);
  for (let k = 0; k < order; k++) state[k] = zi[k] * ext[0];
  iirFilter(b, a, ext, ext, state);
  ext.reverse();
  for (let k = 0; k < order; k++) state[k] = zi[k] * ext[0];
  iirFilter(b, a, ext, ext, state);
  ext.reverse();
  out.set(ext.subarray(nfact, nfact + n));
  return out;
}

/**
 * MATLAB `interp1(xk, yk, xq)` linear, NaN outside [xk(1), xk(end)]; xk increasing (duplicates
 * allowed: the later knot wins, as the reference data were produced with unique knots anyway).
 */
export function interp1(xk: ArrayLike<number>, yk: ArrayLike<number>, xq: ArrayLike<number>, out: Float64Array = new Float64Array(xq.length)): Float64Array {
  const m = xk.length;
  let j = 0;
  for (let i = 0; i < xq.length; i++) {
    const q = xq[i];
    if (m === 0 || !(q >= xk[0]) || !(q <= xk[m - 1])) { out[i] = NaN; continue; }
    if (j > 0 && q < xk[j]) j = 0;
    while (j < m - 2 && xk[j + 1] < q) j++;
    if (m === 1) { out[i] = yk[0]; continue; }
    const x0 = xk[j], x1 = xk[j + 1];
    if (q === x1) { out[i] = yk[j + 1]; continue; }
    if (q === x0) { out[i] = yk[j]; continue; }
    const t = (q - x0) / (x1 - x0);
    out[i] = yk[j] + t * (yk[j + 1] - yk[j]);
  }
  return out;
}

/** Median of a[0..n) (NaN for n = 0, as MATLAB). Sorts a copy. */
export function median(a: ArrayLike<number>, n = a.length): number {
  if (n === 0) return NaN;
  const c = Float64Array.from({ length: n }, (_, i) => a[i]).sort();
  return n % 2 ? c[(n - 1) / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
}

/** MATLAB `medfilt1(x, n)` for odd n: zero-padded ends. */
export function medfilt1(x: Float64Array, n: number): Float64Array {
  const len = x.length;
  const out = new Float64Array(len);
  const h = (n - 1) >> 1;
  const buf = new Float64Array(n);
  for (let i = 0; i < len; i++) {
    for (let k = -h; k <= h; k++) {
      const j = i + k;
      buf[k + h] = j >= 0 && j < len ? x[j] : 0;
    }
    buf.sort();
    out[i] = buf[h];
  }
  return out;
}

/** MATLAB Curve Fitting `smooth(y, span)` moving average: odd span, shrinking symmetric ends. */
export function smooth(y: Float64Array, span: number): Float64Array {
  const n = y.length;
  let w = span % 2 === 0 ? span - 1 : span;
  if (w > n) w = n % 2 === 0 ? n - 1 : n;
  const h = (w - 1) >> 1;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const half = Math.min(h, i, n - 1 - i);
    let s = 0;
    for (let k = i - half; k <= i + half; k++) s += y[k];
    out[i] = s / (2 * half + 1);
  }
  return out;
}

/** MATLAB `findpeaks` default rule: strict local maxima (first sample of a flat top), ends excluded. Returns 0-based indices. */
export function findPeaksMatlab(x: Float64Array): number[] {
  const peaks: number[] = [];
  const n = x.length;
  let i = 1;
  while (i < n - 1) {
    if (x[i] > x[i - 1]) {
      let j = i;
      while (j + 1 < n && x[j + 1] === x[i]) j++;
      if (j + 1 < n && x[j + 1] < x[i]) peaks.push(i);
      i = j + 1;
    } else i++;
  }
  return peaks;
}

/**
 * voicebox `v_findpeaks(y)` rule: local maxima, a flat top reported at its centre, ends excluded;
 * with w > 0, of two peaks closer than or equal to w the lower is dropped, repeatedly. 0-based.
 */
export function findPeaksVoicebox(y: ArrayLike<number>, w = 0, from = 0, to = y.length): number[] {
  let k: number[] = [];
  let i = from + 1;
  while (i < to - 1) {
    if (y[i] > y[i - 1]) {
      let j = i;
      while (j + 1 < to && y[j + 1] === y[i]) j++;
      if (j + 1 < to && y[j + 1] < y[i]) k.push(i + ((j - i) >> 1));
      i = j + 1;
    } else i++;
  }
  if (w > 0) {
    for (;;) {
      const drop = new Set<number>();
      for (let q = 0; q + 1 < k.length; q++) {
        if (k[q + 1] - k[q] <= w) drop.add(y[k[q]] < y[k[q + 1]] ? q : q + 1);
      }
      if (drop.size === 0) break;
      k = k.filter((_, q) => !drop.has(q));
    }
  }
  return k;
}
