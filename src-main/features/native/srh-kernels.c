// SRH pitch tracking and the LP residuals of SRH and RESKEW polarity detection, in WebAssembly
// (compiled with fft-kernels.c as one unity translation unit by scripts/build-features-wasm.sh).
//
// Papers and parameters: see ../srh.ts (T. Drugman, A. Alwan, "Joint Robust Voicing Detection and Pitch
// Estimation Based on Residual Harmonics", Interspeech 2011), ../polarity.ts (T. Drugman, "Residual
// Excitation Skewness for Automatic Speech Polarity Detection", IEEE SPL 20(4), 2013) and
// ../lp-residual.ts (LP residual by overlap-add of inverse-filtered 25 ms Hanning frames).
//
// srh_lp_residuals: all the LP residuals one clip needs, in one pass over the frames. The order-12
// residual (SRH) and the order-18 residual (RESKEW, glottal group) share the autocorrelation of the frame
// (Levinson's order-12 coefficients are an intermediate state of the order-18 recursion), and the frame
// windowing is shared by all three. The arithmetic is that of lp-residual.ts's original TypeScript loop,
// operation for operation: SIMD lanes hold two autocorrelation lags, or two output samples of the inverse
// filter, each lane summing its own terms in the original order (no reassociation), so the residuals are
// bit-identical to it.
//
// srh_frames: the SRH spectrum per 100 ms frame by approximation (docs/adr/0036): instead of a 16000-point
// DFT (1 Hz bins) of the Blackman-windowed 1598-sample residual frame, the residual is low-passed by a
// half-band FIR and decimated to 8 kHz once per clip; each frame then takes a 2048-point real FFT of its
// 799 decimated samples placed centred in the buffer (so the complex spectrum has no linear phase and is
// smooth: 2.56 times denser than the spacing its 799-sample support needs), the frame mean is subtracted
// in the frequency domain (its spectrum is known in closed form, free of decimation alias), and the
// complex spectrum is interpolated at the integer frequencies the SRH sums read (10-point Lagrange);
// E is the modulus. The unit-L2 normalisation of the 16000-bin half spectrum is computed exactly from the
// time domain by Parseval: sum_{k<N/2} |X_k|^2 = (N sum y^2 + X_0^2 - X_{N/2}^2) / 2, with X_0 = 0 after
// mean removal and X_{N/2} = sum (-1)^n y_n. The caller (srh.ts) recomputes exactly the frames whose
// decision is within the approximation error (the kernel reports each frame's top-2 gap).
#include <stdint.h>
#include <wasm_simd128.h>

#define SRH_MAX_ORDER 32

// Autocorrelation sums s[lag] = sum_{j=0}^{len-1-lag} seg[j+lag]*seg[j], j ascending (lp-residual.ts
// autocorr before the division by len), lags 0..p, two lags per f64x2 lane pair. Always inlined with a
// constant pair count for the orders used (12, 18), so the accumulators stay in registers.
static inline __attribute__((always_inline)) void srh_autocorr_np(const f64 *seg, int len, int p, int np, f64 *s) {
  // np lag pairs (l, l+1), l = 0, 2, …; the lane of lag p+1 (p even) is discarded
  v128_t acc[SRH_MAX_ORDER / 2 + 1];
  for (int q = 0; q < np; q++) acc[q] = wasm_f64x2_splat(0);
  // common range of every pair: j + 2q + 1 <= len - 1 for the last pair
  const int jEnd = len - 2 * (np - 1) - 1; // exclusive
  for (int j = 0; j < jEnd; j++) {
    const v128_t sj = wasm_f64x2_splat(seg[j]);
    for (int q = 0; q < np; q++) acc[q] = wasm_f64x2_add(acc[q], wasm_f64x2_mul(wasm_v128_load(seg + j + 2 * q), sj));
  }
  for (int q = 0; q < np; q++) {
    f64 a0 = wasm_f64x2_extract_lane(acc[q], 0), a1 = wasm_f64x2_extract_lane(acc[q], 1);
    const int l = 2 * q;
    for (int j = jEnd; j + l < len; j++) a0 += seg[j + l] * seg[j];
    for (int j = jEnd; j + l + 1 < len; j++) a1 += seg[j + l + 1] * seg[j];
    s[l] = a0;
    if (l + 1 <= p) s[l + 1] = a1;
  }
}

