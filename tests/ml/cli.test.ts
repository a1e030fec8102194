// The training CLI end to end on a lab-style folder of feature CSVs (real RAVDESS features) and on a
// project file: pretrain → finetune (+ baseline) → evaluate → predict, --json output, one-line errors.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { EMOTIONS } from '../../src-main/contract/emotions';
import { ModelsRepo } from '../../src-main/db/models-repo';
import { openProjectDb } from '../../src-main/db/project-db';
import { writeFeatureCsv } from '../../src-main/features-io/csv';
import { CliError } from '../../src-main/cli/command';
import { commands } from '../../src-main/cli/commands/index';
import { repoRoot } from '../support/paths';
import { makeTrainingProject } from './support/project-fixture';
import { pickClips, ravdessFeatures } from './support/ravdess-features';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'ew-ml-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A real CLI process (main.ts: one-line errors, exit codes). */
async function cliProcess(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', join(repoRoot, 'src-main/cli/main.ts'), ...args], { cwd: repoRoot, maxBuffer: 1 << 26 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The same commands in this process (no interpreter start-up per call), with main.ts's error rule. */
async function cli(name: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const command = commands.find((c) => c.name === name)!;
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string) => { stdout += chunk; return true; }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => { stderr += chunk; return true; }) as typeof process.stderr.write;
  try {
    const code = await command.run(args);
    return { code: typeof code === 'number' ? code : 0, stdout, stderr };
  } catch (e) {
    return { code: e instanceof CliError ? e.exitCode : 1, stdout, stderr: stderr + `error: ${(e as Error).message.split('\n')[0]}\n` };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

describe('training CLI', async () => {
  // A subset of the clips tests/ml/pretrain-finetune.test.ts uses (one extraction for both on a cold cache).
  const features = await ravdessFeatures([...pickClips([1, 2, 3, 4, 5, 6], 2), ...pickClips([21], 4)]);

  it('runs pretrain → finetune → evaluate → predict on a folder of feature CSVs', async () => {
    const fdir = join(dir, 'features');
    mkdirSync(fdir);
    for (const f of features) writeFeatureCsv(join(fdir, `${f.clip.stem}.csv`), [{ key: f.clip.stem, frames: f.frames, data: f.data, present: f.present }], false);
    const labels = join(dir, 'labels.csv');
    writeFileSync(labels, [`clip,speaker,${EMOTIONS.join(',')}`, ...features.map((f) => `${f.clip.stem},${f.clip.actor},${f.clip.targets.join(',')}`)].join('\n'));

    const noSpeakers = await cli('pretrain', '--features', fdir, '--out', join(dir, 'x'), '--test-speakers', '21');
    expect(noSpeakers.stderr).toMatch(/no clip has a speaker: with --features, pass a labels CSV/);
    const pre = await cli('pretrain', '--features', fdir, '--labels', labels, '--out', join(dir, 'pre'), '--hidden', '8,8', '--epochs', '2', '--batch', '4', '--test-speakers', '21', '--json');
    expect(pre.stderr).toBe(''); // --json: progress is not printed either
    expect(pre.code).toBe(0);
    const p = JSON.parse(pre.stdout) as { history: unknown[]; heldOut: { clips: number; model: number; interpolation: number }; split: { testSpeakers: string[] } };
    expect(p.history).toHaveLength(2);
    expect(p.split.testSpeakers).toEqual(['21']);
    expect(p.heldOut.clips).toBe(4);
    expect(existsSync(join(dir, 'pre', 'manifest.json'))).toBe(true);
    expect(existsSync(join(dir, 'pre.ckpt'))).toBe(false); // removed once the model is written

    const ft = await cli('finetune', '--features', fdir, '--labels', labels, '--backbone', join(dir, 'pre'), '--out', join(dir, 'ft'), '--test-speakers', '21', '--baseline', '--epochs', '3', '--bootstrap', '50', '--json');
    expect(ft.code).toBe(0);
    const f = JSON.parse(ft.stdout) as { labelledClips: number; evaluation: { model: { n: number }; allZero: { mae: number }; intervals: unknown }; baselineEvaluation: { model: { n: number } } };
    expect(f.labelledClips).toBe(12);
    expect(f.evaluation.model.n).toBe(4);
    expect(f.evaluation.intervals).toBeTruthy();
    expect(f.baselineEvaluation.model.n).toBe(4);

    const ev = await cli('evaluate', '--model', join(dir, 'ft'), '--features', fdir, '--labels', labels, '--speakers', '21', '--bootstrap', '0');
    expect(ev.code).toBe(0);
    expect(ev.stdout).toMatch(/all-zero\s+MAE/);
    const pr = await cli('predict', '--model', join(dir, 'ft'), '--features', fdir, '--out', join(dir, 'pred.csv'));
    expect(pr.code).toBe(0);
    const rows = readFileSync(join(dir, 'pred.csv'), 'utf8').trim().split('\n');
    expect(rows[0]).toBe(`clip,${EMOTIONS.join(',')}`);
    expect(rows).toHaveLength(features.length + 1);

    // A pretrained backbone cannot predict emotions; a corrupted model is refused; bad flags are one line.
    const wrong = await cli('predict', '--model', join(dir, 'pre'), '--features', fdir);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/fine-tune it first/);
    const w = readFileSync(join(dir, 'ft', 'weights.bin'));
    w[17] ^= 0xff;
    writeFileSync(join(dir, 'ft', 'weights.bin'), w);
    const corrupt = await cliProcess('evaluate', '--model', join(dir, 'ft'), '--features', fdir, '--labels', labels);
    expect(corrupt.code).not.toBe(0);
    expect(corrupt.stderr.trim().split('\n')).toHaveLength(1);
    expect(corrupt.stderr).toMatch(/ft: weights.bin has sha256 .* does not match/);
    const bad = await cliProcess('pretrain', '--features', fdir, '--out', join(dir, 'x'), '--epochs', 'ten');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('error: --epochs must be a whole number, got "ten"\n');
    expect((await cli('finetune', '--help')).stdout).toMatch(/--reduction mean\|last/);
  });

  it('stores models, runs, evaluations and predictions in a project file', async () => {
    const project = join(dir, 'p.sqlite');
    makeTrainingProject(project, features, { labels: true });
    expect((await cli('pretrain', '--project', project, '--hidden', '8,8', '--epochs', '1', '--test-speakers', 'actor21')).code).toBe(0);
    const ft = await cli('finetune', '--project', project, '--test-speakers', 'actor21', '--bootstrap', '20');
    expect(ft.code).toBe(0);
    expect(ft.stdout).toMatch(/fine-tuned on 12 labelled clips/);
    expect((await cli('predict', '--project', project, '--json')).code).toBe(0);
    const db = openProjectDb(project, { readonly: true });
    const repo = new ModelsRepo(db.db);
    const models = repo.list();
    expect(models.map((m) => m.kind)).toEqual(['pretrained', 'finetuned']);
    expect(models[1].parentId).toBe(models[0].id);
    expect(repo.listRuns().map((r) => `${r.kind}:${r.state}`).sort()).toEqual(['finetune:done', 'pretrain:done']);
    expect(repo.evaluations(models[1].id)).toHaveLength(1);
    expect(repo.predictions(models[1].id)).toHaveLength(features.length);
    db.close();
  });
});
