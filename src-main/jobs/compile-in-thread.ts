// Starts a worker thread whose V8 isolate compiles optimized code on its own thread instead of on V8's
// shared background compiler threads (V8 flag --no-concurrent-recompilation, read once per isolate when it
// is created).
//
// Why (measured, docs/features-storage.md "Speed of the two-thread pool", ADR 0065): the extractor is large
// numeric code that V8 optimizes, on-stack-replaces and re-optimizes many times while it warms up. With
// concurrent recompilation that TurboFan work runs on helper threads and costs MORE CPU in total (8 clips,
// one extraction thread: 2.3 s of helper-thread CPU vs 1.1 s more on the extraction thread when compiled
// in-thread). With one thread per core (the 2-core laptops the workstation targets) there is no idle core
// for those helpers: the two extraction threads and their compilers compete, and the two-thread pool was
// only 1.16x faster than one thread. Compiling in-thread makes each thread's cost its own.
//
// V8 flags are process-wide, so the flag is switched off only while the pool's threads are being created
// (until each reports 'online', i.e. its isolate exists) and switched back on afterwards; isolates created
// earlier or later (the app's other threads) keep concurrent recompilation. Node and Electron's main process
// both allow changing flags after start-up (Electron patches V8's flag freezing out for Node).
import { setFlagsFromString } from 'node:v8';
import type { Worker } from 'node:worker_threads';

/** The process was started with the flag already off: then it is never switched back on. */
const offForProcess = process.execArgv.includes('--no-concurrent-recompilation')
  || (process.env.NODE_OPTIONS ?? '').includes('--no-concurrent-recompilation');
let creating = 0;

export function spawnCompilingInThread(spawn: () => Worker): Worker {
  if (creating++ === 0) setFlagsFromString('--no-concurrent-recompilation');
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    if (--creating === 0 && !offForProcess) setFlagsFromString('--concurrent-recompilation');
  };
  let worker: Worker;
  try {
    worker = spawn();
  } catch (err) {
    release();
    throw err;
  }
  worker.once('online', release);
  worker.once('error', release);
  worker.once('exit', release);
  return worker;
}
