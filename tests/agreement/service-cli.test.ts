// agreement.compute and `cli agreement` on a real project file: current label versions only, rater
// selection, caching by label fingerprint, clear errors, and the CLI printing the service's numbers.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CliError } from '../../src-main/cli/command';
import { agreementCommand } from '../../src-main/cli/commands/agreement';
import { AppError } from '../../src-main/contract/api-types';
import { EMOTIONS, type EmotionValues } from '../../src-main/contract/emotions';
import type { AgreementReport } from '../../src-main/contract/methods/agreement';
import { openProjectDb, type ProjectDb } from '../../src-main/db/project-db';
import { createRng } from '../../src-main/ml/rng';
import { computeProjectAgreement } from '../../src-main/services/agreement/agreement-service';
import { agreementCompute, IN_PLACE_WORK_LIMIT } from '../../src-main/services/agreement/off-thread';
import { repoRoot } from '../support/paths';
import { alphaByPairs, iccByVarianceComponents } from './support/reference';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'ew-agreement-'));
const projectPath = join(dir, 'study.sqlite');
let project: ProjectDb;
/** current[rater][clip] as saved last. */
const current: EmotionValues[][] = [];
const names = ['Ana', 'Ben', 'Cy'];

function vals(v: number[]): EmotionValues {
  return Object.fromEntries(EMOTIONS.map((e, i) => [e, v[i]])) as EmotionValues;
}

