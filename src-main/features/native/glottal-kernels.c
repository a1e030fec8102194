// Hot loops of the glottal-source column group (src-main/features/glottal/), compiled into the one
// features WebAssembly module together with fft-kernels.c (scripts/build-features-wasm.sh: one unity
// translation unit, fft-kernels.c first, so its static FFT core is callable here).
//
// glottal_iaif_pair: GCI-synchronous Iterative Adaptive Inverse Filtering — P. Alku, "Glottal wave
// analysis with pitch synchronous iterative adaptive inverse filtering", Speech Communication 11(2–3),
// 1992 — as COVAREP's iaif_gci applies it at 16 kHz (parameters in glottal/iaif.ts: 301-tap linear-phase
// high-pass by FFT, p_vt = 20, p_gl = 8, leaky integrator d = 0.99, 21-sample pre-ramp), for one or two
// frames: the two frames share the high-pass FFT (real and imaginary parts; the FIR is even, its spectrum
// real). The LPC chain repeats iaif.ts's TypeScript operations; sums over the frame run in two SIMD lanes
// (a different rounding order from the TypeScript reference, ~1e-16 relative; ADR 0045 allows that).
//
// glottal_iir: direct-form-II-transposed IIR filtering in place (glottal/dsp-basic.ts iirFilter, the
// creak detector's order-14 band-pass), coefficients already divided by a[0]; taps whose numerator
// coefficient is 0 skip the multiply-add.

#define GL_PVT 20
#define GL_PGL 8
#define GL_PRE (GL_PVT + 1)
#define GL_D 0.99

// r[lag] = Σ x[i]·x[i−lag] / len, lag = 0..p (two lanes over i, then lane sum).
static void glottal_autocorr(const f64 *x, int len, int p, f64 *r) {
  for (int lag = 0; lag <= p; lag++) {
    v128_t acc = wasm_f64x2_splat(0);
    int i = lag;
    for (; i + 1 < len; i += 2) {
      acc = wasm_f64x2_add(acc, wasm_f64x2_mul(wasm_v128_load(x + i), wasm_v128_load(x + i - lag)));
    }
    f64 s = wasm_f64x2_extract_lane(acc, 0) + wasm_f64x2_extract_lane(acc, 1);
    if (i < len) s += x[i] * x[i - lag];
    r[lag] = s / len;
  }
}

// Levinson–Durbin (features/dsp/lpc.ts levinson): a[0..p], a[0] = 1.
static void glottal_levinson(const f64 *r, int p, f64 *a, f64 *tmp) {
  for (int j = 0; j <= p; j++) a[j] = 0;
  a[0] = 1;
  f64 err = r[0];
  for (int i = 1; i <= p; i++) {
    f64 acc = r[i];
    for (int j = 1; j < i; j++) acc += a[j] * r[i - j];
    const f64 k = -acc / err;
    for (int j = 0; j < i; j++) tmp[j] = a[j];
    for (int j = 1; j < i; j++) a[j] = tmp[j] + k * tmp[i - j];
    a[i] = k;
    err *= 1 - k * k;
  }
}

// y[i] = x[i] + Σ_{k=1..min(i,p)} a[k]·x[i−k] (zero initial state); two outputs per step from i = p.
static void glottal_inverse_filter(const f64 *a, int p, const f64 *x, int n, f64 *y) {
  const int head = p < n ? p : n;
  for (int i = 0; i < head; i++) {
    f64 s = x[i];
    for (int k = 1; k <= i; k++) s += a[k] * x[i - k];
    y[i] = s;
  }
  int i = head;
  for (; i + 1 < n; i += 2) {
    v128_t s = wasm_v128_load(x + i);
    for (int k = 1; k <= p; k++) s = wasm_f64x2_add(s, wasm_f64x2_mul(wasm_f64x2_splat(a[k]), wasm_v128_load(x + i - k)));
    wasm_v128_store(y + i, s);
  }
  for (; i < n; i++) {
    f64 s = x[i];
    for (int k = 1; k <= p; k++) s += a[k] * x[i - k];
    y[i] = s;
  }
}

