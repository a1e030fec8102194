// A fixed pool of feature-extraction threads (extract-worker.ts). Default size 2: the workstation targets
// 2-core laptops, and extraction is CPU-bound, so two threads use both cores while the job thread only
// hands out clips and writes results. Each thread takes one clip at a time (clips differ in length, so
// pulling work one by one balances the cores better than splitting the list in halves).
//
// A thread that dies mid-clip (crash, out of memory, terminated) fails only that clip's promise with
// WorkerLostError and is replaced by a fresh thread for the next clip.
import { availableParallelism } from 'node:os';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { ExtractReply, ExtractRequest, ExtractWorkerData } from './extract-protocol';
import { spawnCompilingInThread } from './compile-in-thread';
import { spawnWorker } from './spawn-worker';

function startExtractWorker(options: WorkerOptions, workerFile?: string): Worker {
  if (workerFile) return new Worker(workerFile, options);
  return spawnWorker('extract-worker', 'jobs/extract-worker.ts', options);
}

export type ExtractOutcome = Extract<ExtractReply, { t: 'done' }>;

export class WorkerLostError extends Error {
  constructor(readonly clipId: number, detail: string) {
    super(`the extraction thread stopped while working on clip ${clipId} (${detail})`);
    this.name = 'WorkerLostError';
  }
}
export class ExtractionError extends Error {
  constructor(readonly clipId: number, readonly code: string, message: string) {
    super(message);
    this.name = 'ExtractionError';
  }
}

interface Slot {
  worker: Worker | null;
  busy: { taskId: number; clipId: number; resolve: (o: ExtractOutcome) => void; reject: (e: Error) => void } | null;
}

export interface ExtractPoolOptions {
  projectPath: string;
  size?: number;
  seed?: number;
  /**
   * A bundled extract-worker .js/.mjs to run instead of the default lookup (scripts/bench/features-pool.ts
   * bundles the current sources, so the bench measures plain JS threads as in the built app, not tsx).
   */
  workerFile?: string;
  /**
   * Threads compile optimized code on their own thread, not on V8's shared compiler threads
   * (compile-in-thread.ts). Default: when the pool has a thread per core or more, so no core is left idle
   * for those helpers.
   */
  compileInThread?: boolean;
}

export class ExtractPool {
  readonly size: number;
  readonly compileInThread: boolean;
  private readonly slots: Slot[];
  private readonly waiting: Array<() => void> = [];
  private nextTask = 1;
  private closed = false;

  constructor(private readonly opts: ExtractPoolOptions) {
    this.size = Math.max(1, opts.size ?? 2);
    this.compileInThread = opts.compileInThread ?? this.size >= availableParallelism();
    this.slots = Array.from({ length: this.size }, () => ({ worker: null, busy: null }));
  }

  /** Extracts one clip on the next free thread. Rejects with ExtractionError or WorkerLostError. */
  async extract(clipId: number): Promise<ExtractOutcome> {
    for (;;) {
      if (this.closed) throw new Error('extraction pool is closed');
      const slot = this.slots.find((s) => s.busy === null);
      if (slot) return this.run(slot, clipId);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  /** Threads currently alive (tests kill one to show a lost clip is retried). */
  liveWorkers(): Worker[] {
    return this.slots.map((s) => s.worker).filter((w): w is Worker => w !== null);
  }

  async close(): Promise<void> {
    this.closed = true;
    const stops = this.slots.map(async (s) => {
      const w = s.worker;
      s.worker = null;
      s.busy?.reject(new Error('extraction pool closed'));
      s.busy = null;
      if (w) await w.terminate();
    });
    await Promise.all(stops);
    for (const wake of this.waiting.splice(0)) wake();
  }

  private run(slot: Slot, clipId: number): Promise<ExtractOutcome> {
    const taskId = this.nextTask++;
    const worker = slot.worker ?? this.spawn(slot);
    return new Promise<ExtractOutcome>((resolve, reject) => {
      slot.busy = { taskId, clipId, resolve, reject };
      worker.postMessage({ t: 'extract', taskId, clipId } satisfies ExtractRequest);
    });
  }

  private spawn(slot: Slot): Worker {
    const data: ExtractWorkerData = { projectPath: this.opts.projectPath, seed: this.opts.seed ?? 0 };
    const start = () => startExtractWorker({ workerData: data }, this.opts.workerFile);
    const worker = this.compileInThread ? spawnCompilingInThread(start) : start();
    slot.worker = worker;
    worker.on('message', (m: ExtractReply) => {
      const busy = slot.busy;
      if (!busy || busy.taskId !== m.taskId) return;
      slot.busy = null;
      if (m.t === 'done') busy.resolve(m);
      else busy.reject(new ExtractionError(m.clipId, m.code, m.message));
      this.waiting.shift()?.();
    });
    const lost = (detail: string) => {
      if (slot.worker !== worker) return;
      slot.worker = null; // the next clip on this slot starts a fresh thread
      const busy = slot.busy;
      slot.busy = null;
      if (busy) busy.reject(new WorkerLostError(busy.clipId, detail));
      this.waiting.shift()?.();
    };
    worker.on('error', (err) => lost(err.message));
    worker.on('exit', (code) => lost(`exit code ${code}`));
    return worker;
  }
}
