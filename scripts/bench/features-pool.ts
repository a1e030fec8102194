// `npm run bench -- features-pool`: speed-up of the two-thread extraction pool over a one-thread pool on
// the same RAVDESS clips. Work per clip = what the extraction job does off its own thread: read +
// hash-check + decode the FLAC, run the COVAREP-74 extractor, transfer the matrix back. Each pool is new
// (it pays its threads' start-up and JIT warm-up, as a real job does).
//
// The machine is shared, so the report says what the pool actually got:
//  - CPU time split by thread: this (main) thread, the extraction threads (each reports its own thread CPU,
//    jobs/thread-cpu.ts), and "helpers" = the rest of the process (V8's garbage-collector and compiler
//    threads, libuv's pool);
//  - the CPU time every OTHER process on the machine used during the run (/proc/stat minus ours), in cores;
//  - load averages before and after.
// Runs are interleaved 1, 2, 2, 1, … (BENCH_POOL_REPEAT pairs, default 2) so a drifting load hits both
// sizes alike; the speed-up is the ratio of the median wall times. BENCH_POOL_CLIPS (default "8,48") sets the
// clip counts compared, BENCH_POOL_SIZES (default "1,2") the pool sizes compared, BENCH_POOL_COMPILE
// (auto | thread | concurrent) where the threads' V8 optimizing compiler runs (jobs/compile-in-thread.ts).
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { decodeAudio } from '../../src-main/audio/decode';
import { FEATURE_SAMPLE_RATE } from '../../src-main/contract/feature-spec';
import { openProjectDb } from '../../src-main/db/project-db';
import { ExtractPool } from '../../src-main/jobs/extract-pool';
import { threadCpuMs } from '../../src-main/jobs/thread-cpu';
import { ravdessClip } from '../../tests/support/paths';

interface RunStats {
  size: number;
  compileInThread: boolean;
  wallMs: number;
  audioS: number;
  processCpuMs: number;
  /** null where per-thread CPU is not available (not Linux). */
  mainCpuMs: number | null;
  extractCpuMs: number | null;
  /** CPU of the busiest extraction thread (null off Linux). */
  maxThreadCpuMs: number | null;
  /** Cores used by all other processes of the machine during the run (null off Linux). */
  othersCores: number | null;
  load: [number, number];
}

/** Busy CPU ms of the whole machine so far (all cores; /proc/stat, jiffies of 10 ms), or null. */
function machineBusyMs(): number | null {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = f;
    return (user + nice + system + irq + softirq + (steal ?? 0)) * 10; // idle and iowait are not busy
  } catch {
    return null;
  }
}

/**
 * The extraction thread as the built app runs it: extract-worker.ts bundled to one plain-JS file (npm
 * packages left external, as electron-vite's externalizeDeps does). Run from sources the threads would
 * load through tsx, whose loader thread and transpiling would be counted as the pool's CPU. The bundle goes
 * under node_modules/.cache so the external packages resolve.
 */
async function bundleWorker(): Promise<string> {
  const root = resolve(import.meta.dirname, '../..');
  const outDir = join(root, 'node_modules', '.cache', 'bench-features-pool');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, 'extract-worker.mjs');
  await build({
    entryPoints: [join(root, 'src-main/jobs/extract-worker.ts')], outfile, bundle: true, platform: 'node',
    format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning',
  });
  return outfile;
}