static void glottal_integrate(f64 *y, int n) {
  f64 prev = 0;
  for (int i = 0; i < n; i++) { prev = y[i] + GL_D * prev; y[i] = prev; }
}

// LPC of win = src[PRE..PRE+len)·han, order p, into a.
static void glottal_lpc_windowed(const f64 *src, const f64 *han, int len, int p, f64 *win, f64 *a, f64 *r, f64 *tmp) {
  for (int i = 0; i < len; i++) win[i] = src[i] * han[i];
  glottal_autocorr(win, len, p, r);
  glottal_levinson(r, p, a, tmp);
}

// The IAIF chain on one high-passed frame hp[0..len) (iaif.ts iaifFrame); writes g and dg (len each).
static void glottal_iaif_chain(const f64 *hp, int len, const f64 *han, f64 *g, f64 *dg, f64 *work) {
  for (int i = 0; i < len; i++) { g[i] = 0; dg[i] = 0; }
  if (len <= GL_PVT) return;
  const int n = len + GL_PRE;
  f64 *ext = work, *y = ext + n, *win = y + n, *a = win + len, *r = a + GL_PVT + 1, *tmp = r + GL_PVT + 1;
  const f64 x0 = hp[0];
  for (int i = 0; i < GL_PRE; i++) ext[i] = -x0 + (2 * x0 * i) / (GL_PRE - 1);
  for (int i = 0; i < len; i++) ext[GL_PRE + i] = hp[i];
  glottal_lpc_windowed(hp, han, len, 1, win, a, r, tmp);
  glottal_inverse_filter(a, 1, ext, n, y); // Hg1
  glottal_lpc_windowed(y + GL_PRE, han, len, GL_PVT, win, a, r, tmp); // Hvt1
  glottal_inverse_filter(a, GL_PVT, ext, n, y);
  glottal_integrate(y, n); // g1
  glottal_lpc_windowed(y + GL_PRE, han, len, GL_PGL, win, a, r, tmp); // Hg2
  glottal_inverse_filter(a, GL_PGL, ext, n, y);
  glottal_integrate(y, n);
  glottal_lpc_windowed(y + GL_PRE, han, len, GL_PVT, win, a, r, tmp); // Hvt2
  glottal_inverse_filter(a, GL_PVT, ext, n, y); // dg
  f64 gg = 0;
  for (int i = 0; i < n; i++) {
    const f64 d = y[i];
    gg = d + GL_D * gg;
    if (i >= GL_PRE) {
      dg[i - GL_PRE] = d;
      g[i - GL_PRE] = gg;
    }
  }
}

// Zero-phase 301-tap high-pass of a short frame by direct convolution (symmetric taps paired).
static void glottal_highpass_direct(const f64 *frame, int len, const f64 *fir, f64 *hp) {
  for (int i = 0; i < len; i++) {
    f64 s = 0;
    for (int m = -150; m <= 150; m++) {
      const int j = i - m;
      if (j >= 0 && j < len) s += fir[150 + m] * frame[j];
    }
    hp[i] = s;
  }
}

/**
 * IAIF on one or two GCI frames (len1 = 0: one). seg_q[0..len_q) are the signal samples of frame q, han_q
 * its Hanning window; out receives g0, dg0 (len0 each), then g1, dg1 (len1 each), for the caller's
 * overlap-add. plan: complex FFT plan of size nfft ≥ max(len) + 150 with H the real spectrum of the
 * centred FIR, or 0 for the direct convolution with fir (301 taps).
 * work: 2·nfft + 2·maxLen + 3·(maxLen + 21) + 63 doubles.
 */
