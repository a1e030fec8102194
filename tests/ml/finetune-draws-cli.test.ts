// `finetune --draws n`: the paper's protocol from the CLI — n seeded draws of the labelled sample, the same
// held-out speakers each time, one model per draw, and mean ± std beside the references. Real RAVDESS
// features (clips the other ML tests share), the shipped backbone, run in this process.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError } from '../../src-main/cli/command';
import { commands } from '../../src-main/cli/commands/index';
import { EMOTIONS } from '../../src-main/contract/emotions';
import { writeFeatureCsv } from '../../src-main/features-io/csv';
import { meanStd, summariseDraws, type DrawSummary } from '../../src-main/ml/evaluate-draws';
import type { EvaluationReport } from '../../src-main/ml/metrics';
import { repoRoot } from '../support/paths';
import { pickClips, ravdessFeatures } from './support/ravdess-features';

const dir = mkdtempSync(join(tmpdir(), 'ew-ml-draws-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function finetuneCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const command = commands.find((c) => c.name === 'finetune')!;
  let stdout = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string) => { stdout += chunk; return true; }) as typeof process.stdout.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    const code = await command.run(args);
    return { code: typeof code === 'number' ? code : 0, stdout, stderr: '' };
  } catch (e) {
    return { code: e instanceof CliError ? e.exitCode : 1, stdout, stderr: (e as Error).message };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

describe('finetune --draws', async () => {
  const features = await ravdessFeatures([...pickClips([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 2), ...pickClips([21], 4)]);
  const fdir = join(dir, 'features');
  mkdirSync(fdir);
  for (const f of features) writeFeatureCsv(join(fdir, `${f.clip.stem}.csv`), [{ key: f.clip.stem, frames: f.frames, data: f.data, present: f.present }], false);
  const labels = join(dir, 'labels.csv');
  writeFileSync(labels, [`clip,speaker,${EMOTIONS.join(',')}`, ...features.map((f) => `${f.clip.stem},${f.clip.actor},${f.clip.targets.join(',')}`)].join('\n'));
  const common = ['--features', fdir, '--labels', labels, '--backbone', join(repoRoot, 'resources', 'backbone'), '--test-speakers', '21', '--bootstrap', '0'];

  it('fine-tunes one model per seeded draw on the same held-out speakers and summarises them', async () => {
    const r = await finetuneCli(...common, '--out', join(dir, 'ft'), '--labelled', '12', '--draws', '3', '--seed', '4', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { draws: { dir: string; config: { seed: number }; split: { testSpeakers: string[] }; labelledClips: number; evaluation: EvaluationReport }[]; summary: DrawSummary };
    expect(j.draws.map((d) => d.config.seed)).toEqual([4, 5, 6]);
    expect(j.draws.map((d) => d.dir)).toEqual([4, 5, 6].map((s) => join(dir, `ft-seed${s}`)));
    for (const d of j.draws) {
      expect(existsSync(join(d.dir, 'manifest.json'))).toBe(true);
      expect(d.split.testSpeakers).toEqual(['21']);
      expect(d.labelledClips).toBe(12);
      expect(d.evaluation.model.n).toBe(4);
    }
    // different draws → different models; the summary is computed from exactly these three evaluations
    expect(new Set(j.draws.map((d) => d.evaluation.model.mse)).size).toBeGreaterThan(1);
    const mse = j.draws.map((d) => d.evaluation.model.mse);
    expect(j.summary.draws).toBe(3);
    expect(j.summary.model.mse.mean).toBeCloseTo(mse.reduce((a, b) => a + b, 0) / 3, 12);
    expect(j.summary.beatsAllZero.mse).toBe(j.draws.filter((d) => d.evaluation.model.mse < d.evaluation.allZero.mse).length);
    expect(j.summary.allZero.mae.std).toBe(0); // same held-out clips in every draw
  });

  it('refuses --draws without --labelled (every draw would be the same sample)', async () => {
    const r = await finetuneCli(...common, '--out', join(dir, 'x'), '--draws', '2');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--draws needs --labelled/);
  });

  it('mean ± std uses the sample standard deviation; summaries refuse mixed held-out sets', () => {
    const s = meanStd([1, 2, 3, 4]);
    expect(s.mean).toBe(2.5);
    expect(s.std).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(meanStd([7]).std).toBe(0);
    const fake = (n: number): EvaluationReport => {
      const m = { n, mae: 0, mse: 0, accuracy: 1, macroF1: 1, presentF1: null, perEmotion: {} } as unknown as EvaluationReport['model'];
      return { model: m, allZero: m, trainMean: m };
    };
    expect(() => summariseDraws([fake(4), fake(5)])).toThrow(/different held-out sets/);
  });
});
