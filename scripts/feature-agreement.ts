// `npx tsx scripts/feature-agreement.ts`: the agreement table of docs/features.md — our extractor against
// COVAREP's reference CSVs, per clip and column group, with the same metrics the tests assert
// (tests/features/agreement-metrics.ts). Prints Markdown.
import { FEATURE_COLUMNS } from '../src-main/contract/feature-spec';
import {
  colStats, f0Stats, HMPDD_COLS, HMPDM_COLS, MCEP_COLS, ourCol, refCol, runClip, seedStats,
} from '../tests/features/agreement-metrics';
import { SPEECH_CLIPS } from '../tests/features/reference';

const f = (v: number, d = 4): string => (Number.isFinite(v) ? v.toFixed(d) : '–');
const e = (v: number): string => v.toExponential(1);

const rows: string[] = [];
const worst: Record<string, number> = {};
const track = (k: string, v: number, better: 'min' | 'max'): void => {
  if (!(k in worst)) worst[k] = v;
  else worst[k] = better === 'min' ? Math.min(worst[k], v) : Math.max(worst[k], v);
};
for (const clip of SPEECH_CLIPS()) {
  const run = runClip(clip);
  const fs = f0Stats(run);
  let mcepR = 1, mcepRmse = 0, mcepMax = 0;
  for (const c of MCEP_COLS) {
    const s = colStats(ourCol(run.ours[0], c), refCol(run.ref[0], c), false);
    mcepR = Math.min(mcepR, s.r); mcepRmse = Math.max(mcepRmse, s.rmseOverStd); mcepMax = Math.max(mcepMax, s.maxAbs);
  }
  let pdmR = 1, pdmMax = 0;
  for (const c of HMPDM_COLS.slice(0, 24)) {
    const s = colStats(ourCol(run.ours[0], c), refCol(run.ref[0], c), true);
    if (s.refStd > 0) pdmR = Math.min(pdmR, s.r);
    pdmMax = Math.max(pdmMax, s.maxAbs);
  }
  const p24 = seedStats(run, HMPDM_COLS[24], true);
  let pddR = 1, pddMax = 0, pddSpread = 0, pddRAll = 1;
  for (const c of HMPDD_COLS) {
    const s = seedStats(run, c, false);
    pddR = Math.min(pddR, s.r); pddMax = Math.max(pddMax, s.maxDiffToRef); pddSpread = Math.max(pddSpread, s.seedSpread);
    pddRAll = Math.min(pddRAll, colStats(ourCol(run.ours[0], c), refCol(run.ref[0], c), false).r);
  }
  track('vuv', fs.vuvAgreement, 'min'); track('f0err', fs.f0MedianRelErr, 'max'); track('mcepR', mcepR, 'min');
  track('mcepRmse', mcepRmse, 'max'); track('pdmR', pdmR, 'min'); track('pddR', pddR, 'min'); track('pddRAll', pddRAll, 'min');
  rows.push(`| ${clip} | ${run.ours[0].frames} | ${f(fs.vuvAgreement * 100, 1)} % | ${f(fs.f0Identical * 100, 1)} % | ${e(fs.f0MedianRelErr)} | ${f(mcepR, 6)} | ${e(mcepRmse)} | ${e(mcepMax)} | ${f(pdmR, 6)} | ${e(pdmMax)} | ${e(p24.maxDiffToRef)} (${f(p24.seedSpread, 2)}) | ${f(pddR)} / ${f(pddRAll)} | ${e(pddMax)} (${f(pddSpread, 3)}) |`);
}
console.log(`Columns: ${FEATURE_COLUMNS.length}; clips: the 7 speech clips of the reference set, seeds 0 and 1.\n`);
console.log('| clip | frames | VUV same | F0 identical | F0 median rel. err (voiced in both) | MCEP min r | MCEP max RMSE/std | MCEP max abs | HMPDM_0–23 min r | HMPDM_0–23 max abs (circular) | HMPDM_24 max abs vs same seed (inter-seed spread) | HMPDD min r interior / all frames | HMPDD max abs interior (inter-seed spread) |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
console.log(`\nWorst over clips: VUV ${f(worst.vuv * 100, 1)} %, F0 error ${e(worst.f0err)}, MCEP r ${f(worst.mcepR, 6)}, MCEP RMSE/std ${e(worst.mcepRmse)}, HMPDM r ${f(worst.pdmR, 6)}, HMPDD r interior ${f(worst.pddR)}, all frames ${f(worst.pddRAll)}.`);
