// Worker thread of the wasm-simd runtime: instantiates the kernels on the shared memory it is given, flags
// itself ready in the shared control block, and for each posted call pulls shards from the shared queue
// until none is left, then flags completion (the posting thread pulls shards too and then blocks in
// Atomics.wait, so no reply message is used — a synchronous training loop never has to yield).
import { parentPort, workerData } from 'node:worker_threads';
import type { Plan, StaticLayout } from './layout';
import { ShardQueue } from './shard-queue';
import { instantiateKernels, WasmKernels } from './wasm-kernels';

const { module, memory, ctrl } = workerData as { module: WebAssembly.Module; memory: WebAssembly.Memory; ctrl: SharedArrayBuffer };
const kernels = new WasmKernels(memory, await instantiateKernels(module, memory));
const queue = new ShardQueue(ctrl);

parentPort?.on('message', (job: { st: StaticLayout; plan: Plan }) => {
  try {
    queue.countWorkerShards(queue.drain(kernels, job.st, job.plan));
    queue.finish();
  } catch (err) {
    queue.finish(err);
  }
});
queue.markReady();
