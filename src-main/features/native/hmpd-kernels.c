// HMPD steps 4–5 (hmpd.ts): the time statistics of the phase distortion and the compression of PDD to a
// mel cepstrum — G. Degottex, D. Erro, EURASIP JASMP 2014:38 and Interspeech 2014, with COVAREP's
// hmpd_analysis_features parameters (PDM: 25-frame circular mean; PDD: 9-frame median + Hann-9 trend,
// 9-frame circular standard deviation; PDD compressed by hspec2fwcep, order 12).
//
// Part of the unity build of scripts/build-features-wasm.sh (included after fft-kernels.c; f64, EXPORT
// and the SIMD headers come from there). Unlike the bit-identical kernels of fft-kernels.c these are
// numerical approximations of COVAREP's operations (ADR 0039), measured against COVAREP's CSVs:
//  - cos/sin/log are polynomial (fdlibm's kernel coefficients, error ≲ 1 ulp on the ranges used here);
//  - cos/sin(atan2(S, C)) is replaced by (C, S)/hypot(C, S) and cos/sin(P − atan2(S, C)) by the angle
//    difference identities, so no atan2 is evaluated per bin;
//  - the rectangular filtfilt smoothings (25 and 9 frames) are running sums over the same reflected
//    extension and steady-state initial conditions as Octave's filtfilt (constant extension before the
//    start of each pass), the Hann-9 one a direct 9-tap convolution;
//  - medfilt1 over 9 frames is a 19-comparison median network (Paeth / Devillard opt_med9).
// Two neighbouring bins run in the two lanes of an f64x2; P is time-major [frame][bin].

// ---- f64x2 transcendentals on the ranges HMPD needs

// sin and cos of x, |x| ≲ 2^19 (unwrapped phases of a few hundred radians): quadrant q = round(2x/π),
// Cody–Waite reduction with π/2 in two parts (q·π/2's high part exact for |q| < 2^20), fdlibm
// __kernel_sin/__kernel_cos polynomials on |r| ≤ π/4.
static inline void hmpd_sincos2(v128_t x, v128_t *sinOut, v128_t *cosOut) {
  const v128_t q = wasm_f64x2_nearest(wasm_f64x2_mul(x, wasm_f64x2_splat(0.63661977236758134308)));
  v128_t r = wasm_f64x2_sub(x, wasm_f64x2_mul(q, wasm_f64x2_splat(1.57079632673412561417e+00)));
  r = wasm_f64x2_sub(r, wasm_f64x2_mul(q, wasm_f64x2_splat(6.07710050650619224932e-11)));
  const v128_t z = wasm_f64x2_mul(r, r);
#define S(c) wasm_f64x2_splat(c)
#define MA(a, b, c) wasm_f64x2_add(wasm_f64x2_mul(a, b), c)
  // sin r = r + r·z·(S1 + z·(S2 + … S6))
  v128_t ps = MA(z, S(1.58969099521155010221e-10), S(-2.50507602534068634195e-08));
  ps = MA(z, ps, S(2.75573137070700676789e-06));
  ps = MA(z, ps, S(-1.98412698298579493134e-04));
  ps = MA(z, ps, S(8.33333333332248946124e-03));
  ps = MA(z, ps, S(-1.66666666666666324348e-01));
  const v128_t sr = wasm_f64x2_add(r, wasm_f64x2_mul(wasm_f64x2_mul(r, z), ps));
  // cos r = 1 − z/2 + z²·(C1 + z·(C2 + … C6)), with fdlibm's split of 1 − z/2 for accuracy near π/4
  v128_t pc = MA(z, S(-1.13596475577881948265e-11), S(2.08757232129817482790e-09));
  pc = MA(z, pc, S(-2.75573143513906633035e-07));
  pc = MA(z, pc, S(2.48015872894767294178e-05));
  pc = MA(z, pc, S(-1.38888888888741095749e-03));
  pc = MA(z, pc, S(4.16666666666666019037e-02));
  const v128_t hz = wasm_f64x2_mul(z, S(0.5));
  const v128_t w = wasm_f64x2_sub(S(1.0), hz);
  // fdlibm __kernel_cos: w + (((1 − w) − hz) + z²·pc)
  const v128_t crr = wasm_f64x2_add(w, wasm_f64x2_add(wasm_f64x2_sub(wasm_f64x2_sub(S(1.0), w), hz), wasm_f64x2_mul(wasm_f64x2_mul(z, z), pc)));
  // quadrant q mod 4 (q an integer in a double): 1, 3 swap sin and cos; sin < 0 for 2, 3; cos < 0 for 1, 2
  const v128_t q4 = wasm_f64x2_sub(q, wasm_f64x2_mul(S(4.0), wasm_f64x2_floor(wasm_f64x2_mul(q, S(0.25)))));
  const v128_t is1 = wasm_f64x2_eq(q4, S(1.0)), is2 = wasm_f64x2_eq(q4, S(2.0)), is3 = wasm_f64x2_eq(q4, S(3.0));
  const v128_t swap = wasm_v128_or(is1, is3);
  const v128_t negS = wasm_v128_or(is2, is3);
  const v128_t negC = wasm_v128_or(is1, is2);
  const v128_t a = wasm_v128_bitselect(crr, sr, swap), b = wasm_v128_bitselect(sr, crr, swap);
  const v128_t signBit = S(-0.0);
  *sinOut = wasm_v128_xor(a, wasm_v128_and(negS, signBit));
  *cosOut = wasm_v128_xor(b, wasm_v128_and(negC, signBit));
}

