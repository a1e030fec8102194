// Fast Fourier transforms, float64, for any length whose prime factors are small (2, 3, 4, 5, …).
//
// Algorithm: Stockham auto-sort, decimation in frequency, mixed radix (Cooley & Tukey 1965; Stockham 1966),
// so that MATLAB's `fft(x, n)` can be reproduced for the non-power-of-two sizes COVAREP uses (SRH takes a
// 16000-point FFT: 2^7·5^3). Radix 4 and 2 have dedicated butterflies; other factors use a generic DFT
// butterfly (fine for 3 and 5; a large prime factor would be slow but still correct).
// Twiddles and work buffers are allocated once per plan: a plan is reused across frames.
// Sign convention as MATLAB: X[k] = Σ x[n]·e^(−2πi·kn/N); the inverse divides by N.
// Speed: lengths with radices 2, 4, 5 run in WebAssembly (wasm-fft.ts, native/fft-kernels.c) with the same
// operations in the same order — bit-identical to the TypeScript below, which remains the reference and
// the fallback for other lengths.
import { factorize, wasmComplexPlan, wasmHeap, wasmRealPlan } from './wasm-fft';

const C5_1 = Math.cos((2 * Math.PI) / 5), C5_2 = Math.cos((4 * Math.PI) / 5);
const S5_1 = Math.sin((2 * Math.PI) / 5), S5_2 = Math.sin((4 * Math.PI) / 5);

/** Complex FFT plan of a fixed length. */
export class ComplexFft {
  readonly n: number;
  private readonly radices: number[];
  private readonly twRe: Float64Array[];
  private readonly twIm: Float64Array[];
  private readonly bufRe: Float64Array;
  private readonly bufIm: Float64Array;
  private readonly tmpRe: Float64Array;
  private readonly tmpIm: Float64Array;
  private readonly rootRe: Float64Array[];
  private readonly rootIm: Float64Array[];

  constructor(n: number) {
    if (!Number.isInteger(n) || n < 1) throw new Error(`FFT length must be a positive integer, got ${n}`);
    this.n = n;
    this.radices = n === 1 ? [] : factorize(n);
    this.twRe = [];
    this.twIm = [];
    this.rootRe = [];
    this.rootIm = [];
    let len = n;
    let maxR = 1;
    for (const r of this.radices) {
      const m = len / r;
      // twiddle w^(p·u) for p < m, u < r, with w = e^(−2πi/len)
      const tr = new Float64Array(m * r);
      const ti = new Float64Array(m * r);
      for (let p = 0; p < m; p++) {
        for (let u = 0; u < r; u++) {
          const a = (-2 * Math.PI * p * u) / len;
          tr[p * r + u] = Math.cos(a);
          ti[p * r + u] = Math.sin(a);
        }
      }
      this.twRe.push(tr);
      this.twIm.push(ti);
      const rr = new Float64Array(r);
      const ri = new Float64Array(r);
      for (let u = 0; u < r; u++) {
        rr[u] = Math.cos((-2 * Math.PI * u) / r);
        ri[u] = Math.sin((-2 * Math.PI * u) / r);
      }
      this.rootRe.push(rr);
      this.rootIm.push(ri);
      if (r > maxR) maxR = r;
      len = m;
    }
    this.bufRe = new Float64Array(n);
    this.bufIm = new Float64Array(n);
    this.tmpRe = new Float64Array(maxR);
    this.tmpIm = new Float64Array(maxR);
  }

  /** In-place forward transform of (re, im). */
  forward(re: Float64Array, im: Float64Array): void {
    this.run(re, im);
  }

  /** In-place inverse transform (divides by n). */
  inverse(re: Float64Array, im: Float64Array): void {
    const n = this.n;
    for (let i = 0; i < n; i++) im[i] = -im[i];
    this.run(re, im);
    const s = 1 / n;
    for (let i = 0; i < n; i++) { re[i] *= s; im[i] = -im[i] * s; }
  }

