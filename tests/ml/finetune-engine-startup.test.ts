// A `finetune --baseline` run once hung because the wasm-simd runtime's second thread never flagged
// itself ready. The runtime now gives such a thread a start-up limit: past it the thread is terminated,
// a warning says so, threadsReady() fails with that reason instead of waiting, and calls run on one thread.
// A real worker thread that never starts stands in for the stuck one.
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { WasmRuntime } from '../../src-main/ml/engine/wasm-runtime';

describe('wasm-simd runtime: second thread that never starts', () => {
  it('is given up after the start-up limit with a clear warning; the runtime continues on one thread', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error): void => { warnings.push(w.message); };
    process.on('warning', onWarning);
    let stuck: Worker | null = null;
    let exited = false;
    try {
      const rt = await WasmRuntime.create(2, {
        startupTimeoutMs: 300,
        startWorker: (options) => {
          // alive, but never instantiates the kernels nor flags ready
          stuck = new Worker('setInterval(() => {}, 1000);', { ...options, eval: true });
          stuck.on('exit', () => { exited = true; });
          return stuck;
        },
      });
      expect(rt.threads).toBe(2);
      await expect(rt.threadsReady()).rejects.toThrow(/second thread did not start within 0\.3 s; running on one thread/);
      expect(rt.threads).toBe(1);
      for (let i = 0; i < 50 && (!exited || warnings.length === 0); i++) await new Promise((r) => setTimeout(r, 20));
      expect(exited).toBe(true);
      expect(warnings.some((w) => /did not start within 0\.3 s; continuing on one thread/.test(w))).toBe(true);
      rt.dispose();
    } finally {
      process.off('warning', onWarning);
      await (stuck as Worker | null)?.terminate();
    }
  });

  it('a thread that starts is kept (the limit does not fire on a healthy runtime)', async () => {
    const rt = await WasmRuntime.create(2, { startupTimeoutMs: 60_000 });
    await rt.threadsReady();
    expect(rt.threads).toBe(2);
    rt.dispose();
  });
});
