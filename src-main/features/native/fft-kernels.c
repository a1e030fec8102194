// FFT, DCT-I and the True Envelope iteration of the feature extractor, compiled to WebAssembly
// (scripts/build-features-wasm.sh; clang-14, -O3 -msimd128, no libc).
// The float64 FFT/DCT kernels below are bit-identical to their TypeScript twins (next paragraph); the MCEP
// kernel at the end (mcep_pass) is not: it runs the True Envelope in float32, four frames per SIMD vector
// (ADR 0037), and is checked against the float64 TypeScript path within tolerances instead.
//
// These kernels are a faster home for the TypeScript algorithms in src-main/features/dsp/fft.ts,
// dsp/dct.ts and true-envelope.ts (Stockham auto-sort mixed-radix FFT — Cooley & Tukey 1965, Stockham
// 1966; real FFT by half-length packing; DCT-I through a half-length real FFT — Makhoul, IEEE TASSP 28(1),
// 1980; True Envelope — Röbel & Rodet, DAFx 2005). They perform the SAME floating-point operations in the
// SAME order as the TypeScript code, so their results are bit-identical to it: WebAssembly has no fused
// multiply-add, clang does not reassociate without -ffast-math, and the SIMD paths only put two
// independent butterflies side by side (lane-wise ops are the same IEEE ops). Twiddles, windows and the
// radix-5 constants are computed by the TypeScript side (V8's Math.cos/sin) and passed in memory, so no
// libm is needed and the tables are the TypeScript tables bit for bit.
//
// Plans are int32 records in linear memory, written by wasm-fft.ts (pointers are byte offsets):
//   complex plan: [n, nstages, bufRe, bufIm, (radix, twRe, twIm) × nstages]
//   real plan:    [n, complexPlan, zr, zi, wr, wi]
//   DCT-I plan:   [n, realPlan, z, zr, zi, sinT, cosT]  (z, zr, zi unused since dct1 writes straight into
//                 the real plan's packed buffers)
// Buffers that are not plans (HMPD's filtfilt state, 24 f64x2 for 25 taps) live on the shadow stack: this
// module's memory is private to one thread.
#include <stdint.h>
#include <wasm_simd128.h>

typedef double f64;

#define EXPORT(name) __attribute__((export_name(#name))) 

static f64 C5_1, C5_2, S5_1, S5_2;

EXPORT(set_radix5) void set_radix5(f64 c1, f64 c2, f64 s1, f64 s2) {
  C5_1 = c1; C5_2 = c2; S5_1 = s1; S5_2 = s2;
}

#define P(ptr) ((f64 *)(uintptr_t)(ptr))

// Radix-4 butterflies for one p, over q = 0..s-1, two q at a time in f64x2 lanes.
static void radix4(const f64 *restrict xr, const f64 *restrict xi, f64 *restrict yr, f64 *restrict yi,
                   int s, int m, int p, f64 w1r, f64 w1i, f64 w2r, f64 w2i, f64 w3r, f64 w3i) {
  const int sm = s * m;
  const int b0 = s * p, o0b = s * (4 * p);
  int q = 0;
  if (s >= 2) {
    const v128_t W1r = wasm_f64x2_splat(w1r), W1i = wasm_f64x2_splat(w1i);
    const v128_t W2r = wasm_f64x2_splat(w2r), W2i = wasm_f64x2_splat(w2i);
    const v128_t W3r = wasm_f64x2_splat(w3r), W3i = wasm_f64x2_splat(w3i);
    for (; q + 1 < s; q += 2) {
      const int i0 = q + b0, i1 = i0 + sm, i2 = i1 + sm, i3 = i2 + sm;
      const v128_t ar = wasm_v128_load(xr + i0), ai = wasm_v128_load(xi + i0);
      const v128_t br = wasm_v128_load(xr + i1), bi = wasm_v128_load(xi + i1);
      const v128_t cr = wasm_v128_load(xr + i2), ci = wasm_v128_load(xi + i2);
      const v128_t dr = wasm_v128_load(xr + i3), di = wasm_v128_load(xi + i3);
      const v128_t t0r = wasm_f64x2_add(ar, cr), t0i = wasm_f64x2_add(ai, ci);
      const v128_t t1r = wasm_f64x2_sub(ar, cr), t1i = wasm_f64x2_sub(ai, ci);
      const v128_t t2r = wasm_f64x2_add(br, dr), t2i = wasm_f64x2_add(bi, di);
      const v128_t t3r = wasm_f64x2_sub(br, dr), t3i = wasm_f64x2_sub(bi, di);
      const int o0 = q + o0b;
      wasm_v128_store(yr + o0, wasm_f64x2_add(t0r, t2r));
      wasm_v128_store(yi + o0, wasm_f64x2_add(t0i, t2i));
      const v128_t x1r = wasm_f64x2_add(t1r, t3i), x1i = wasm_f64x2_sub(t1i, t3r);
      const v128_t x2r = wasm_f64x2_sub(t0r, t2r), x2i = wasm_f64x2_sub(t0i, t2i);
      const v128_t x3r = wasm_f64x2_sub(t1r, t3i), x3i = wasm_f64x2_add(t1i, t3r);
      wasm_v128_store(yr + o0 + s, wasm_f64x2_sub(wasm_f64x2_mul(x1r, W1r), wasm_f64x2_mul(x1i, W1i)));
      wasm_v128_store(yi + o0 + s, wasm_f64x2_add(wasm_f64x2_mul(x1r, W1i), wasm_f64x2_mul(x1i, W1r)));
      wasm_v128_store(yr + o0 + 2 * s, wasm_f64x2_sub(wasm_f64x2_mul(x2r, W2r), wasm_f64x2_mul(x2i, W2i)));
      wasm_v128_store(yi + o0 + 2 * s, wasm_f64x2_add(wasm_f64x2_mul(x2r, W2i), wasm_f64x2_mul(x2i, W2r)));
      wasm_v128_store(yr + o0 + 3 * s, wasm_f64x2_sub(wasm_f64x2_mul(x3r, W3r), wasm_f64x2_mul(x3i, W3i)));
      wasm_v128_store(yi + o0 + 3 * s, wasm_f64x2_add(wasm_f64x2_mul(x3r, W3i), wasm_f64x2_mul(x3i, W3r)));
    }
  }
  for (; q < s; q++) {
    const int i0 = q + b0, i1 = i0 + sm, i2 = i1 + sm, i3 = i2 + sm;
    const f64 ar = xr[i0], ai = xi[i0], br = xr[i1], bi = xi[i1];
    const f64 cr = xr[i2], ci = xi[i2], dr = xr[i3], di = xi[i3];
    const f64 t0r = ar + cr, t0i = ai + ci, t1r = ar - cr, t1i = ai - ci;
    const f64 t2r = br + dr, t2i = bi + di, t3r = br - dr, t3i = bi - di;
    const int o0 = q + o0b;
    yr[o0] = t0r + t2r; yi[o0] = t0i + t2i;
    const f64 x1r = t1r + t3i, x1i = t1i - t3r;
    const f64 x2r = t0r - t2r, x2i = t0i - t2i;
    const f64 x3r = t1r - t3i, x3i = t1i + t3r;
    yr[o0 + s] = x1r * w1r - x1i * w1i; yi[o0 + s] = x1r * w1i + x1i * w1r;
    yr[o0 + 2 * s] = x2r * w2r - x2i * w2i; yi[o0 + 2 * s] = x2r * w2i + x2i * w2r;
    yr[o0 + 3 * s] = x3r * w3r - x3i * w3i; yi[o0 + 3 * s] = x3r * w3i + x3i * w3r;
  }
}

