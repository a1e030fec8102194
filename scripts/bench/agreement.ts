// `npm run bench -- agreement`: time of the agreement report (all six emotions + overall, alpha
// interval/ordinal, ICC(2,1)/(2,k) with F CIs, bootstrap CIs, pairwise matrices) on synthetic projects
// of 300 and 10,000 clips × 3 raters, in memory (the DB read is measured separately on a real file).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMOTIONS, type EmotionValues } from '../../src-main/contract/emotions';
import { openProjectDb } from '../../src-main/db/project-db';
import { createRng } from '../../src-main/ml/rng';
import { computeProjectAgreement } from '../../src-main/services/agreement/agreement-service';
import { computeAgreement, type RaterLabel } from '../../src-main/services/agreement/report';

function synthetic(clips: number, raters: number, seed: number): RaterLabel[] {
  const rng = createRng(seed);
  const out: RaterLabel[] = [];
  for (let c = 0; c < clips; c++) {
    const truth = EMOTIONS.map(() => rng.int(4));
    for (let r = 0; r < raters; r++) {
      const v = Object.fromEntries(EMOTIONS.map((e, i) => [e, Math.min(3, Math.max(0, truth[i] + (rng.next() < 0.3 ? (rng.next() < 0.5 ? -1 : 1) : 0)))])) as EmotionValues;
      out.push({ clipId: c + 1, raterId: r + 1, values: v });
    }
  }
  return out;
}

function time<T>(fn: () => T): { ms: number; result: T } {
  const t0 = performance.now();
  const result = fn();
  return { ms: performance.now() - t0, result };
}

export async function run(): Promise<void> {
  const raters = [{ id: 1, name: 'Ana' }, { id: 2, name: 'Ben' }, { id: 3, name: 'Cy' }];
  for (const clips of [300, 10_000]) {
    const labels = synthetic(clips, 3, 1);
    for (const replicates of [0, 200, 1000]) {
      const { ms } = time(() => computeAgreement({ raters, labels, bootstrap: { replicates, seed: 1 } }));
      console.log(`report  ${String(clips).padStart(6)} clips × 3 raters, bootstrap ${String(replicates).padStart(4)}: ${ms.toFixed(0).padStart(6)} ms`);
    }
  }
  // Whole service path on a real project file: SQL read of the current labels + report (bootstrap 200).
  const dir = mkdtempSync(join(tmpdir(), 'ew-bench-agreement-'));
  try {
    const project = openProjectDb(join(dir, 'bench.sqlite'), { create: true });
    const labels = synthetic(10_000, 3, 2);
    project.write(() => {
      for (const r of raters) project.annotators.insert(r.name);
      for (let c = 1; c <= 10_000; c++) {
        project.clips.insert({ contentHash: c.toString(16).padStart(64, '0'), originalPath: `/d/${c}.wav`, fileName: `${c}.wav`, durationS: 2, sampleRate: 16000, originalSampleRate: 16000, channels: 1, speakerId: 's', importedAt: '2026-01-01T00:00:00.000Z', importJobId: null });
      }
      for (const l of labels) project.labels.append(l.clipId, l.raterId, l.values!);
    });
    const { ms } = time(() => computeProjectAgreement({ project }, { bootstrap: 200 }));
    const cache = new Map<string, unknown>();
    computeProjectAgreement({ project, cache }, { bootstrap: 200 });
    const cached = time(() => computeProjectAgreement({ project, cache }, { bootstrap: 200 }));
    console.log(`service 10000 clips × 3 raters from a project file, bootstrap 200: ${ms.toFixed(0)} ms (cached, labels unchanged: ${cached.ms.toFixed(1)} ms)`);
    project.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
