// `npm run bench -- features-glottal`: agreement of the nine glottal columns with COVAREP's reference
// output (markdown table for docs/features-glottal.md) and their speed: CPU time per second of audio of
// the glottal group by stage (CPU µs per 10 ms frame), and of the full 74-column extraction (one core,
// single thread), over the reference clips and 60 s of RAVDESS.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { decodeAudio } from '../../src-main/audio/decode.js';
import { f0VuvGroup } from '../../src-main/features/f0-vuv.js';
import { LP_RESIDUAL_18_KEY } from '../../src-main/features/glottal/index.js';
import { extractFeatures } from '../../src-main/features/extractor.js';
import { computeGlottal, glottalResidual } from '../../src-main/features/glottal/glottal-features.js';
import { sinFrames } from '../../src-main/features/sin-frames.js';
import type { AnalysisContext } from '../../src-main/features/types.js';
import { frameCount } from '../../src-main/contract/feature-spec.js';
import { agreement, loadAllRuns } from '../../tests/features/glottal-agreement.js';
import { REF_WAV_DIR, readWav16, referenceClips } from '../../tests/features/glottal-support.js';
import { ravdessClip } from '../../tests/support/paths.js';

const fmt = (v: number, d = 4): string => (Number.isFinite(v) ? v.toFixed(d) : String(v));

export async function run(): Promise<void> {
  console.log('\n## Agreement with COVAREP (reference clips, seed 0)\n');
  const runs = loadAllRuns();
  console.log('| column | r (voiced in both, speech clips) | lowest per-clip r | frames within tolerance (speech clips) | creak decisions equal at 0.5 |');
  console.log('|---|---|---|---|---|');
  for (const a of agreement(runs)) {
    console.log(`| ${a.column} | ${fmt(a.r)} (n = ${a.frames}) | ${fmt(a.minClipR)} | ${(100 * a.withinTol).toFixed(1)} % | ${a.decisionAgreement === undefined ? '' : `${(100 * a.decisionAgreement).toFixed(1)} %`} |`);
  }

  // Speed. Inputs (reference clips + 60 s of RAVDESS, as `npm run bench -- features`) are prepared once;
  // each measurement repeats the whole set after a warm-up pass. CPU time of this thread.
  const items: { name: string; x: Float32Array | Float64Array }[] = referenceClips().map((c) => ({ name: c, x: readWav16(resolve(REF_WAV_DIR, `${c}.wav`)).x }));
  items.push({ name: 'ravdess_concat_60s', x: await ravdess60s() });
  const seconds = items.reduce((s, it) => s + it.x.length / 16000, 0);

  const full = (): number => {
    const c0 = process.cpuUsage();
    for (const it of items) extractFeatures(it.x, 16000);
    return process.cpuUsage(c0).user / 1000;
  };
  full();
  const fullMs = full();

  // The glottal group alone, by stage, on the polarity-corrected signal, SRH track and LP residual the
  // extractor hands over (ctx.memo, as in the pipeline: the group's own 'residual' stage is then ~0).
  const prepared = items.map((it) => {
    let ctxOut: AnalysisContext | null = null;
    extractFeatures(it.x, 16000, { groups: [f0VuvGroup, { id: 'capture', columns: [], compute: (ctx) => { ctxOut = ctx; } }] });
    const ctx = ctxOut as unknown as AnalysisContext;
    return { ctx, frames: sinFrames(ctx), residual: ctx.memo(LP_RESIDUAL_18_KEY, () => glottalResidual(ctx.signal)) };
  });
  const outFrames = prepared.reduce((s, p) => s + p.ctx.frames, 0);
  const stages: Record<string, number> = {};
  const REPS = 3;
  const glottal = (record: boolean): number => {
    const c0 = process.cpuUsage();
    for (const { ctx, frames, residual } of prepared) {
      const r = computeGlottal({
        x: ctx.signal, srhPos: ctx.srh.centres, srhF0: ctx.srh.f0, srhVuv: ctx.srh.vuv, frames: frameCount(ctx.signal.length), sinFrames: frames, residual,
      });
      if (record) for (const [k, v] of Object.entries(r.timings)) stages[k] = (stages[k] ?? 0) + v;
    }
    return process.cpuUsage(c0).user / 1000;
  };
  glottal(false);
  let glottalMs = 0;
  for (let i = 0; i < REPS; i++) glottalMs += glottal(true);
  glottalMs /= REPS;
  const us = (ms: number): string => (1000 * ms / outFrames).toFixed(1);

  console.log(`\n## Speed (${seconds.toFixed(1)} s of audio = ${outFrames} frames of 10 ms, ${items.length} clips, CPU time of this thread, load average ${loadavg()[0].toFixed(1)})\n`);
  console.log(`- full 74-column extraction: ${(fullMs / seconds).toFixed(1)} ms per second of audio = ${(seconds * 1000 / fullMs).toFixed(1)}× real time (goal ≥ 50×)`);
  console.log(`- glottal group (9 columns): ${us(glottalMs)} µs per frame = ${(seconds * 1000 / glottalMs).toFixed(1)}× real time, ${(100 * glottalMs / fullMs).toFixed(0)} % of the full extraction`);
  console.log('- glottal stages (CPU µs per 10 ms frame):');
  for (const [k, v] of Object.entries(stages).sort((a, b) => b[1] - a[1])) console.log(`  - ${k}: ${us(v / REPS)}`);
}

/** 60 s of RAVDESS speech (actors 1–4, consecutive statements joined), as scripts/bench/features.ts. */
async function ravdess60s(): Promise<Float32Array> {
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
  return long;
}
