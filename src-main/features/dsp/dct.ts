// DCT-I of length n+1 through one real FFT of length n (n even), the standard reduction (e.g. Press et
// al., Numerical Recipes, `cosft1`; Makhoul, IEEE TASSP 28(1), 1980):
//   F_k = ½·(y_0 + (−1)^k·y_n) + Σ_{j=1}^{n−1} y_j·cos(πjk/n),  k = 0..n.
// With z_j = ½(y_j + y_{n−j}) − sin(πj/n)(y_j − y_{n−j}) and Z = FFT_n(z): F_{2m} = Re Z_m and
// F_{2m+1} = F_{2m−1} − Im Z_m, F_1 computed directly. The cepstra of symmetric log spectra (True
// Envelope) are DCT-Is, so this halves their FFT size.
import { realFftPlan } from './fft';
import { wasmDctPlan, wasmHeap } from './wasm-fft';

export class DctI {
  private readonly z: Float64Array;
  private readonly zr: Float64Array;
  private readonly zi: Float64Array;
  private readonly sinT: Float64Array;
  private readonly cosT: Float64Array;

  constructor(readonly n: number) {
    if (n % 4 !== 0) throw new Error(`DCT-I size must be a multiple of 4, got ${n}`);
    this.z = new Float64Array(n);
    this.zr = new Float64Array(n / 2 + 1);
    this.zi = new Float64Array(n / 2 + 1);
    this.sinT = new Float64Array(n);
    this.cosT = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      this.sinT[j] = Math.sin((Math.PI * j) / n);
      this.cosT[j] = Math.cos((Math.PI * j) / n);
    }
  }

  /**
   * out[k] = F_k for k = 0..n (out may alias y). Only y[0..len) are read; y[len..n] are taken as 0
   * (len ≤ n + 1).
   */
  transform(y: Float64Array, out: Float64Array, len = this.n + 1): void {
    const n = this.n, z = this.z, s = this.sinT, c = this.cosT;
    const wp = wasmDctPlan(n);
    if (wp) {
      // same operations in WebAssembly (native/fft-kernels.c dct1), bit-identical
      const heap = wasmHeap();
      const v = heap.f64, yo = wp.y / 8, oo = wp.out / 8;
      const m = Math.min(len, n + 1);
      v.set(y.subarray(0, m), yo);
      heap.ex.dct1(wp.plan, wp.y, wp.out, len);
      out.set(v.subarray(oo, oo + n + 1));
      return;
    }
    const y0 = len > 0 ? y[0] : 0, yn = len > n ? y[n] : 0;
    let f1 = 0.5 * (y0 - yn);
    z[0] = 0.5 * (y0 + yn);
    if (len > n) {
      for (let j = 1; j < n; j++) {
        const a = y[j], b = y[n - j];
        z[j] = 0.5 * (a + b) - s[j] * (a - b);
        f1 += a * c[j];
      }
    } else {
      // y[j] = 0 for j ≥ len: z_j = (½ − sin)·y_j for j < len, (½ + sin)·y_{n−j} for n − j < len
      z.fill(0, 1);
      for (let j = 1; j < len; j++) {
        const a = y[j];
        z[j] += (0.5 - s[j]) * a;
        z[n - j] += (0.5 + s[n - j]) * a;
        f1 += a * c[j];
      }
    }
    realFftPlan(n).forward(z, this.zr, this.zi);
    const h = n / 2;
    for (let m = 0; m <= h; m++) out[2 * m] = this.zr[m];
    let prev = f1;
    out[1] = f1;
    for (let m = 1; m < h; m++) {
      prev -= this.zi[m];
      out[2 * m + 1] = prev;
    }
  }
}