  private run(re: Float64Array, im: Float64Array): void {
    const n = this.n;
    const wp = wasmComplexPlan(n);
    if (wp) {
      const h = wasmHeap();
      const v = h.f64, ro = wp.re / 8, io = wp.im / 8;
      v.set(re.subarray(0, n), ro);
      v.set(im.subarray(0, n), io);
      h.ex.cfft(wp.plan, wp.re, wp.im);
      re.set(v.subarray(ro, ro + n));
      im.set(v.subarray(io, io + n));
      return;
    }
    let xr = re, xi = im, yr = this.bufRe, yi = this.bufIm;
    let len = n;
    let s = 1;
    for (let st = 0; st < this.radices.length; st++) {
      const r = this.radices[st];
      const m = len / r;
      const tr = this.twRe[st], ti = this.twIm[st];
      if (r === 2) {
        for (let p = 0; p < m; p++) {
          const wr = tr[p * 2 + 1], wi = ti[p * 2 + 1];
          for (let q = 0; q < s; q++) {
            const i0 = q + s * p, i1 = q + s * (p + m);
            const ar = xr[i0], ai = xi[i0], br = xr[i1], bi = xi[i1];
            const o0 = q + s * (2 * p), o1 = o0 + s;
            yr[o0] = ar + br; yi[o0] = ai + bi;
            const dr = ar - br, di = ai - bi;
            yr[o1] = dr * wr - di * wi; yi[o1] = dr * wi + di * wr;
          }
        }
      } else if (r === 4) {
        for (let p = 0; p < m; p++) {
          const k = p * 4;
          const w1r = tr[k + 1], w1i = ti[k + 1], w2r = tr[k + 2], w2i = ti[k + 2], w3r = tr[k + 3], w3i = ti[k + 3];
          for (let q = 0; q < s; q++) {
            const i0 = q + s * p, i1 = i0 + s * m, i2 = i1 + s * m, i3 = i2 + s * m;
            const ar = xr[i0], ai = xi[i0], br = xr[i1], bi = xi[i1];
            const cr = xr[i2], ci = xi[i2], dr = xr[i3], di = xi[i3];
            const t0r = ar + cr, t0i = ai + ci, t1r = ar - cr, t1i = ai - ci;
            const t2r = br + dr, t2i = bi + di, t3r = br - dr, t3i = bi - di;
            // X0 = t0 + t2; X1 = t1 − i·t3; X2 = t0 − t2; X3 = t1 + i·t3
            const o0 = q + s * (4 * p);
            yr[o0] = t0r + t2r; yi[o0] = t0i + t2i;
            const x1r = t1r + t3i, x1i = t1i - t3r;
            const x2r = t0r - t2r, x2i = t0i - t2i;
            const x3r = t1r - t3i, x3i = t1i + t3r;
            yr[o0 + s] = x1r * w1r - x1i * w1i; yi[o0 + s] = x1r * w1i + x1i * w1r;
            yr[o0 + 2 * s] = x2r * w2r - x2i * w2i; yi[o0 + 2 * s] = x2r * w2i + x2i * w2r;
            yr[o0 + 3 * s] = x3r * w3r - x3i * w3i; yi[o0 + 3 * s] = x3r * w3i + x3i * w3r;
          }
        }
      } else if (r === 5) {
        const c1 = C5_1, c2 = C5_2, s1 = S5_1, s2 = S5_2;
        for (let p = 0; p < m; p++) {
          const k = p * 5;
          const w1r = tr[k + 1], w1i = ti[k + 1], w2r = tr[k + 2], w2i = ti[k + 2];
          const w3r = tr[k + 3], w3i = ti[k + 3], w4r = tr[k + 4], w4i = ti[k + 4];
          for (let q = 0; q < s; q++) {
            const i0 = q + s * p, sm = s * m;
            const a0r = xr[i0], a0i = xi[i0];
            const a1r = xr[i0 + sm], a1i = xi[i0 + sm];
            const a2r = xr[i0 + 2 * sm], a2i = xi[i0 + 2 * sm];
            const a3r = xr[i0 + 3 * sm], a3i = xi[i0 + 3 * sm];
            const a4r = xr[i0 + 4 * sm], a4i = xi[i0 + 4 * sm];
            const t1r = a1r + a4r, t1i = a1i + a4i, t2r = a2r + a3r, t2i = a2i + a3i;
            const t3r = a1r - a4r, t3i = a1i - a4i, t4r = a2r - a3r, t4i = a2i - a3i;
            const b1r = a0r + c1 * t1r + c2 * t2r, b1i = a0i + c1 * t1i + c2 * t2i;
            const b2r = a0r + c2 * t1r + c1 * t2r, b2i = a0i + c2 * t1i + c1 * t2i;
            const d1r = s1 * t3r + s2 * t4r, d1i = s1 * t3i + s2 * t4i;
            const d2r = s2 * t3r - s1 * t4r, d2i = s2 * t3i - s1 * t4i;
            // X1 = b1 − i·d1, X4 = b1 + i·d1, X2 = b2 − i·d2, X3 = b2 + i·d2
            const x1r = b1r + d1i, x1i = b1i - d1r, x4r = b1r - d1i, x4i = b1i + d1r;
            const x2r = b2r + d2i, x2i = b2i - d2r, x3r = b2r - d2i, x3i = b2i + d2r;
            const o0 = q + s * (5 * p);
            yr[o0] = a0r + t1r + t2r; yi[o0] = a0i + t1i + t2i;
            yr[o0 + s] = x1r * w1r - x1i * w1i; yi[o0 + s] = x1r * w1i + x1i * w1r;
            yr[o0 + 2 * s] = x2r * w2r - x2i * w2i; yi[o0 + 2 * s] = x2r * w2i + x2i * w2r;
            yr[o0 + 3 * s] = x3r * w3r - x3i * w3i; yi[o0 + 3 * s] = x3r * w3i + x3i * w3r;
            yr[o0 + 4 * s] = x4r * w4r - x4i * w4i; yi[o0 + 4 * s] = x4r * w4i + x4i * w4r;
          }
        }
      } else {
        const rr = this.rootRe[st], ri = this.rootIm[st];
        const ar = this.tmpRe, ai = this.tmpIm;
        for (let p = 0; p < m; p++) {
          for (let q = 0; q < s; q++) {
            for (let t = 0; t < r; t++) {
              const idx = q + s * (p + t * m);
              ar[t] = xr[idx]; ai[t] = xi[idx];
            }
            for (let u = 0; u < r; u++) {
              let sr = 0, si = 0;
              for (let t = 0; t < r; t++) {
                const e = (t * u) % r;
                const cr = rr[e], ci = ri[e];
                sr += ar[t] * cr - ai[t] * ci;
                si += ar[t] * ci + ai[t] * cr;
              }
              const wr = tr[p * r + u], wi = ti[p * r + u];
              const o = q + s * (r * p + u);
              yr[o] = sr * wr - si * wi; yi[o] = sr * wi + si * wr;
            }
          }
        }
      }
      // swap roles
      const a = xr; xr = yr; yr = a;
      const b = xi; xi = yi; yi = b;
      len = m;
      s *= r;
    }
    if (xr !== re) {
      re.set(xr);
      im.set(xi);
    }
  }
}

