// WebAssembly home of the extractor's hot loops: the Stockham FFT (fft.ts), the DCT-I (dct.ts) and the
// MCEP True Envelope (mcep.ts binds its own exports; float32, not bit-identical — ADR 0037), compiled from ../native/fft-kernels.c by
// scripts/build-features-wasm.sh and embedded as base64 (../wasm/fft-kernels-wasm.ts) so bundled builds
// carry it. The kernels repeat the TypeScript operations in the same order (no FMA in WebAssembly, no
// -ffast-math), and every table (twiddles, sines, windows) is computed here with V8's Math functions, so
// results are bit-identical to the TypeScript path; tests/features/wasm-fft.test.ts checks that on real
// clips. The module is instantiated synchronously on first use (extractFeatures is synchronous); one
// instance per thread, plans cached per size. setFeatureWasm(false) switches back to TypeScript (tests).
import { FFT_KERNELS_WASM_BASE64 } from '../wasm/fft-kernels-wasm';

interface Exports {
  memory: WebAssembly.Memory;
  __heap_base: WebAssembly.Global;
  set_radix5(c1: number, c2: number, s1: number, s2: number): void;
  cfft(plan: number, re: number, im: number): void;
  rfft(plan: number, x: number, xlen: number, outRe: number, outIm: number): void;
  dct1(plan: number, y: number, out: number, len: number): void;
  fwcep_dot(work: number, cosTab: number, H: number, order: number, out: number): void;
  filtfilt_cols(b: number, L: number, x: number, n: number, stride: number, ncols: number, work: number): void;
  medfilt_cols(x: number, n: number, stride: number, ncols: number, w: number, out: number, buf: number): void;
  lp_residual(x: number, lpcFrom: number, n: number, L: number, shift: number, order: number, win: number, res: number, work: number): void;
}

let enabled = true;

/** Use (true, the default) or bypass the WebAssembly kernels; for tests comparing both paths. */
export function setFeatureWasm(on: boolean): void {
  enabled = on;
}

export function featureWasmEnabled(): boolean {
  return enabled;
}

/**
 * Linear memory with a bump allocator: plans and buffers live for the life of the thread. Callers bound
 * what they ask for (LP residual: clips up to WASM_MAX_SAMPLES; HMPD: blocks of ≤ 2^20 values), so the
 * memory stays well below the module's 256 MB maximum whatever the clip length.
 */
export const WASM_MAX_SAMPLES = 1 << 22;

export class WasmHeap {
  readonly ex: Exports;
  private top: number;
  private view: Float64Array;
  private iview: Int32Array;

  constructor() {
    const module = new WebAssembly.Module(Buffer.from(FFT_KERNELS_WASM_BASE64, 'base64'));
    this.ex = new WebAssembly.Instance(module, {}).exports as unknown as Exports;
    this.top = Math.ceil((this.ex.__heap_base.value as number) / 16) * 16;
    this.view = new Float64Array(this.ex.memory.buffer);
    this.iview = new Int32Array(this.ex.memory.buffer);
    this.ex.set_radix5(Math.cos((2 * Math.PI) / 5), Math.cos((4 * Math.PI) / 5), Math.sin((2 * Math.PI) / 5), Math.sin((4 * Math.PI) / 5));
  }

  /** Byte offset of a fresh 16-byte-aligned block. */
  alloc(bytes: number): number {
    const p = this.top;
    this.top = Math.ceil((p + bytes) / 16) * 16;
    const have = this.ex.memory.buffer.byteLength;
    if (this.top > have) this.ex.memory.grow(Math.ceil((this.top - have) / 65536));
    return p;
  }

  allocF64(n: number): number {
    return this.alloc(8 * n);
  }

  private readonly temps: { p: number; n: number }[] = [];

  /**
   * Byte offset of scratch slot `slot` holding at least n doubles: reused by later calls with the same slot
   * (grown when too small; the old block is abandoned — slots only grow to the longest clip seen).
   */
  allocTemp(slot: number, n: number): number {
    const t = this.temps[slot];
    if (t && t.n >= n) return t.p;
    // powers of two: a slot is re-allocated at most log2 times, so abandoned blocks stay below its size
    const size = 2 ** Math.ceil(Math.log2(Math.max(n, 1024)));
    const p = this.allocF64(size);
    this.temps[slot] = { p, n: size };
    return p;
  }

  /** Float64 view of the whole memory (refreshed after growth). Index = byte offset / 8. */
  get f64(): Float64Array {
    if (this.view.buffer !== this.ex.memory.buffer) this.view = new Float64Array(this.ex.memory.buffer);
    return this.view;
  }

  get i32(): Int32Array {
    if (this.iview.buffer !== this.ex.memory.buffer) this.iview = new Int32Array(this.ex.memory.buffer);
    return this.iview;
  }

  /** A Float64Array in memory (byte offset p, n values). */
  writeF64(p: number, values: ArrayLike<number>, n = values.length): void {
    const v = this.f64, o = p / 8;
    for (let i = 0; i < n; i++) v[o + i] = values[i];
  }
}

let heap: WasmHeap | null = null;

export function wasmHeap(): WasmHeap {
  heap ??= new WasmHeap();
  return heap;
}