// The first radix-4 stage (s = 1): butterflies p and p+1 side by side (inputs contiguous in p; their
// twiddles gathered; outputs 4p+u and 4p+4+u re-paired by shuffles before the stores).
static inline v128_t cmul_re(v128_t xr, v128_t xi, v128_t wr, v128_t wi) {
  return wasm_f64x2_sub(wasm_f64x2_mul(xr, wr), wasm_f64x2_mul(xi, wi));
}
static inline v128_t cmul_im(v128_t xr, v128_t xi, v128_t wr, v128_t wi) {
  return wasm_f64x2_add(wasm_f64x2_mul(xr, wi), wasm_f64x2_mul(xi, wr));
}
static void radix4_s1(const f64 *restrict xr, const f64 *restrict xi, f64 *restrict yr, f64 *restrict yi,
                      int m, const f64 *restrict tr, const f64 *restrict ti) {
  int p = 0;
  for (; p + 1 < m; p += 2) {
    const int k = p * 4;
    const v128_t ar = wasm_v128_load(xr + p), ai = wasm_v128_load(xi + p);
    const v128_t br = wasm_v128_load(xr + p + m), bi = wasm_v128_load(xi + p + m);
    const v128_t cr = wasm_v128_load(xr + p + 2 * m), ci = wasm_v128_load(xi + p + 2 * m);
    const v128_t dr = wasm_v128_load(xr + p + 3 * m), di = wasm_v128_load(xi + p + 3 * m);
    const v128_t t0r = wasm_f64x2_add(ar, cr), t0i = wasm_f64x2_add(ai, ci);
    const v128_t t1r = wasm_f64x2_sub(ar, cr), t1i = wasm_f64x2_sub(ai, ci);
    const v128_t t2r = wasm_f64x2_add(br, dr), t2i = wasm_f64x2_add(bi, di);
    const v128_t t3r = wasm_f64x2_sub(br, dr), t3i = wasm_f64x2_sub(bi, di);
    const v128_t y0r = wasm_f64x2_add(t0r, t2r), y0i = wasm_f64x2_add(t0i, t2i);
    const v128_t x1r = wasm_f64x2_add(t1r, t3i), x1i = wasm_f64x2_sub(t1i, t3r);
    const v128_t x2r = wasm_f64x2_sub(t0r, t2r), x2i = wasm_f64x2_sub(t0i, t2i);
    const v128_t x3r = wasm_f64x2_sub(t1r, t3i), x3i = wasm_f64x2_add(t1i, t3r);
    const v128_t w1r = wasm_f64x2_make(tr[k + 1], tr[k + 5]), w1i = wasm_f64x2_make(ti[k + 1], ti[k + 5]);
    const v128_t w2r = wasm_f64x2_make(tr[k + 2], tr[k + 6]), w2i = wasm_f64x2_make(ti[k + 2], ti[k + 6]);
    const v128_t w3r = wasm_f64x2_make(tr[k + 3], tr[k + 7]), w3i = wasm_f64x2_make(ti[k + 3], ti[k + 7]);
    const v128_t y1r = cmul_re(x1r, x1i, w1r, w1i), y1i = cmul_im(x1r, x1i, w1r, w1i);
    const v128_t y2r = cmul_re(x2r, x2i, w2r, w2i), y2i = cmul_im(x2r, x2i, w2r, w2i);
    const v128_t y3r = cmul_re(x3r, x3i, w3r, w3i), y3i = cmul_im(x3r, x3i, w3r, w3i);
    // lane 0 → outputs 4p..4p+3, lane 1 → 4p+4..4p+7
    wasm_v128_store(yr + k, wasm_i64x2_shuffle(y0r, y1r, 0, 2));
    wasm_v128_store(yr + k + 2, wasm_i64x2_shuffle(y2r, y3r, 0, 2));
    wasm_v128_store(yr + k + 4, wasm_i64x2_shuffle(y0r, y1r, 1, 3));
    wasm_v128_store(yr + k + 6, wasm_i64x2_shuffle(y2r, y3r, 1, 3));
    wasm_v128_store(yi + k, wasm_i64x2_shuffle(y0i, y1i, 0, 2));
    wasm_v128_store(yi + k + 2, wasm_i64x2_shuffle(y2i, y3i, 0, 2));
    wasm_v128_store(yi + k + 4, wasm_i64x2_shuffle(y0i, y1i, 1, 3));
    wasm_v128_store(yi + k + 6, wasm_i64x2_shuffle(y2i, y3i, 1, 3));
  }
  for (; p < m; p++) {
    const int k = p * 4;
    radix4(xr, xi, yr, yi, 1, m, p, tr[k + 1], ti[k + 1], tr[k + 2], ti[k + 2], tr[k + 3], ti[k + 3]);
  }
}

/**
 * Forward complex FFT of (re, im) (dsp/fft.ts ComplexFft.run); the result is left in (re, im) or in the
 * plan buffers (Stockham ping-pong); outRe and outIm say where.
 */