// Natural log of positive normal x: x = 2^e·m, m ∈ [√½, √2), log m = 2·atanh(f/(2+f)) with f = m − 1 by
// fdlibm's __ieee754_log polynomial (Lg1…Lg7) and ln 2 in two parts.
static inline v128_t hmpd_log2x(v128_t x) {
  const v128_t bits = x;
  // high 32 bits of each lane → exponent; mantissa with the exponent of 1.0 → m ∈ [1, 2)
  const v128_t hi = wasm_i32x4_shuffle(bits, bits, 1, 3, 1, 3);
  v128_t e = wasm_i32x4_sub(wasm_u32x4_shr(hi, 20), wasm_i32x4_splat(1023));
  v128_t m = wasm_v128_or(wasm_v128_and(bits, wasm_i64x2_splat(0x000fffffffffffffLL)), wasm_i64x2_splat(0x3ff0000000000000LL));
  const v128_t big = wasm_f64x2_gt(m, S(1.41421356237309504880));
  m = wasm_v128_bitselect(wasm_f64x2_mul(m, S(0.5)), m, big);
  // big is all-ones per 64-bit lane: its low 32 bits of lanes 0, 1 → i32 lanes 0, 1 equal −1 where set
  const v128_t bigi = wasm_i32x4_shuffle(big, big, 0, 2, 0, 2);
  e = wasm_i32x4_sub(e, bigi);
  const v128_t k = wasm_f64x2_convert_low_i32x4(e);
  const v128_t f = wasm_f64x2_sub(m, S(1.0));
  const v128_t s = wasm_f64x2_div(f, wasm_f64x2_add(S(2.0), f));
  const v128_t z = wasm_f64x2_mul(s, s), w = wasm_f64x2_mul(z, z);
  const v128_t t1 = wasm_f64x2_mul(w, MA(w, MA(w, S(1.531383769920937332e-01), S(2.222219843214978396e-01)), S(3.999999999940941908e-01)));
  const v128_t t2 = wasm_f64x2_mul(z, MA(w, MA(w, MA(w, S(1.479819860511658591e-01), S(1.818357216161805012e-01)), S(2.857142874366239149e-01)), S(6.666666666666735130e-01)));
  const v128_t R = wasm_f64x2_add(t2, t1);
  const v128_t hfsq = wasm_f64x2_mul(S(0.5), wasm_f64x2_mul(f, f));
  // k·ln2_hi − ((hfsq − (s·(hfsq + R) + k·ln2_lo)) − f)
  const v128_t inner = wasm_f64x2_add(wasm_f64x2_mul(s, wasm_f64x2_add(hfsq, R)), wasm_f64x2_mul(k, S(1.90821492927058770002e-10)));
  return wasm_f64x2_sub(wasm_f64x2_mul(k, S(6.93147180369123816490e-01)), wasm_f64x2_sub(wasm_f64x2_sub(hfsq, inner), f));
}

// ---- zero-phase smoothing along time of one pair of series (v128 per time step)

// Buffers carry HMPD_PAD slots before index 0 and after the last value, filled with the first / last
// value (the constant extension of filtfilt's steady-state initial conditions), so the filter loops
// read without bounds tests.
#define HMPD_PAD 32