async function timePool(projectPath: string, clipIds: number[], size: number, workerFile: string, compileInThread: boolean | undefined): Promise<RunStats> {
  const load0 = loadavg()[0];
  const machine0 = machineBusyMs();
  const main0 = threadCpuMs(process.pid);
  const cpu0 = process.cpuUsage(); // all threads of this process
  const t0 = performance.now();
  const pool = new ExtractPool({ projectPath, size, workerFile, compileInThread });
  let samples = 0;
  // Last cumulative CPU each extraction thread reported (its start-up and module loading included).
  const threadCpu = new Map<number, number>();
  let perThread = true;
  try {
    const outcomes = await Promise.all(clipIds.map((id) => pool.extract(id)));
    for (const o of outcomes) {
      samples += o.samples;
      if (o.thread) threadCpu.set(o.thread.tid, Math.max(threadCpu.get(o.thread.tid) ?? 0, o.thread.cpuMs));
      else perThread = false;
    }
  } finally {
    await pool.close();
  }
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const main1 = threadCpuMs(process.pid);
  const machine1 = machineBusyMs();
  const processCpuMs = (cpu.user + cpu.system) / 1000;
  return {
    size, compileInThread: pool.compileInThread, wallMs, audioS: samples / FEATURE_SAMPLE_RATE, processCpuMs,
    mainCpuMs: main0 !== null && main1 !== null ? main1 - main0 : null,
    extractCpuMs: perThread ? [...threadCpu.values()].reduce((a, b) => a + b, 0) : null,
    maxThreadCpuMs: perThread ? Math.max(...threadCpu.values()) : null,
    othersCores: machine0 !== null && machine1 !== null ? Math.max(0, (machine1 - machine0 - processCpuMs) / wallMs) : null,
    load: [load0, loadavg()[0]],
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const sec = (ms: number | null) => (ms === null ? '   n/a' : (ms / 1000).toFixed(1).padStart(6));

function line(r: RunStats): string {
  const helpers = r.mainCpuMs !== null && r.extractCpuMs !== null ? r.processCpuMs - r.mainCpuMs - r.extractCpuMs : null;
  return `  ${r.size} thread${r.size === 1 ? ' ' : 's'} (${r.compileInThread ? 'in-thread JIT ' : 'concurrent JIT'}): wall ${sec(r.wallMs)} s | CPU s: total ${sec(r.processCpuMs)}, `
    + `extraction threads ${sec(r.extractCpuMs)}, main ${sec(r.mainCpuMs)}, helpers ${sec(helpers)} | `
    + `${(r.processCpuMs / r.wallMs).toFixed(2)} cores busy, ${(r.audioS / (r.wallMs / 1000)).toFixed(1)}× real time | `
    + `other processes ${r.othersCores === null ? 'n/a' : r.othersCores.toFixed(2)} cores, load ${r.load[0].toFixed(1)}→${r.load[1].toFixed(1)}`;
}

/** One clip count: interleaved runs of each pool size, then the ratios. */
async function compare(projectPath: string, clipIds: number[], workerFile: string,
  opt: { pairs: number; sizes: number[]; compileInThread: boolean | undefined }): Promise<void> {
  console.log(`${clipIds.length} RAVDESS clips:`);
  const runs: RunStats[] = [];
  for (let p = 0; p < opt.pairs; p++) {
    // 1,2 then 2,1: alternating order so neither size always runs first (cold disk cache, load drift).
    const order = p % 2 === 0 ? opt.sizes : [...opt.sizes].reverse();
    for (const size of order) {
      const r = await timePool(projectPath, clipIds, size, workerFile, opt.compileInThread);
      runs.push(r);
      console.log(line(r));
    }
  }
  const by = (size: number) => runs.filter((r) => r.size === size);
  const wall = (size: number) => median(by(size).map((r) => r.wallMs));
  const base = opt.sizes[0];
  console.log(`  audio: ${runs[0].audioS.toFixed(1)} s per run`);
  for (const size of opt.sizes.slice(1)) {
    console.log(`  speed-up of the ${size}-thread pool over ${base} (median wall ${sec(wall(base)).trim()} s / ${sec(wall(size)).trim()} s): `
      + `${(wall(base) / wall(size)).toFixed(2)}×`);
  }
  // Load-independent cross-check from CPU times alone: on idle cores a run cannot be shorter than its
  // busiest extraction thread, nor than the process's CPU spread over all cores. An estimate, not a
  // measurement: it ignores waiting and start-up latency.
  const floor = (r: RunStats) => (r.maxThreadCpuMs === null ? null : Math.max(r.maxThreadCpuMs, r.processCpuMs / cpus().length));
  const floors = (size: number) => by(size).map(floor).filter((x): x is number => x !== null);
  for (const size of opt.sizes.slice(1)) {
    if (floors(base).length && floors(size).length) {
      console.log(`  CPU-time estimate for idle cores (busiest thread or CPU/cores, median): ${base} → ${size} threads `
        + `${(median(floors(base)) / 1000).toFixed(1)} s / ${(median(floors(size)) / 1000).toFixed(1)} s = ${(median(floors(base)) / median(floors(size))).toFixed(2)}×`);
    }
  }
  const others = runs.map((r) => r.othersCores).filter((x): x is number => x !== null);
  if (others.length) {
    const worst = Math.max(...others);
    console.log(`  other processes used ${median(others).toFixed(2)} cores (median; worst run ${worst.toFixed(2)}) of ${cpus().length}`
      + (worst > 0.2 ? ' — NOT a quiet machine: the ratio is capped by the cores left to the pool' : ' — quiet machine'));
  }
}

export async function run(): Promise<void> {
  // A small import (8 clips: thread start-up and JIT warm-up weigh heavily) and a larger one (48 clips).
  const counts = (process.env.BENCH_POOL_CLIPS ?? '8,48').split(',').map(Number);
  const n = Math.max(...counts);
  const pairs = Number(process.env.BENCH_POOL_REPEAT ?? 2);
  const sizes = (process.env.BENCH_POOL_SIZES ?? '1,2').split(',').map(Number);
  // auto (default): the pool's own choice (in-thread when it has a thread per core); thread | concurrent force it.
  const compileEnv = process.env.BENCH_POOL_COMPILE ?? 'auto';
  const compileInThread = compileEnv === 'thread' ? true : compileEnv === 'concurrent' ? false : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'bench-features-pool-'));
  try {
    const projectPath = join(dir, 'bench.sqlite');
    const project = openProjectDb(projectPath, { create: true });
    const clipIds: number[] = [];
    for (let i = 0; i < n; i++) {
      const actor = (i % 24) + 1;
      const path = ravdessClip(actor, `03-01-0${(i % 7) + 2}-01-01-01-${String(actor).padStart(2, '0')}`);
      const bytes = readFileSync(path);
      const decoded = await decodeAudio(bytes, basename(path), { validate: false });
      clipIds.push(project.clips.insert({
        contentHash: createHash('sha256').update(bytes).digest('hex'), originalPath: path, fileName: basename(path),
        durationS: decoded.samples.length / FEATURE_SAMPLE_RATE, sampleRate: FEATURE_SAMPLE_RATE, originalSampleRate: FEATURE_SAMPLE_RATE,
        channels: 1, speakerId: `Actor_${actor}`, importedAt: new Date().toISOString(), importJobId: null,
      }).id);
    }
    project.close();

    const workerFile = await bundleWorker();
    console.log(`features-pool: ${cpus().length} cores, ${new Date().toISOString()}; clip counts ${counts.join(', ')}`);
    for (const count of counts) await compare(projectPath, clipIds.slice(0, count), workerFile, { pairs, sizes, compileInThread });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
