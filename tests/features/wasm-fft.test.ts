// The WebAssembly kernels (src-main/features/native/fft-kernels.c) must give exactly the TypeScript
// path's numbers for the FFTs and the DCT-I (bit for bit), and so the F0, VUV and HMPD columns of a real
// clip. The MCEP kernel (mcep_pass) runs the True Envelope in float32, four frames per SIMD vector
// (ADR 0037): it is compared with the float64 TypeScript path of the same algorithm within tolerances.
// Plus: the committed .wasm equals a rebuild from the C source.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { extractFeatures } from '../../src-main/features/extractor';
import { f0VuvGroup } from '../../src-main/features/f0-vuv';
import { hmpdGroup } from '../../src-main/features/hmpd';
import { MCEP_ORDER, mcepPerFrame, type McepStats } from '../../src-main/features/mcep';
import { sinFrames, type SinFrame } from '../../src-main/features/sin-frames';
import type { ColumnGroup } from '../../src-main/features/types';
import { FEATURE_COLUMNS, FEATURE_COUNT } from '../../src-main/contract/feature-spec';
import { DctI } from '../../src-main/features/dsp/dct';
import { ComplexFft, RealFft } from '../../src-main/features/dsp/fft';
import { setFeatureWasm, wasmComplexPlan } from '../../src-main/features/dsp/wasm-fft';
import { FFT_KERNELS_WASM_BASE64 } from '../../src-main/features/wasm/fft-kernels-wasm';
import { covarepRefRoot, repoRoot } from '../support/paths';
import { readWav16 } from './reference';

afterEach(() => setFeatureWasm(true));

function both<T>(f: () => T): [T, T] {
  setFeatureWasm(false);
  const ts = f();
  setFeatureWasm(true);
  return [ts, f()];
}

function expectSameBits(a: ArrayLike<number>, b: ArrayLike<number>): void {
  expect(a.length).toBe(b.length);
  let differ = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) differ++;
  expect(differ).toBe(0);
}

