// The shared DSP pieces against definitions computed directly (naive DFT, MATLAB's documented values).
import { describe, expect, it } from 'vitest';
import { DctI } from '../../src-main/features/dsp/dct';
import { envelopeCepstrumToMcep, logHspecToFwcep } from '../../src-main/features/mcep';
import { teOrders } from '../../src-main/features/true-envelope';
import { ComplexFft, RealFft } from '../../src-main/features/dsp/fft';
import { firFilter, iirFilter } from '../../src-main/features/dsp/filter';
import { interp1 } from '../../src-main/features/dsp/interp';
import { lpc } from '../../src-main/features/dsp/lpc';
import { MT19937, matlabTwisterSeed } from '../../src-main/features/dsp/mt19937';
import { filtfiltFir, medfilt1, unwrapInPlace, wrap } from '../../src-main/features/dsp/phase';
import { median, roundHalfAway, std } from '../../src-main/features/dsp/stats';
import { windowOf } from '../../src-main/features/dsp/windows';

function naiveDft(x: Float64Array, k: number): [number, number] {
  let re = 0, im = 0;
  for (let t = 0; t < x.length; t++) {
    const a = (-2 * Math.PI * k * t) / x.length;
    re += x[t] * Math.cos(a);
    im += x[t] * Math.sin(a);
  }
  return [re, im];
}

describe('FFT', () => {
  it.each([16000, 4096, 1024, 30, 7 * 9 * 2, 1000])('real FFT of length %i matches the DFT and inverts', (n) => {
    const rng = new MT19937(7);
    const x = Float64Array.from({ length: n }, () => rng.random() - 0.5);
    const re = new Float64Array(n / 2 + 1), im = new Float64Array(n / 2 + 1);
    new RealFft(n).forward(x, re, im);
    for (const k of [0, 1, 2, Math.floor(n / 3), Math.floor(n / 2)]) {
      const [dr, di] = naiveDft(x, k);
      expect(Math.abs(re[k] - dr)).toBeLessThan(1e-9);
      expect(Math.abs(im[k] - di)).toBeLessThan(1e-9);
    }
    const back = new Float64Array(n);
    new RealFft(n).inverse(re, im, back);
    for (let t = 0; t < n; t++) expect(Math.abs(back[t] - x[t])).toBeLessThan(1e-12);
  });

  it('zero-pads like MATLAB fft(x, n)', () => {
    const x = Float64Array.from([1, 2, 3]);
    const re = new Float64Array(5), im = new Float64Array(5);
    new RealFft(8).forward(x, re, im, 3);
    const [dr, di] = naiveDft(Float64Array.from([1, 2, 3, 0, 0, 0, 0, 0]), 1);
    expect(re[1]).toBeCloseTo(dr, 12);
    expect(im[1]).toBeCloseTo(di, 12);
  });

  it('complex FFT with radices 3 and 5 matches the DFT', () => {
    const n = 45;
    const re = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.7));
    const im = Float64Array.from({ length: n }, (_, i) => Math.cos(i * 0.3));
    const r0 = re.slice(), i0 = im.slice();
    new ComplexFft(n).forward(re, im);
    for (const k of [0, 4, 17, 44]) {
      let sr = 0, si = 0;
      for (let t = 0; t < n; t++) {
        const a = (-2 * Math.PI * k * t) / n;
        sr += r0[t] * Math.cos(a) - i0[t] * Math.sin(a);
        si += r0[t] * Math.sin(a) + i0[t] * Math.cos(a);
      }
      expect(re[k]).toBeCloseTo(sr, 10);
      expect(im[k]).toBeCloseTo(si, 10);
    }
  });
});

