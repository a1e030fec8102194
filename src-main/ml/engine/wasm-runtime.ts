// The wasm-simd runtime: one shared WebAssembly.Memory holding every buffer, the C kernels instantiated
// once per thread on that memory, and (threads = 2) one worker thread. Each call's batch is cut into up to
// MAX_SHARDS shards that both threads pull from a shared counter (shard-queue.ts). The call stays
// synchronous: the caller posts the plan, pulls shards, then blocks in Atomics.wait until the worker flags
// completion. No tfjs internals.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { spawnWorker } from '../../jobs/spawn-worker';
import type { Plan, StaticLayout } from './layout';
import type { Runtime } from './runtime';
import { CONTROL_BYTES, MAX_SHARDS, ShardQueue } from './shard-queue';
import { compileKernels, instantiateKernels, WasmKernels } from './wasm-kernels';

const PAGE = 65536;
/** must equal --max-memory in scripts/build-wasm.sh */
const MAX_PAGES = 32768;
/** a step that takes longer than this means the worker died; fail instead of hanging forever */
const WORKER_TIMEOUT_MS = 10 * 60 * 1000;
/**
 * The second thread normally flags itself ready within ≈ 0.1–1 s (seconds on a loaded machine). One that
 * has not after this long is assumed stuck (a `finetune --baseline` run once waited forever on it): it is
 * terminated and the runtime continues on one thread — bit-identical results, only slower — with a note.
 */
export const WORKER_STARTUP_TIMEOUT_MS = 30_000;

export interface WasmRuntimeOptions {
  /** how long the second thread may take to flag itself ready (default WORKER_STARTUP_TIMEOUT_MS) */
  startupTimeoutMs?: number;
  /** starts the second thread (default: the gru-shard-worker entry); tests pass a worker that never starts */
  startWorker?: (options: WorkerOptions) => Worker;
}

/**
 * Built app: the engine is bundled into some out/main/ entry or chunk while the worker entry is
 * out/main/gru-shard-worker.js (electron.config.ts), so look for it from here and one level up before
 * spawnWorker falls back to the TypeScript sources (absent from a packaged app).
 */
function startShardWorker(options: WorkerOptions): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    const here = dirname(fileURLToPath(import.meta.url));
    for (const dir of [here, dirname(here)]) {
      const built = join(dir, 'gru-shard-worker.js');
      if (existsSync(built)) return new Worker(built, options);
    }
  }
  return spawnWorker('gru-shard-worker', 'ml/engine/shard-worker.ts', options);
}

export async function wasmSupported(): Promise<boolean> {
  try {
    await compileKernels();
    new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    return typeof Atomics.wait === 'function';
  } catch {
    return false;
  }
}

export class WasmRuntime implements Runtime {
  readonly name = 'wasm-simd' as const;
  readonly base: number;
  /** shards per call, the same for one or two threads, so both give bit-identical results */
  readonly shards = MAX_SHARDS;

  private readonly startedAt = Date.now();
  /** why the second thread was given up at start-up (null while starting, running, or never asked for) */
  private startupFailure: string | null = null;

  private constructor(
    private readonly memory: WebAssembly.Memory,
    readonly kernels: WasmKernels,
    heapBase: number,
    private worker: Worker | null,
    private readonly queue: ShardQueue,
    private readonly startupTimeoutMs: number,
    /** set by the worker's exit event: a thread that started and then died is handled by run(), not here */
    private readonly workerExited: () => boolean,
  ) {
    this.base = Math.ceil(heapBase / 64) * 16;
    if (worker) {
      // Noticed here even when no call comes (an idle process), and by every call (run, threadsReady) —
      // a synchronous training loop may keep this timer from firing for a while.
      setTimeout(() => this.checkStartup(), startupTimeoutMs + 1).unref();
    }
  }