beforeAll(() => {
  project = openProjectDb(projectPath, { create: true });
  const rng = createRng(3);
  project.write(() => {
    const raters = names.map((n) => project.annotators.insert(n));
    const clips = Array.from({ length: 12 }, (_, i) => project.clips.insert({
      contentHash: i.toString(16).padStart(64, '0'), originalPath: `/data/clip${i}.wav`, fileName: `clip${i}.wav`,
      durationS: 2, sampleRate: 16000, originalSampleRate: 16000, channels: 1, speakerId: `s${i % 3}`,
      importedAt: '2026-11-23T16:00:00.000Z', importJobId: null,
    }));
    const truth = clips.map(() => EMOTIONS.map(() => rng.int(4)));
    raters.forEach((r, ri) => {
      current[ri] = [];
      clips.forEach((c, ci) => {
        const v = vals(truth[ci].map((t) => Math.min(3, Math.max(0, t + (rng.next() < 0.25 ? (rng.next() < 0.5 ? -1 : 1) : 0)))));
        // A first version that is later corrected: only the correction may count.
        project.labels.append(c.id, r.id, vals([3, 3, 3, 3, 3, 3]));
        project.labels.append(c.id, r.id, v);
        current[ri][ci] = v;
      });
    });
  });
});
afterAll(() => {
  project?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('computeProjectAgreement on a project file', () => {
  it('uses the current version of each label and matches the reference computations', () => {
    const report = computeProjectAgreement({ project }, { bootstrap: 100, seed: 2 });
    expect(report.raters.map((r) => r.name)).toEqual(names);
    expect(report.labelsRead).toBe(36);
    for (const [e, emotion] of EMOTIONS.entries()) {
      const rows = current[0].map((_, ci) => current.map((r) => r[ci][emotion]));
      const s = report.scopes[e];
      expect(s.clips).toBe(12);
      expect(s.alphaInterval.value!).toBeCloseTo(alphaByPairs(rows, 'interval'), 10);
      expect(s.alphaOrdinal.value!).toBeCloseTo(alphaByPairs(rows, 'ordinal'), 10);
      expect(s.icc21.value!).toBeCloseTo(iccByVarianceComponents(rows).icc21, 10);
      expect(s.icc2k.value!).toBeCloseTo(iccByVarianceComponents(rows).icc2k, 10);
    }
  });

  it('restricts to the requested raters and refuses unknown ones with a clear error', () => {
    const ids = project.annotators.list().filter((a) => a.name !== 'Cy').map((a) => a.id);
    const report = computeProjectAgreement({ project }, { bootstrap: 0, annotatorIds: ids });
    expect(report.raters.map((r) => r.name)).toEqual(['Ana', 'Ben']);
    const rows = current[0].map((_, ci) => [current[0][ci].fear, current[1][ci].fear]);
    expect(report.scopes[5].alphaInterval.value!).toBeCloseTo(alphaByPairs(rows, 'interval'), 10);
    let err: unknown;
    try { computeProjectAgreement({ project }, { annotatorIds: [ids[0], 999] }); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('annotator-not-found');
    expect((err as AppError).message).toMatch(/annotator 999 does not exist/);
  });

  it('is cached until a label changes', () => {
    const cache = new Map<string, unknown>();
    const a = computeProjectAgreement({ project, cache }, { bootstrap: 50 });
    expect(computeProjectAgreement({ project, cache }, { bootstrap: 50 })).toBe(a);
    const ana = project.annotators.findByName('Ana')!;
    project.write(() => project.labels.append(1, ana.id, vals([0, 0, 0, 0, 0, 0])));
    const b = computeProjectAgreement({ project, cache }, { bootstrap: 50 });
    expect(b).not.toBe(a);
    expect(b.scopes[6].alphaInterval.value).not.toBe(a.scopes[6].alphaInterval.value);
    project.write(() => project.labels.append(1, ana.id, current[0][0])); // restore for the CLI test
  });
});

describe('agreement.compute as the API runs it (agreementCompute)', () => {
  it('a worker thread gives the same report as the in-place computation, and errors keep their code', async () => {
    const req = { bootstrap: 60, seed: 4 };
    const inPlace = await agreementCompute({ project }, req, 'in-place');
    const viaWorker = await agreementCompute({ project }, req, 'worker');
    expect(viaWorker.scopes).toEqual(inPlace.scopes);
    expect(viaWorker.pairwise).toEqual(inPlace.pairwise);
    await expect(agreementCompute({ project }, { annotatorIds: [998, 999] }, 'worker')).rejects.toMatchObject({ code: 'annotator-not-found' });
  });

  it('stays in place for small projects and caches by label fingerprint', async () => {
    expect(36 * 101).toBeLessThan(IN_PLACE_WORK_LIMIT);
    const cache = new Map<string, unknown>();
    const a = await agreementCompute({ project, cache }, { bootstrap: 100 });
    expect(await agreementCompute({ project, cache }, { bootstrap: 100 })).toBe(a);
  });
});

describe('cli agreement (spawned: what a user runs)', () => {
  const cli = (...args: string[]) => run(join(repoRoot, 'node_modules', '.bin', 'tsx'), [join(repoRoot, 'src-main', 'cli', 'main.ts'), 'agreement', ...args], { cwd: repoRoot })
    .then((r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }))
    .catch((e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));

  it('--json prints the same numbers as the service', async () => {
    const out = await cli('--project', projectPath, '--json', '--bootstrap', '100', '--seed', '2');
    expect(out.code).toBe(0);
    const report = JSON.parse(out.stdout) as AgreementReport;
    const direct = computeProjectAgreement({ project }, { bootstrap: 100, seed: 2 });
    expect(report.scopes).toEqual(direct.scopes);
    expect(report.pairwise).toEqual(direct.pairwise);
  });

  it('bad input ends with exit code 2 and one line on stderr', async () => {
    const missing = await cli();
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toEqual(['error: missing --project <file> (run "agreement --help" for usage)']);
  });
});

describe('cli agreement (in process): table, --help, errors', () => {
  /** Runs the command as main.ts does, capturing what it prints. */
  async function runCommand(...argv: string[]): Promise<{ stdout: string; error: Error | null }> {
    let stdout = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    });
    try {
      await agreementCommand.run(argv);
      return { stdout, error: null };
    } catch (err) {
      return { stdout, error: err as Error };
    } finally {
      spy.mockRestore();
    }
  }

  it('prints a table with one row per emotion and overall, and the pairwise matrix', async () => {
    const { stdout, error } = await runCommand('--project', projectPath, '--bootstrap', '0');
    expect(error).toBeNull();
    expect(stdout).toMatch(/α interval/);
    expect(stdout.split('\n').filter((l) => /^(happy|sad|anger|surprise|disgust|fear|overall)\s/.test(l))).toHaveLength(7);
    expect(stdout).toMatch(/^Ana\s+—/m);
  });

  it('--help prints the usage', async () => {
    const { stdout, error } = await runCommand('--help');
    expect(error).toBeNull();
    expect(stdout).toMatch(/usage: npm run cli -- agreement --project <file>/);
  });

  it('names the file and what to do for each kind of bad input', async () => {
    const noFile = await runCommand('--project', join(dir, 'nope.sqlite'));
    expect(noFile.error!.message).toMatch(/nope\.sqlite: no such project file/);

    const other = join(dir, 'other.sqlite');
    const db = new Database(other);
    db.exec('CREATE TABLE t (x)');
    db.close();
    expect((await runCommand('--project', other)).error!.message).toMatch(/other\.sqlite is not a workstation project/);

    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'hello, this is not SQLite at all');
    expect((await runCommand('--project', text)).error!.message).toMatch(/is not a project file/);

    const badSeed = await runCommand('--project', projectPath, '--seed', 'abc');
    expect(badSeed.error).toBeInstanceOf(CliError);
    expect(badSeed.error!.message).toMatch(/--seed must be a whole number/);
    expect((await runCommand('--project', projectPath, '--bootstrap', '20000')).error!.message).toMatch(/--bootstrap: .*10000/);
    expect((await runCommand('--project', projectPath, '--raters', 'Ana,Zed')).error!.message).toMatch(/no annotator named "Zed".*names: Ana, Ben, Cy/);
    expect((await runCommand('--project', projectPath, '--frobnicate')).error!.message).toMatch(/frobnicate/);
  });

  it('--raters restricts the raters by name', async () => {
    const { stdout, error } = await runCommand('--project', projectPath, '--json', '--bootstrap', '0', '--raters', 'ana, Ben');
    expect(error).toBeNull();
    expect((JSON.parse(stdout) as AgreementReport).raters.map((r) => r.name)).toEqual(['Ana', 'Ben']);
  });
});