static void cfft_core(const int32_t *plan, f64 *re, f64 *im, f64 **outRe, f64 **outIm) {
  const int nst = plan[1];
  f64 *xr = re, *xi = im, *yr = P(plan[2]), *yi = P(plan[3]);
  int len = plan[0], s = 1;
  for (int st = 0; st < nst; st++) {
    const int r = plan[4 + 3 * st];
    const f64 *restrict tr = P(plan[5 + 3 * st]), *restrict ti = P(plan[6 + 3 * st]);
    const int m = len / r;
    if (r == 4) {
      if (s == 1) radix4_s1(xr, xi, yr, yi, m, tr, ti);
      else
        for (int p = 0; p < m; p++) {
          const int k = p * 4;
          radix4(xr, xi, yr, yi, s, m, p, tr[k + 1], ti[k + 1], tr[k + 2], ti[k + 2], tr[k + 3], ti[k + 3]);
        }
    } else if (r == 2) {
      for (int p = 0; p < m; p++) {
        const f64 wr = tr[p * 2 + 1], wi = ti[p * 2 + 1];
        int q = 0;
        const v128_t Wr = wasm_f64x2_splat(wr), Wi = wasm_f64x2_splat(wi);
        for (; q + 1 < s; q += 2) {
          const int i0 = q + s * p, i1 = q + s * (p + m);
          const v128_t ar = wasm_v128_load(xr + i0), ai = wasm_v128_load(xi + i0);
          const v128_t br = wasm_v128_load(xr + i1), bi = wasm_v128_load(xi + i1);
          const int o0 = q + s * (2 * p), o1 = o0 + s;
          wasm_v128_store(yr + o0, wasm_f64x2_add(ar, br)); wasm_v128_store(yi + o0, wasm_f64x2_add(ai, bi));
          const v128_t dr = wasm_f64x2_sub(ar, br), di = wasm_f64x2_sub(ai, bi);
          wasm_v128_store(yr + o1, cmul_re(dr, di, Wr, Wi)); wasm_v128_store(yi + o1, cmul_im(dr, di, Wr, Wi));
        }
        for (; q < s; q++) {
          const int i0 = q + s * p, i1 = q + s * (p + m);
          const f64 ar = xr[i0], ai = xi[i0], br = xr[i1], bi = xi[i1];
          const int o0 = q + s * (2 * p), o1 = o0 + s;
          yr[o0] = ar + br; yi[o0] = ai + bi;
          const f64 dr = ar - br, di = ai - bi;
          yr[o1] = dr * wr - di * wi; yi[o1] = dr * wi + di * wr;
        }
      }
    } else if (r == 5) {
      const f64 c1 = C5_1, c2 = C5_2, s1 = S5_1, s2 = S5_2;
      for (int p = 0; p < m; p++) {
        const int k = p * 5;
        const f64 w1r = tr[k + 1], w1i = ti[k + 1], w2r = tr[k + 2], w2i = ti[k + 2];
        const f64 w3r = tr[k + 3], w3i = ti[k + 3], w4r = tr[k + 4], w4i = ti[k + 4];
        int q = 0;
        {
          // two q per f64x2 (the scalar loop below finishes an odd s); same operations per lane
          const v128_t C1 = wasm_f64x2_splat(c1), C2 = wasm_f64x2_splat(c2), S1 = wasm_f64x2_splat(s1), S2 = wasm_f64x2_splat(s2);
          const v128_t W1r = wasm_f64x2_splat(w1r), W1i = wasm_f64x2_splat(w1i), W2r = wasm_f64x2_splat(w2r), W2i = wasm_f64x2_splat(w2i);
          const v128_t W3r = wasm_f64x2_splat(w3r), W3i = wasm_f64x2_splat(w3i), W4r = wasm_f64x2_splat(w4r), W4i = wasm_f64x2_splat(w4i);
          const int sm = s * m;
#define LD(a) wasm_v128_load(a)
#define ADD wasm_f64x2_add
#define SUB wasm_f64x2_sub
#define MUL wasm_f64x2_mul
          for (; q + 1 < s; q += 2) {
            const int i0 = q + s * p;
            const v128_t a0r = LD(xr + i0), a0i = LD(xi + i0);
            const v128_t a1r = LD(xr + i0 + sm), a1i = LD(xi + i0 + sm);
            const v128_t a2r = LD(xr + i0 + 2 * sm), a2i = LD(xi + i0 + 2 * sm);
            const v128_t a3r = LD(xr + i0 + 3 * sm), a3i = LD(xi + i0 + 3 * sm);
            const v128_t a4r = LD(xr + i0 + 4 * sm), a4i = LD(xi + i0 + 4 * sm);
            const v128_t t1r = ADD(a1r, a4r), t1i = ADD(a1i, a4i), t2r = ADD(a2r, a3r), t2i = ADD(a2i, a3i);
            const v128_t t3r = SUB(a1r, a4r), t3i = SUB(a1i, a4i), t4r = SUB(a2r, a3r), t4i = SUB(a2i, a3i);
            const v128_t b1r = ADD(ADD(a0r, MUL(C1, t1r)), MUL(C2, t2r)), b1i = ADD(ADD(a0i, MUL(C1, t1i)), MUL(C2, t2i));
            const v128_t b2r = ADD(ADD(a0r, MUL(C2, t1r)), MUL(C1, t2r)), b2i = ADD(ADD(a0i, MUL(C2, t1i)), MUL(C1, t2i));
            const v128_t d1r = ADD(MUL(S1, t3r), MUL(S2, t4r)), d1i = ADD(MUL(S1, t3i), MUL(S2, t4i));
            const v128_t d2r = SUB(MUL(S2, t3r), MUL(S1, t4r)), d2i = SUB(MUL(S2, t3i), MUL(S1, t4i));
            const v128_t x1r = ADD(b1r, d1i), x1i = SUB(b1i, d1r), x4r = SUB(b1r, d1i), x4i = ADD(b1i, d1r);
            const v128_t x2r = ADD(b2r, d2i), x2i = SUB(b2i, d2r), x3r = SUB(b2r, d2i), x3i = ADD(b2i, d2r);
            const int o0 = q + s * (5 * p);
            wasm_v128_store(yr + o0, ADD(ADD(a0r, t1r), t2r)); wasm_v128_store(yi + o0, ADD(ADD(a0i, t1i), t2i));
            wasm_v128_store(yr + o0 + s, cmul_re(x1r, x1i, W1r, W1i)); wasm_v128_store(yi + o0 + s, cmul_im(x1r, x1i, W1r, W1i));
            wasm_v128_store(yr + o0 + 2 * s, cmul_re(x2r, x2i, W2r, W2i)); wasm_v128_store(yi + o0 + 2 * s, cmul_im(x2r, x2i, W2r, W2i));
            wasm_v128_store(yr + o0 + 3 * s, cmul_re(x3r, x3i, W3r, W3i)); wasm_v128_store(yi + o0 + 3 * s, cmul_im(x3r, x3i, W3r, W3i));
            wasm_v128_store(yr + o0 + 4 * s, cmul_re(x4r, x4i, W4r, W4i)); wasm_v128_store(yi + o0 + 4 * s, cmul_im(x4r, x4i, W4r, W4i));
          }
#undef LD
#undef ADD
#undef SUB
#undef MUL
        }
        for (; q < s; q++) {
          const int i0 = q + s * p, sm = s * m;
          const f64 a0r = xr[i0], a0i = xi[i0];
          const f64 a1r = xr[i0 + sm], a1i = xi[i0 + sm];
          const f64 a2r = xr[i0 + 2 * sm], a2i = xi[i0 + 2 * sm];
          const f64 a3r = xr[i0 + 3 * sm], a3i = xi[i0 + 3 * sm];
          const f64 a4r = xr[i0 + 4 * sm], a4i = xi[i0 + 4 * sm];
          const f64 t1r = a1r + a4r, t1i = a1i + a4i, t2r = a2r + a3r, t2i = a2i + a3i;
          const f64 t3r = a1r - a4r, t3i = a1i - a4i, t4r = a2r - a3r, t4i = a2i - a3i;
          const f64 b1r = a0r + c1 * t1r + c2 * t2r, b1i = a0i + c1 * t1i + c2 * t2i;
          const f64 b2r = a0r + c2 * t1r + c1 * t2r, b2i = a0i + c2 * t1i + c1 * t2i;
          const f64 d1r = s1 * t3r + s2 * t4r, d1i = s1 * t3i + s2 * t4i;
          const f64 d2r = s2 * t3r - s1 * t4r, d2i = s2 * t3i - s1 * t4i;
          const f64 x1r = b1r + d1i, x1i = b1i - d1r, x4r = b1r - d1i, x4i = b1i + d1r;
          const f64 x2r = b2r + d2i, x2i = b2i - d2r, x3r = b2r - d2i, x3i = b2i + d2r;
          const int o0 = q + s * (5 * p);
          yr[o0] = a0r + t1r + t2r; yi[o0] = a0i + t1i + t2i;
          yr[o0 + s] = x1r * w1r - x1i * w1i; yi[o0 + s] = x1r * w1i + x1i * w1r;
          yr[o0 + 2 * s] = x2r * w2r - x2i * w2i; yi[o0 + 2 * s] = x2r * w2i + x2i * w2r;
          yr[o0 + 3 * s] = x3r * w3r - x3i * w3i; yi[o0 + 3 * s] = x3r * w3i + x3i * w3r;
          yr[o0 + 4 * s] = x4r * w4r - x4i * w4i; yi[o0 + 4 * s] = x4r * w4i + x4i * w4r;
        }
      }
    } else {
      break; // other radices stay in TypeScript (wasm-fft.ts never builds such a plan)
    }
    f64 *a = xr; xr = yr; yr = a;
    f64 *b = xi; xi = yi; yi = b;
    len = m;
    s *= r;
  }
  *outRe = xr;
  *outIm = xi;
}

/** In-place forward complex FFT (dsp/fft.ts ComplexFft.run). */
EXPORT(cfft) void cfft(const int32_t *plan, f64 *re, f64 *im) {
  const int n = plan[0];
  f64 *xr, *xi;
  cfft_core(plan, re, im, &xr, &xi);
  if (xr != re) {
    for (int i = 0; i < n; i++) { re[i] = xr[i]; im[i] = xi[i]; }
  }
}

/** Real FFT of x[0..xlen) zero-padded to n: bins 0..n/2 (dsp/fft.ts RealFft.forward). */
EXPORT(rfft) void rfft(const int32_t *plan, const f64 *x, int xlen, f64 *outRe, f64 *outIm) {
  const int n = plan[0], h = n / 2;
  f64 *zr = P(plan[2]), *zi = P(plan[3]);
  const f64 *wr = P(plan[4]), *wi = P(plan[5]);
  const int len = xlen < n ? xlen : n;
  for (int k = 0; k < h; k++) {
    const int i0 = 2 * k, i1 = i0 + 1;
    zr[k] = i0 < len ? x[i0] : 0;
    zi[k] = i1 < len ? x[i1] : 0;
  }
  f64 *Zr, *Zi;
  cfft_core((const int32_t *)(uintptr_t)plan[1], zr, zi, &Zr, &Zi);
  outRe[0] = Zr[0] + Zi[0];
  outIm[0] = 0;
  outRe[h] = Zr[0] - Zi[0];
  outIm[h] = 0;
  for (int k = 1; k < h; k++) {
    const f64 ar = Zr[k], ai = Zi[k], br = Zr[h - k], bi = -Zi[h - k];
    const f64 er = 0.5 * (ar + br), ei = 0.5 * (ai + bi);
    const f64 or = 0.5 * (ar - br), oi = 0.5 * (ai - bi);
    const f64 tr = or * wr[k] - oi * wi[k], ti = or * wi[k] + oi * wr[k];
    outRe[k] = er + ti;
    outIm[k] = ei - tr;
  }
}