static void srh_autocorr(const f64 *seg, int len, int p, f64 *s) {
  const int np = (p + 2) / 2;
  switch (np) {
    case 7: srh_autocorr_np(seg, len, p, 7, s); break; // orders 12, 13
    case 10: srh_autocorr_np(seg, len, p, 10, s); break; // orders 18, 19
    default: srh_autocorr_np(seg, len, p, np, s); break;
  }
}

// Levinson-Durbin steps from `from`+1 to `to` on r (dsp/lpc.ts levinson, same operations). a[0..to],
// tmp scratch; *err carries the prediction error between calls.
static void srh_levinson(const f64 *r, int from, int to, f64 *a, f64 *tmp, f64 *err) {
  if (from == 0) {
    for (int j = 0; j <= to; j++) a[j] = 0;
    a[0] = 1;
    *err = r[0];
  }
  f64 e = *err;
  for (int i = from + 1; i <= to; i++) {
    f64 acc = r[i];
    for (int j = 1; j < i; j++) acc += a[j] * r[i - j];
    const f64 k = -acc / e;
    for (int j = 0; j < i; j++) tmp[j] = a[j];
    for (int j = 1; j < i; j++) a[j] = tmp[j] + k * tmp[i - j];
    a[i] = k;
    e *= 1 - k * k;
  }
  *err = e;
}

// inv[i] = sum_{k=0}^{min(p,i)} a[k]*seg[i-k], k ascending from 0; eight outputs per step in four f64x2.
static void srh_inverse_filter(const f64 *a, int p, const f64 *seg, int len, f64 *inv) {
  int i = 0;
  for (; i < p && i < len; i++) {
    f64 acc = 0;
    for (int k = 0; k <= i; k++) acc += a[k] * seg[i - k];
    inv[i] = acc;
  }
  for (; i + 8 <= len; i += 8) {
    v128_t c0 = wasm_f64x2_splat(0), c1 = c0, c2 = c0, c3 = c0;
    for (int k = 0; k <= p; k++) {
      const v128_t ak = wasm_f64x2_splat(a[k]);
      const f64 *s = seg + i - k;
      c0 = wasm_f64x2_add(c0, wasm_f64x2_mul(ak, wasm_v128_load(s)));
      c1 = wasm_f64x2_add(c1, wasm_f64x2_mul(ak, wasm_v128_load(s + 2)));
      c2 = wasm_f64x2_add(c2, wasm_f64x2_mul(ak, wasm_v128_load(s + 4)));
      c3 = wasm_f64x2_add(c3, wasm_f64x2_mul(ak, wasm_v128_load(s + 6)));
    }
    wasm_v128_store(inv + i, c0);
    wasm_v128_store(inv + i + 2, c1);
    wasm_v128_store(inv + i + 4, c2);
    wasm_v128_store(inv + i + 6, c3);
  }
  for (; i < len; i++) {
    f64 acc = 0;
    for (int k = 0; k <= p; k++) acc += a[k] * seg[i - k];
    inv[i] = acc;
  }
}

