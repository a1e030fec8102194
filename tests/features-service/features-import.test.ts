// Importing pre-extracted features into a real project file: keys matched by content hash, file name and
// stem; ambiguous, unknown and wrong-length entries reported, not guessed; a refused file writes nothing;
// replace; and the features.import / features.export API with its audit entry and errors.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_COUNT, FEATURE_SPEC_ID, frameCount } from '../../src-main/contract/feature-spec';
import type { FeatureImportReport } from '../../src-main/contract/methods/features';
import { FeaturesRepo } from '../../src-main/db/features-repo';
import { writeCsd } from '../../src-main/features-io/csd';
import { readFeatureCsv, writeFeatureCsv } from '../../src-main/features-io/csv';
import { createServices, type Services } from '../../src-main/services/index';

const dir = mkdtempSync(join(tmpdir(), 'features-import-'));
let services: Services;
let repo: FeaturesRepo;
const clip: Record<string, { id: number; hash: string; frames: number }> = {};

beforeAll(() => {
  services = createServices(join(dir, 'p.sqlite'), { mode: 'browser', recoverJobs: false });
  repo = new FeaturesRepo(services.ctx.project.db);
  const add = (name: string, folder: string, durationS: number, hashDigit: string) => {
    const hash = hashDigit.repeat(64);
    const row = services.ctx.project.clips.insert({
      contentHash: hash, originalPath: `/data/${folder}/${name}`, fileName: name, durationS, sampleRate: 16000,
      originalSampleRate: 48000, channels: 1, speakerId: folder, importedAt: new Date().toISOString(), importJobId: null,
    });
    clip[`${folder}/${name}`] = { id: row.id, hash, frames: frameCount(Math.round(durationS * 16000)) };
  };
  add('a.wav', 's1', 1.0, 'a');
  add('b.flac', 's1', 2.0, 'b');
  add('same.wav', 's1', 1.5, 'c');
  add('same.wav', 's2', 1.5, 'd');
});
afterAll(async () => {
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

const matrix = (frames: number, seed: number) => new Float32Array(frames * FEATURE_COUNT).map((_, i) => Math.fround(Math.cos(i + seed)));

async function importFile(path: string, extra: Record<string, unknown> = {}): Promise<FeatureImportReport> {
  const r = await services.dispatch('features.import', { path, ...extra });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.result as FeatureImportReport;
}

describe('features.import', () => {
  it('matches by stem, file name and content hash; reports ambiguous, unknown and wrong-length keys', async () => {
    const path = join(dir, 'lab.csv');
    writeFeatureCsv(path, [
      { key: 'a', frames: clip['s1/a.wav'].frames, data: matrix(clip['s1/a.wav'].frames, 1) }, // stem
      { key: 'b.flac', frames: clip['s1/b.flac'].frames + 1, data: matrix(clip['s1/b.flac'].frames + 1, 2) }, // file name, 1 frame of slack
      { key: 'c'.repeat(64), frames: clip['s1/same.wav'].frames, data: matrix(clip['s1/same.wav'].frames, 3) }, // hash
      { key: 'same', frames: clip['s2/same.wav'].frames, data: matrix(clip['s2/same.wav'].frames, 4) }, // ambiguous stem
      { key: 'nobody', frames: 5, data: matrix(5, 5) },
      { key: 'd'.repeat(64), frames: 40, data: matrix(40, 6) }, // right clip, wrong length
    ]);
    const report = await importFile(path);
    expect(report).toMatchObject({ file: 'lab.csv', format: 'csv', entries: 6, imported: 3, replaced: 0, unchanged: 0 });
    expect(report.unmatched.map((u) => u.key)).toEqual(['same', 'nobody', 'd'.repeat(64)]);
    expect(report.unmatched[0].reason).toMatch(/^2 clips share this name \(ids \d+, \d+\); key them by content hash/);
    expect(report.unmatched[1].reason).toMatch(/^no clip with this file name or stem/);
    expect(report.unmatched[2].reason).toBe(`40 frames, but same.wav (1.50 s) gives ${clip['s2/same.wav'].frames} frames of 10 ms: computed from another recording?`);

    const a = repo.get(clip['s1/a.wav'].id, FEATURE_SPEC_ID, 'imported-csv')!;
    expect(Array.from(a.data)).toEqual(Array.from(matrix(clip['s1/a.wav'].frames, 1)));
    expect(a.extractorVersion).toBe('csv:lab.csv');
    expect(repo.get(clip['s1/same.wav'].id, FEATURE_SPEC_ID, 'imported-csv')!.frames).toBe(clip['s1/same.wav'].frames);
    expect(repo.get(clip['s2/same.wav'].id, FEATURE_SPEC_ID, 'imported-csv')).toBeUndefined();

    const audit = services.ctx.project.audit.list({ entity: 'features' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'import', actor: 'user' });
  });

  it('keeps existing matrices unless asked to replace them', async () => {
    const path = join(dir, 'again.csv');
    writeFeatureCsv(path, [{ key: 'a', frames: clip['s1/a.wav'].frames, data: matrix(clip['s1/a.wav'].frames, 9) }]);
    expect(await importFile(path)).toMatchObject({ imported: 0, unchanged: 1 });
    expect(repo.get(clip['s1/a.wav'].id, FEATURE_SPEC_ID, 'imported-csv')!.data[0]).toBe(Math.fround(Math.cos(1)));
    expect(await importFile(path, { replace: true })).toMatchObject({ imported: 0, replaced: 1 });
    expect(repo.get(clip['s1/a.wav'].id, FEATURE_SPEC_ID, 'imported-csv')!.data[0]).toBe(Math.fround(Math.cos(9)));
    expect(repo.count(FEATURE_SPEC_ID, 'imported-csv')).toBe(3);
  });

  it('refuses a bad file as a whole through the API, with a message naming file, line and column, and writes nothing', async () => {
    const before = repo.count();
    const path = join(dir, 'bad.csv');
    writeFeatureCsv(path, [{ key: 'b', frames: 2, data: matrix(2, 1) }]);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/\n(b,[^,]*),[^,]*,/, '\n$1,oops,'));
    const r = await services.dispatch('features.import', { path });
    expect(r).toEqual({ ok: false, status: 422, error: { code: 'features-file-invalid', message: 'bad.csv line 2, column "VUV": "oops" is not a number.' } });
    const wrongExt = await services.dispatch('features.import', { path: join(dir, 'p.sqlite') });
    expect(wrongExt.ok).toBe(false);
    expect(!wrongExt.ok && wrongExt.error.message).toMatch(/p\.sqlite: unknown feature file type "\.sqlite"/);
    const missing = await services.dispatch('features.import', { path: join(dir, 'nope.csd') });
    expect(!missing.ok && missing.error.code).toBe('features-file-not-found');
    expect(repo.count()).toBe(before);
  });

  it('imports a .csd keyed by content hash as its own source, and exports/re-reads through the API', async () => {
    const path = join(dir, 'lab.csd');
    const b = clip['s1/b.flac'];
    await writeCsd(path, [{ key: b.hash, frames: b.frames, data: matrix(b.frames, 7) }], { rootName: 'LAB_COVAREP' });
    expect(await importFile(path)).toMatchObject({ format: 'csd', sequence: 'LAB_COVAREP', imported: 1, unmatched: [] });
    expect(repo.get(b.id, FEATURE_SPEC_ID, 'imported-csd')!.extractorVersion).toBe('csd:lab.csd');

    const out = join(dir, 'out.csv');
    const exported = await services.dispatch('features.export', { path: out, format: 'csv', source: 'imported-csv' });
    expect(exported).toEqual({ ok: true, result: { path: out, clips: 3 } });
    const twice = await services.dispatch('features.export', { path: out, format: 'csv' });
    expect(!twice.ok && twice.error.code).toBe('features-export-exists');
    const back = readFeatureCsv(out);
    // Stems that repeat in the project (same.wav in s1 and s2) are written as content hashes.
    expect(back.entries.map((e) => e.key).sort()).toEqual(['a', 'b', 'c'.repeat(64)].sort());
  });
});