/**
 * DCT-I of y[0..len) (zeros beyond), n+1 outputs (dsp/dct.ts DctI.transform). out may alias y.
 * Fused: z is written straight into the real FFT's packed halves (z[2k] → zr[k], z[2k+1] → zi[k]) and the
 * real-FFT unpacking writes the DCT outputs directly; the values and their order are those of the
 * TypeScript path (z → RealFft.forward → recombination), only the copies between them are gone.
 */
EXPORT(dct1) void dct1(const int32_t *plan, const f64 *y, f64 *out, int len) {
  const int n = plan[0], h = n / 2;
  const int32_t *rplan = (const int32_t *)(uintptr_t)plan[1];
  f64 *zr = P(rplan[2]), *zi = P(rplan[3]);
  const f64 *wr = P(rplan[4]), *wi = P(rplan[5]);
  const f64 *s = P(plan[5]), *c = P(plan[6]);
  const f64 y0 = len > 0 ? y[0] : 0, yn = len > n ? y[n] : 0;
  f64 f1 = 0.5 * (y0 - yn);
  zr[0] = 0.5 * (y0 + yn);
  // z_j goes to zr[j/2] (even j) or zi[(j−1)/2] (odd j); j runs upwards as in the TypeScript loop
  if (len > n) {
    {
      const f64 a = y[1], b = y[n - 1];
      zi[0] = 0.5 * (a + b) - s[1] * (a - b);
      f1 += a * c[1];
    }
    for (int k = 1; k < h; k++) {
      const int j = 2 * k;
      const f64 a = y[j], b = y[n - j];
      zr[k] = 0.5 * (a + b) - s[j] * (a - b);
      f1 += a * c[j];
      const f64 a1 = y[j + 1], b1 = y[n - j - 1];
      zi[k] = 0.5 * (a1 + b1) - s[j + 1] * (a1 - b1);
      f1 += a1 * c[j + 1];
    }
  } else {
    zi[0] = 0;
    for (int k = 1; k < h; k++) { zr[k] = 0; zi[k] = 0; }
    for (int j = 1; j < len; j++) {
      const f64 a = y[j];
      if (j & 1) {
        zi[j >> 1] += (0.5 - s[j]) * a;
        zi[(n - j) >> 1] += (0.5 + s[n - j]) * a;
      } else {
        zr[j >> 1] += (0.5 - s[j]) * a;
        zr[(n - j) >> 1] += (0.5 + s[n - j]) * a;
      }
      f1 += a * c[j];
    }
  }
  f64 *Zr, *Zi;
  cfft_core((const int32_t *)(uintptr_t)rplan[1], zr, zi, &Zr, &Zi);
  // RealFft.forward's recombination; even outputs are its real parts, odd ones the running sum of
  // its imaginary parts (F_{2m+1} = F_{2m−1} − Im Z_m)
  out[0] = Zr[0] + Zi[0];
  out[n] = Zr[0] - Zi[0];
  out[1] = f1;
  f64 prev = f1;
  for (int k = 1; k < h; k++) {
    const f64 ar = Zr[k], ai = Zi[k], br = Zr[h - k], bi = -Zi[h - k];
    const f64 er = 0.5 * (ar + br), ei = 0.5 * (ai + bi);
    const f64 or = 0.5 * (ar - br), oi = 0.5 * (ai - bi);
    const f64 tr = or * wr[k] - oi * wi[k], ti = or * wi[k] + oi * wr[k];
    out[2 * k] = er + ti;
    prev -= ei - tr;
    out[2 * k + 1] = prev;
  }
}

/**
 * out[n] = Σ_k work[k]·cosTab[n·(H+1) + k], doubled for n > 0 (mcep.ts logHspecToFwcep's cepstrum).
 * Rows n and n+1 accumulate in the two lanes of one f64x2, each in k order as the scalar sum does.
 */
EXPORT(fwcep_dot) void fwcep_dot(const f64 *work, const f64 *cosTab, int H, int order, f64 *out) {
  int n = 0;
  for (; n + 1 <= order; n += 2) {
    const f64 *r0 = cosTab + n * (H + 1), *r1 = r0 + (H + 1);
    v128_t acc = wasm_f64x2_splat(0);
    for (int k = 0; k <= H; k++) acc = wasm_f64x2_add(acc, wasm_f64x2_mul(wasm_f64x2_splat(work[k]), wasm_f64x2_make(r0[k], r1[k])));
    const f64 s0 = wasm_f64x2_extract_lane(acc, 0), s1 = wasm_f64x2_extract_lane(acc, 1);
    out[n] = n == 0 ? s0 : 2 * s0;
    out[n + 1] = 2 * s1;
  }
  for (; n <= order; n++) {
    f64 s = 0;
    const f64 *row = cosTab + n * (H + 1);
    for (int k = 0; k <= H; k++) s += work[k] * row[k];
    out[n] = n == 0 ? s : 2 * s;
  }
}

// ---- Zero-phase FIR smoothing of many time series (dsp/phase.ts filtfiltFir), two series per f64x2.
// x is time-major: series c is x[m·stride + c], m = 0..n-1; every column c < ncols is filtered in place.
// work: 4·(n + 6·(L−1)) doubles. Same operations and order as filtfiltFir/df2tFir, lane by lane.

static void df2t2(const f64 *b, int L, const v128_t *zi, const v128_t *inp, v128_t *out, int len, int reverse) {
  v128_t si[64];
  const int ns = L - 1;
  const v128_t first = inp[reverse ? len - 1 : 0];
  for (int j = 0; j < ns; j++) si[j] = wasm_f64x2_mul(zi[j], first);
  const v128_t b0 = wasm_f64x2_splat(b[0]);
  for (int t = 0; t < len; t++) {
    const int idx = reverse ? len - 1 - t : t;
    const v128_t xv = inp[idx];
    out[idx] = ns > 0 ? wasm_f64x2_add(si[0], wasm_f64x2_mul(b0, xv)) : wasm_f64x2_mul(b0, xv);
    for (int j = 0; j < ns - 1; j++) si[j] = wasm_f64x2_add(si[j + 1], wasm_f64x2_mul(wasm_f64x2_splat(b[j + 1]), xv));
    if (ns > 0) si[ns - 1] = wasm_f64x2_mul(wasm_f64x2_splat(b[ns]), xv);
  }
}

EXPORT(filtfilt_cols) void filtfilt_cols(const f64 *b, int L, f64 *x, int n, int stride, int ncols, f64 *work) {
  if (L > 65 || n < 1) return;
  int nr = 3 * (L - 1);
  if (n <= nr) nr = n - 1 > 0 ? n - 1 : 0;
  const int len = n + 2 * nr;
  v128_t *v = (v128_t *)work, *y = v + len;
  v128_t zi[64];
  // zi[k] = Σ_{j>k} b[j], accumulated from the last tap
  f64 acc = 0;
  for (int k = L - 2; k >= 0; k--) { acc += b[k + 1]; zi[k] = wasm_f64x2_splat(acc); }
  for (int c = 0; c < ncols; c += 2) {
    const int c1 = c + 1 < ncols ? c + 1 : c; // an odd last column runs in both lanes
#define X(m, cc) x[(m) * stride + (cc)]
    const v128_t x0 = wasm_f64x2_make(X(0, c), X(0, c1)), xe = wasm_f64x2_make(X(n - 1, c), X(n - 1, c1));
    const v128_t two = wasm_f64x2_splat(2);
    for (int i = 0; i < nr; i++) v[i] = wasm_f64x2_sub(wasm_f64x2_mul(two, x0), wasm_f64x2_make(X(nr - i, c), X(nr - i, c1)));
    for (int i = 0; i < n; i++) v[nr + i] = wasm_f64x2_make(X(i, c), X(i, c1));
    for (int i = 0; i < nr; i++) v[nr + n + i] = wasm_f64x2_sub(wasm_f64x2_mul(two, xe), wasm_f64x2_make(X(n - 2 - i, c), X(n - 2 - i, c1)));
    df2t2(b, L, zi, v, y, len, 0);
    df2t2(b, L, zi, y, v, len, 1);
    for (int i = 0; i < n; i++) {
      X(i, c) = wasm_f64x2_extract_lane(v[nr + i], 0);
      X(i, c1) = wasm_f64x2_extract_lane(v[nr + i], 1);
    }
#undef X
  }
}