/** The radices fft.ts uses for n (4s first, then 2s, then odd primes). */
export function factorize(n: number): number[] {
  const f: number[] = [];
  let m = n;
  while (m % 4 === 0) { f.push(4); m /= 4; }
  while (m % 2 === 0) { f.push(2); m /= 2; }
  for (let p = 3; p * p <= m; p += 2) {
    while (m % p === 0) { f.push(p); m /= p; }
  }
  if (m > 1) f.push(m);
  return f;
}

export interface WasmComplexPlan { plan: number; re: number; im: number; n: number }
export interface WasmRealPlan { plan: number; x: number; outRe: number; outIm: number; n: number }
export interface WasmDctPlan { plan: number; y: number; out: number; n: number }

const complexPlans = new Map<number, WasmComplexPlan | null>();
const realPlans = new Map<number, WasmRealPlan | null>();
const dctPlans = new Map<number, WasmDctPlan | null>();

/**
 * WebAssembly plan for a complex FFT of length n, or null (radices other than 2, 4, 5; wasm disabled).
 * `force` ignores setFeatureWasm(false), for kernels that have no TypeScript twin (SRH, native/srh-kernels.c).
 */
export function wasmComplexPlan(n: number, force = false): WasmComplexPlan | null {
  if (!enabled && !force) return null;
  let p = complexPlans.get(n);
  if (p !== undefined) return p;
  const radices = n === 1 ? [] : factorize(n);
  if (radices.some((r) => r !== 2 && r !== 4 && r !== 5)) {
    complexPlans.set(n, null);
    return null;
  }
  const h = wasmHeap();
  const rec = h.alloc(4 * (4 + 3 * radices.length));
  const bufRe = h.allocF64(n), bufIm = h.allocF64(n);
  const words: number[] = [n, radices.length, bufRe, bufIm];
  let len = n;
  for (const r of radices) {
    const m = len / r;
    const tr = h.allocF64(m * r), ti = h.allocF64(m * r);
    const v = h.f64;
    // the same expressions as fft.ts ComplexFft, so the tables are the same doubles
    for (let q = 0; q < m; q++) {
      for (let u = 0; u < r; u++) {
        const a = (-2 * Math.PI * q * u) / len;
        v[tr / 8 + q * r + u] = Math.cos(a);
        v[ti / 8 + q * r + u] = Math.sin(a);
      }
    }
    words.push(r, tr, ti);
    len = m;
  }
  const iv = h.i32;
  for (let i = 0; i < words.length; i++) iv[rec / 4 + i] = words[i];
  p = { plan: rec, re: h.allocF64(n), im: h.allocF64(n), n };
  complexPlans.set(n, p);
  return p;
}

/** WebAssembly plan for a real FFT of even length n (one complex FFT of n/2), or null; `force` as above. */
export function wasmRealPlan(n: number, force = false): WasmRealPlan | null {
  if (!enabled && !force) return null;
  let p = realPlans.get(n);
  if (p !== undefined) return p;
  const half = wasmComplexPlan(n / 2, force);
  if (!half) {
    realPlans.set(n, null);
    return null;
  }
  const h = wasmHeap();
  const hh = n / 2;
  const rec = h.alloc(4 * 6);
  const zr = h.allocF64(hh), zi = h.allocF64(hh), wr = h.allocF64(hh), wi = h.allocF64(hh);
  const v = h.f64;
  for (let k = 0; k < hh; k++) {
    v[wr / 8 + k] = Math.cos((-2 * Math.PI * k) / n);
    v[wi / 8 + k] = Math.sin((-2 * Math.PI * k) / n);
  }
  const iv = h.i32;
  [n, half.plan, zr, zi, wr, wi].forEach((w, i) => { iv[rec / 4 + i] = w; });
  p = { plan: rec, x: h.allocF64(n), outRe: h.allocF64(hh + 1), outIm: h.allocF64(hh + 1), n };
  realPlans.set(n, p);
  return p;
}

/** WebAssembly plan for a DCT-I of n+1 points (n a multiple of 4), or null. */
export function wasmDctPlan(n: number): WasmDctPlan | null {
  if (!enabled) return null;
  let p = dctPlans.get(n);
  if (p !== undefined) return p;
  const real = wasmRealPlan(n);
  if (!real) {
    dctPlans.set(n, null);
    return null;
  }
  const h = wasmHeap();
  const rec = h.alloc(4 * 7);
  const z = h.allocF64(n), zr = h.allocF64(n / 2 + 1), zi = h.allocF64(n / 2 + 1);
  const sinT = h.allocF64(n), cosT = h.allocF64(n);
  const v = h.f64;
  for (let j = 0; j < n; j++) {
    v[sinT / 8 + j] = Math.sin((Math.PI * j) / n);
    v[cosT / 8 + j] = Math.cos((Math.PI * j) / n);
  }
  const iv = h.i32;
  [n, real.plan, z, zr, zi, sinT, cosT].forEach((w, i) => { iv[rec / 4 + i] = w; });
  p = { plan: rec, y: h.allocF64(n + 1), out: h.allocF64(n + 1), n };
  dctPlans.set(n, p);
  return p;
}
