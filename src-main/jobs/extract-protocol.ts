// Messages between the extraction pool (extract-pool.ts, in the job thread) and its threads
// (extract-worker.ts).
import type { FeatureStatus } from '../features/extractor';
import type { ThreadCpu } from './thread-cpu';

export interface ExtractWorkerData {
  projectPath: string;
  /** Seed of COVAREP's random phase draws (HMPD); 0 reproduces a fresh MATLAB session. */
  seed: number;
}

export interface ExtractRequest { t: 'extract'; taskId: number; clipId: number }

export type ExtractReply =
  | {
    t: 'done'; taskId: number; clipId: number; frames: number; data: Float32Array; present: boolean[];
    status: FeatureStatus; message: string; extractMs: number; loadMs: number; samples: number;
    /** The extraction thread's id and its CPU ms since it started, after this clip; null off Linux (thread-cpu.ts). */
    thread: ThreadCpu | null;
  }
  | { t: 'error'; taskId: number; clipId: number; code: string; message: string };
