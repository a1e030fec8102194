// placeholder until the WASM kernels land: reports WASM as unavailable
import type { Runtime } from './runtime';
export async function wasmSupported(): Promise<boolean> {
  return false;
}
export class WasmRuntime {
  static async create(_threads: number): Promise<Runtime> {
    throw new Error('wasm-simd backend not built yet');
  }
}
