// `npm run bench -- features`: speed of the COVAREP-74 extractor as a multiple of real time on one core
// (one thread, no workers), over the COVAREP reference clips and a 60 s recording concatenated from
// RAVDESS clips. Reports wall time and the process CPU time (the machine is shared: CPU time is the
// fairer figure when other processes compete for the cores), CPU per stage in µs per 10 ms frame, and a
// summary line each for the 63 columns of part I and for all 74 columns.
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { decodeAudio } from '../../src-main/audio/decode';
import { FEATURE_COUNT } from '../../src-main/contract/feature-spec';
import { COLUMN_GROUPS, extractFeatures, type ColumnGroup } from '../../src-main/features/extractor';
import { glottalGroup } from '../../src-main/features/glottal/index';
import { f0VuvGroup } from '../../src-main/features/f0-vuv';
import { hmpdGroup } from '../../src-main/features/hmpd';
import { mcepGroup } from '../../src-main/features/mcep';
import { covarepRefRoot, ravdessClip } from '../../tests/support/paths';

interface Item { name: string; samples: Float32Array }

async function loadItems(): Promise<Item[]> {
  const items: Item[] = [];
  const wavDir = join(covarepRefRoot, 'wav');
  for (const f of readdirSync(wavDir).filter((n) => n.endsWith('.wav')).sort()) {
    const a = await decodeAudio(new Uint8Array(readFileSync(join(wavDir, f))), f, { validate: false });
    items.push({ name: f.replace('.wav', ''), samples: a.samples });
  }
  // 60 s of RAVDESS speech: actors 1–4, consecutive statements, joined end to end.
  const parts: Float32Array[] = [];
  let total = 0;
  outer: for (const actor of [1, 2, 3, 4]) {
    for (const emo of ['01', '03', '04', '05', '06']) {
      for (const stmt of ['01', '02']) {
        const stem = `03-01-${emo}-${emo === '01' ? '01' : '02'}-${stmt}-01-${String(actor).padStart(2, '0')}`;
        const a = await decodeAudio(new Uint8Array(readFileSync(ravdessClip(actor, stem))), stem, { validate: false });
        parts.push(a.samples);
        total += a.samples.length;
        if (total >= 60 * 16000) break outer;
      }
    }
  }
  const long = new Float32Array(60 * 16000);
  let off = 0;
  for (const p of parts) { long.set(p.subarray(0, Math.min(p.length, long.length - off)), off); off += p.length; if (off >= long.length) break; }
  items.push({ name: 'ravdess_concat_60s', samples: long });
  return items;
}

export async function run(): Promise<void> {
  const items = await loadItems();
  const part1: ColumnGroup[] = [f0VuvGroup, mcepGroup, hmpdGroup];
  const p1 = measure(items, part1, 'part I: F0, VUV, MCEP, HMPD (63 columns)');
  const stages = stageCpu(items[items.length - 1], [
    ['pipeline: resample, polarity (RESKEW + LP residuals), SRH → F0, VUV', []],
    ['MCEP (sinusoidal frames + True Envelope)', [mcepGroup]],
    ['HMPD (sinusoidal frames + PD statistics)', [hmpdGroup]],
    ['glottal group (part II, 9 columns)', [glottalGroup]],
    ['part I together (63 columns)', part1],
    ['all registered groups (74 columns)', [...COLUMN_GROUPS]],
  ]);
  const all = COLUMN_GROUPS.length > part1.length ? measure(items, COLUMN_GROUPS, `all registered groups (${COLUMN_GROUPS.map((g) => g.id).join(', ')})`) : p1;
  console.log('\n--- summary (CPU time of one thread; issue targets: 63 columns ≥ 100×, 74 columns ≥ 50×)');
  console.log(`63 columns (part I): ${p1.toFixed(1)}× real time over all clips; ${stages.part1.toFixed(1)}× on the 60 s recording (${(1e4 / stages.part1).toFixed(0)} µs CPU per 10 ms frame)`);
  console.log(`74 columns (all):    ${all.toFixed(1)}× real time over all clips; ${stages.all.toFixed(1)}× on the 60 s recording (${(1e4 / stages.all).toFixed(0)} µs CPU per 10 ms frame)`);
}

