// The shared control block through which the calling thread and the worker split one call's shards.
// Shards are small (a few sequences each) and pulled one at a time from a shared counter, so a thread
// that the OS deschedules (other programs, other jobs) simply takes fewer shards; every shard writes its
// own gradient buffer and loss slot, so the result does not depend on which thread ran what.
import type { Kernels } from './kernels';
import type { Plan, StaticLayout } from './layout';
import { runShard } from './shard';

/** shards per call on the wasm-simd runtime (B permitting): enough to balance two threads under load */
export const MAX_SHARDS = 8;

const STATE = 0; // 0 running, 1 worker done, 2 worker failed
const MESSAGE_LENGTH = 1;
const NEXT = 2;
const READY = 3; // set by the worker once its kernels are instantiated
const WORKER_SHARDS = 4; // shards the worker has run in total (diagnostics, tests)
const LOSS_OFFSET = 32;
const MESSAGE_OFFSET = LOSS_OFFSET + 8 * MAX_SHARDS;
export const CONTROL_BYTES = MESSAGE_OFFSET + 2048;

export class ShardQueue {
  readonly ints: Int32Array;
  readonly losses: Float64Array;
  private readonly message: Uint8Array;

  constructor(readonly buffer: SharedArrayBuffer) {
    this.ints = new Int32Array(buffer, 0, 8);
    this.losses = new Float64Array(buffer, LOSS_OFFSET, MAX_SHARDS);
    this.message = new Uint8Array(buffer, MESSAGE_OFFSET);
  }

  reset(): void {
    Atomics.store(this.ints, NEXT, 0);
    Atomics.store(this.ints, STATE, 0);
  }

  /** Run shards until none is left; returns how many this thread ran. */
  drain(k: Kernels, st: StaticLayout, plan: Plan): number {
    let ran = 0;
    for (;;) {
      const s = Atomics.add(this.ints, NEXT, 1);
      if (s >= plan.shards.length) return ran;
      this.losses[s] = runShard(k, st, plan, s);
      ran++;
    }
  }

  /** worker side, once at start-up: from now on calls may be posted to it */
  markReady(): void {
    Atomics.store(this.ints, READY, 1);
    Atomics.notify(this.ints, READY);
  }

  /** caller side, when the worker thread has died: stop posting calls to it */
  markWorkerLost(): void {
    Atomics.store(this.ints, READY, 0);
  }

  get workerReady(): boolean {
    return Atomics.load(this.ints, READY) === 1;
  }

  /** worker side: count shards run (tests check the second thread really works) */
  countWorkerShards(n: number): void {
    Atomics.add(this.ints, WORKER_SHARDS, n);
  }

  get workerShards(): number {
    return Atomics.load(this.ints, WORKER_SHARDS);
  }

  /** worker side: flag completion (or the error) and wake the waiting thread */
  finish(err?: unknown): void {
    if (err !== undefined) {
      const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
      const bytes = new TextEncoder().encode(text).slice(0, this.message.length);
      this.message.set(bytes);
      this.ints[MESSAGE_LENGTH] = bytes.length;
      // stop handing out shards: the caller will report the error once its current shard ends
      Atomics.store(this.ints, NEXT, MAX_SHARDS);
    }
    Atomics.store(this.ints, STATE, err === undefined ? 1 : 2);
    Atomics.notify(this.ints, STATE);
  }

  /** caller side: block until the worker has finished; throws the worker's error */
  waitForWorker(timeoutMs: number): void {
    const started = Date.now();
    while (Atomics.load(this.ints, STATE) === 0) {
      Atomics.wait(this.ints, STATE, 0, 1000);
      if (Date.now() - started > timeoutMs) {
        this.markWorkerLost(); // later calls run on the calling thread alone
        throw new Error('GruNet (wasm-simd): the second thread stopped responding; this step is lost, later steps run on one thread');
      }
    }
    if (Atomics.load(this.ints, STATE) === 2) {
      const text = new TextDecoder().decode(this.message.slice(0, this.ints[MESSAGE_LENGTH]));
      throw new Error(`GruNet (wasm-simd) worker: ${text}`);
    }
  }
}
