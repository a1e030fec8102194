// Shared pieces of every training loop: progress reports (epoch, step, loss, ETA), cancellation, and the
// per-epoch random stream. Each epoch's random numbers (batch order, crop windows, mask starts) come from
// a generator seeded by (run seed, epoch number), so a run resumed from the checkpoint of epoch e draws
// exactly what an uninterrupted run would have drawn from epoch e + 1 on: the result is the same.
import { createRng, deriveSeed, type Rng } from './rng';

export interface TrainProgress {
  phase: string;
  epoch: number;
  epochs: number;
  step: number;
  steps: number;
  /** Mean loss of the current epoch so far. */
  loss: number;
  elapsedMs: number;
  /** Estimated time to the end of the run, from the pace of the steps done in this process. */
  etaMs: number | null;
}

export interface TrainHooks {
  signal?: AbortSignal;
  onProgress?: (p: TrainProgress) => void;
  /** Minimum ms between onProgress calls (the last step of every epoch always reports). Default 200. */
  progressIntervalMs?: number;
}

export class TrainingCancelledError extends Error {
  readonly code = 'cancelled';
  constructor() { super('training cancelled'); this.name = 'TrainingCancelledError'; }
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new TrainingCancelledError();
}

export function epochRng(seed: number, epoch: number): Rng {
  return createRng(deriveSeed(seed, `epoch:${epoch}`));
}

/** Tracks pace and throttles progress reports. */
export class ProgressMeter {
  private readonly started = performance.now();
  private last = -Infinity;
  private stepsDone = 0;

  constructor(
    private readonly hooks: TrainHooks, private readonly phase: string,
    private readonly epochs: number, private readonly stepsPerEpoch: number, private readonly firstEpoch: number,
    private readonly elapsedBeforeMs = 0,
  ) {}

  step(epoch: number, step: number, loss: number): void {
    this.stepsDone++;
    const now = performance.now();
    const endOfEpoch = step === this.stepsPerEpoch;
    if (!this.hooks.onProgress || (!endOfEpoch && now - this.last < (this.hooks.progressIntervalMs ?? 200))) return;
    this.last = now;
    const spent = now - this.started;
    const remaining = (this.epochs - epoch - 1) * this.stepsPerEpoch + (this.stepsPerEpoch - step);
    const total = (this.epochs - this.firstEpoch) * this.stepsPerEpoch;
    this.hooks.onProgress({
      phase: this.phase, epoch: epoch + 1, epochs: this.epochs, step, steps: this.stepsPerEpoch, loss,
      elapsedMs: this.elapsedBeforeMs + spent,
      etaMs: this.stepsDone > 0 && total > 0 ? (spent / this.stepsDone) * remaining : null,
    });
  }

  elapsedMs(): number {
    return this.elapsedBeforeMs + (performance.now() - this.started);
  }
}