// The three inverse filters of srh_lp_residuals on the same frame in one sweep: the frame samples are
// loaded once for all of them (aA has order pA <= pB; aB and aC order pB). Same sums as
// srh_inverse_filter, term for term.
static void srh_inverse_filter3(const f64 *aA, int pA, const f64 *aB, const f64 *aC, int pB, const f64 *seg, int len,
                                f64 *invA, f64 *invB, f64 *invC) {
  int i = pB < len ? pB : len;
  // the first pB outputs (fewer terms) one by one
  for (int j = 0; j < i; j++) {
    f64 sa = 0, sb = 0, sc = 0;
    for (int k = 0; k <= j; k++) {
      if (k <= pA) sa += aA[k] * seg[j - k];
      sb += aB[k] * seg[j - k];
      sc += aC[k] * seg[j - k];
    }
    invA[j] = sa; invB[j] = sb; invC[j] = sc;
  }
  for (; i + 4 <= len; i += 4) {
    v128_t a0 = wasm_f64x2_splat(0), a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0;
    int k = 0;
    for (; k <= pA; k++) {
      const v128_t s0 = wasm_v128_load(seg + i - k), s1 = wasm_v128_load(seg + i - k + 2);
      const v128_t ka = wasm_f64x2_splat(aA[k]), kb = wasm_f64x2_splat(aB[k]), kc = wasm_f64x2_splat(aC[k]);
      a0 = wasm_f64x2_add(a0, wasm_f64x2_mul(ka, s0)); a1 = wasm_f64x2_add(a1, wasm_f64x2_mul(ka, s1));
      b0 = wasm_f64x2_add(b0, wasm_f64x2_mul(kb, s0)); b1 = wasm_f64x2_add(b1, wasm_f64x2_mul(kb, s1));
      c0 = wasm_f64x2_add(c0, wasm_f64x2_mul(kc, s0)); c1 = wasm_f64x2_add(c1, wasm_f64x2_mul(kc, s1));
    }
    for (; k <= pB; k++) {
      const v128_t s0 = wasm_v128_load(seg + i - k), s1 = wasm_v128_load(seg + i - k + 2);
      const v128_t kb = wasm_f64x2_splat(aB[k]), kc = wasm_f64x2_splat(aC[k]);
      b0 = wasm_f64x2_add(b0, wasm_f64x2_mul(kb, s0)); b1 = wasm_f64x2_add(b1, wasm_f64x2_mul(kb, s1));
      c0 = wasm_f64x2_add(c0, wasm_f64x2_mul(kc, s0)); c1 = wasm_f64x2_add(c1, wasm_f64x2_mul(kc, s1));
    }
    wasm_v128_store(invA + i, a0); wasm_v128_store(invA + i + 2, a1);
    wasm_v128_store(invB + i, b0); wasm_v128_store(invB + i + 2, b1);
    wasm_v128_store(invC + i, c0); wasm_v128_store(invC + i + 2, c1);
  }
  for (; i < len; i++) {
    f64 sa = 0, sb = 0, sc = 0;
    for (int k = 0; k <= pB; k++) {
      if (k <= pA) sa += aA[k] * seg[i - k];
      sb += aB[k] * seg[i - k];
      sc += aC[k] * seg[i - k];
    }
    invA[i] = sa; invB[i] = sb; invC[i] = sc;
  }
}

/**
 * LP residuals of nFrames frames (frame f starts at f*shift; len = L+1 samples; `win` the len-point Hanning
 * window) accumulated into the output arrays, which the caller zeroes (chunks of a long clip are added).
 *   resA (pA > 0): LPC order pA of the x frame, inverse filter on the x frame;
 *   resB (pB > 0): LPC order pB of the x frame, inverse filter on the x frame;
 *   resC (xh != 0): LPC order pB of the xh frame, inverse filter on the x frame.
 * A null output pointer skips it. work: 5*len + 4*(SRH_MAX_ORDER+1) doubles.
 */
