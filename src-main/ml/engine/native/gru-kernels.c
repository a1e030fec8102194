// WebAssembly SIMD128 kernels of the masked-GRU engine (see ../kernels.ts for the contract of each
// function; ../wasm-kernels.ts binds them). Built by scripts/build-wasm.sh with Debian's clang-14:
//   --target=wasm32 -msimd128 -matomics -mbulk-memory -O3 -nostdlib, shared imported memory.
// No libc and no stack use: every function works on caller-provided buffers only, because the two
// threads share one linear memory but each module instance would start its shadow stack at the same
// address (the build script checks the output never touches __stack_pointer).
//
// gemm: register-blocked single-precision matmul in the GotoBLAS/BLIS style (Goto & van de Geijn,
// "Anatomy of High-Performance Matrix Multiplication", ACM TOMS 2008): B packed into panels of NR = 8
// columns, micro-kernel MR × NR = 4 × 8 held in 8 vector accumulators (V8 spills beyond 8 and halves
// the speed), K blocked by KC = 256 so a B panel (8 KB) stays in L1, M blocked by MC so the A block
// stays in L2. Operand A is addressed through (row stride, column stride) and packed per block into
// MR-row slivers, so Aᵀ·B is the same kernel and the micro-kernel reads A through one pointer.
//
// GRU step equations: torch.nn.GRU (Cho et al. 2014, b_hn inside the reset product), gates r, z, n.
// exp: Cephes-style range reduction exp(x) = 2^k · e^f, |f| ≤ ln2/2, degree-5 minimax polynomial
// (S. L. Moshier, Cephes Math Library, expf.c coefficients), ≈ 1 ulp over the clamped range.

#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))
#define NR 8
#define MR 4
#define KC 256
#ifndef MC
#define MC 64
#endif

typedef float f32;

// ------------------------------------------------------------------------------------------ packing

EXPORT(pack)
void pack(int K, int N, const f32 *b, int rsB, int csB, f32 *dst) {
  for (int p = 0; p < N; p += NR) {
    int w = N - p < NR ? N - p : NR;
    f32 *out = dst + (long)p * K;
    for (int k = 0; k < K; k++) {
      const f32 *src = b + (long)k * rsB + (long)p * csB;
      int j = 0;
      for (; j < w; j++) out[k * NR + j] = src[(long)j * csB];
      for (; j < NR; j++) out[k * NR + j] = 0.0f;
    }
  }
}

// ------------------------------------------------------------------------------------- micro-kernels

#define LANE_OUT(ptr, v, lane, acc) (ptr) = ((acc) ? (ptr) : 0.0f) + wasm_f32x4_extract_lane((v), (lane))

static inline void store_row(f32 *c, v128_t v0, v128_t v1, int n, int acc) {
  if (n == NR) {
    if (acc) {
      v0 = wasm_f32x4_add(v0, wasm_v128_load(c));
      v1 = wasm_f32x4_add(v1, wasm_v128_load(c + 4));
    }
    wasm_v128_store(c, v0);
    wasm_v128_store(c + 4, v1);
    return;
  }
  if (n > 0) LANE_OUT(c[0], v0, 0, acc);
  if (n > 1) LANE_OUT(c[1], v0, 1, acc);
  if (n > 2) LANE_OUT(c[2], v0, 2, acc);
  if (n > 3) LANE_OUT(c[3], v0, 3, acc);
  if (n > 4) LANE_OUT(c[4], v1, 0, acc);
  if (n > 5) LANE_OUT(c[5], v1, 1, acc);
  if (n > 6) LANE_OUT(c[6], v1, 2, acc);
}

#define FMA(acc, x, y) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(x, y))

// A packed as MR-row slivers (ap[k·MR + r]) and B as NR-column panels (bp[k·NR + j]): one pointer each
// and constant load offsets, so the loop body is 6 loads + 16 arithmetic ops + 3 integer ops — close to
// the 4 cycles per k the two multiply and two add pipes need, where per-row A pointers cost 5+.
static inline void micro4x8(int kc, const f32 *ap, const f32 *bp, f32 *c, int ldc, int m, int n, int acc) {
  v128_t c00 = wasm_f32x4_splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  for (int k = 0; k < kc; k++) {
    v128_t b0 = wasm_v128_load(bp), b1 = wasm_v128_load(bp + 4);
    v128_t x = wasm_v128_load32_splat(ap);
    FMA(c00, x, b0); FMA(c01, x, b1);
    x = wasm_v128_load32_splat(ap + 1);
    FMA(c10, x, b0); FMA(c11, x, b1);
    x = wasm_v128_load32_splat(ap + 2);
    FMA(c20, x, b0); FMA(c21, x, b1);
    x = wasm_v128_load32_splat(ap + 3);
    FMA(c30, x, b0); FMA(c31, x, b1);
    ap += MR;
    bp += NR;
  }
  store_row(c, c00, c01, n, acc);
  if (m > 1) store_row(c + ldc, c10, c11, n, acc);
  if (m > 2) store_row(c + 2 * ldc, c20, c21, n, acc);
  if (m > 3) store_row(c + 3 * ldc, c30, c31, n, acc);
}