// ---- MATLAB medfilt1(x, w) with zero padding (dsp/phase.ts medfilt1) on every column of a time-major
// array (comparisons and copies only, so trivially identical). buf: w doubles.
EXPORT(medfilt_cols) void medfilt_cols(const f64 *x, int n, int stride, int ncols, int w, f64 *out, f64 *buf) {
  const int h = (w - 1) >> 1;
  for (int c = 0; c < ncols; c++) {
#define VAL(k) ((k) < 0 || (k) >= n ? 0.0 : x[(k) * stride + c])
    for (int m = 0; m < w; m++) buf[m] = VAL(m - h);
    // insertion sort (Float64Array.prototype.sort order for non-NaN values; −0 before +0 as in JS)
    for (int i = 1; i < w; i++) {
      const f64 v = buf[i];
      int j = i - 1;
      while (j >= 0 && (buf[j] > v || (buf[j] == 0 && v == 0 && __builtin_signbit(v) && !__builtin_signbit(buf[j])))) { buf[j + 1] = buf[j]; j--; }
      buf[j + 1] = v;
    }
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        const f64 old = VAL(i - 1 - h), nv = VAL(i + h);
        int p = 0;
        while (p < w && buf[p] != old) p++;
        if (p == w) p = w - 1;
        for (int q = p; q < w - 1; q++) buf[q] = buf[q + 1];
        int q = w - 2;
        while (q >= 0 && buf[q] > nv) { buf[q + 1] = buf[q]; q--; }
        buf[q + 1] = nv;
      }
      out[i * stride + c] = buf[h];
    }
#undef VAL
  }
}

// ---- LP residual by frame-wise inverse filtering with overlap-add (lp-residual.ts lpResidual, before
// its final normalisation): autocorrelation, Levinson–Durbin and the FIR inverse filter with the same
// operations in the same order. lpcFrom may equal x. work: 2·(L+1) + 3·(order+1) doubles.
EXPORT(lp_residual) void lp_residual(const f64 *x, const f64 *lpcFrom, int n, int L, int shift, int order,
                                     const f64 *win, f64 *res, f64 *work) {
  const int len = L + 1;
  f64 *seg = work, *seg2 = lpcFrom == x ? seg : work + len, *inv = work + len;
  f64 *r = work + 2 * len, *a = r + (order + 1), *tmp = a + (order + 1);
  // inv shares seg2's slot: seg2 is consumed by the autocorrelation before inv is written
  for (int i = 0; i < n; i++) res[i] = 0;
  for (int start = 0; start + L < n - 1; start += shift) {
    f64 e = 0;
    for (int i = 0; i < len; i++) { const f64 v = x[start + i] * win[i]; seg[i] = v; e += v * v; }
    if (seg2 != seg) for (int i = 0; i < len; i++) seg2[i] = lpcFrom[start + i] * win[i];
    for (int lag = 0; lag <= order; lag++) {
      f64 s = 0;
      for (int i = lag, j = 0; i < len; i++, j++) s += seg2[i] * seg2[j];
      r[lag] = s / len;
    }
    for (int j = 0; j <= order; j++) a[j] = 0;
    a[0] = 1;
    f64 err = r[0];
    for (int i = 1; i <= order; i++) {
      f64 acc = r[i];
      for (int j = 1; j < i; j++) acc += a[j] * r[i - j];
      const f64 k = -acc / err;
      for (int j = 0; j < i; j++) tmp[j] = a[j];
      for (int j = 1; j < i; j++) a[j] = tmp[j] + k * tmp[i - j];
      a[i] = k;
      err *= 1 - k * k;
    }
    f64 ei = 0;
    for (int i = 0; i < len; i++) {
      f64 acc = 0;
      const int kmax = order < i ? order : i;
      for (int k = 0; k <= kmax; k++) acc += a[k] * seg[i - k];
      inv[i] = acc;
      ei += acc * acc;
    }
    const f64 g = __builtin_sqrt(e / ei);
    for (int i = 0; i < len; i++) res[start + i] += inv[i] * g;
  }
}

// ==== MCEP: True Envelope of many frames at once, float32, one frame per f32x4 lane ====================
// (mcep.ts mcepPerFrame; the algorithm and its parameters are described in true-envelope.ts and mcep.ts.)
// Every frame runs the same operations on its own lane, so all arithmetic is lane-wise SIMD without
// shuffles. Lanes are refilled independently: when a lane's True Envelope pass stops (its own iteration
// count), it moves on to its next pass or frame while the other lanes keep iterating. The FFTs are the
// Stockham radix-4/2 transforms above with float32 lanes in place of float64 scalars; twiddles come from
// the float64 plans (V8's Math.cos/sin) rounded to float32 (mcep_plan_f32).

typedef float f32;

typedef struct {
  int n;                    // real FFT length, or DCT-I size (n + 1 points)
  int m;                    // complex FFT length n/2
  int nst;
  int radix[16];
  const f32 *twr[16], *twi[16];
  const f32 *wr, *wi;       // real-FFT unpacking twiddles, n/2 each
  const f32 *sinT, *cosT;   // DCT-I: sin(πj/n), cos(πj/n), n each (0 for a real-FFT plan)
} Plan4;

/** Float32 copy of a float64 real-FFT plan (and of a DCT-I plan's tables when dplan ≠ 0). Returns floats used. */
EXPORT(mcep_plan_f32) int mcep_plan_f32(const int32_t *rplan, const int32_t *dplan, Plan4 *pl, f32 *mem) {
  const int32_t *cplan = (const int32_t *)(uintptr_t)rplan[1];
  const int n = rplan[0], m = cplan[0], nst = cplan[1];
  int used = 0;
  pl->n = n; pl->m = m; pl->nst = nst;
  int len = m;
  for (int st = 0; st < nst && st < 16; st++) {
    const int r = cplan[4 + 3 * st];
    const f64 *tr = P(cplan[5 + 3 * st]), *ti = P(cplan[6 + 3 * st]);
    f32 *a = mem + used, *b = a + len;
    for (int i = 0; i < len; i++) { a[i] = (f32)tr[i]; b[i] = (f32)ti[i]; }
    pl->radix[st] = r; pl->twr[st] = a; pl->twi[st] = b;
    used += 2 * len;
    len /= r;
  }
  f32 *wr = mem + used, *wi = wr + n / 2;
  const f64 *wr64 = P(rplan[4]), *wi64 = P(rplan[5]);
  for (int k = 0; k < n / 2; k++) { wr[k] = (f32)wr64[k]; wi[k] = (f32)wi64[k]; }
  pl->wr = wr; pl->wi = wi;
  used += n;
  pl->sinT = 0; pl->cosT = 0;
  if (dplan) {
    f32 *s = mem + used, *c = s + n;
    const f64 *s64 = P(dplan[5]), *c64 = P(dplan[6]);
    for (int j = 0; j < n; j++) { s[j] = (f32)s64[j]; c[j] = (f32)c64[j]; }
    pl->sinT = s; pl->cosT = c;
    used += 2 * n;
  }
  return used;
}

#define F4ADD wasm_f32x4_add
#define F4SUB wasm_f32x4_sub
#define F4MUL wasm_f32x4_mul
#define F4S wasm_f32x4_splat