EXPORT(glottal_iaif_pair) void glottal_iaif_pair(const f64 *seg0, int len0, const f64 *han0, const f64 *seg1, int len1,
                                                 const f64 *han1, const int32_t *plan, const f64 *H, const f64 *fir,
                                                 f64 *out, f64 *work) {
  const int maxLen = len0 > len1 ? len0 : len1;
  const int nfft = plan ? plan[0] : 0;
  f64 *re = work, *im = re + (plan ? nfft : maxLen), *hp0 = im + nfft, *hp1 = hp0 + maxLen, *chain = hp1 + maxLen;
  if (plan) {
    for (int i = 0; i < nfft; i++) { re[i] = 0; im[i] = 0; }
    for (int i = 0; i < len0; i++) re[i] = seg0[i] * han0[i];
    for (int i = 0; i < len1; i++) im[i] = seg1[i] * han1[i];
    f64 *zr, *zi;
    cfft_core(plan, re, im, &zr, &zi);
    // inverse by conj(fft(conj(Z·H)))/n
    for (int k = 0; k < nfft; k++) { re[k] = zr[k] * H[k]; im[k] = -(zi[k] * H[k]); }
    cfft_core(plan, re, im, &zr, &zi);
    const f64 inv = 1.0 / nfft;
    for (int i = 0; i < len0; i++) hp0[i] = zr[i] * inv;
    for (int i = 0; i < len1; i++) hp1[i] = -zi[i] * inv;
  } else {
    for (int i = 0; i < len0; i++) re[i] = seg0[i] * han0[i];
    glottal_highpass_direct(re, len0, fir, hp0);
    for (int i = 0; i < len1; i++) re[i] = seg1[i] * han1[i];
    glottal_highpass_direct(re, len1, fir, hp1);
  }
  glottal_iaif_chain(hp0, len0, han0, out, out + len0, chain);
  if (len1 > 0) glottal_iaif_chain(hp1, len1, han1, out + 2 * len0, out + 2 * len0 + len1, chain);
}
/**
 * In-place IIR filtering (DF2T) of x[0..n), forward (reverse = 0) or from the last sample to the first
 * (reverse = 1), continuing from state (order values, updated): y = b0·x + state[0]; coefficients divided
 * by a[0]; taps whose numerator coefficient is 0 skip the multiply-add.
 */
EXPORT(glottal_iir) void glottal_iir(f64 b0, const f64 *bn, const f64 *an, int order, f64 *x, int n, f64 *state, int reverse) {
  int nzb[32], nnz = 0;
  for (int k = 0; k < order && k < 32; k++) if (bn[k] != 0) nzb[nnz++] = k;
  const int last = order - 1, step = reverse ? -1 : 1;
  for (int c = 0, i = reverse ? n - 1 : 0; c < n; c++, i += step) {
    const f64 xi = x[i];
    const f64 yi = state[0] + b0 * xi;
    for (int k = 0; k < last; k++) state[k] = state[k + 1] - an[k] * yi;
    state[last] = -an[last] * yi;
    for (int q = 0; q < nnz; q++) state[nzb[q]] += bn[nzb[q]] * xi;
    x[i] = yi;
  }
}

/**
 * One overlap-save step of the wavelet filter bank (glottal/wavelet.ts filterEvenFft): two consecutive
 * blocks of B outputs travel in one complex FFT of size n = plan[0] (block 0's input seg[0..n) as the real
 * part, block 1's seg[B..B+n) as the imaginary part; zero-phase kernels have real spectra, so the products
 * keep the blocks apart). For each of the nscales kernel spectra H_s (n reals each, consecutive) writes
 * out[s·2B + j] = y0[maxHalf + j] and out[s·2B + B + j] = y1[maxHalf + j], j < B.
 * work: 4·n doubles.
 */