/** Returns the CPU-time multiple of real time over all items. */
function measure(items: Item[], groups: readonly ColumnGroup[], label: string): number {
  console.log(`\n--- ${label}`);
  // Warm-up (JIT) on one short clip, not counted.
  extractFeatures(items[0].samples, 16000, { groups });
  const stages: Record<string, number> = {};
  let audioS = 0, wallS = 0, cpuS = 0;
  console.log(`load average before: ${loadavg().map((v) => v.toFixed(1)).join(' ')} (2 shared cores)`);
  console.log('clip'.padEnd(32), 'audio s'.padStart(8), 'wall s'.padStart(8), 'cpu s'.padStart(8), 'x RT (cpu)'.padStart(11));
  for (const it of items) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = extractFeatures(it.samples, 16000, { groups });
    const wall = (performance.now() - t0) / 1000;
    const cu = process.cpuUsage(c0);
    const cpu = (cu.user + cu.system) / 1e6;
    const dur = it.samples.length / 16000;
    if (r.data.length !== r.frames * FEATURE_COUNT) throw new Error('bad result shape');
    for (const [k, v] of Object.entries(r.timings)) if (k !== 'total') stages[k] = (stages[k] ?? 0) + v / 1000;
    audioS += dur; wallS += wall; cpuS += cpu;
    console.log(it.name.padEnd(32), dur.toFixed(2).padStart(8), wall.toFixed(2).padStart(8), cpu.toFixed(2).padStart(8), (dur / cpu).toFixed(1).padStart(11));
  }
  console.log('all'.padEnd(32), audioS.toFixed(2).padStart(8), wallS.toFixed(2).padStart(8), cpuS.toFixed(2).padStart(8), (audioS / cpuS).toFixed(1).padStart(11));
  console.log(`${label}: ${(audioS / cpuS).toFixed(1)}× real time on one core (CPU time), ${(audioS / wallS).toFixed(1)}× by wall clock`);
  console.log('time per stage (s, wall):', Object.entries(stages).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', '));
  console.log(`load average after: ${loadavg().map((v) => v.toFixed(1)).join(' ')}`);
  return audioS / cpuS;
}

/**
 * CPU time per stage on one recording. The stage timings of extractFeatures are wall clock, which the
 * shared machine inflates; here every set is timed by CPU, best of 3 runs: the pipeline alone (no column
 * group: resample, polarity, SRH — F0/VUV only publishes the track), then each group as (pipeline + group)
 * − pipeline. MCEP and HMPD each include the sinusoidal analysis they share (ctx.memo), so their rows
 * overlap; the "together" rows are measured directly. Returns the multiples of real time of part I and of
 * all groups.
 */
function stageCpu(item: Item, sets: [string, ColumnGroup[]][]): { part1: number; all: number } {
  const dur = item.samples.length / 16000;
  const frames = Math.round(dur * 100);
  const cpuOf = (groups: ColumnGroup[]): number => {
    let best = Infinity;
    for (let r = 0; r < 3; r++) {
      const c0 = process.cpuUsage();
      extractFeatures(item.samples, 16000, { groups });
      const c = process.cpuUsage(c0);
      best = Math.min(best, (c.user + c.system) / 1e6);
    }
    return best;
  };
  console.log(`\n--- CPU per stage on ${item.name} (${dur.toFixed(0)} s = ${frames} frames; best of 3; group = (pipeline + group) − pipeline)`);
  console.log(`${'stage'.padEnd(72)} ${'CPU s'.padStart(6)} ${'µs/frame'.padStart(9)} ${'× RT'.padStart(7)}`);
  const row = (name: string, t: number): void => {
    console.log(`${name.padEnd(72)} ${t.toFixed(2).padStart(6)} ${((t * 1e6) / frames).toFixed(1).padStart(9)} ${(dur / t).toFixed(1).padStart(7)}`);
  };
  const base = cpuOf(sets[0][1]);
  row(sets[0][0], base);
  let part1 = NaN, all = NaN;
  for (const [name, groups] of sets.slice(1)) {
    const t = cpuOf(groups);
    const together = groups.length > 1;
    if (together) row(name, t);
    else row(name, Math.max(t - base, 1e-6));
    if (name.startsWith('part I')) part1 = dur / t;
    if (name.startsWith('all')) all = dur / t;
  }
  return { part1, all };
}