EXPORT(srh_lp_residuals) void srh_lp_residuals(const f64 *x, const f64 *xh, int nFrames, int L, int shift, const f64 *win,
                                                int pA, f64 *resA, int pB, f64 *resB, f64 *resC, f64 *work) {
  const int len = L + 1;
  f64 *seg = work, *segh = work + len, *invA = work + 2 * len, *invB = work + 3 * len, *invC = work + 4 * len;
  f64 *r = work + 5 * len, *a = r + (SRH_MAX_ORDER + 1), *ah = a + (SRH_MAX_ORDER + 1), *tmp = ah + (SRH_MAX_ORDER + 1);
  f64 aA[SRH_MAX_ORDER + 1];
  const int wantA = resA != 0 && pA > 0, wantB = resB != 0 && pB > 0, wantC = resC != 0 && xh != 0 && pB > 0;
  const int pX = wantB ? pB : (wantA ? pA : 0); // order of the x-frame recursion
  for (int f = 0; f < nFrames; f++) {
    const int start = f * shift;
    f64 e = 0;
    int i = 0;
    for (; i + 2 <= len; i += 2) wasm_v128_store(seg + i, wasm_f64x2_mul(wasm_v128_load(x + start + i), wasm_v128_load(win + i)));
    for (; i < len; i++) seg[i] = x[start + i] * win[i];
    if (pX > 0) {
      srh_autocorr(seg, len, pX, r);
      e = r[0]; // the energy sum, same terms in the same order
      for (int l = 0; l <= pX; l++) r[l] /= len;
      f64 err;
      if (wantA) {
        srh_levinson(r, 0, pA, a, tmp, &err);
        for (int j = 0; j <= pA; j++) aA[j] = a[j];
        if (wantB && pB > pA) srh_levinson(r, pA, pB, a, tmp, &err);
      } else {
        srh_levinson(r, 0, pB, a, tmp, &err);
      }
    } else {
      for (int j = 0; j < len; j++) e += seg[j] * seg[j];
    }
    if (wantC) {
      for (i = 0; i + 2 <= len; i += 2) wasm_v128_store(segh + i, wasm_f64x2_mul(wasm_v128_load(xh + start + i), wasm_v128_load(win + i)));
      for (; i < len; i++) segh[i] = xh[start + i] * win[i];
      srh_autocorr(segh, len, pB, r);
      for (int l = 0; l <= pB; l++) r[l] /= len;
      f64 err;
      srh_levinson(r, 0, pB, ah, tmp, &err);
    }
    if (wantA && wantB && wantC && pA <= pB) {
      srh_inverse_filter3(aA, pA, a, ah, pB, seg, len, invA, invB, invC);
    } else {
      if (wantA) srh_inverse_filter(aA, pA, seg, len, invA);
      if (wantB) srh_inverse_filter(a, pB, seg, len, invB);
      if (wantC) srh_inverse_filter(ah, pB, seg, len, invC);
    }
    // three independent sequential sums, interleaved so their latencies overlap
    f64 eA = 0, eB = 0, eC = 0;
    for (int j = 0; j < len; j++) {
      if (wantA) eA += invA[j] * invA[j];
      if (wantB) eB += invB[j] * invB[j];
      if (wantC) eC += invC[j] * invC[j];
    }
    if (wantA) {
      const v128_t g = wasm_f64x2_splat(__builtin_sqrt(e / eA));
      f64 *o = resA + start;
      for (i = 0; i + 2 <= len; i += 2) wasm_v128_store(o + i, wasm_f64x2_add(wasm_v128_load(o + i), wasm_f64x2_mul(wasm_v128_load(invA + i), g)));
      for (; i < len; i++) o[i] += invA[i] * wasm_f64x2_extract_lane(g, 0);
    }
    if (wantB) {
      const v128_t g = wasm_f64x2_splat(__builtin_sqrt(e / eB));
      f64 *o = resB + start;
      for (i = 0; i + 2 <= len; i += 2) wasm_v128_store(o + i, wasm_f64x2_add(wasm_v128_load(o + i), wasm_f64x2_mul(wasm_v128_load(invB + i), g)));
      for (; i < len; i++) o[i] += invB[i] * wasm_f64x2_extract_lane(g, 0);
    }
    if (wantC) {
      const v128_t g = wasm_f64x2_splat(__builtin_sqrt(e / eC));
      f64 *o = resC + start;
      for (i = 0; i + 2 <= len; i += 2) wasm_v128_store(o + i, wasm_f64x2_add(wasm_v128_load(o + i), wasm_f64x2_mul(wasm_v128_load(invC + i), g)));
      for (; i < len; i++) o[i] += invC[i] * wasm_f64x2_extract_lane(g, 0);
    }
  }
}