EXPORT(glottal_wavelet_pair) void glottal_wavelet_pair(const int32_t *plan, const f64 *spectra, int nscales, const f64 *seg, int B,
                                                       int maxHalf, f64 *out, f64 *work) {
  const int n = plan[0];
  f64 *re = work, *im = re + n, *yr = im + n, *yi = yr + n;
  for (int i = 0; i < n; i++) { re[i] = seg[i]; im[i] = seg[B + i]; }
  f64 *zr, *zi;
  cfft_core(plan, re, im, &zr, &zi);
  if (zr != re) for (int i = 0; i < n; i++) { re[i] = zr[i]; im[i] = zi[i]; }
  const f64 inv = 1.0 / n;
  for (int s = 0; s < nscales; s++) {
    const f64 *H = spectra + (long)s * n;
    // inverse by conj(fft(conj(Z·H)))/n
    for (int k = 0; k < n; k += 2) {
      const v128_t h = wasm_v128_load(H + k);
      wasm_v128_store(yr + k, wasm_f64x2_mul(wasm_v128_load(re + k), h));
      wasm_v128_store(yi + k, wasm_f64x2_neg(wasm_f64x2_mul(wasm_v128_load(im + k), h)));
    }
    f64 *or, *oi;
    cfft_core(plan, yr, yi, &or, &oi);
    f64 *o = out + (long)s * 2 * B;
    for (int j = 0; j < B; j++) { o[j] = or[maxHalf + j] * inv; o[B + j] = -oi[maxHalf + j] * inv; }
  }
}

// |Σ_{k=1}^{L−1} r_k·e^{−iωk}|² of the one-sided autocorrelation r_k = Σ_n s_n·s_{n+k} at ω = 2π·bin/16000,
// in O(L) with suffix sums (creak.ts oneSidedAcfMag); cosT/sinT: cos, sin of 2πm/16000, m < 16000.
static f64 glottal_acf_mag2(const f64 *s, int L, int bin, const f64 *cosT, const f64 *sinT) {
  const int b = ((bin % 16000) + 16000) % 16000;
  f64 tr = 0, ti = 0, hr = 0, hi = 0;
  int idx = (int)(((long long)b * (L - 1)) % 16000);
  for (int n = L - 1; n >= 0; n--) {
    const f64 c = cosT[idx], sn = sinT[idx];
    const f64 pr = s[n] * c, pi = s[n] * sn;
    hr += pr * tr - pi * ti;
    hi += pr * ti + pi * tr;
    tr += s[n] * c;
    ti -= s[n] * sn;
    idx -= b;
    if (idx < 0) idx += 16000;
  }
  return hr * hr + hi * hi;
}

/**
 * The creak detector's per-frame KD features (creak.ts h2h1AndCreakF0) for frames j = 0..count−1 of
 * L = 800 samples every hop = 160 of the ρ = 0.8 resonator output rep2 and the ρ = 0.97 one rep (both
 * starting at frame 0's first sample): creak F0 from the autocorrelation of the Hanning-windowed rep2 frame
 * (two frames per complex FFT of size plan[0] ≥ 1599; first maximum after the first zero, lag ≥ 5), and
 * the power ratio |A(2F0 − 1)|² / |A(F0 − 1)|² of the one-sided autocorrelation spectrum of the
 * twice-windowed rep frame (the caller takes 10·log10). A frame with a NaN sample gives F0 = 3200 and a
 * NaN ratio (MATLAB's max over NaN). count must be even unless it is the last call.
 * work: 4·plan[0] + 3·L doubles.
 */
