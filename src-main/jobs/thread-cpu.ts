// CPU time of one thread (main or worker). Node 20 has no process.threadCpuUsage (added in Node 23.9),
// and process.cpuUsage() counts every thread of the process, including V8's garbage-collector and
// compiler helper threads. On Linux /proc gives each thread's own utime + stime (clock ticks of 10 ms);
// elsewhere these return null. Used to report where the extraction pool's CPU goes
// (scripts/bench/features-pool.ts); nothing stores it.
import { readFileSync, readlinkSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on every Linux configuration Node supports

export interface ThreadCpu {
  /** Kernel thread id (the process id for the main thread). */
  tid: number;
  /** CPU ms used by this thread since it started. */
  cpuMs: number;
}

/** The calling thread's id and CPU time, or null where /proc is not available. */
export function ownThreadCpu(): ThreadCpu | null {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    const cpuMs = threadCpuMs(tid);
    return cpuMs === null ? null : { tid, cpuMs };
  } catch {
    return null;
  }
}

/** CPU ms used so far by thread `tid` of this process, or null (no /proc, or the thread has ended). */
export function threadCpuMs(tid: number): number | null {
  let text: string;
  try {
    text = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // After "(comm) ": state is field 3 of the line; utime and stime are fields 14 and 15 (man 5 proc).
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) * TICK_MS : null;
}
