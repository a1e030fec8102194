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

const latest = new Map<string, InFlightMessage>();
let receiver: BroadcastChannel | null = null;

/**
 * Main side: clip ids the extraction job of this project posted last, provided that job is still the
 * active one (a message from a job that has ended does not count).
 */
export function inFlightClips(projectPath: string, activeJobId: number | null): number[] {
  if (!receiver) {
    receiver = new BroadcastChannel(CHANNEL);
    receiver.onmessage = (e: unknown) => {
      const m = (e as { data: InFlightMessage }).data;
      latest.set(m.projectPath, m);
    };
    receiver.unref(); // listening must not keep the process alive
  }
  const m = latest.get(projectPath);
  return m && activeJobId !== null && m.jobId === activeJobId ? m.clipIds : [];
}