/** Complex FFT of m points, 4 independent transforms in the lanes; result pointers in *oRe, *oIm. */
static void te4_cfft(const Plan4 *pl, v128_t *xr, v128_t *xi, v128_t *yr, v128_t *yi, v128_t **oRe, v128_t **oIm) {
  int len = pl->m, s = 1;
  for (int st = 0; st < pl->nst; st++) {
    const int r = pl->radix[st], m = len / r;
    const f32 *tr = pl->twr[st], *ti = pl->twi[st];
    if (r == 4 && m == 1) {
      // last stage: the only twiddles are 1 (p = 0), so no multiplications
      for (int q = 0; q < s; q++) {
        const int i1 = q + s, i2 = i1 + s, i3 = i2 + s;
        const v128_t ar = xr[q], ai = xi[q], br = xr[i1], bi = xi[i1];
        const v128_t cr = xr[i2], ci = xi[i2], dr = xr[i3], di = xi[i3];
        const v128_t t0r = F4ADD(ar, cr), t0i = F4ADD(ai, ci), t1r = F4SUB(ar, cr), t1i = F4SUB(ai, ci);
        const v128_t t2r = F4ADD(br, dr), t2i = F4ADD(bi, di), t3r = F4SUB(br, dr), t3i = F4SUB(bi, di);
        yr[q] = F4ADD(t0r, t2r); yi[q] = F4ADD(t0i, t2i);
        yr[q + s] = F4ADD(t1r, t3i); yi[q + s] = F4SUB(t1i, t3r);
        yr[q + 2 * s] = F4SUB(t0r, t2r); yi[q + 2 * s] = F4SUB(t0i, t2i);
        yr[q + 3 * s] = F4SUB(t1r, t3i); yi[q + 3 * s] = F4ADD(t1i, t3r);
      }
    } else if (r == 4) {
      const int sm = s * m;
      for (int p = 0; p < m; p++) {
        const v128_t w1r = F4S(tr[4 * p + 1]), w1i = F4S(ti[4 * p + 1]);
        const v128_t w2r = F4S(tr[4 * p + 2]), w2i = F4S(ti[4 * p + 2]);
        const v128_t w3r = F4S(tr[4 * p + 3]), w3i = F4S(ti[4 * p + 3]);
        for (int q = 0; q < s; q++) {
          const int i0 = q + s * p, i1 = i0 + sm, i2 = i1 + sm, i3 = i2 + sm;
          const v128_t ar = xr[i0], ai = xi[i0], br = xr[i1], bi = xi[i1];
          const v128_t cr = xr[i2], ci = xi[i2], dr = xr[i3], di = xi[i3];
          const v128_t t0r = F4ADD(ar, cr), t0i = F4ADD(ai, ci), t1r = F4SUB(ar, cr), t1i = F4SUB(ai, ci);
          const v128_t t2r = F4ADD(br, dr), t2i = F4ADD(bi, di), t3r = F4SUB(br, dr), t3i = F4SUB(bi, di);
          const int o0 = q + s * (4 * p);
          yr[o0] = F4ADD(t0r, t2r); yi[o0] = F4ADD(t0i, t2i);
          const v128_t x1r = F4ADD(t1r, t3i), x1i = F4SUB(t1i, t3r);
          const v128_t x2r = F4SUB(t0r, t2r), x2i = F4SUB(t0i, t2i);
          const v128_t x3r = F4SUB(t1r, t3i), x3i = F4ADD(t1i, t3r);
          yr[o0 + s] = F4SUB(F4MUL(x1r, w1r), F4MUL(x1i, w1i)); yi[o0 + s] = F4ADD(F4MUL(x1r, w1i), F4MUL(x1i, w1r));
          yr[o0 + 2 * s] = F4SUB(F4MUL(x2r, w2r), F4MUL(x2i, w2i)); yi[o0 + 2 * s] = F4ADD(F4MUL(x2r, w2i), F4MUL(x2i, w2r));
          yr[o0 + 3 * s] = F4SUB(F4MUL(x3r, w3r), F4MUL(x3i, w3i)); yi[o0 + 3 * s] = F4ADD(F4MUL(x3r, w3i), F4MUL(x3i, w3r));
        }
      }
    } else { // radix 2 (the plans of power-of-two sizes hold only radices 4 and 2)
      for (int p = 0; p < m; p++) {
        const v128_t wr = F4S(tr[2 * p + 1]), wi = F4S(ti[2 * p + 1]);
        for (int q = 0; q < s; q++) {
          const int i0 = q + s * p, i1 = q + s * (p + m);
          const v128_t ar = xr[i0], ai = xi[i0], br = xr[i1], bi = xi[i1];
          const int o0 = q + s * (2 * p), o1 = o0 + s;
          yr[o0] = F4ADD(ar, br); yi[o0] = F4ADD(ai, bi);
          const v128_t dr = F4SUB(ar, br), di = F4SUB(ai, bi);
          yr[o1] = F4SUB(F4MUL(dr, wr), F4MUL(di, wi)); yi[o1] = F4ADD(F4MUL(dr, wi), F4MUL(di, wr));
        }
      }
    }
    v128_t *a = xr; xr = yr; yr = a;
    v128_t *b = xi; xi = yi; yi = b;
    len = m;
    s *= r;
  }
  *oRe = xr; *oIm = xi;
}

/**
 * DCT-I (dct.ts DctI.transform) of 4 lanes: out[k] = ½(y0 + (−1)^k y_n) + Σ_{j=1}^{n−1} y_j cos(πjk/n),
 * k = 0..n; y[j] = 0 for j ≥ len. buf: 4·(n/2) vectors. out must not alias y.
 * Fused output stages (one pass over the results instead of two):
 *  - eo ≠ 0: also *eo += Σ_{j=1}^{n−1} out[j]² over the lanes whose order pv < j (True Envelope's Eo);
 *  - A ≠ 0: out is not written; instead A[k] = max(A[k], F_k) and the return value is max_k (A0[k] − F_k).
 */