EXPORT(glottal_creak_kd) void glottal_creak_kd(const f64 *rep2, const f64 *rep, int count, int L, int hop, const f64 *win,
                                               const int32_t *plan, const f64 *cosT, const f64 *sinT, f64 *f0Out,
                                               f64 *ratioOut, f64 *work) {
  const int n = plan[0];
  f64 *re = work, *im = re + n, *pr = im + n, *pi = pr + n, *sb = pi + n, *scale = sb + L;
  const f64 inv = 1.0 / n;
  for (int lag = 1; lag < L; lag++) scale[lag] = (f64)(L - 1) / (L - lag);
  for (int j = 0; j < count; j += 2) {
    const int two = j + 1 < count;
    int nan[2] = {0, 0};
    for (int q = 0; q < 1 + two; q++) {
      const f64 *a = rep2 + (long)(j + q) * hop, *b = rep + (long)(j + q) * hop;
      for (int i = 0; i < L; i++) if (a[i] != a[i] || b[i] != b[i]) { nan[q] = 1; break; }
    }
    for (int i = 0; i < n; i++) { re[i] = 0; im[i] = 0; }
    if (!nan[0]) for (int i = 0; i < L; i++) re[i] = rep2[(long)j * hop + i] * win[i];
    if (two && !nan[1]) for (int i = 0; i < L; i++) im[i] = rep2[(long)(j + 1) * hop + i] * win[i];
    f64 *zr, *zi;
    cfft_core(plan, re, im, &zr, &zi);
    // |A|², |B|² from Z = A + iB, then one inverse FFT of |A|² + i|B|² (conj trick; the input is real
    // and even per part, so the result's real/imaginary parts are the two autocorrelations).
    for (int k = 0; k < n; k++) {
      const int nk = k ? n - k : 0;
      const f64 ar = 0.5 * (zr[k] + zr[nk]), ai = 0.5 * (zi[k] - zi[nk]);
      const f64 br = 0.5 * (zi[k] + zi[nk]), bi = -0.5 * (zr[k] - zr[nk]);
      pr[k] = ar * ar + ai * ai;
      pi[k] = -(br * br + bi * bi);
    }
    cfft_core(plan, pr, pi, &zr, &zi);
    for (int q = 0; q < 1 + two; q++) {
      const int jj = j + q;
      if (nan[q]) { f0Out[jj] = 3200; ratioOut[jj] = 0.0 / 0.0; continue; }
      const f64 *r = q ? zi : zr;
      const f64 sgn = q ? -inv : inv;
      // lags 1..L−1 scaled by (L−1)/(L − lag); skip the first positive lobe; first maximum
      int k = 1;
      while (r[k] * sgn * scale[k] > 0) { k++; if (k == L - 1) break; }
      f64 best = -1.0 / 0.0;
      int posi = 1;
      for (int lag = 1; lag <= L - 1; lag++) {
        const f64 v = lag < k ? 0 : r[lag] * sgn * scale[lag];
        if (v > best) { best = v; posi = lag; }
      }
      if (posi < 5) posi = 5;
      const int F0 = (int)(16000.0 / posi + 0.5);
      f0Out[jj] = F0;
      const f64 *b = rep + (long)jj * hop;
      for (int i = 0; i < L; i++) sb[i] = b[i] * win[i] * win[i];
      ratioOut[jj] = glottal_acf_mag2(sb, L, 2 * F0 - 1, cosT, sinT) / glottal_acf_mag2(sb, L, F0 - 1, cosT, sinT);
    }
  }
}

/**
 * |X_b|² of the 2048-point DFT of x[0..len) (len ≤ 2048) at bins b = from..to−1 by direct summation
 * (vq-params.ts PSP: the parabola fit reads the first few dozen bins only); cosT/sinT: cos, sin of
 * 2πm/2048.
 */
EXPORT(glottal_psp_power) void glottal_psp_power(const f64 *x, int len, int from, int to, const f64 *cosT, const f64 *sinT, f64 *out) {
  for (int b = from; b < to; b++) {
    f64 re = 0, im = 0;
    int idx = 0;
    for (int i = 0; i < len; i++) {
      re += x[i] * cosT[idx];
      im -= x[i] * sinT[idx];
      idx = (idx + b) & 2047;
    }
    out[b - from] = re * re + im * im;
  }
}

// MATLAB max ignoring NaN over x[from..to): value (NaN if all NaN) and first index of it.
static f64 glottal_nanmax(const f64 *x, int from, int to, int *at) {
  f64 best = 0.0 / 0.0;
  int bi = from;
  for (int i = from; i < to; i++) {
    const f64 v = x[i];
    if (v != v) continue;
    if (best != best || v > best) { best = v; bi = i; }
  }
  if (at) *at = bi;
  return best;
}

