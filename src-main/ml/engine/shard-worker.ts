// Worker thread of the wasm-simd runtime: instantiates the kernels on the shared memory it is given and
// runs the shard named in each posted job, then flags completion in the shared control block (the
// posting thread is blocked in Atomics.wait meanwhile, so no reply message could be received anyway).
import { parentPort, workerData } from 'node:worker_threads';
import { runShard } from './shard';
import { instantiateKernels, WasmKernels } from './wasm-kernels';
import type { ShardJob } from './wasm-runtime';

const { module, memory, ctrl } = workerData as { module: WebAssembly.Module; memory: WebAssembly.Memory; ctrl: SharedArrayBuffer };
const kernels = new WasmKernels(memory, await instantiateKernels(module, memory));
const state = new Int32Array(ctrl, 0, 2);
const loss = new Float64Array(ctrl, 8, 1);
const message = new Uint8Array(ctrl, 16);

parentPort?.on('message', (job: ShardJob) => {
  try {
    loss[0] = runShard(kernels, job.st, job.plan, job.s);
    Atomics.store(state, 0, 1);
  } catch (err) {
    const bytes = new TextEncoder().encode(err instanceof Error ? (err.stack ?? err.message) : String(err)).slice(0, message.length);
    message.set(bytes);
    state[1] = bytes.length;
    Atomics.store(state, 0, 2);
  }
  Atomics.notify(state, 0);
});
parentPort?.postMessage('ready');
