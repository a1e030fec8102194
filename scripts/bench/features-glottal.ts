// `npm run bench -- features-glottal`: agreement of the nine glottal columns with COVAREP's reference
// output (markdown table for docs/features-glottal.md) and their speed: CPU time per second of audio of
// the glottal group by stage, and of the full 74-column extraction (one core, single thread).
import { resolve } from 'node:path';
import { extractFeatures } from '../../src-main/features/extractor.js';
import { computeGlottal } from '../../src-main/features/glottal/glottal-features.js';
import { sinFrames } from '../../src-main/features/sin-frames.js';
import type { AnalysisContext } from '../../src-main/features/types.js';
import { frameCount } from '../../src-main/contract/feature-spec.js';
import { agreement, loadAllRuns } from '../../tests/features/glottal-agreement.js';
import { REF_WAV_DIR, readWav16, referenceClips } from '../../tests/features/glottal-support.js';

const fmt = (v: number, d = 4): string => (Number.isFinite(v) ? v.toFixed(d) : String(v));

export async function run(): Promise<void> {
  console.log('\n## Agreement with COVAREP (reference clips, seed 0)\n');
  const runs = loadAllRuns();
  console.log('| column | r (voiced in both, speech clips) | lowest per-clip r | frames within README tolerance (speech clips) | creak decisions equal at 0.5 |');
  console.log('|---|---|---|---|---|');
  for (const a of agreement(runs)) {
    console.log(`| ${a.column} | ${fmt(a.r)} (n = ${a.frames}) | ${fmt(a.minClipR)} | ${(100 * a.withinTol).toFixed(1)} % | ${a.decisionAgreement === undefined ? '' : `${(100 * a.decisionAgreement).toFixed(1)} %`} |`);
  }

  // Speed. Inputs are prepared once; each measurement repeats the whole set after a warm-up pass.
  const clips = referenceClips().map((c) => readWav16(resolve(REF_WAV_DIR, `${c}.wav`)).x);
  const seconds = clips.reduce((s, x) => s + x.length / 16000, 0);

  const full = (): number => {
    const c0 = process.cpuUsage();
    for (const x of clips) extractFeatures(x, 16000);
    return process.cpuUsage(c0).user / 1000;
  };
  full();
  const fullMs = full();

  // The glottal group alone, by stage, on the polarity-corrected signal and SRH track of the extractor.
  const prepared = clips.map((x) => {
    let ctxOut: AnalysisContext | null = null;
    extractFeatures(x, 16000, { groups: [{ id: 'capture', columns: [], compute: (ctx) => { ctxOut = ctx; } }] });
    const ctx = ctxOut as unknown as AnalysisContext;
    return { ctx, frames: sinFrames(ctx) };
  });
  const stages: Record<string, number> = {};
  const glottal = (record: boolean): number => {
    const c0 = process.cpuUsage();
    for (const { ctx, frames } of prepared) {
      const r = computeGlottal({
        x: ctx.signal, srhPos: ctx.srh.centres, srhF0: ctx.srh.f0, srhVuv: ctx.srh.vuv, frames: frameCount(ctx.signal.length), sinFrames: frames,
      });
      if (record) for (const [k, v] of Object.entries(r.timings)) stages[k] = (stages[k] ?? 0) + v;
    }
    return process.cpuUsage(c0).user / 1000;
  };
  glottal(false);
  const glottalMs = glottal(true);
  const stageTotal = Object.values(stages).reduce((a, b) => a + b, 0);

  console.log(`\n## Speed (${seconds.toFixed(1)} s of audio, ${clips.length} clips, CPU time of this thread)\n`);
  console.log(`- full 74-column extraction: ${(fullMs / seconds).toFixed(1)} ms per second of audio = ${(seconds * 1000 / fullMs).toFixed(1)}× real time (goal ≥ 50×)`);
  console.log(`- glottal group (9 columns): ${(glottalMs / seconds).toFixed(1)} ms/s = ${(seconds * 1000 / glottalMs).toFixed(1)}× real time, ${(100 * glottalMs / fullMs).toFixed(0)} % of the full extraction`);
  console.log('- glottal stages (share of the group\'s wall time):');
  for (const [k, v] of Object.entries(stages).sort((a, b) => b[1] - a[1])) console.log(`  - ${k}: ${(100 * v / stageTotal).toFixed(0)} %`);
}