static v128_t te4_dct1(const Plan4 *pl, const v128_t *y, int len, v128_t *out, v128_t *buf, v128_t pv, v128_t *eo,
                       v128_t *A, const v128_t *A0) {
  const int n = pl->n, h = n / 2;
  v128_t *zr = buf, *zi = buf + h, *br = buf + 2 * h, *bi = buf + 3 * h;
  const f32 *s = pl->sinT, *c = pl->cosT;
  const v128_t half = F4S(0.5f);
  const v128_t y0 = len > 0 ? y[0] : F4S(0), yn = len > n ? y[n] : F4S(0);
  v128_t f1 = F4MUL(half, F4SUB(y0, yn));
  zr[0] = F4MUL(half, F4ADD(y0, yn));
  // z_j = ½(y_j + y_{n−j}) − sin(πj/n)(y_j − y_{n−j}); even j → zr[j/2], odd j → zi[(j−1)/2]
  if (len > n) {
    {
      const v128_t a = y[1], b = y[n - 1];
      zi[0] = F4SUB(F4MUL(half, F4ADD(a, b)), F4MUL(F4S(s[1]), F4SUB(a, b)));
      f1 = F4ADD(f1, F4MUL(a, F4S(c[1])));
    }
    for (int k = 1; k < h; k++) {
      const int j = 2 * k;
      const v128_t a = y[j], b = y[n - j], a1 = y[j + 1], b1 = y[n - j - 1];
      zr[k] = F4SUB(F4MUL(half, F4ADD(a, b)), F4MUL(F4S(s[j]), F4SUB(a, b)));
      zi[k] = F4SUB(F4MUL(half, F4ADD(a1, b1)), F4MUL(F4S(s[j + 1]), F4SUB(a1, b1)));
      f1 = F4ADD(f1, F4ADD(F4MUL(a, F4S(c[j])), F4MUL(a1, F4S(c[j + 1]))));
    }
  } else {
    // only y_1..y_{len−1} are non-zero: z_j += (½ − sin)·y_j, z_{n−j} += (½ + sin)·y_j (both halves meet
    // when len > n/2, hence the sums)
    for (int k = 1; k < h; k++) { zr[k] = F4S(0); zi[k] = F4S(0); }
    zi[0] = F4S(0);
    int j = 1;
    for (; j + 1 < len; j += 2) {
      const v128_t a = y[j], a1 = y[j + 1]; // j odd, j+1 even; n − j odd, n − j − 1 even
      zi[j >> 1] = F4ADD(zi[j >> 1], F4MUL(F4S(0.5f - s[j]), a));
      zi[(n - j) >> 1] = F4ADD(zi[(n - j) >> 1], F4MUL(F4S(0.5f + s[n - j]), a));
      zr[(j + 1) >> 1] = F4ADD(zr[(j + 1) >> 1], F4MUL(F4S(0.5f - s[j + 1]), a1));
      zr[(n - j - 1) >> 1] = F4ADD(zr[(n - j - 1) >> 1], F4MUL(F4S(0.5f + s[n - j - 1]), a1));
      f1 = F4ADD(f1, F4ADD(F4MUL(a, F4S(c[j])), F4MUL(a1, F4S(c[j + 1]))));
    }
    if (j < len) {
      const v128_t a = y[j];
      zi[j >> 1] = F4ADD(zi[j >> 1], F4MUL(F4S(0.5f - s[j]), a));
      zi[(n - j) >> 1] = F4ADD(zi[(n - j) >> 1], F4MUL(F4S(0.5f + s[n - j]), a));
      f1 = F4ADD(f1, F4MUL(a, F4S(c[j])));
    }
  }
  v128_t *Zr, *Zi;
  te4_cfft(pl, zr, zi, br, bi, &Zr, &Zi);
#define TE4_UNPACK(k) \
    const v128_t ar = Zr[k], ai = Zi[k], brr = Zr[h - k], bii = wasm_f32x4_neg(Zi[h - k]); \
    const v128_t er = F4MUL(half, F4ADD(ar, brr)), ei = F4MUL(half, F4ADD(ai, bii)); \
    const v128_t or = F4MUL(half, F4SUB(ar, brr)), oi = F4MUL(half, F4SUB(ai, bii)); \
    const v128_t wr = F4S(pl->wr[k]), wi = F4S(pl->wi[k]); \
    const v128_t tr = F4SUB(F4MUL(or, wr), F4MUL(oi, wi)), ti = F4ADD(F4MUL(or, wi), F4MUL(oi, wr)); \
    const v128_t ev = F4ADD(er, ti); \
    prev = F4SUB(prev, F4SUB(ei, tr));
  v128_t prev = f1;
  if (A) {
    v128_t md = F4S(-__builtin_inff());
#define TE4_MAX(k, v) { A[k] = wasm_f32x4_pmax(A[k], v); md = wasm_f32x4_pmax(md, F4SUB(A0[k], v)); }
    const v128_t v0 = F4ADD(Zr[0], Zi[0]), vn = F4SUB(Zr[0], Zi[0]);
    TE4_MAX(0, v0); TE4_MAX(n, vn); TE4_MAX(1, f1);
    for (int k = 1; k < h; k++) {
      TE4_UNPACK(k)
      TE4_MAX(2 * k, ev); TE4_MAX(2 * k + 1, prev);
    }
#undef TE4_MAX
    return md;
  }
  out[0] = F4ADD(Zr[0], Zi[0]);
  out[n] = F4SUB(Zr[0], Zi[0]);
  out[1] = f1;
  v128_t e = eo ? *eo : F4S(0);
  v128_t jv = wasm_i32x4_splat(1);
  if (eo) e = F4ADD(e, wasm_v128_and(F4MUL(f1, f1), wasm_i32x4_gt(jv, pv)));
  for (int k = 1; k < h; k++) {
    TE4_UNPACK(k)
    out[2 * k] = ev;
    out[2 * k + 1] = prev;
    if (eo) {
      jv = wasm_i32x4_add(jv, wasm_i32x4_splat(1)); // j = 2k
      e = F4ADD(e, wasm_v128_and(F4MUL(ev, ev), wasm_i32x4_gt(jv, pv)));
      jv = wasm_i32x4_add(jv, wasm_i32x4_splat(1)); // j = 2k + 1
      e = F4ADD(e, wasm_v128_and(F4MUL(prev, prev), wasm_i32x4_gt(jv, pv)));
    }
  }
  if (eo) *eo = e;
#undef TE4_UNPACK
  return e;
}

/** Natural log of 4 positive normal floats (exponent + atanh series of the mantissa, ≤ 2 ulp). */
static inline v128_t te4_log(v128_t x) {
  const v128_t bits = x;
  v128_t e = wasm_i32x4_sub(wasm_u32x4_shr(bits, 23), wasm_i32x4_splat(127));
  v128_t m = wasm_v128_or(wasm_v128_and(bits, wasm_i32x4_splat(0x7fffff)), wasm_i32x4_splat(0x3f800000));
  // mantissa into [√½, √2): halve it (and add 1 to the exponent) above √2
  const v128_t big = wasm_f32x4_gt(m, F4S(1.41421356f));
  m = wasm_v128_bitselect(F4MUL(m, F4S(0.5f)), m, big);
  e = wasm_i32x4_sub(e, big); // big lanes are −1
  const v128_t sv = wasm_f32x4_div(F4SUB(m, F4S(1)), F4ADD(m, F4S(1)));
  const v128_t s2 = F4MUL(sv, sv);
  v128_t poly = F4ADD(F4S(1.0f / 7), F4MUL(s2, F4S(1.0f / 9)));
  poly = F4ADD(F4S(1.0f / 5), F4MUL(s2, poly));
  poly = F4ADD(F4S(1.0f / 3), F4MUL(s2, poly));
  poly = F4ADD(F4S(1), F4MUL(s2, poly));
  const v128_t lm = F4MUL(F4MUL(F4S(2), sv), poly);
  return F4ADD(F4MUL(wasm_f32x4_convert_i32x4(e), F4S(0.693147181f)), lm);
}

/** cos and sin of x, |x| ≤ π, by Taylor series in float64 (a few calls per frame: window recurrences). */
static void te_sincos(f64 x, f64 *c, f64 *s) {
  f64 tc = 1, ts = x, sc = 1, ss = x;
  const f64 x2 = x * x;
  for (int k = 1; k < 20; k++) {
    tc *= -x2 / ((2 * k - 1) * (2 * k));
    ts *= -x2 / ((2 * k) * (2 * k + 1));
    sc += tc; ss += ts;
  }
  *c = sc; *s = ss;
}

static inline f32 lane_get(const v128_t *a, int k, int l) { return ((const f32 *)(a + k))[l]; }
static inline void lane_set(v128_t *a, int k, int l, f32 v) { ((f32 *)(a + k))[l] = v; }

/** Second half of hamming(2p+1) on lane l (win[j] = 0.54 + 0.46·cos(πj/p), j ≤ p), zero for p < j ≤ upTo. */
static void te4_window(v128_t *win, int l, int p, int upTo) {
  f64 c1, s1;
  te_sincos(3.14159265358979323846 / p, &c1, &s1);
  f64 c = 1, s = 0;
  for (int j = 0; j <= p; j++) {
    lane_set(win, j, l, (f32)(0.54 + 0.46 * c));
    const f64 cn = c * c1 - s * s1;
    s = s * c1 + c * s1;
    c = cn;
  }
  for (int j = p + 1; j <= upTo; j++) lane_set(win, j, l, 0);
}

/**
 * One True Envelope pass for each of M frames (mcep.ts mcepPerFrameWasm), four frames per f32x4 vector.
 * Spectrum: the frame's samples (frames[0] = start in x, frames[1] = count) times its normalised window
 * (at float offset frames[2] of wins), folded modulo n = fp->n (so a window longer than n gives the
 * n-point samples of its spectrum), then A = ln|DFT_n|. dp: DCT-I plan of n/2 (same n).
 * mode 0 (the over-smoothed pass): order frames[4]; the pass's cepstrum goes to ccPre[f·ccStride …].
 * mode 1 (the main pass): order frames[3]; bins [0, frames[5]) and [frames[6], n/2] of A first take the
 *   over-smoothed envelope V(k) = cc_0 + Σ_j cc_j·cos(πjk/(n/2)) of ccPre (order frames[4]); then
 *   out[25·f …] = Wt·cc (Wt: 26 float64 per cepstral coefficient).
 * iters[f] = iteration count. work: 9·(n/2 + 1) + 2·n vectors.
 */