/** Pack rows [0, M) × columns [0, kc) of A into MR-row slivers (rows past M are zero). */
static void pack_a(int M, int kc, const f32 *a, int rsA, int csA, f32 *dst) {
  for (int i = 0; i < M; i += MR) {
    int m = M - i < MR ? M - i : MR;
    f32 *out = dst + (long)i * kc;
    for (int r = 0; r < MR; r++) {
      if (r < m) {
        const f32 *src = a + (long)(i + r) * rsA;
        if (csA == 1) for (int k = 0; k < kc; k++) out[k * MR + r] = src[k];
        else for (int k = 0; k < kc; k++) out[k * MR + r] = src[(long)k * csA];
      } else {
        for (int k = 0; k < kc; k++) out[k * MR + r] = 0.0f;
      }
    }
  }
}

// ------------------------------------------------------------------------------------------- gemm

/** C[M×N] (+)= A[M×kc]·B[kc×N], B packed in panels `panelStride` floats apart; `apack` holds MC×KC floats. */
static void gemm_block(int M, int N, int kc, const f32 *a, int rsA, int csA, const f32 *bp, long panelStride, f32 *c, int ldc, int acc, f32 *apack) {
  for (int i0 = 0; i0 < M; i0 += MC) {
    int mb = M - i0 < MC ? M - i0 : MC;
    pack_a(mb, kc, a + (long)i0 * rsA, rsA, csA, apack);
    for (int p = 0; p < N; p += NR) {
      int n = N - p < NR ? N - p : NR;
      const f32 *panel = bp + (p / NR) * panelStride;
      for (int i = 0; i < mb; i += MR) {
        int m = mb - i < MR ? mb - i : MR;
        micro4x8(kc, apack + (long)i * kc, panel, c + (long)(i0 + i) * ldc + p, ldc, m, n, acc);
      }
    }
  }
}

static void zero_c(int M, int N, f32 *c, int ldc) {
  for (int i = 0; i < M; i++) for (int j = 0; j < N; j++) c[(long)i * ldc + j] = 0.0f;
}

/** Scratch floats gemm / gemm_packed need: the A block, plus (gemm only) one packed B block. */
EXPORT(gemm_scratch_floats)
int gemm_scratch_floats(int N) {
  return MC * KC + KC * ((N + NR - 1) / NR) * NR;
}

EXPORT(gemm_packed)
void gemm_packed(int M, int N, int K, const f32 *a, int rsA, int csA, const f32 *bp, f32 *c, int ldc, int acc, f32 *scratch) {
  if (K == 0) {
    if (!acc) zero_c(M, N, c, ldc);
    return;
  }
  for (int k0 = 0; k0 < K; k0 += KC) {
    int kc = K - k0 < KC ? K - k0 : KC;
    gemm_block(M, N, kc, a + (long)k0 * csA, rsA, csA, bp + (long)k0 * NR, (long)K * NR, c, ldc, acc || k0 > 0, scratch);
  }
}

EXPORT(gemm)
void gemm(int M, int N, int K, const f32 *a, int rsA, int csA, const f32 *b, int rsB, int csB, f32 *c, int ldc, int acc, f32 *scratch) {
  if (K == 0) {
    if (!acc) zero_c(M, N, c, ldc);
    return;
  }
  f32 *bpack = scratch + MC * KC;
  for (int k0 = 0; k0 < K; k0 += KC) {
    int kc = K - k0 < KC ? K - k0 : KC;
    pack(kc, N, b + (long)k0 * rsB, rsB, csB, bpack);
    gemm_block(M, N, kc, a + (long)k0 * csA, rsA, csA, bpack, (long)kc * NR, c, ldc, acc || k0 > 0, scratch);
  }
}

// ------------------------------------------------------------------------------------- elementwise

EXPORT(fill_rows)
void fill_rows(int rows, int n, f32 *c, int ldc, const f32 *bias) {
  for (int r = 0; r < rows; r++) {
    f32 *row = c + (long)r * ldc;
    int j = 0;
    for (; j + 4 <= n; j += 4) wasm_v128_store(row + j, wasm_v128_load(bias + j));
    for (; j < n; j++) row[j] = bias[j];
  }
}