describe('DCT-I by half-size FFT', () => {
  it.each([2049, 3])('matches the definition (input length %i)', (len) => {
    const n = 2048;
    const y = Float64Array.from({ length: len }, (_, i) => Math.sin(i * 0.37) + (i % 7) * 0.1);
    const out = new Float64Array(n + 1);
    new DctI(n).transform(y, out, len);
    const at = (j: number): number => (j < len ? y[j] : 0);
    for (const k of [0, 1, 2, 3, 100, 101, 1023, 2047, 2048]) {
      let f = 0.5 * (at(0) + (k % 2 ? -1 : 1) * at(n));
      for (let j = 1; j < n; j++) f += at(j) * Math.cos((Math.PI * j * k) / n);
      expect(Math.abs(out[k] - f)).toBeLessThan(1e-10);
    }
  });
});

describe('MATLAB-compatible helpers', () => {
  it('windows follow MATLAB: hanning has no zero end points, hann does', () => {
    const hanning = windowOf('hanning', 3);
    expect(hanning[0]).toBeCloseTo(0.5, 15);
    expect(hanning[1]).toBeCloseTo(1, 15);
    expect(hanning[2]).toBeCloseTo(0.5, 15);
    const hann = windowOf('hann', 3);
    expect(hann[0]).toBe(0);
    expect(hann[1]).toBeCloseTo(1, 15);
    expect(windowOf('hamming', 5)[0]).toBeCloseTo(0.08, 15);
    const b = windowOf('blackman', 5);
    expect(b[0]).toBeCloseTo(0, 15);
    expect(b[2]).toBeCloseTo(1, 15);
    expect(b[1]).toBe(b[3]);
  });

  it('lpc gives [1 a1 … ap] of an AR(1) process and NaN for digital silence (as MATLAB)', () => {
    const rng = new MT19937(3);
    const x = new Float64Array(20000);
    for (let i = 1; i < x.length; i++) x[i] = 0.9 * x[i - 1] + (rng.random() - 0.5);
    const a = lpc(x, 2);
    expect(a[0]).toBe(1);
    expect(a[1]).toBeCloseTo(-0.9, 1);
    expect(Math.abs(a[2])).toBeLessThan(0.05);
    expect(Number.isNaN(lpc(new Float64Array(100), 4)[1])).toBe(true);
  });

  it('filter(b, a, x) follows MATLAB: zero initial state, a(1) normalisation', () => {
    const x = Float64Array.from([1, 0, 0, 0, 2]);
    const y = new Float64Array(5);
    iirFilter([2], [2, -1], x, y); // y[n] = x[n] + 0.5·y[n−1]
    expect(Array.from(y)).toEqual([1, 0.5, 0.25, 0.125, 2.0625]);
    firFilter([1, -1], x, y);
    expect(Array.from(y)).toEqual([1, -1, 0, 0, 2]);
  });

  it('interp1 is NaN outside the knots', () => {
    const out = new Float64Array(4);
    interp1([1, 3], [10, 30], [0, 1, 2, 4], out);
    expect(Number.isNaN(out[0])).toBe(true);
    expect(out[1]).toBe(10);
    expect(out[2]).toBe(20);
    expect(Number.isNaN(out[3])).toBe(true);
  });

  it('median of nothing is NaN, std uses N − 1, round goes half away from zero', () => {
    expect(Number.isNaN(median([]))).toBe(true);
    expect(median([3, 1, 2, 10])).toBe(2.5);
    expect(std([1, 2, 3, 4])).toBeCloseTo(Math.sqrt(5 / 3), 15);
    expect(roundHalfAway(-2.5)).toBe(-3);
    expect(roundHalfAway(2.5)).toBe(3);
  });

  it('wrap and unwrap', () => {
    expect(wrap(3 * Math.PI / 2)).toBeCloseTo(-Math.PI / 2, 15);
    const a = Float64Array.from([0, 3, -3, 0.1]);
    unwrapInPlace(a, 4);
    expect(a[2]).toBeCloseTo(-3 + 2 * Math.PI, 15);
    expect(a[3]).toBeCloseTo(0.1 + 2 * Math.PI, 15);
  });

  it('filtfilt of a moving average keeps a constant and a line; medfilt1 pads with zeros', () => {
    const b = new Float64Array(5).fill(0.2);
    const x = Float64Array.from({ length: 40 }, (_, i) => 2 + 0.5 * i);
    filtfiltFir(b, x, 40, new Float64Array(2 * (40 + 24) + 5));
    for (let i = 0; i < 40; i++) expect(x[i]).toBeCloseTo(2 + 0.5 * i, 10);
    // a non-constant filter takes the general path and agrees with a direct computation at the centre
    const w = Float64Array.from([0.25, 0.5, 0.25]);
    const z = Float64Array.from({ length: 30 }, (_, i) => Math.sin(i));
    const zf = z.slice();
    filtfiltFir(w, zf, 30, new Float64Array(2 * (30 + 12) + 3));
    const direct = (i: number): number => [-2, -1, 0, 1, 2].reduce((s, d) => s + [0.0625, 0.25, 0.375, 0.25, 0.0625][d + 2] * z[i + d], 0);
    expect(zf[15]).toBeCloseTo(direct(15), 12);
    const out = new Float64Array(5);
    medfilt1(Float64Array.from([5, 5, 5, 5, 5]), 5, 3, out, new Float64Array(3));
    expect(Array.from(out)).toEqual([5, 5, 5, 5, 5]);
    medfilt1(Float64Array.from([5, 5, 5, 5, 5]), 5, 5, out, new Float64Array(5));
    expect(out[0]).toBe(5); // median of [0 0 5 5 5]
  });

  it('MT19937 reproduces MATLAB rand for rng(0) and rng(1) (values from the reference README)', () => {
    const g0 = new MT19937(matlabTwisterSeed(0));
    expect([g0.random(), g0.random(), g0.random()].map((v) => v.toFixed(4))).toEqual(['0.8147', '0.9058', '0.1270']);
    const g1 = new MT19937(matlabTwisterSeed(1));
    expect([g1.random(), g1.random(), g1.random()].map((v) => v.toFixed(4))).toEqual(['0.4170', '0.7203', '0.0001']);
  });
});

