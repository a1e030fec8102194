// Which clips the extraction threads are working on right now, for the clip list's "extracting" state.
// The extraction job runs in a worker thread of the app process and has no way to the UI but progress
// counts; it posts its in-flight clip ids on a BroadcastChannel (same process, any thread), and the
// features service in the main thread keeps the latest set per project file. Nothing is stored: after a
// crash or restart the set is simply empty until the resumed job posts again.
import { BroadcastChannel } from 'node:worker_threads';

const CHANNEL = 'ew-extract-in-flight';

interface InFlightMessage { projectPath: string; jobId: number; clipIds: number[] }

let sender: BroadcastChannel | null = null;

/** Job side: the clips being extracted now (empty when the job ends). */
export function publishInFlight(projectPath: string, jobId: number, clipIds: number[]): void {
  sender ??= new BroadcastChannel(CHANNEL);
  sender.postMessage({ projectPath, jobId, clipIds } satisfies InFlightMessage);
}

/** Job side: closes the channel so the job thread can exit. */
export function closeInFlight(): void {
  sender?.close();
  sender = null;
}

/** Last post per project file and job id (a job's final, empty post removes its entry). */
const latest = new Map<string, number[]>();
const keyOf = (projectPath: string, jobId: number) => `${jobId}\u0000${projectPath}`;
let receiver: BroadcastChannel | null = null;

/** Main side: starts listening (idempotent). Called when the features service is installed. */
export function listenInFlight(): void {
  if (receiver) return;
  receiver = new BroadcastChannel(CHANNEL);
  receiver.onmessage = (e: unknown) => {
    const m = (e as { data: InFlightMessage }).data;
    if (m.clipIds.length === 0) latest.delete(keyOf(m.projectPath, m.jobId));
    else latest.set(keyOf(m.projectPath, m.jobId), m.clipIds);
  };
  receiver.unref(); // listening must not keep the process alive
}

/**
 * Main side: clip ids the given (running) extraction job of this project posted last; posts of other jobs
 * (one that has ended, or one not yet running) do not count.
 */
export function inFlightClips(projectPath: string, activeJobId: number | null): number[] {
  listenInFlight();
  return activeJobId === null ? [] : latest.get(keyOf(projectPath, activeJobId)) ?? [];
}
