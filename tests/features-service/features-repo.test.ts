// migrations/0002_features.sql and FeaturesRepo on a real project file: float32 blobs round-trip bit for
// bit, the unique key makes inserts idempotent, the schema refuses malformed rows, errors are per clip.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_COUNT, FEATURE_SPEC_ID } from '../../src-main/contract/feature-spec';
import { FeaturesRepo } from '../../src-main/db/features-repo';
import { openProjectDb, type ProjectDb } from '../../src-main/db/project-db';

let dir: string;
let project: ProjectDb;
let repo: FeaturesRepo;
const clipIds: number[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'features-repo-'));
  project = openProjectDb(join(dir, 'p.sqlite'), { create: true });
  repo = new FeaturesRepo(project.db);
  for (let i = 0; i < 3; i++) {
    clipIds.push(project.clips.insert({
      contentHash: String(i).repeat(64), originalPath: `/x/${i}.wav`, fileName: `${i}.wav`, durationS: 1, sampleRate: 16000,
      originalSampleRate: 16000, channels: 1, speakerId: 's', importedAt: new Date().toISOString(), importJobId: null,
    }).id);
  }
});
afterAll(() => {
  project.close();
  rmSync(dir, { recursive: true, force: true });
});

const matrix = (frames: number): Float32Array => new Float32Array(frames * FEATURE_COUNT).map((_, i) => Math.fround(Math.sin(i) * 100));

describe('FeaturesRepo', () => {
  it('stores a float32 matrix with its present mask and reads it back bit for bit', () => {
    const data = matrix(7);
    data[3] = Number.NEGATIVE_INFINITY;
    const present = Array.from({ length: FEATURE_COUNT }, (_, c) => c !== 10);
    for (let k = 0; k < 7; k++) data[k * FEATURE_COUNT + 10] = Number.NaN;
    expect(repo.insertIfAbsent({ clipId: clipIds[0], featureSpec: FEATURE_SPEC_ID, source: 'extracted', frames: 7, columns: FEATURE_COUNT, data, present, extractorVersion: 't', elapsedMs: 12.5 })).toBe(true);
    const back = repo.get(clipIds[0], FEATURE_SPEC_ID, 'extracted')!;
    expect(back.frames).toBe(7);
    expect(back.present).toEqual(present);
    expect(back.elapsedMs).toBe(12.5);
    expect(Buffer.from(back.data.buffer).equals(Buffer.from(data.buffer))).toBe(true);
  });

  it('never duplicates a (clip, spec, source) row; another source of the same clip is a separate row', () => {
    const f = { clipId: clipIds[1], featureSpec: FEATURE_SPEC_ID, source: 'extracted' as const, frames: 2, columns: FEATURE_COUNT, data: matrix(2), present: new Array<boolean>(FEATURE_COUNT).fill(true), extractorVersion: 't' };
    expect(repo.insertIfAbsent(f)).toBe(true);
    expect(repo.insertIfAbsent(f)).toBe(false);
    expect(repo.insertIfAbsent({ ...f, source: 'imported-csd' })).toBe(true);
    expect(repo.count(FEATURE_SPEC_ID)).toBe(3);
    const n = project.db.prepare('SELECT COUNT(*) AS n FROM features WHERE clip_id = ?').get(clipIds[1]) as { n: number };
    expect(n.n).toBe(2);
    expect(() => project.db.prepare(`INSERT INTO features (clip_id, feature_spec, source, frames, columns, data, present, extractor_version, created_at)
      VALUES (?, ?, 'extracted', 2, 74, ?, ?, 'x', 'now')`).run(clipIds[1], FEATURE_SPEC_ID, Buffer.alloc(2 * 74 * 4), '1'.repeat(74))).toThrow(/UNIQUE/);
  });

  it('refuses rows whose blob length, mask or source do not fit the schema', () => {
    const ins = project.db.prepare(`INSERT INTO features (clip_id, feature_spec, source, frames, columns, data, present, extractor_version, created_at)
      VALUES (?, 'other-spec', ?, ?, 74, ?, ?, 'x', 'now')`);
    expect(() => ins.run(clipIds[2], 'extracted', 2, Buffer.alloc(10), '1'.repeat(74))).toThrow(/CHECK/);
    expect(() => ins.run(clipIds[2], 'extracted', 1, Buffer.alloc(296), '1'.repeat(73))).toThrow(/CHECK/);
    expect(() => ins.run(clipIds[2], 'extracted', 1, Buffer.alloc(296), '2'.repeat(74))).toThrow(/CHECK/);
    expect(() => ins.run(clipIds[2], 'guessed', 1, Buffer.alloc(296), '1'.repeat(74))).toThrow(/CHECK/);
  });

  it('lists clips needing extraction: no extracted row and no recorded failure; errors can be cleared for a retry', () => {
    expect(repo.clipsNeedingExtraction(FEATURE_SPEC_ID)).toEqual([clipIds[2]]);
    repo.recordError({ clipId: clipIds[2], featureSpec: FEATURE_SPEC_ID, message: 'boom', extractorVersion: 't', jobId: null });
    repo.recordError({ clipId: clipIds[2], featureSpec: FEATURE_SPEC_ID, message: 'boom again', extractorVersion: 't', jobId: null });
    expect(repo.errors(FEATURE_SPEC_ID).map((e) => e.message)).toEqual(['boom again']);
    expect(repo.clipsNeedingExtraction(FEATURE_SPEC_ID)).toEqual([]);
    expect(repo.clearErrors(FEATURE_SPEC_ID)).toBe(1);
    expect(repo.clipsNeedingExtraction(FEATURE_SPEC_ID)).toEqual([clipIds[2]]);
  });

  it('deletes only extracted matrices for a redo, so the clip needs extraction again', () => {
    const f = { clipId: clipIds[1], featureSpec: FEATURE_SPEC_ID, frames: 1, columns: FEATURE_COUNT, data: matrix(1), present: new Array<boolean>(FEATURE_COUNT).fill(true), extractorVersion: 't' };
    expect(repo.deleteExtracted(FEATURE_SPEC_ID, [clipIds[1]])).toBe(1);
    expect(repo.get(clipIds[1], FEATURE_SPEC_ID, 'imported-csd')).toBeDefined();
    expect(repo.clipsNeedingExtraction(FEATURE_SPEC_ID)).toEqual([clipIds[1], clipIds[2]]);
    expect(repo.insertIfAbsent({ ...f, source: 'extracted' })).toBe(true);
  });

  it('deletes a clip\'s features and errors with the clip', () => {
    repo.recordError({ clipId: clipIds[2], featureSpec: FEATURE_SPEC_ID, message: 'x', extractorVersion: 't', jobId: null });
    project.db.prepare('DELETE FROM clips WHERE id IN (?, ?)').run(clipIds[1], clipIds[2]);
    expect(repo.count()).toBe(1);
    expect(repo.errors()).toEqual([]);
  });
});