EXPORT(col_sum_acc)
void col_sum_acc(int rows, int n, const f32 *src, int ld, f32 *dst) {
  for (int r = 0; r < rows; r++) {
    const f32 *row = src + (long)r * ld;
    int j = 0;
    for (; j + 4 <= n; j += 4) wasm_v128_store(dst + j, wasm_f32x4_add(wasm_v128_load(dst + j), wasm_v128_load(row + j)));
    for (; j < n; j++) dst[j] += row[j];
  }
}

// pmin/pmax (one minps/maxps) rather than min/max (NaN-propagating, ~7 instructions in V8), and 2^k built
// by adding the magic 1.5·2²³ + 127 and shifting the float's bits (no trunc_sat sequence).
static inline v128_t vexp(v128_t x) {
  x = wasm_f32x4_pmin(wasm_f32x4_splat(88.3f), wasm_f32x4_pmax(wasm_f32x4_splat(-87.3f), x));
  v128_t fx = wasm_f32x4_nearest(wasm_f32x4_mul(x, wasm_f32x4_splat(1.44269504088896341f)));
  x = wasm_f32x4_sub(x, wasm_f32x4_mul(fx, wasm_f32x4_splat(0.693359375f)));
  x = wasm_f32x4_sub(x, wasm_f32x4_mul(fx, wasm_f32x4_splat(-2.12194440e-4f)));
  v128_t y = wasm_f32x4_splat(1.9875691500e-4f);
  y = wasm_f32x4_add(wasm_f32x4_mul(y, x), wasm_f32x4_splat(1.3981999507e-3f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, x), wasm_f32x4_splat(8.3334519073e-3f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, x), wasm_f32x4_splat(4.1665795894e-2f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, x), wasm_f32x4_splat(1.6666665459e-1f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, x), wasm_f32x4_splat(5.0000001201e-1f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, wasm_f32x4_mul(x, x)), wasm_f32x4_add(x, wasm_f32x4_splat(1.0f)));
  v128_t pow2 = wasm_i32x4_shl(wasm_f32x4_add(fx, wasm_f32x4_splat(12582912.0f + 127.0f)), 23);
  return wasm_f32x4_mul(y, pow2);
}

static inline v128_t vsigmoid(v128_t x) {
  v128_t one = wasm_f32x4_splat(1.0f);
  return wasm_f32x4_div(one, wasm_f32x4_add(one, vexp(wasm_f32x4_neg(x))));
}

// tanh(x) = sign(x)·(1 − e^{−2|x|}) / (1 + e^{−2|x|}): no overflow, exact sign, ≈ 2 ulp away from 0
// and an absolute error ≈ 1e-7 near 0 — well inside the 1e-6 agreement the tests ask of the forward pass.
static inline v128_t vtanh(v128_t x) {
  v128_t one = wasm_f32x4_splat(1.0f);
  v128_t e = vexp(wasm_f32x4_mul(wasm_f32x4_abs(x), wasm_f32x4_splat(-2.0f)));
  v128_t t = wasm_f32x4_div(wasm_f32x4_sub(one, e), wasm_f32x4_add(one, e));
  v128_t sign = wasm_v128_and(x, wasm_i32x4_splat((int)0x80000000));
  return wasm_v128_or(t, sign);
}

static inline f32 sexp(f32 x) {
  return wasm_f32x4_extract_lane(vexp(wasm_f32x4_splat(x)), 0);
}
static inline f32 ssigmoid(f32 x) {
  return 1.0f / (1.0f + sexp(-x));
}
static inline f32 stanh(f32 x) {
  return wasm_f32x4_extract_lane(vtanh(wasm_f32x4_splat(x)), 0);
}