/**
 * FFT of a real sequence of even length n through one complex FFT of length n/2.
 * `forward` returns bins 0..n/2 (the rest is the conjugate mirror).
 */
export class RealFft {
  readonly n: number;
  private readonly half: ComplexFft;
  private readonly zr: Float64Array;
  private readonly zi: Float64Array;
  private readonly wr: Float64Array;
  private readonly wi: Float64Array;

  constructor(n: number) {
    if (n % 2 !== 0 || n < 2) throw new Error(`RealFft length must be even, got ${n}`);
    this.n = n;
    const h = n / 2;
    this.half = new ComplexFft(h);
    this.zr = new Float64Array(h);
    this.zi = new Float64Array(h);
    this.wr = new Float64Array(h);
    this.wi = new Float64Array(h);
    for (let k = 0; k < h; k++) {
      this.wr[k] = Math.cos((-2 * Math.PI * k) / n);
      this.wi[k] = Math.sin((-2 * Math.PI * k) / n);
    }
  }

  /**
   * Forward transform of x (length ≤ n; zero-padded to n like MATLAB `fft(x, n)`), written to
   * outRe/outIm[0..n/2].
   */
  forward(x: ArrayLike<number>, outRe: Float64Array, outIm: Float64Array, xLength = x.length): void {
    const h = this.n / 2;
    const zr = this.zr, zi = this.zi;
    const len = Math.min(xLength, this.n);
    const wp = wasmRealPlan(this.n);
    if (wp) {
      const heap = wasmHeap();
      const v = heap.f64, xo = wp.x / 8;
      if (x instanceof Float64Array) v.set(x.subarray(0, len), xo);
      else for (let i = 0; i < len; i++) v[xo + i] = x[i];
      heap.ex.rfft(wp.plan, wp.x, len, wp.outRe, wp.outIm);
      outRe.set(v.subarray(wp.outRe / 8, wp.outRe / 8 + h + 1));
      outIm.set(v.subarray(wp.outIm / 8, wp.outIm / 8 + h + 1));
      return;
    }
    for (let k = 0; k < h; k++) {
      const i0 = 2 * k, i1 = i0 + 1;
      zr[k] = i0 < len ? x[i0] : 0;
      zi[k] = i1 < len ? x[i1] : 0;
    }
    this.half.forward(zr, zi);
    // Unpack: X[k] = (Z[k] + conj Z[h−k])/2 − i·W^k (Z[k] − conj Z[h−k])/2
    outRe[0] = zr[0] + zi[0];
    outIm[0] = 0;
    outRe[h] = zr[0] - zi[0];
    outIm[h] = 0;
    for (let k = 1; k < h; k++) {
      const ar = zr[k], ai = zi[k], br = zr[h - k], bi = -zi[h - k];
      const er = 0.5 * (ar + br), ei = 0.5 * (ai + bi);
      const or = 0.5 * (ar - br), oi = 0.5 * (ai - bi);
      // −i·W·o
      const wr = this.wr[k], wi = this.wi[k];
      const tr = or * wr - oi * wi, ti = or * wi + oi * wr;
      outRe[k] = er + ti;
      outIm[k] = ei - tr;
    }
  }