// Octave filtfilt(b, 1, x) extension: nr = 3·(L−1) reflected samples at each end (2·x0 − x[nr−i]), n ≤ nr
// shortens it to n − 1. Returns nr; ext[0 … n + 2·nr) receives the extended series, ext[−PAD … −1] its
// first value.
static int hmpd_extend(const v128_t *x, int n, int L, v128_t *ext) {
  int nr = 3 * (L - 1);
  if (n <= nr) nr = n - 1 > 0 ? n - 1 : 0;
  const v128_t two = S(2.0), x0 = x[0], xe = x[n - 1];
  for (int i = 0; i < nr; i++) ext[i] = wasm_f64x2_sub(wasm_f64x2_mul(two, x0), x[nr - i]);
  for (int i = 0; i < n; i++) ext[nr + i] = x[i];
  for (int i = 0; i < nr; i++) ext[nr + n + i] = wasm_f64x2_sub(wasm_f64x2_mul(two, xe), x[n - 2 - i]);
  for (int i = 1; i <= HMPD_PAD; i++) ext[-i] = ext[0];
  return nr;
}

static inline void hmpd_pad_end(v128_t *y, int len) {
  for (int i = 0; i < HMPD_PAD; i++) y[len + i] = y[len - 1];
}

// filtfilt with the L-tap moving average, unnormalised (L² times the average: the callers only need the
// direction of (cos, sin) sums): forward y[t] = Σ_{j<L} v[t−j] with v[t<0] = v[0] (the steady-state
// initial condition), backward the same from the end with y[t≥len] = y[len−1]; running sums.
static void hmpd_filtfilt_rect(v128_t *x, int n, int L, v128_t *ext, v128_t *tmp) {
  const int nr = hmpd_extend(x, n, L, ext), len = n + 2 * nr;
  v128_t acc = wasm_f64x2_mul(ext[0], S((f64)L));
  for (int t = 0; t < len; t++) {
    acc = wasm_f64x2_add(acc, wasm_f64x2_sub(ext[t], ext[t - L]));
    tmp[t] = acc;
  }
  hmpd_pad_end(tmp, len);
  acc = wasm_f64x2_mul(tmp[len - 1], S((f64)L));
  for (int t = len - 1; t >= 0; t--) {
    acc = wasm_f64x2_add(acc, wasm_f64x2_sub(tmp[t], tmp[t + L]));
    ext[t] = acc;
  }
  for (int i = 0; i < n; i++) x[i] = ext[nr + i];
}

// The same (unnormalised) moving average by direct window sums, no running sum: a window of values that
// are all exactly 1 sums to exactly L², so R = 1 (PDD 0, later 0.001) where COVAREP gets it — a running
// sum keeps the rounding residue of earlier windows, and sqrt(−ln R²) turns a 1e-15 residue into
// PDD ≈ 4e-8. L = 9 here.
static void hmpd_filtfilt_box9(v128_t *x, int n, v128_t *ext, v128_t *tmp) {
  const int nr = hmpd_extend(x, n, 9, ext), len = n + 2 * nr;
  for (int t = 0; t < len; t++) {
    const v128_t *e = ext + t - 8;
    tmp[t] = wasm_f64x2_add(wasm_f64x2_add(wasm_f64x2_add(wasm_f64x2_add(e[0], e[1]), wasm_f64x2_add(e[2], e[3])),
                                           wasm_f64x2_add(wasm_f64x2_add(e[4], e[5]), wasm_f64x2_add(e[6], e[7]))), e[8]);
  }
  hmpd_pad_end(tmp, len);
  for (int t = 0; t < len; t++) {
    const v128_t *e = tmp + t;
    ext[t] = wasm_f64x2_add(wasm_f64x2_add(wasm_f64x2_add(wasm_f64x2_add(e[0], e[1]), wasm_f64x2_add(e[2], e[3])),
                                           wasm_f64x2_add(wasm_f64x2_add(e[4], e[5]), wasm_f64x2_add(e[6], e[7]))), e[8]);
  }
  for (int i = 0; i < n; i++) x[i] = ext[nr + i];
}