  /** Gives up on a second thread that has not flagged ready within the start-up limit. */
  private checkStartup(): void {
    const w = this.worker;
    if (!w || this.queue.workerReady || this.workerExited() || Date.now() - this.startedAt <= this.startupTimeoutMs) return;
    this.worker = null; // from now on every call runs on the calling thread
    this.queue.markWorkerLost();
    this.startupFailure = `the second thread did not start within ${(this.startupTimeoutMs / 1000).toFixed(1)} s`;
    void w.terminate();
    process.emitWarning(`GruNet (wasm-simd): ${this.startupFailure}; continuing on one thread (same results, slower)`);
  }

  get threads(): number {
    return this.worker ? 2 : 1;
  }

  static async create(threads: number, options: WasmRuntimeOptions = {}): Promise<WasmRuntime> {
    const module = await compileKernels();
    const memory = new WebAssembly.Memory({ initial: 64, maximum: MAX_PAGES, shared: true });
    const ex = await instantiateKernels(module, memory);
    const ctrlBuffer = new SharedArrayBuffer(CONTROL_BYTES);
    const queue = new ShardQueue(ctrlBuffer);
    let worker: Worker | null = null;
    let exited = false;
    if (threads >= 2) {
      // Not awaited: the worker boots (≈ 0.1–1 s) while the caller already trains on one thread; calls
      // are posted to it only once it has flagged itself ready in the shared control block.
      worker = (options.startWorker ?? startShardWorker)({ workerData: { module, memory, ctrl: ctrlBuffer } });
      // a crashed worker is noticed when the event loop runs; until then waitForWorker's time limit applies
      worker.on('error', (err) => {
        queue.markWorkerLost();
        process.emitWarning(`GruNet (wasm-simd): the second thread failed, continuing on one: ${err.message}`);
      });
      worker.on('exit', () => {
        exited = true;
        queue.markWorkerLost();
      });
      worker.unref();
    }
    return new WasmRuntime(memory, new WasmKernels(memory, ex), ex.__heap_base.value as number, worker, queue, options.startupTimeoutMs ?? WORKER_STARTUP_TIMEOUT_MS, () => exited);
  }

  ensure(elements: number): void {
    const bytes = elements * 4;
    const have = this.memory.buffer.byteLength;
    if (bytes <= have) return;
    const pages = Math.ceil((bytes - have) / PAGE);
    if (have / PAGE + pages > MAX_PAGES) {
      throw new Error(
        `GruNet (wasm-simd): a batch needing ${(bytes / 2 ** 30).toFixed(2)} GiB exceeds the 2 GiB WebAssembly memory; use fewer or shorter sequences per batch`,
      );
    }
    this.memory.grow(pages);
  }

  run(st: StaticLayout, plan: Plan): number[] {
    const n = plan.shards.length;
    this.queue.reset();
    if (this.worker && !this.queue.workerReady) this.checkStartup();
    if (!this.worker || n === 1 || !this.queue.workerReady) {
      this.queue.drain(this.kernels, st, plan);
    } else {
      this.worker.postMessage({ st, plan });
      const started = Date.now();
      let ran = 0;
      try {
        ran = this.queue.drain(this.kernels, st, plan);
      } finally {
        // The worker needs at most about one shard's time more than this thread did; a limit far above
        // that (and ≥ 30 s, for a worker descheduled by a loaded machine) only catches a dead thread.
        const perShard = ran > 0 ? (Date.now() - started) / ran : WORKER_TIMEOUT_MS;
        this.queue.waitForWorker(Math.min(WORKER_TIMEOUT_MS, Math.max(30_000, 20 * perShard)));
      }
    }
    return Array.from(this.queue.losses.subarray(0, n));
  }

  /** resolves once the second thread takes work (at once for one thread); benchmarks wait for it */
  async threadsReady(timeoutMs = 60_000): Promise<void> {
    const started = Date.now();
    for (;;) {
      this.checkStartup();
      if (this.startupFailure) throw new Error(`GruNet (wasm-simd): ${this.startupFailure}; running on one thread`);
      if (!this.worker || this.queue.workerReady) return;
      if (Date.now() - started > timeoutMs) throw new Error('GruNet (wasm-simd): the second thread did not start');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** shards the second thread has run so far */
  get workerShards(): number {
    return this.queue.workerShards;
  }

  dispose(): void {
    void this.worker?.terminate();
  }
}