describe('WebAssembly FFT kernels', () => {
  const signal = (n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.123) + ((i * 7919) % 13) / 13 - 0.4);

  it.each([1024, 2048, 8000, 40, 10])('complex FFT of %i points is bit-identical to TypeScript', (n) => {
    expect(wasmComplexPlan(n)).not.toBeNull();
    const [ts, wa] = both(() => {
      const re = signal(n), im = signal(n).reverse();
      const p = new ComplexFft(n);
      p.forward(re, im);
      const r2 = re.slice(), i2 = im.slice();
      p.inverse(r2, i2);
      return [...re, ...im, ...r2, ...i2];
    });
    expectSameBits(ts, wa);
  });

  it('lengths with other radices stay in TypeScript', () => {
    expect(wasmComplexPlan(3 * 7)).toBeNull();
  });

  it.each([[4096, 401], [16000, 1598], [2048, 2048]])('real FFT of %i points (input %i) is bit-identical', (n, len) => {
    const [ts, wa] = both(() => {
      const re = new Float64Array(n / 2 + 1), im = new Float64Array(n / 2 + 1);
      new RealFft(n).forward(signal(len), re, im);
      return [...re, ...im];
    });
    expectSameBits(ts, wa);
  });

  it.each([2049, 49])('DCT-I of 2049 points (input length %i) is bit-identical', (len) => {
    const [ts, wa] = both(() => {
      const out = new Float64Array(2049);
      new DctI(2048).transform(signal(len), out, len);
      return out;
    });
    expectSameBits(ts, wa);
  });

  it('the F0, VUV and HMPD columns of a real clip are bit-identical', () => {
    const { samples } = readWav16(join(covarepRefRoot, 'wav', 'espeak_hello_f3.wav'));
    const groups = [f0VuvGroup, hmpdGroup];
    const [ts, wa] = both(() => extractFeatures(samples, 16000, { groups }).data);
    const keep = (d: Float32Array): number[] => Array.from(d).filter((_, i) => !FEATURE_COLUMNS[i % FEATURE_COUNT].startsWith('MCEP_'));
    expectSameBits(keep(ts), keep(wa));
  });

  it.each(['ravdess_03-01-01-01-01-01-01', 'espeak_hello_f3'])('MCEP of %s: the float32 kernel agrees with the float64 TypeScript path', (clip) => {
    const { samples } = readWav16(join(covarepRefRoot, 'wav', `${clip}.wav`));
    let x: Float64Array = new Float64Array(0), frames: SinFrame[] = [];
    const grab: ColumnGroup = { id: 'grab', columns: [], compute(ctx) { x = ctx.signal; frames = sinFrames(ctx); } };
    extractFeatures(samples, 16000, { groups: [f0VuvGroup, grab] });
    const st: [McepStats, McepStats] = [{ preIterations: 0, mainIterations: 0 }, { preIterations: 0, mainIterations: 0 }];
    setFeatureWasm(false);
    const ts = mcepPerFrame(x, 16000, frames, st[0]);
    setFeatureWasm(true);
    const wa = mcepPerFrame(x, 16000, frames, st[1]);
    const M = frames.length, C = MCEP_ORDER + 1;
    expect(M).toBeGreaterThan(100);
    // iteration counts: the stop test can flip on a knife edge (float32 vs float64), rarely
    expect(Math.abs(st[0].mainIterations - st[1].mainIterations)).toBeLessThanOrEqual(0.02 * M);
    expect(Math.abs(st[0].preIterations - st[1].preIterations)).toBeLessThanOrEqual(0.02 * M);
    // per frame: float32 rounding only (measured median 7e-6, 99th percentile 3e-5), except frames whose
    // iteration count flipped
    let close = 0;
    for (let m = 0; m < M; m++) {
      let d = 0;
      for (let c = 0; c < C; c++) d = Math.max(d, Math.abs(ts[m * C + c] - wa[m * C + c]));
      if (d <= 2e-4) close++;
    }
    expect(close / M).toBeGreaterThanOrEqual(0.97);
    // per column: RMSE far below the agreement tolerance with COVAREP (0.05·std; measured ≤ 5e-5·std here)
    for (let c = 0; c < C; c++) {
      let mean = 0, se = 0, v = 0;
      for (let m = 0; m < M; m++) mean += ts[m * C + c] / M;
      for (let m = 0; m < M; m++) { se += (ts[m * C + c] - wa[m * C + c]) ** 2; v += (ts[m * C + c] - mean) ** 2; }
      expect(Math.sqrt(se / v), `MCEP_${c}`).toBeLessThanOrEqual(2e-3);
    }
  });

  it('MCEP frames with windows longer than 1024 samples (COVAREP\'s 4096-point grid; 1 Hz frames, order 2047) agree too', () => {
    const { samples } = readWav16(join(covarepRefRoot, 'wav', 'arctic_a0007.wav'));
    let x: Float64Array = new Float64Array(0), frames: SinFrame[] = [];
    const grab: ColumnGroup = { id: 'grab', columns: [], compute(ctx) { x = ctx.signal; frames = sinFrames(ctx); } };
    extractFeatures(samples, 16000, { groups: [f0VuvGroup, grab] });
    // F0 = 1 Hz (COVAREP's value next to digital silence: a 48001-sample window, truncated to 4096 samples
    // by fft(x, 4096)) and 30 Hz, mixed with ordinary frames so that lanes of both kinds share vectors
    const mixed = frames.slice(40, 60).map((f) => ({ ...f }));
    for (const i of [3, 10, 11]) Object.assign(mixed[i], { f0: 1, winlen: 48001, centre: 24100 + 160 * i });
    Object.assign(mixed[5], { f0: 30, winlen: 1601 });
    expect(mixed[5].centre - 800).toBeGreaterThanOrEqual(0);
    const [ts, wa] = both(() => mcepPerFrame(x, 16000, mixed));
    const exact = mcepPerFrame(x, 16000, mixed, undefined, true);
    for (const i of [3, 5, 10, 11]) {
      for (let c = 0; c <= MCEP_ORDER; c++) {
        expect(Math.abs(wa[i * 25 + c] - ts[i * 25 + c]), `frame ${i} MCEP_${c}`).toBeLessThan(2e-4);
        expect(ts[i * 25 + c]).toBe(exact[i * 25 + c]); // the 4096-point grid is COVAREP's own
      }
    }
  });

  it('an all-zero analysis frame gives finite MCEP on both paths (power floored; COVAREP would give NaN)', () => {
    // zeros, then a tone quantised to 16 bits (a pure float tone's spectral valleys lie below float32's
    // rounding floor, ~130 dB under the peak, where the two paths differ — as fragile as COVAREP there)
    const x = new Float64Array(16000);
    for (let i = 8000; i < 16000; i++) x[i] = Math.round(Math.sin(i * 0.07) * 3277 + 300 * Math.sin(i * i * 1e-3)) / 32768;
    const frames: SinFrame[] = [
      { srhIndex: 0, centre: 2000, f0: 200, winlen: 241 }, // inside the zeros
      { srhIndex: 1, centre: 12000, f0: 200, winlen: 241 },
    ];
    const [ts, wa] = both(() => mcepPerFrame(x, 16000, frames));
    for (const v of [...ts, ...wa]) expect(Number.isFinite(v)).toBe(true);
    for (let c = 0; c <= MCEP_ORDER; c++) expect(Math.abs(wa[25 + c] - ts[25 + c])).toBeLessThan(2e-4);
  });

  it('the committed .wasm and its embedded copy equal a rebuild from the C source', (ctx) => {
    const committed = readFileSync(join(repoRoot, 'src-main/features/wasm/fft-kernels.wasm'));
    expect(Buffer.from(FFT_KERNELS_WASM_BASE64, 'base64').equals(committed)).toBe(true);
    if (spawnSync('clang-14', ['--version']).status !== 0) {
      console.warn('skipping the .wasm rebuild check: clang-14 is not installed (apt-get install clang-14 lld-14)');
      ctx.skip();
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'features-wasm-'));
    try {
      execFileSync('bash', [join(repoRoot, 'scripts/build-features-wasm.sh'), join(dir, 'fft-kernels.wasm')], { stdio: 'pipe' });
      expect(readFileSync(join(dir, 'fft-kernels.wasm')).equals(committed)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