// filtfilt with the symmetric 9-tap Hann filter b (b[j] = b[8 − j]), direct convolution.
static void hmpd_filtfilt_hann9(const f64 *b, v128_t *x, int n, v128_t *ext, v128_t *tmp) {
  const int nr = hmpd_extend(x, n, 9, ext), len = n + 2 * nr;
  const v128_t b0 = S(b[0]), b1 = S(b[1]), b2 = S(b[2]), b3 = S(b[3]), b4 = S(b[4]);
#define HANN9(e) MA(b4, e[4], MA(b3, wasm_f64x2_add(e[3], e[5]), MA(b2, wasm_f64x2_add(e[2], e[6]), \
                 MA(b1, wasm_f64x2_add(e[1], e[7]), wasm_f64x2_mul(b0, wasm_f64x2_add(e[0], e[8]))))))
  for (int t = 0; t < len; t++) { const v128_t *e = ext + t - 8; tmp[t] = HANN9(e); }
  hmpd_pad_end(tmp, len);
  for (int t = 0; t < len; t++) { const v128_t *e = tmp + t; ext[t] = HANN9(e); }
#undef HANN9
  for (int i = 0; i < n; i++) x[i] = ext[nr + i];
}

// MATLAB medfilt1(x, 9) (zero padding) of a pair of series by the opt_med9 exchange network.
#define HMPD_SORT(a, b) { const v128_t lo_ = wasm_f64x2_pmin(p[a], p[b]); p[b] = wasm_f64x2_pmax(p[a], p[b]); p[a] = lo_; }
static void hmpd_median9(const v128_t *x, int n, v128_t *out, v128_t *zp) {
  // zp: the series with 4 zeros on each side (medfilt1's zero padding)
  const v128_t zero = S(0.0);
  for (int i = 0; i < 4; i++) { zp[i] = zero; zp[n + 4 + i] = zero; }
  for (int i = 0; i < n; i++) zp[4 + i] = x[i];
  for (int i = 0; i < n; i++) {
    v128_t p[9];
    for (int j = 0; j < 9; j++) p[j] = zp[i + j];
    HMPD_SORT(1, 2); HMPD_SORT(4, 5); HMPD_SORT(7, 8);
    HMPD_SORT(0, 1); HMPD_SORT(3, 4); HMPD_SORT(6, 7);
    HMPD_SORT(1, 2); HMPD_SORT(4, 5); HMPD_SORT(7, 8);
    HMPD_SORT(0, 3); HMPD_SORT(5, 8); HMPD_SORT(4, 7);
    HMPD_SORT(3, 6); HMPD_SORT(1, 4); HMPD_SORT(2, 5);
    HMPD_SORT(4, 7); HMPD_SORT(4, 2); HMPD_SORT(6, 4);
    HMPD_SORT(4, 2);
    out[i] = p[4];
  }
}
#undef HMPD_SORT

/**
 * Step 4 and the PDM half of step 5 for nb bins (see hmpd.ts). P: time-major, frame m's bins at
 * P[m·stride + 0…nb−1], phase distortion in [−π, π]; on return it holds PDD (the circular standard deviation, 0 where R ≥ 1). band[k]: the
 * log-harmonic bin (1…nband−1) bin k is averaged into, −1 if unused; bandC/bandS [M][nband] receive the
 * sums of cos and sin of PDM per band added (the caller zeroes them once; blocks of bins accumulate). hann: the normalised Hann-9 taps (wl = hannL = 9; other lengths return without output). work: 8·(M + 6·(wlm−1) + 2 + 2·HMPD_PAD) + HMPD_PAD
 * v128 values (16-byte aligned).
 */