describe('True Envelope → MCEP approximations (ADR 0037)', () => {
  it('the DC/Nyquist regions on the 1024-point grid cover the Hz ranges COVAREP replaces on its 4096-point grid', () => {
    for (const order of [16, 40, 53, 80, 145, 160]) {
      const o4 = teOrders(order, 4096), o1 = teOrders(order, 1024);
      const slim = Math.round(4096 / (4 * o4.p));
      expect(o4.lo).toBe(slim); // COVAREP: bins 0..slim−1 and H+2−slim..H of the 4096-point spectrum
      expect(o4.hi).toBe(2050 - slim);
      expect(o1.p).toBe(o4.p); // orders are those of the 4096-point spectrum
      // bin k of the 1024 grid is bin 4k of the 4096 grid: replaced iff 4k is
      for (let k = 0; k <= 512; k++) {
        expect(k < o1.lo || k >= o1.hi, `order ${order} bin ${k}`).toBe(4 * k < o4.lo || 4 * k >= o4.hi);
      }
    }
  });

  it('MCEP from the envelope cepstrum (one matrix) equals hspec2fwcep of the sampled 4096-point envelope', () => {
    const rng = new MT19937(3);
    for (const p of [20, 58, 192]) {
      // a smooth envelope: decaying random cepstrum, level around −8 nepers
      const cc = Float64Array.from({ length: p + 1 }, (_, j) => (j === 0 ? -8 : (rng.random() - 0.5) * 2 / (1 + 0.1 * j)));
      const env = new Float64Array(2049);
      for (let k = 0; k <= 2048; k++) {
        let v = cc[0];
        for (let j = 1; j <= p; j++) v += cc[j] * Math.cos((Math.PI * j * k) / 2048);
        env[k] = v;
      }
      const want = new Float64Array(25), work = new Float64Array(2049), got = new Float64Array(25);
      logHspecToFwcep(env, 16000, 4096, 24, want, work);
      envelopeCepstrumToMcep(cc, p, 16000, got);
      // the only difference: COVAREP interpolates exp(V) linearly between 4096-grid bins
      for (let n = 0; n <= 24; n++) expect(Math.abs(got[n] - want[n]), `p ${p} c${n}`).toBeLessThan(2e-3);
    }
  });
});
