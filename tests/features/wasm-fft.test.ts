// The WebAssembly kernels (src-main/features/native/fft-kernels.c) must give exactly the TypeScript
// path's numbers: the FFTs, the DCT-I and the True Envelope iteration bit for bit, and so the whole
// part I feature matrix of a real clip. Plus: the committed .wasm equals a rebuild from the C source.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { extractFeatures } from '../../src-main/features/extractor';
import { f0VuvGroup } from '../../src-main/features/f0-vuv';
import { hmpdGroup } from '../../src-main/features/hmpd';
import { mcepGroup } from '../../src-main/features/mcep';
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

  it('the F0, VUV, MCEP and HMPD columns of a real clip are bit-identical (True Envelope in WebAssembly)', () => {
    const { samples } = readWav16(join(covarepRefRoot, 'wav', 'espeak_hello_f3.wav'));
    const groups = [f0VuvGroup, mcepGroup, hmpdGroup];
    const [ts, wa] = both(() => extractFeatures(samples, 16000, { groups }).data);
    expectSameBits(ts, wa);
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
