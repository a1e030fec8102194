// Direct-form digital filtering with MATLAB `filter(b, a, x)` semantics (zero initial state, a[0]
// normalisation), plus the FIR special case used by LP inverse filtering.

/** y = filter(b, a, x) over x[off..off+len) into y[0..len). */
export function iirFilter(
  b: ArrayLike<number>, a: ArrayLike<number>, x: ArrayLike<number>, y: Float64Array, off = 0, len = x.length - off,
): void {
  const a0 = a[0];
  const nb = b.length, na = a.length;
  for (let n = 0; n < len; n++) {
    let acc = 0;
    for (let k = 0; k < nb && k <= n; k++) acc += b[k] * x[off + n - k];
    for (let k = 1; k < na && k <= n; k++) acc -= a[k] * y[n - k];
    y[n] = acc / a0;
  }
}

/** FIR: y = filter(b, 1, x[off..off+len)). */
export function firFilter(b: ArrayLike<number>, x: ArrayLike<number>, y: Float64Array, off = 0, len = x.length - off): void {
  const nb = b.length;
  for (let n = 0; n < len; n++) {
    let acc = 0;
    const kmax = nb - 1 < n ? nb - 1 : n;
    for (let k = 0; k <= kmax; k++) acc += b[k] * x[off + n - k];
    y[n] = acc;
  }
}