EXPORT(gru_forward_step)
void gru_forward_step(int nb, int H, int T, int t, f32 *g, const f32 *gh, f32 *ghn, f32 *h, const f32 *lens) {
  int G3 = 3 * H;
  for (int b = 0; b < nb; b++) {
    long row = (long)b * T + t;
    f32 *gr = g + row * G3;
    f32 *hr = h + row * H;
    f32 *hn = ghn + row * H;
    if ((f32)t >= lens[b]) {
      for (int j = 0; j < H; j++) hr[j] = 0.0f, hn[j] = 0.0f;
      for (int j = 0; j < G3; j++) gr[j] = 0.0f;
      continue;
    }
    const f32 *ghr = gh + (long)b * G3;
    const f32 *prev = hr - H;
    int j = 0;
    for (; j + 4 <= H; j += 4) {
      v128_t r = vsigmoid(wasm_f32x4_add(wasm_v128_load(gr + j), wasm_v128_load(ghr + j)));
      v128_t z = vsigmoid(wasm_f32x4_add(wasm_v128_load(gr + H + j), wasm_v128_load(ghr + H + j)));
      v128_t hnv = wasm_v128_load(ghr + 2 * H + j);
      v128_t n = vtanh(wasm_f32x4_add(wasm_v128_load(gr + 2 * H + j), wasm_f32x4_mul(r, hnv)));
      v128_t hp = t > 0 ? wasm_v128_load(prev + j) : wasm_f32x4_splat(0);
      wasm_v128_store(gr + j, r);
      wasm_v128_store(gr + H + j, z);
      wasm_v128_store(gr + 2 * H + j, n);
      wasm_v128_store(hn + j, hnv);
      // (1 − z)·n + z·h = n + z·(h − n)
      wasm_v128_store(hr + j, wasm_f32x4_add(n, wasm_f32x4_mul(z, wasm_f32x4_sub(hp, n))));
    }
    for (; j < H; j++) {
      f32 r = ssigmoid(gr[j] + ghr[j]);
      f32 z = ssigmoid(gr[H + j] + ghr[H + j]);
      f32 hnv = ghr[2 * H + j];
      f32 n = stanh(gr[2 * H + j] + r * hnv);
      f32 hp = t > 0 ? prev[j] : 0.0f;
      gr[j] = r, gr[H + j] = z, gr[2 * H + j] = n, hn[j] = hnv;
      hr[j] = n + z * (hp - n);
    }
  }
}

EXPORT(gru_backward_step)
void gru_backward_step(int nb, int H, int T, int t, f32 *g, const f32 *ghn, const f32 *h, const f32 *dh, f32 *carry, f32 *dgh, const f32 *lens) {
  int G3 = 3 * H;
  for (int b = 0; b < nb; b++) {
    long row = (long)b * T + t;
    f32 *gr = g + row * G3;
    f32 *dg = dgh + row * G3;
    f32 *cr = carry + (long)b * H;
    if ((f32)t >= lens[b]) {
      for (int j = 0; j < G3; j++) gr[j] = 0.0f, dg[j] = 0.0f;
      for (int j = 0; j < H; j++) cr[j] = 0.0f;
      continue;
    }
    const f32 *prev = h + (row - 1) * H;
    const f32 *dhr = dh + row * H;
    const f32 *hnr = ghn + row * H;
    v128_t one = wasm_f32x4_splat(1.0f);
    int j = 0;
    for (; j + 4 <= H; j += 4) {
      v128_t r = wasm_v128_load(gr + j), z = wasm_v128_load(gr + H + j), n = wasm_v128_load(gr + 2 * H + j);
      v128_t hp = t > 0 ? wasm_v128_load(prev + j) : wasm_f32x4_splat(0);
      v128_t d = wasm_f32x4_add(wasm_v128_load(dhr + j), wasm_v128_load(cr + j));
      v128_t dan = wasm_f32x4_mul(wasm_f32x4_mul(d, wasm_f32x4_sub(one, z)), wasm_f32x4_sub(one, wasm_f32x4_mul(n, n)));
      v128_t daz = wasm_f32x4_mul(wasm_f32x4_mul(d, wasm_f32x4_sub(hp, n)), wasm_f32x4_mul(z, wasm_f32x4_sub(one, z)));
      v128_t dar = wasm_f32x4_mul(wasm_f32x4_mul(dan, wasm_v128_load(hnr + j)), wasm_f32x4_mul(r, wasm_f32x4_sub(one, r)));
      wasm_v128_store(gr + j, dar);
      wasm_v128_store(gr + H + j, daz);
      wasm_v128_store(gr + 2 * H + j, dan);
      wasm_v128_store(dg + j, dar);
      wasm_v128_store(dg + H + j, daz);
      wasm_v128_store(dg + 2 * H + j, wasm_f32x4_mul(dan, r));
      wasm_v128_store(cr + j, wasm_f32x4_mul(d, z));
    }
    for (; j < H; j++) {
      f32 r = gr[j], z = gr[H + j], n = gr[2 * H + j];
      f32 hp = t > 0 ? prev[j] : 0.0f;
      f32 d = dhr[j] + cr[j];
      f32 dan = d * (1 - z) * (1 - n * n);
      f32 daz = d * (hp - n) * z * (1 - z);
      f32 dar = dan * hnr[j] * r * (1 - r);
      gr[j] = dar, gr[H + j] = daz, gr[2 * H + j] = dan;
      dg[j] = dar, dg[H + j] = daz, dg[2 * H + j] = dan * r;
      cr[j] = d * z;
    }
  }
}