EXPORT(hmpd_time_stats) void hmpd_time_stats(f64 *P, int M, int nb, int stride, const int32_t *band, int nband, f64 *bandC, f64 *bandS,
                                             int wlm, int wl, const f64 *hann, int hannL, v128_t *work) {
  if (wl != 9 || hannL != 9 || wlm > 1 + HMPD_PAD) return;
  const int cap = M + 6 * (wlm - 1) + 2 + 2 * HMPD_PAD;
  v128_t *c0 = work, *s0 = c0 + cap, *ca = s0 + cap, *sa = ca + cap, *cb = sa + cap, *sb = cb + cap;
  v128_t *ext = sb + cap + HMPD_PAD, *tmp = ext + cap;
  for (int k = 0; k < nb; k += 2) {
    const int k1 = k + 1 < nb ? k + 1 : k; // an odd last bin runs in both lanes
    for (int m = 0; m < M; m++) hmpd_sincos2(wasm_f64x2_make(P[m * stride + k], P[m * stride + k1]), &s0[m], &c0[m]);
    // PDM: circular mean over wlm frames; cos/sin of its angle = (C, S)/|(C, S)| (1, 0 where both are 0,
    // as atan2(0, 0) = 0)
    for (int m = 0; m < M; m++) { ca[m] = c0[m]; sa[m] = s0[m]; }
    hmpd_filtfilt_rect(ca, M, wlm, ext, tmp);
    hmpd_filtfilt_rect(sa, M, wlm, ext, tmp);
    const int b0 = band[k], b1 = k1 != k ? band[k1] : -1;
    for (int m = 0; m < M; m++) {
      const v128_t r = wasm_f64x2_sqrt(MA(ca[m], ca[m], wasm_f64x2_mul(sa[m], sa[m])));
      const v128_t nz = wasm_f64x2_gt(r, S(0.0));
      const v128_t inv = wasm_f64x2_div(S(1.0), r);
      const v128_t cu = wasm_v128_bitselect(wasm_f64x2_mul(ca[m], inv), S(1.0), nz);
      const v128_t su = wasm_v128_bitselect(wasm_f64x2_mul(sa[m], inv), S(0.0), nz);
      if (b0 >= 0) { bandC[m * nband + b0] += wasm_f64x2_extract_lane(cu, 0); bandS[m * nband + b0] += wasm_f64x2_extract_lane(su, 0); }
      if (b1 >= 0) { bandC[m * nband + b1] += wasm_f64x2_extract_lane(cu, 1); bandS[m * nband + b1] += wasm_f64x2_extract_lane(su, 1); }
    }
    // trend: median over wl frames, then the Hann smoothing, of cos and sin
    hmpd_median9(c0, M, ca, tmp);
    hmpd_median9(s0, M, sa, tmp);
    hmpd_filtfilt_hann9(hann, ca, M, ext, tmp);
    hmpd_filtfilt_hann9(hann, sa, M, ext, tmp);
    // PD minus its trend: sin d = (s·C − c·S)/|T|, cos d = ±sqrt(1 − sin² d) with the sign of c·C + s·S
    // (exactly 1 when PD equals its trend, as cos(P − atan2(S, C)) is in COVAREP); d = P where |T| = 0
    for (int m = 0; m < M; m++) {
      const v128_t rt = wasm_f64x2_sqrt(MA(ca[m], ca[m], wasm_f64x2_mul(sa[m], sa[m])));
      const v128_t nz = wasm_f64x2_gt(rt, S(0.0));
      const v128_t sd = wasm_f64x2_div(wasm_f64x2_sub(wasm_f64x2_mul(s0[m], ca[m]), wasm_f64x2_mul(c0[m], sa[m])), rt);
      const v128_t dot = MA(c0[m], ca[m], wasm_f64x2_mul(s0[m], sa[m]));
      const v128_t cmag = wasm_f64x2_sqrt(wasm_f64x2_max(wasm_f64x2_sub(S(1.0), wasm_f64x2_mul(sd, sd)), S(0.0)));
      const v128_t cd = wasm_v128_bitselect(wasm_f64x2_neg(cmag), cmag, wasm_f64x2_lt(dot, S(0.0)));
      cb[m] = wasm_v128_bitselect(cd, c0[m], nz);
      sb[m] = wasm_v128_bitselect(sd, s0[m], nz);
    }
    // PDD: circular standard deviation over wl frames, sqrt(−2·ln R) = sqrt(−ln R²), 0 where R ≥ 1. R
    // within 1e-14 of 1 (PDD < 1e-7) counts as 1: there the value is rounding residue (a frame 8 frames
    // away with d ≈ 2e-7), which COVAREP's own operation order rounds to R = 1 — its interior PDD values
    // are 0 or ≥ 1e-7 on every reference clip — and which the 0 → 0.001 floor then turns from log 1e-8
    // into log 0.001
    hmpd_filtfilt_box9(cb, M, ext, tmp);
    hmpd_filtfilt_box9(sb, M, ext, tmp);
    const f64 L2 = (f64)wl * wl;
    const v128_t lim = S(L2 * L2 * (1.0 - 1e-14)), inv = S(1.0 / (L2 * L2));
    for (int m = 0; m < M; m++) {
      // r2u = (L²)²·R² (unnormalised sums); the test on r2u itself keeps "all exactly 1" exact
      const v128_t r2u = MA(cb[m], cb[m], wasm_f64x2_mul(sb[m], sb[m]));
      const v128_t lt = wasm_f64x2_lt(r2u, lim);
      const v128_t d = wasm_v128_and(wasm_f64x2_sqrt(wasm_f64x2_neg(hmpd_log2x(wasm_f64x2_mul(r2u, inv)))), lt);
      P[m * stride + k] = wasm_f64x2_extract_lane(d, 0);
      P[m * stride + k1] = wasm_f64x2_extract_lane(d, 1);
    }
  }
}

