// Backend selection at run time: tfjs-node (native TensorFlow kernels, where the optional package
// loads) → wasm-simd (our C kernels compiled to WebAssembly SIMD128, two threads) → js (plain typed
// arrays). The chosen name is what every run record reports.
import { createRequire } from 'node:module';
import { JsRuntime, type Runtime } from './runtime';
import type { BackendName } from './types';

export interface EngineOptions {
  /** threads for the wasm-simd backend: 2 (default, one batch half each) or 1 */
  threads?: number;
  /** js backend only: 'f64' runs the whole network in float64 (finite-difference reference) */
  precision?: 'f32' | 'f64';
  /** tfjs-node backend only: a tfjs module to use instead of require('@tensorflow/tfjs-node') (tests) */
  tfjs?: TfjsLike;
}

/** The slice of the tfjs API the tfjs kernels use. */
export interface TfjsLike {
  tensor2d(values: Float32Array, shape: [number, number]): TfTensor;
  matMul(a: TfTensor, b: TfTensor): TfTensor;
  tidy<T>(fn: () => T): T;
}
export interface TfTensor {
  dataSync(): ArrayLike<number>;
  dispose(): void;
}

const require = createRequire(import.meta.url);
let tfjsNode: TfjsLike | null | undefined;

/** require('@tensorflow/tfjs-node') once; null when it is absent or its native binding is missing. */
export function loadTfjsNode(): TfjsLike | null {
  if (tfjsNode !== undefined) return tfjsNode;
  try {
    tfjsNode = require('@tensorflow/tfjs-node') as TfjsLike;
  } catch {
    tfjsNode = null;
  }
  return tfjsNode;
}

export async function wasmAvailable(): Promise<boolean> {
  const { wasmSupported } = await import('./wasm-runtime');
  return wasmSupported();
}

/**
 * The best backend this process can run, or `prefer` when it is available.
 * Asking for an unavailable backend is an error, so a benchmark never silently measures another one.
 */
export async function selectBackend(prefer?: BackendName): Promise<BackendName> {
  if (prefer === 'js') return 'js';
  if (prefer === 'tfjs-node') {
    if (!loadTfjsNode()) throw new Error('backend tfjs-node: @tensorflow/tfjs-node is not installed or its native binding failed to load; use wasm-simd or js');
    return 'tfjs-node';
  }
  if (prefer === 'wasm-simd') {
    if (!(await wasmAvailable())) throw new Error('backend wasm-simd: this runtime lacks WebAssembly SIMD or shared memory; use js');
    return 'wasm-simd';
  }
  if (prefer !== undefined) throw new Error(`unknown backend "${String(prefer)}" (tfjs-node, wasm-simd or js)`);
  if (loadTfjsNode()) return 'tfjs-node';
  if (await wasmAvailable()) return 'wasm-simd';
  return 'js';
}

export async function createRuntime(name: BackendName, options: EngineOptions): Promise<Runtime> {
  if (name === 'js') return new JsRuntime('js', options.precision ?? 'f32');
  if (name === 'tfjs-node') {
    const tf = options.tfjs ?? loadTfjsNode();
    if (!tf) throw new Error('backend tfjs-node: @tensorflow/tfjs-node failed to load');
    const { TfjsKernels } = await import('./tfjs-kernels');
    return new JsRuntime('tfjs-node', 'f32', (store) => new TfjsKernels(store, tf));
  }
  const { WasmRuntime } = await import('./wasm-runtime');
  return WasmRuntime.create(options.threads ?? 2);
}
