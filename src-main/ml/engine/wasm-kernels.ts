// Binds the C kernels (native/gru-kernels.c, compiled to WebAssembly SIMD128 by scripts/build-wasm.sh,
// embedded in ../wasm/gru-kernels-wasm.ts) to the Kernels contract. Offsets are in float elements on the
// TS side and in bytes on the C side.
import { GRU_KERNELS_WASM_BASE64 } from '../wasm/gru-kernels-wasm';
import type { Kernels } from './kernels';

/** floats per B panel in the C packing (NR in gru-kernels.c) */
const NR = 8;

export interface KernelExports {
  __heap_base: WebAssembly.Global;
  pack(K: number, N: number, b: number, rsB: number, csB: number, dst: number): void;
  gemm_packed(M: number, N: number, K: number, a: number, rsA: number, csA: number, bp: number, c: number, ldc: number, acc: number, scratch: number): void;
  gemm(M: number, N: number, K: number, a: number, rsA: number, csA: number, b: number, rsB: number, csB: number, c: number, ldc: number, acc: number, scratch: number): void;
  fill_rows(rows: number, n: number, c: number, ldc: number, bias: number): void;
  col_sum_acc(rows: number, n: number, src: number, ld: number, dst: number): void;
  gru_forward_step(nb: number, H: number, T: number, t: number, g: number, gh: number, ghn: number, h: number, lens: number): void;
  gru_backward_step(nb: number, H: number, T: number, t: number, g: number, ghn: number, h: number, dh: number, carry: number, dgh: number, lens: number): void;
}

let compiled: Promise<WebAssembly.Module> | undefined;

export function compileKernels(): Promise<WebAssembly.Module> {
  compiled ??= WebAssembly.compile(Buffer.from(GRU_KERNELS_WASM_BASE64, 'base64'));
  return compiled;
}

export async function instantiateKernels(module: WebAssembly.Module, memory: WebAssembly.Memory): Promise<KernelExports> {
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  return instance.exports as unknown as KernelExports;
}

export class WasmKernels implements Kernels {
  private view: Float32Array;

  constructor(private readonly memory: WebAssembly.Memory, private readonly ex: KernelExports) {
    this.view = new Float32Array(memory.buffer);
  }

  heap(): Float32Array {
    const buf = this.memory.buffer;
    if (buf.byteLength !== this.view.byteLength) this.view = new Float32Array(buf);
    return this.view;
  }

  packedSize(K: number, N: number): number {
    return K * Math.ceil(N / NR) * NR;
  }

  pack(K: number, N: number, b: number, rsB: number, csB: number, dst: number): void {
    this.ex.pack(K, N, b * 4, rsB, csB, dst * 4);
  }

  gemmPacked(M: number, N: number, K: number, a: number, rsA: number, csA: number, bp: number, c: number, ldc: number, accumulate: boolean, scratch: number): void {
    this.ex.gemm_packed(M, N, K, a * 4, rsA, csA, bp * 4, c * 4, ldc, accumulate ? 1 : 0, scratch * 4);
  }

  gemm(
    M: number, N: number, K: number, a: number, rsA: number, csA: number,
    b: number, rsB: number, csB: number, c: number, ldc: number, accumulate: boolean, scratch: number,
  ): void {
    this.ex.gemm(M, N, K, a * 4, rsA, csA, b * 4, rsB, csB, c * 4, ldc, accumulate ? 1 : 0, scratch * 4);
  }

  fillRows(rows: number, n: number, c: number, ldc: number, bias: number): void {
    this.ex.fill_rows(rows, n, c * 4, ldc, bias * 4);
  }

  colSumAcc(rows: number, n: number, src: number, ld: number, dst: number): void {
    this.ex.col_sum_acc(rows, n, src * 4, ld, dst * 4);
  }

  gruForwardStep(nb: number, H: number, T: number, t: number, g: number, gh: number, ghn: number, h: number, lens: number): void {
    this.ex.gru_forward_step(nb, H, T, t, g * 4, gh * 4, ghn * 4, h * 4, lens * 4);
  }

  gruBackwardStep(
    nb: number, H: number, T: number, t: number, g: number, ghn: number, h: number, dh: number,
    carry: number, dgh: number, lens: number,
  ): void {
    this.ex.gru_backward_step(nb, H, T, t, g * 4, ghn * 4, h * 4, dh * 4, carry * 4, dgh * 4, lens * 4);
  }
}