/**
 * Half-band low-pass and decimation by 2: out[m] = sum_t h[t] * x[2m - t] for m in [0, nOut), t in
 * [-K, K], x taken as 0 outside [0, n) and where it is NaN (NaN frames are detected separately).
 * h holds h[0..K] (symmetric; h[t] = 0 for even t != 0).
 */
EXPORT(srh_decimate2) void srh_decimate2(const f64 *x, int n, const f64 *h, int K, f64 *out, int nOut) {
  for (int m = 0; m < nOut; m++) {
    const int c = 2 * m;
    f64 v = x[c];
    f64 acc = (v == v) ? h[0] * v : 0;
    if (c - K >= 0 && c + K < n) {
      for (int t = 1; t <= K; t += 2) {
        f64 l = x[c - t], rr = x[c + t];
        if (l != l) l = 0;
        if (rr != rr) rr = 0;
        acc += h[t] * (l + rr);
      }
    } else {
      for (int t = 1; t <= K; t += 2) {
        f64 l = c - t >= 0 ? x[c - t] : 0, rr = c + t < n ? x[c + t] : 0;
        if (l != l) l = 0;
        if (rr != rr) rr = 0;
        acc += h[t] * (l + rr);
      }
    }
    out[m] = acc;
  }
}

#define SRH_NH 5 // harmonics summed
#define SRH_LAG_PTS 10 // Lagrange interpolation nodes, base-4 .. base+5

/**
 * SRH criterion for frames j in [j0, j1) (frame j starts at sample j*hop of `res`, frameLen samples;
 * `dec` is res after srh_decimate2, so the frame's decimated samples are dec[j*hop/2 + q], q < frameLen/2).
 *   win: frameLen-point Blackman window; rplan: real FFT plan of nfft points (fs/2 sampling);
 *   lagBase[2i], lagBase[2i+1]: per 1-based MATLAB index i (i-1 Hz), the first FFT bin and the offset in
 *     lagW of its 10 interpolation weights (each stored twice, for both f64x2 lanes; one weight set per
 *     fractional bin position);
 *   dc: per FFT bin k, the complex spectrum (re, im) of a constant 1 over the frame at full rate, halved,
 *     phase-referenced to the frame centre (the mean removed after windowing is subtracted in the
 *     frequency domain, free of decimation alias);
 * The decimated frame is placed in the FFT buffer centred on its middle sample (circularly), so its complex
 * spectrum is smooth (no linear phase) and is interpolated as such; E is the modulus.
 *   fullN: the exact spectrum's length (fs points, 1 Hz bins) for the Parseval normalisation;
 *   need[0..nNeed): the indices i the sums over [fLo, fHi] read (E is only evaluated there).
 * Per frame: arg max over f in [fLo, fHi] of SRH(f) -> f0[j], score[j] (f0 = 1, score = 0 when no value is
 * > 0, e.g. NaN frames), gap[j] = best minus the largest value at any other f (Inf if none; NaN rows give
 * NaN), and when `rows` is not null the whole SRH row (fHi-fLo+1 values) at rows[j*nF].
 * work: 2*nfft + 5*fHi + 16 doubles.
 */