/**
 * PDD → mel cepstrum per frame (hspec2fwcep as mcep.ts applies it): X[k] = PDD[k] (bin 0 takes bin 1),
 * 0 → 0.001; warped log spectrum log(X[lo] + frac·(X[lo+1] − X[lo])); then out[n] = Σ_k log·cosTab[n][k],
 * doubled for n > 0. pdd: [M][nb]; out: [M][order+1]; work: 2·(nb + 1) doubles.
 */
EXPORT(hmpd_pdd_cep) void hmpd_pdd_cep(const f64 *pdd, int M, int nb, const int32_t *lo, const f64 *frac, const f64 *cosTab,
                                       int order, f64 *out, f64 *work) {
  const int H = nb - 1;
  f64 *X = work, *L = work + nb + 1;
  for (int m = 0; m < M; m++) {
    const f64 *row = pdd + m * nb;
    for (int k = 0; k < nb; k++) { const f64 v = row[k == 0 ? 1 : k]; X[k] = v == 0 ? 0.001 : v; }
    for (int k = 0; k < nb; k += 2) {
      const int k1 = k + 1 < nb ? k + 1 : k;
      const f64 a0 = X[lo[k]], a1 = X[lo[k1]];
      const v128_t a = wasm_f64x2_make(a0, a1);
      const v128_t b = wasm_f64x2_make(X[lo[k] + 1], X[lo[k1] + 1]);
      const v128_t v = MA(wasm_f64x2_make(frac[k], frac[k1]), wasm_f64x2_sub(b, a), a);
      const v128_t lv = hmpd_log2x(wasm_f64x2_abs(v));
      L[k] = wasm_f64x2_extract_lane(lv, 0);
      L[k1] = wasm_f64x2_extract_lane(lv, 1);
    }
    f64 *o = out + m * (order + 1);
    int n = 0;
    for (; n + 1 <= order; n += 2) {
      const f64 *r0 = cosTab + n * (H + 1), *r1 = r0 + (H + 1);
      v128_t acc = S(0.0);
      for (int k = 0; k <= H; k++) acc = MA(S(L[k]), wasm_f64x2_make(r0[k], r1[k]), acc);
      o[n] = n == 0 ? wasm_f64x2_extract_lane(acc, 0) : 2 * wasm_f64x2_extract_lane(acc, 0);
      o[n + 1] = 2 * wasm_f64x2_extract_lane(acc, 1);
    }
    for (; n <= order; n++) {
      f64 s = 0;
      const f64 *r = cosTab + n * (H + 1);
      for (int k = 0; k <= H; k++) s += L[k] * r[k];
      o[n] = n == 0 ? s : 2 * s;
    }
  }
}
#undef MA
#undef S

/**
 * Harmonic peak picking front end (harmonics.ts HarmonicPicker): pw[k] = re[k]² + im[k]² for k = 0..H,
 * and the peaks VOICEBOX v_findpeaks reports on ln|S| (same order relations on |S|²): strict local maxima
 * and the centre floor((first + last)/2) of plateaus entered by a rise and left by a fall, never bin 0 or
 * H. peaks[i] = bin (ascending), plateau[i] = first + last − 2·centre (0 for a strict peak). Returns the
 * number of peaks.
 */
EXPORT(hmpd_power_peaks) int hmpd_power_peaks(const f64 *re, const f64 *im, int H, f64 *pw, int32_t *peaks, int32_t *plateau) {
  for (int k = 0; k <= H; k++) pw[k] = re[k] * re[k] + im[k] * im[k];
  int n = 0, i = 1;
  while (i < H) {
    const f64 v = pw[i];
    if (!(v > pw[i - 1])) { i++; continue; }
    int e = i;
    while (e < H && pw[e + 1] == v) e++;
    if (e < H && pw[e + 1] < v) {
      const int c = (i + e) >> 1;
      peaks[n] = c;
      plateau[n] = i + e - 2 * c;
      n++;
    }
    i = e + 1;
  }
  return n;
}