  /**
   * Inverse of a conjugate-symmetric spectrum given by its bins 0..n/2 (MATLAB `ifft(X, 'symmetric')`:
   * the imaginary parts of bins 0 and n/2 are ignored). Writes n real samples to out.
   */
  inverse(inRe: Float64Array, inIm: Float64Array, out: Float64Array): void {
    const h = this.n / 2;
    const zr = this.zr, zi = this.zi;
    // Z[k] = E[k] + i·O[k], E[k] = (X[k] + conj X[h−k])/2, O[k] = (X[k] − conj X[h−k])/2 · conj(W^k)·… (inverse of forward)
    for (let k = 0; k < h; k++) {
      const ar = inRe[k], ai = k === 0 ? 0 : inIm[k];
      const br = inRe[h - k], bi = -(h - k === h ? 0 : inIm[h - k]);
      const er = 0.5 * (ar + br), ei = 0.5 * (ai + bi);
      const dr = 0.5 * (ar - br), di = 0.5 * (ai - bi);
      // O = d · conj(W^k) · i  (undo −i·W)
      const wr = this.wr[k], wi = -this.wi[k];
      const tr = dr * wr - di * wi, ti = dr * wi + di * wr;
      zr[k] = er - ti;
      zi[k] = ei + tr;
    }
    this.half.inverse(zr, zi);
    for (let k = 0; k < h; k++) {
      out[2 * k] = zr[k];
      out[2 * k + 1] = zi[k];
    }
  }
}

const realPlans = new Map<number, RealFft>();
const complexPlans = new Map<number, ComplexFft>();

/** Plans above this size are built per call instead of cached (their twiddles take ~1.3·n·16 bytes). */
const MAX_CACHED = 1 << 17;

/** Shared plan cache: plans hold only read-only twiddles plus scratch used synchronously. */
export function realFftPlan(n: number): RealFft {
  let p = realPlans.get(n);
  if (!p) { p = new RealFft(n); if (n <= MAX_CACHED) realPlans.set(n, p); }
  return p;
}

export function complexFftPlan(n: number): ComplexFft {
  let p = complexPlans.get(n);
  if (!p) { p = new ComplexFft(n); if (n <= MAX_CACHED) complexPlans.set(n, p); }
  return p;
}