EXPORT(srh_frames) void srh_frames(const f64 *res, const f64 *dec, int j0, int j1, int hop, int frameLen, const f64 *win,
                                    const int32_t *rplan, const f64 *lagW, const int32_t *lagBase, const f64 *dc, int fullN,
                                    const int32_t *need, int nNeed, int fLo, int fHi, f64 *f0, f64 *score, f64 *gap,
                                    f64 *rows, f64 *work) {
  const int nfft = rplan[0], h = nfft / 2;
  const int32_t *cplan = (const int32_t *)(uintptr_t)rplan[1];
  f64 *zr = P(rplan[2]), *zi = P(rplan[3]);
  const f64 *wr = P(rplan[4]), *wi = P(rplan[5]);
  const int maxIdx = SRH_NH * fHi; // highest 1-based index read
  const int nDec = frameLen / 2;
  const int kMax = lagBase[2 * maxIdx] + SRH_LAG_PTS; // highest bin read + 1
  f64 *cx = work, *E = work + 2 * h + 8; // cx: complex bins interleaved (re, im)
  const int c0 = (nDec - 1) / 2; // centre sample of the decimated frame
  const int nF = fHi - fLo + 1;
  for (int j = j0; j < j1; j++) {
    const f64 *x = res + (long)j * hop;
    // time-domain sums: S1 = sum y, S2 = sum y^2, S3 = sum (-1)^n y (even / odd lanes), y = x * win
    v128_t s1a = wasm_f64x2_splat(0), s1b = s1a, s2a = s1a, s2b = s1a;
    int i = 0;
    for (; i + 4 <= frameLen; i += 4) {
      const v128_t y0 = wasm_f64x2_mul(wasm_v128_load(x + i), wasm_v128_load(win + i));
      const v128_t y1 = wasm_f64x2_mul(wasm_v128_load(x + i + 2), wasm_v128_load(win + i + 2));
      s1a = wasm_f64x2_add(s1a, y0); s1b = wasm_f64x2_add(s1b, y1);
      s2a = wasm_f64x2_add(s2a, wasm_f64x2_mul(y0, y0)); s2b = wasm_f64x2_add(s2b, wasm_f64x2_mul(y1, y1));
    }
    const v128_t s1 = wasm_f64x2_add(s1a, s1b), s2v = wasm_f64x2_add(s2a, s2b);
    f64 ev = wasm_f64x2_extract_lane(s1, 0), od = wasm_f64x2_extract_lane(s1, 1);
    f64 S2 = wasm_f64x2_extract_lane(s2v, 0) + wasm_f64x2_extract_lane(s2v, 1);
    for (; i < frameLen; i++) { const f64 y = x[i] * win[i]; if (i & 1) od += y; else ev += y; S2 += y * y; }
    const f64 S1 = ev + od, S3 = ev - od;
    const f64 m = S1 / frameLen;
    const f64 ss = 0.5 * ((f64)fullN * (S2 - frameLen * m * m) - S3 * S3);
    // decimation by 2 doubles the sample spacing: |Y16(f)|^2 = 4 |Ydec(f)|^2 in the pass band
    const f64 scale = 4 / ss; // NaN for NaN frames, Inf for all-zero frames: both give NaN below
    // packed real FFT input z[k] = buf[2k] + i buf[2k+1], buf[(q - c0) mod nfft] = yd[q], yd = decimated
    // residual x window (the mean is removed below, in the frequency domain)
    const f64 *d = dec + (long)j * (hop / 2);
    // (buf index p = q - c0 for q >= c0, nfft - c0 + q for q < c0; even p -> zr[p/2], odd p -> zi[p/2])
    {
      const int lo = (nDec - c0 + 1) / 2, hiStart = (nfft - c0) / 2; // zr/zi ranges written below
      for (int k = lo; k < hiStart; k++) { zr[k] = 0; zi[k] = 0; }
      int q = c0;
      for (; q + 1 < nDec; q += 2) { const int k = (q - c0) >> 1; zr[k] = d[q] * win[2 * q]; zi[k] = d[q + 1] * win[2 * q + 2]; }
      if (q < nDec) { const int k = (q - c0) >> 1; zr[k] = d[q] * win[2 * q]; zi[k] = 0; }
      q = 0;
      if ((nfft - c0) & 1) { zr[(nfft - c0) >> 1] = 0; zi[(nfft - c0) >> 1] = d[0] * win[0]; q = 1; }
      for (; q + 1 < c0 + 1 && q < c0; q += 2) {
        const int k = (nfft - c0 + q) >> 1;
        zr[k] = d[q] * win[2 * q];
        zi[k] = q + 1 < c0 ? d[q + 1] * win[2 * q + 2] : 0;
      }
    }
    f64 *Zr, *Zi;
    cfft_core(cplan, zr, zi, &Zr, &Zi);
    cx[0] = 0; cx[1] = 0; // bin 0 is never read (E starts at 49 Hz)
    for (int k = 1; k < kMax && k < h; k++) {
      const f64 ar = Zr[k], ai = Zi[k], br = Zr[h - k], bi = -Zi[h - k];
      const f64 er = 0.5 * (ar + br), ei = 0.5 * (ai + bi);
      const f64 or = 0.5 * (ar - br), oi = 0.5 * (ai - bi);
      const f64 tr = or * wr[k] - oi * wi[k], ti = or * wi[k] + oi * wr[k];
      cx[2 * k] = er + ti - m * dc[2 * k];
      cx[2 * k + 1] = ei - tr - m * dc[2 * k + 1];
    }
    // E(i), 1-based as MATLAB's spectrum vector: amplitude at i-1 Hz, unit L2 norm over the half spectrum
    const v128_t vscale = wasm_f64x2_splat(scale);
    int c = 0;
    for (; c + 1 < nNeed; c += 2) { // two interpolations (re, im in one f64x2 each), one f64x2 square root
      const int i0 = need[c], i1 = need[c + 1];
      // weights are stored twice (both lanes), so a node costs one load, one multiply and one add
      const f64 *wa = lagW + lagBase[2 * i0 + 1], *wb = lagW + lagBase[2 * i1 + 1];
      const f64 *p = cx + 2 * lagBase[2 * i0], *q = cx + 2 * lagBase[2 * i1];
      v128_t a0 = wasm_f64x2_mul(wasm_v128_load(wa), wasm_v128_load(p));
      v128_t a1 = wasm_f64x2_mul(wasm_v128_load(wa + 2), wasm_v128_load(p + 2));
      v128_t b0 = wasm_f64x2_mul(wasm_v128_load(wb), wasm_v128_load(q));
      v128_t b1 = wasm_f64x2_mul(wasm_v128_load(wb + 2), wasm_v128_load(q + 2));
      for (int t = 2; t < SRH_LAG_PTS; t += 2) {
        a0 = wasm_f64x2_add(a0, wasm_f64x2_mul(wasm_v128_load(wa + 2 * t), wasm_v128_load(p + 2 * t)));
        a1 = wasm_f64x2_add(a1, wasm_f64x2_mul(wasm_v128_load(wa + 2 * t + 2), wasm_v128_load(p + 2 * t + 2)));
        b0 = wasm_f64x2_add(b0, wasm_f64x2_mul(wasm_v128_load(wb + 2 * t), wasm_v128_load(q + 2 * t)));
        b1 = wasm_f64x2_add(b1, wasm_f64x2_mul(wasm_v128_load(wb + 2 * t + 2), wasm_v128_load(q + 2 * t + 2)));
      }
      const v128_t za = wasm_f64x2_add(a0, a1), zb = wasm_f64x2_add(b0, b1); // (re, im) of i0 and i1
      const v128_t sa = wasm_f64x2_mul(za, za), sb = wasm_f64x2_mul(zb, zb);
      const v128_t v = wasm_f64x2_add(wasm_i64x2_shuffle(sa, sb, 0, 2), wasm_i64x2_shuffle(sa, sb, 1, 3));
      const v128_t e = wasm_f64x2_sqrt(wasm_f64x2_mul(v, vscale));
      E[i0] = wasm_f64x2_extract_lane(e, 0);
      E[i1] = wasm_f64x2_extract_lane(e, 1);
    }
    for (; c < nNeed; c++) {
      const int i0 = need[c];
      const f64 *w = lagW + lagBase[2 * i0 + 1];
      const f64 *p = cx + 2 * lagBase[2 * i0];
      f64 re = 0, im = 0;
      for (int t = 0; t < SRH_LAG_PTS; t++) { re += w[2 * t] * p[2 * t]; im += w[2 * t] * p[2 * t + 1]; }
      E[i0] = __builtin_sqrt((re * re + im * im) * scale);
    }
    f64 best = 0, second = -__builtin_inf(), top = -__builtin_inf();
    int bestF = 1;
    f64 *row = rows ? rows + (long)j * nF - fLo : 0;
    for (int f = fLo; f <= fHi; f++) {
      f64 s = E[f] + E[2 * f] + E[3 * f] + E[4 * f] + E[5 * f];
      // round((k + 1/2) f) half away from zero = ((2k+1) f + 1) / 2 in integers
      s -= E[(3 * f + 1) / 2];
      s -= E[(5 * f + 1) / 2];
      s -= E[(7 * f + 1) / 2];
      s -= E[(9 * f + 1) / 2];
      if (row) row[f] = s;
      if (s > best) { best = s; bestF = f; }
      // the two largest values (for the ambiguity test of the caller); NaN compares false
      if (s > top) { second = top; top = s; } else if (s > second) second = s;
    }
    f0[j] = bestF;
    score[j] = best;
    gap[j] = (ss == ss && ss > 0) ? top - second : __builtin_nan("");
  }
}