EXPORT(mcep_pass) void mcep_pass(const Plan4 *fp, const Plan4 *dp, int mode, const f32 *x, const int32_t *frames, int M,
                                 const f32 *wins, f32 *ccPre, int ccStride, const f64 *Wt, f64 *out, f32 dbLim, int maxIt,
                                 int32_t *iters, v128_t *work) {
  const int N = fp->n, H = N / 2, H1 = H + 1;
  v128_t *A = work, *A0 = A + H1, *V = A0 + H1, *C = V + H1;
  v128_t *cc = C + H1, *ccp = cc + H1, *win = ccp + H1, *y = win + H1, *G = y + H1;
  v128_t *fb = G + H1; // 4·(N/2) vectors: FFT buffers (the DCT uses the first 4·(H/2))
  for (int k = 0; k < 9 * H1; k++) work[k] = F4S(0);
  int frame[4] = {-1, -1, -1, -1}, it[4] = {0, 0, 0, 0}, pl[4] = {0, 0, 0, 0};
  int next = 0, group = -1, active = 0;
  const f32 invH = 1.0f / (f32)H, twoInvH = 2.0f / (f32)H;
  const f32 *cosT = dp->cosT;


  // Load frame `next` into lane l, computing the spectra of its group of 4 frames when needed.
  #define LOAD_LANE(l) do { \
    if (next >= M) { frame[l] = -1; break; } \
    const int f = next++; \
    if (f / 4 != group) { \
      group = f / 4; \
      v128_t *zr = fb, *zi = fb + N / 2; \
      for (int k = 0; k < N / 2; k++) { zr[k] = F4S(0); zi[k] = F4S(0); } \
      for (int g = 0; g < 4; g++) { \
        const int ff = 4 * group + g; \
        if (ff >= M) break; \
        const int32_t *fr = frames + 7 * ff; \
        const int len = fr[1]; \
        const f32 *xs = x + fr[0], *w = wins + fr[2]; \
        f32 *zrf = (f32 *)zr, *zif = (f32 *)zi; \
        for (int i0 = 0; i0 < len; i0 += N) { \
          const int e = len - i0 < N ? len - i0 : N; \
          for (int i = 0; i + 1 < e; i += 2) { zrf[2 * i + g] += xs[i0 + i] * w[i0 + i]; zif[2 * i + g] += xs[i0 + i + 1] * w[i0 + i + 1]; } \
          if (e & 1) zrf[2 * (e - 1) + g] += xs[i0 + e - 1] * w[i0 + e - 1]; \
        } \
      } \
      v128_t *Zr, *Zi; \
      te4_cfft(fp, zr, zi, fb + N, fb + 3 * N / 2, &Zr, &Zi); \
      const v128_t tiny = F4S(1e-30f), half = F4S(0.5f); \
      for (int k = 0; k <= H; k++) { \
        v128_t re, im; \
        if (k == 0) { re = F4ADD(Zr[0], Zi[0]); im = F4S(0); } \
        else if (k == H) { re = F4SUB(Zr[0], Zi[0]); im = F4S(0); } \
        else { \
          const v128_t ar = Zr[k], ai = Zi[k], brr = Zr[H - k], bii = wasm_f32x4_neg(Zi[H - k]); \
          const v128_t er = F4MUL(half, F4ADD(ar, brr)), ei = F4MUL(half, F4ADD(ai, bii)); \
          const v128_t or = F4MUL(half, F4SUB(ar, brr)), oi = F4MUL(half, F4SUB(ai, bii)); \
          const v128_t wr = F4S(fp->wr[k]), wi = F4S(fp->wi[k]); \
          const v128_t tr = F4SUB(F4MUL(or, wr), F4MUL(oi, wi)), ti = F4ADD(F4MUL(or, wi), F4MUL(oi, wr)); \
          re = F4ADD(er, ti); im = F4SUB(ei, tr); \
        } \
        const v128_t pw = wasm_f32x4_pmax(F4ADD(F4MUL(re, re), F4MUL(im, im)), tiny); \
        G[k] = F4MUL(half, te4_log(pw)); \
      } \
    } \
    const int g = f % 4; \
    const int32_t *fr = frames + 7 * f; \
    const int p = mode ? fr[3] : fr[4]; \
    for (int k = 0; k <= H; k++) { const f32 v = lane_get(G, k, g); lane_set(A, k, l, v); lane_set(A0, k, l, v); } \
    if (mode) { \
      /* DC and Nyquist regions from the over-smoothed envelope */ \
      const int pp = fr[4], lo = fr[5], hi = fr[6]; \
      const f32 *cp = ccPre + f * ccStride; \
      for (int k = 0; k <= H; k++) { \
        if (k == lo && hi > lo) k = hi; \
        if (k > H) break; \
        f64 v = cp[0]; \
        int m = 0; /* j·k mod 2H, stepped by k (no division per term) */ \
        for (int j = 1; j <= pp; j++) { \
          m += k; if (m >= 2 * H) m -= 2 * H; \
          v += (f64)cp[j] * (m < H ? (f64)cosT[m] : m == H ? -1.0 : (f64)cosT[2 * H - m]); \
        } \
        lane_set(A, k, l, (f32)v); lane_set(A0, k, l, (f32)v); \
      } \
    } \
    for (int j = 0; j <= pl[l]; j++) lane_set(cc, j, l, 0); \
    te4_window(win, l, p, pl[l] > p ? pl[l] : p); \
    frame[l] = f; it[l] = 0; pl[l] = p; \
  } while (0)


  for (int l = 0; l < 4; l++) { LOAD_LANE(l); if (frame[l] >= 0) active++; }
  while (active > 0) {
    int pmax = 0;
    for (int l = 0; l < 4; l++) if (frame[l] >= 0 && pl[l] > pmax) pmax = pl[l];
    const v128_t pv = wasm_i32x4_make(frame[0] >= 0 ? pl[0] : 0, frame[1] >= 0 ? pl[1] : 0, frame[2] >= 0 ? pl[2] : 0, frame[3] >= 0 ? pl[3] : 0);
    // real cepstrum of A; Eo = energy above each lane's order, Ei of the kept part
    v128_t eo = F4S(0), ei;
    te4_dct1(dp, A, H + 1, C, fb, pv, &eo, 0, 0);
    eo = F4MUL(eo, F4S(twoInvH * twoInvH));
    ccp[0] = F4MUL(C[0], F4S(invH));
    ei = F4MUL(ccp[0], ccp[0]);
    for (int j = 1; j <= pmax; j++) {
      const v128_t keep = wasm_i32x4_le(wasm_i32x4_splat(j), pv);
      const v128_t v = wasm_v128_and(F4MUL(C[j], F4S(twoInvH)), keep);
      ccp[j] = v;
      ei = F4ADD(ei, F4MUL(v, v));
    }
    eo = wasm_f32x4_sqrt(eo); ei = wasm_f32x4_sqrt(ei);
    const v128_t lambda = wasm_f32x4_div(F4ADD(ei, eo), ei);
    for (int j = 0; j <= pmax; j++) {
      const v128_t v = F4ADD(F4MUL(F4MUL(lambda, win[j]), F4SUB(ccp[j], cc[j])), cc[j]);
      cc[j] = v;
      y[j] = v;
    }
    y[0] = F4ADD(cc[0], cc[0]);
    const v128_t md = te4_dct1(dp, y, pmax + 1, V, fb, pv, 0, A, A0);
    for (int l = 0; l < 4; l++) {
      if (frame[l] < 0) continue;
      it[l]++;
      const f32 d = ((const f32 *)&md)[l];
      if (!(d <= dbLim) && it[l] < maxIt) continue;
      const int f = frame[l], p = pl[l];
      if (iters) iters[f] = it[l];
      if (mode == 0) {
        f32 *cp = ccPre + f * ccStride;
        for (int j = 0; j <= p; j++) cp[j] = lane_get(cc, j, l);
      } else {
        v128_t acc[13];
        for (int q = 0; q < 13; q++) acc[q] = wasm_f64x2_splat(0);
        for (int j = 0; j <= p; j++) {
          const v128_t cj = wasm_f64x2_splat((f64)lane_get(cc, j, l));
          const f64 *row = Wt + 26 * j;
          for (int q = 0; q < 13; q++) acc[q] = wasm_f64x2_add(acc[q], wasm_f64x2_mul(cj, wasm_v128_load(row + 2 * q)));
        }
        f64 tmp[26];
        for (int q = 0; q < 13; q++) wasm_v128_store(tmp + 2 * q, acc[q]);
        for (int q = 0; q < 25; q++) out[25 * f + q] = tmp[q];
      }
      LOAD_LANE(l);
      if (frame[l] < 0) active--;
    }
  }
  #undef LOAD_LANE
}
