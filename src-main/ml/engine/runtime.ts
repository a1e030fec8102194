// A runtime owns the heap and the threads, and runs the shards of one call. The JS runtime runs one
// shard on the calling thread over a growable typed array (float32, or float64 for the finite-difference
// reference); the WASM runtime (wasm-runtime.ts) runs two shards on two threads over shared memory.
import { JsKernels, type HeapStore } from './js-kernels';
import type { Kernels } from './kernels';
import type { Plan, StaticLayout } from './layout';
import { runShard } from './shard';
import type { BackendName } from './types';

export interface Runtime {
  readonly name: BackendName;
  readonly kernels: Kernels;
  /** first heap element the network may use (the WASM module's own data lies below) */
  readonly base: number;
  /** at most how many shards a batch is split into (each has its own gradient buffer) */
  readonly shards: number;
  /** threads that run the shards */
  readonly threads: number;
  /** make the heap hold at least `elements` elements */
  ensure(elements: number): void;
  /** run every shard of the plan; returns each shard's loss partial */
  run(st: StaticLayout, plan: Plan): number[];
  /** resolves once every thread can take work */
  threadsReady(): Promise<void>;
  dispose(): void;
}

export class JsRuntime implements Runtime {
  readonly shards = 1;
  readonly threads = 1;
  readonly base = 0;
  readonly kernels: Kernels;
  private readonly store: HeapStore;

  constructor(readonly name: BackendName, precision: 'f32' | 'f64', makeKernels?: (store: HeapStore) => Kernels) {
    this.store = { data: precision === 'f64' ? new Float64Array(1 << 16) : new Float32Array(1 << 16) };
    this.kernels = makeKernels ? makeKernels(this.store) : new JsKernels(this.store);
  }

  ensure(elements: number): void {
    const old = this.store.data;
    if (old.length >= elements) return;
    const size = Math.max(elements, Math.floor(old.length * 1.5));
    const next = old instanceof Float64Array ? new Float64Array(size) : new Float32Array(size);
    next.set(old);
    this.store.data = next;
  }

  run(st: StaticLayout, plan: Plan): number[] {
    return plan.shards.map((_, s) => runShard(this.kernels, st, plan, s));
  }

  async threadsReady(): Promise<void> {}

  dispose(): void {
    this.store.data = new Float32Array(0);
  }
}
