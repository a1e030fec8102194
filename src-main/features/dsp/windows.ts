// Window functions with MATLAB's exact definitions (Signal Processing Toolbox), because COVAREP's numbers
// depend on them: `hanning(N)` has no zero end points (0.5·(1 − cos(2πk/(N+1))), k = 1..N) while `hann(N)`
// has them (0.5·(1 − cos(2πk/(N−1))), k = 0..N−1). `hamming` and `blackman` are the symmetric forms.
// Windows are cached by (kind, length) and must be treated as read-only.

export type WindowKind = 'hanning' | 'hann' | 'hamming' | 'blackman';

const cache = new Map<string, Float64Array>();

function make(kind: WindowKind, n: number): Float64Array {
  const w = new Float64Array(n);
  if (n === 1) { w[0] = 1; return w; }
  switch (kind) {
    case 'hanning':
      for (let k = 1; k <= n; k++) w[k - 1] = 0.5 * (1 - Math.cos((2 * Math.PI * k) / (n + 1)));
      break;
    case 'hann':
      for (let k = 0; k < n; k++) w[k] = 0.5 * (1 - Math.cos((2 * Math.PI * k) / (n - 1)));
      break;
    case 'hamming':
      for (let k = 0; k < n; k++) w[k] = 0.54 - 0.46 * Math.cos((2 * Math.PI * k) / (n - 1));
      break;
    case 'blackman': {
      // MATLAB computes the first half and mirrors it (symmetric window).
      const half = n % 2 === 0 ? n / 2 : (n + 1) / 2;
      for (let k = 0; k < half; k++) {
        const v = 0.42 - 0.5 * Math.cos((2 * Math.PI * k) / (n - 1)) + 0.08 * Math.cos((4 * Math.PI * k) / (n - 1));
        w[k] = v;
        w[n - 1 - k] = v;
      }
      break;
    }
  }
  return w;
}

/** A cached, read-only window of the given kind and length. */
export function windowOf(kind: WindowKind, n: number): Float64Array {
  const key = `${kind}:${n}`;
  let w = cache.get(key);
  if (!w) { w = make(kind, n); cache.set(key, w); }
  return w;
}