/**
 * Ishi et al.'s intraframe periodicity (creak.ts ishiFeatures, IFP) for frames j = 0..count−1 of N = 512
 * samples every shift = 160 of the band-passed signal xf: normalised autocorrelation (lags 16..240, scaled
 * by N/(N − lag − 1)), the minimum of its maxima around multiples of the main peak's lag (±16). Two frames
 * per complex FFT of size plan[0] ≥ 752. work: 4·plan[0] + 256 doubles.
 */
EXPORT(glottal_creak_ifp) void glottal_creak_ifp(const f64 *xf, int count, int N, int shift, const int32_t *plan, f64 *out, f64 *work) {
  const int n = plan[0], maxLag = 240, tol = 16;
  f64 *re = work, *im = re + n, *pr = im + n, *pi = pr + n, *acf = pi + n;
  const f64 inv = 1.0 / n;
  for (int j = 0; j < count; j += 2) {
    const int two = j + 1 < count;
    for (int i = 0; i < n; i++) { re[i] = 0; im[i] = 0; }
    for (int i = 0; i < N; i++) re[i] = xf[(long)j * shift + i];
    if (two) for (int i = 0; i < N; i++) im[i] = xf[(long)(j + 1) * shift + i];
    f64 *zr, *zi;
    cfft_core(plan, re, im, &zr, &zi);
    for (int k = 0; k < n; k++) {
      const int nk = k ? n - k : 0;
      const f64 ar = 0.5 * (zr[k] + zr[nk]), ai = 0.5 * (zi[k] - zi[nk]);
      const f64 br = 0.5 * (zi[k] + zi[nk]), bi = -0.5 * (zr[k] - zr[nk]);
      pr[k] = ar * ar + ai * ai;
      pi[k] = -(br * br + bi * bi);
    }
    cfft_core(plan, pr, pi, &zr, &zi);
    for (int q = 0; q < 1 + two; q++) {
      const f64 *r = q ? zi : zr;
      const f64 sgn = q ? -inv : inv;
      const f64 r0 = r[0] * sgn;
      for (int i = 0; i <= maxLag; i++) acf[i] = i < tol ? 0 : ((r[i] * sgn) / r0) * ((f64)N / (N - (i + 1)));
      int i0;
      f64 mn = glottal_nanmax(acf, 0, maxLag + 1, &i0);
      const int idx1 = i0 + 1;
      for (int mult = 2; idx1 * mult < maxLag + 1; mult++) {
        const int c = idx1 * mult;
        const int b0 = c - tol < 1 ? 1 : c - tol;
        const int b1 = c + tol > maxLag + 1 ? maxLag + 1 : c + tol;
        const f64 mv = glottal_nanmax(acf, b0 - 1, b1, 0);
        if (mv < mn || mn != mn) mn = mv;
      }
      out[j + q] = mn;
    }
  }
}

/**
 * Rd's harmonic analysis front end (rd-msp.ts): the frame x[0..winlen) times the sum-normalised Blackman
 * window wn, real FFT (plan: real plan of 4096 points) into re/im (bins 0..2048), the powers pow = re² + im²,
 * and voicebox v_findpeaks' local maxima of pow (a flat top gives its middle sample) into peaks.
 * Returns the number of peaks. buf: winlen doubles.
 */
EXPORT(glottal_rd_spectrum) int glottal_rd_spectrum(const f64 *x, int winlen, const f64 *wn, const int32_t *plan, f64 *buf, f64 *re,
                                                    f64 *im, f64 *pow, int32_t *peaks) {
  for (int i = 0; i < winlen; i++) buf[i] = x[i] * wn[i];
  rfft(plan, buf, winlen, re, im);
  const int half = plan[0] / 2, to = half + 1;
  for (int k = 0; k <= half; k++) pow[k] = re[k] * re[k] + im[k] * im[k];
  int np = 0, i = 1;
  while (i < to - 1) {
    if (pow[i] > pow[i - 1]) {
      int j = i;
      while (j + 1 < to && pow[j + 1] == pow[i]) j++;
      if (j + 1 < to && pow[j + 1] < pow[i]) peaks[np++] = i + ((j - i) >> 1);
      i = j + 1;
    } else i++;
  }
  return np;
}
