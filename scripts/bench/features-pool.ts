// `npm run bench -- features-pool`: speed-up of the two-thread extraction pool over a one-thread pool on
// the same RAVDESS clips, in one run (ratio of wall times; each pool pays its own thread start-up and
// JIT warm-up, as a real job does). Work per clip = what the extraction job does off its own thread:
// read + hash-check + decode the FLAC, run the COVAREP-74 extractor, transfer the matrix back.
// BENCH_POOL_CLIPS (default 8) sets the number of clips. The machine's load average is printed with the
// result, and the cores the pool actually kept busy (CPU time / wall time): on a shared 2-core machine
// other processes take cores away and cap the ratio.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { decodeAudio } from '../../src-main/audio/decode';
import { FEATURE_SAMPLE_RATE } from '../../src-main/contract/feature-spec';
import { openProjectDb } from '../../src-main/db/project-db';
import { ExtractPool } from '../../src-main/jobs/extract-pool';
import { ravdessClip } from '../../tests/support/paths';

async function timePool(projectPath: string, clipIds: number[], size: number): Promise<{ ms: number; cpuMs: number; audioS: number }> {
  const pool = new ExtractPool({ projectPath, size });
  const cpu0 = process.cpuUsage(); // all threads of this process
  const t0 = performance.now();
  let samples = 0;
  try {
    const outcomes = await Promise.all(clipIds.map((id) => pool.extract(id)));
    for (const o of outcomes) samples += o.samples;
  } finally {
    await pool.close();
  }
  const cpu = process.cpuUsage(cpu0);
  return { ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, audioS: samples / FEATURE_SAMPLE_RATE };
}

export async function run(): Promise<void> {
  const n = Number(process.env.BENCH_POOL_CLIPS ?? 8);
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

    const before = loadavg()[0];
    const one = await timePool(projectPath, clipIds, 1);
    const two = await timePool(projectPath, clipIds, 2);
    const after = loadavg()[0];
    console.log(`features-pool: ${n} RAVDESS clips, ${one.audioS.toFixed(1)} s of audio, ${cpus().length} cores, load average ${before.toFixed(1)} → ${after.toFixed(1)}`);
    // cores busy = CPU time / wall time: how much of the machine the pool actually got.
    const line = (label: string, r: typeof one) => console.log(`  ${label}: ${(r.ms / 1000).toFixed(1)} s wall, ${(r.cpuMs / 1000).toFixed(1)} s CPU `
      + `(${(r.audioS / (r.ms / 1000)).toFixed(1)}× real time, ${(r.cpuMs / r.ms).toFixed(2)} cores busy)`);
    line('1 thread ', one);
    line('2 threads', two);
    console.log(`  speed-up of the two-thread pool: ${(one.ms / two.ms).toFixed(2)}×`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