/**
 * Exact SRH values (COVAREP's 1 Hz spectrum, by direct DFT sums) of one frame for the candidates
 * cand[0..nCand): the frame x[0..frameLen) is windowed, its mean removed, and E(i) = |Y(i-1 Hz)| / sqrt(ss)
 * with ss the Parseval sum of the fullN/2 first bins. tw: fullN complex twiddles (cos, -sin) interleaved.
 * Used for the few frames whose approximated decision is within the approximation error.
 */
EXPORT(srh_exact_values) void srh_exact_values(const f64 *x, int frameLen, const f64 *win, const f64 *tw, int fullN,
                                                const int32_t *cand, int nCand, f64 *out, f64 *work) {
  f64 *y = work;
  f64 S1 = 0, S2 = 0, S3 = 0;
  for (int n = 0; n < frameLen; n++) { const f64 v = x[n] * win[n]; y[n] = v; S1 += v; }
  const f64 m = S1 / frameLen;
  for (int n = 0; n < frameLen; n++) { const f64 v = y[n] - m; y[n] = v; S2 += v * v; S3 += (n & 1) ? -v : v; }
  const f64 ss = 0.5 * ((f64)fullN * S2 - S3 * S3); // X_0 = sum of y = 0 up to rounding
  const f64 norm = 1 / __builtin_sqrt(ss);
  for (int c = 0; c < nCand; c++) {
    const int f = cand[c];
    f64 s = 0;
    for (int t = 0; t < 9; t++) {
      // i = k f (k = 1..5) or round((k + 1/2) f) (k = 1..4); the amplitude at i - 1 Hz
      const int i = t < 5 ? (t + 1) * f : ((2 * (t - 4) + 1) * f + 1) / 2;
      const int b = i - 1;
      v128_t acc0 = wasm_f64x2_splat(0), acc1 = acc0;
      int idx = 0, n = 0;
      for (; n + 1 < frameLen; n += 2) {
        acc0 = wasm_f64x2_add(acc0, wasm_f64x2_mul(wasm_f64x2_splat(y[n]), wasm_v128_load(tw + 2 * idx)));
        idx += b; if (idx >= fullN) idx -= fullN;
        acc1 = wasm_f64x2_add(acc1, wasm_f64x2_mul(wasm_f64x2_splat(y[n + 1]), wasm_v128_load(tw + 2 * idx)));
        idx += b; if (idx >= fullN) idx -= fullN;
      }
      for (; n < frameLen; n++) {
        acc0 = wasm_f64x2_add(acc0, wasm_f64x2_mul(wasm_f64x2_splat(y[n]), wasm_v128_load(tw + 2 * idx)));
        idx += b; if (idx >= fullN) idx -= fullN;
      }
      const v128_t a = wasm_f64x2_add(acc0, acc1);
      const f64 re = wasm_f64x2_extract_lane(a, 0), im = wasm_f64x2_extract_lane(a, 1);
      const f64 e = __builtin_sqrt(re * re + im * im) * norm;
      s += t < 5 ? e : -e;
    }
    out[c] = s;
  }
}
