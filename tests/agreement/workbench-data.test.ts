// The agreement service on the workbench schema (migrations/0004_workbench.sql): "not rateable" labels
// are missing values, gold clips give accuracy, rated hidden repeats give intra-rater consistency against
// the label the rater had when the repeat was rated. Rows are written with plain SQL on a real file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMOTIONS } from '../../src-main/contract/emotions';
import type { AgreementReport } from '../../src-main/contract/methods/agreement';
import { openProjectDb, type ProjectDb } from '../../src-main/db/project-db';
import { computeProjectAgreement } from '../../src-main/services/agreement/agreement-service';
import { alphaByPairs } from './support/reference';

const dir = mkdtempSync(join(tmpdir(), 'ew-agreement-wb-'));
let project: ProjectDb;
let report: AgreementReport;
let ana = 0;
let ben = 0;

// Current (last) values per clip; clip 5: Ben's current label is "not rateable".
const ANA = [[0, 1, 2, 3, 0, 1], [1, 1, 1, 1, 1, 1], [3, 0, 0, 2, 0, 0], [2, 2, 0, 0, 1, 0], [0, 0, 3, 0, 0, 2]];
const BEN = [[0, 1, 2, 2, 0, 1], [1, 2, 1, 1, 0, 1], [3, 0, 1, 2, 0, 0], [2, 3, 0, 0, 1, 0], null];

beforeAll(() => {
  project = openProjectDb(join(dir, 'wb.sqlite'), { create: true });
  const db = project.db;
  const cols = EMOTIONS.join(', ');
  const insertLabel = db.prepare(`INSERT INTO labels (clip_id, annotator_id, version, created_at, not_rateable, ${cols}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  project.write(() => {
    ana = Number(db.prepare("INSERT INTO annotators (name, created_at) VALUES ('Ana', 't')").run().lastInsertRowid);
    ben = Number(db.prepare("INSERT INTO annotators (name, created_at) VALUES ('Ben', 't')").run().lastInsertRowid);
    for (let c = 1; c <= 5; c++) {
      db.prepare(`INSERT INTO clips (content_hash, original_path, file_name, duration_s, sample_rate, original_sample_rate, channels, speaker_id, imported_at)
        VALUES (?, ?, ?, 2, 16000, 16000, 1, 's1', 't')`).run(String(c).padStart(64, '0'), `/d/${c}.wav`, `${c}.wav`);
    }
    ANA.forEach((v, i) => insertLabel.run(i + 1, ana, 1, '2026-11-23T10:00:00.000Z', null, ...v));
    BEN.forEach((v, i) => {
      if (v) {
        // Clip 1: first "not rateable", then rated: the rating counts.
        if (i === 0) insertLabel.run(1, ben, 1, '2026-11-23T10:00:00.000Z', 'noise', 0, 0, 0, 0, 0, 0);
        insertLabel.run(i + 1, ben, i === 0 ? 2 : 1, '2026-11-23T10:01:00.000Z', null, ...v);
      } else {
        // Clip 5: first rated, then "not rateable": excluded, the earlier rating does not count.
        insertLabel.run(5, ben, 1, '2026-11-23T10:00:00.000Z', null, 3, 3, 3, 3, 3, 3);
        insertLabel.run(5, ben, 2, '2026-11-23T10:01:00.000Z', 'no-speech', 0, 0, 0, 0, 0, 0);
      }
    });
    // Gold clips 2 and 3.
    db.prepare(`INSERT INTO gold_clips (clip_id, ${cols}, created_at) VALUES (2, 1, 1, 1, 1, 1, 1, 't'), (3, 3, 0, 0, 3, 0, 0, 't')`).run();
    // Ana's hidden repeat of clip 3, rated at 11:00; she changes her clip-3 label at 12:00 (version 2).
    db.prepare(`INSERT INTO hidden_repeats (clip_id, annotator_id, created_at, ${cols}, rated_at) VALUES (3, ?, 't', 3, 1, 0, 2, 0, 0, '2026-11-23T11:00:00.000Z')`).run(ana);
    insertLabel.run(3, ana, 2, '2026-11-23T12:00:00.000Z', null, 0, 0, 0, 0, 0, 0);
    // Not counted: an unrated repeat and a "not rateable" repeat.
    db.prepare(`INSERT INTO hidden_repeats (clip_id, annotator_id, created_at) VALUES (1, ?, 't')`).run(ana);
    db.prepare(`INSERT INTO hidden_repeats (clip_id, annotator_id, created_at, not_rateable, rated_at) VALUES (2, ?, 't', 'noise', '2026-11-23T11:00:00.000Z')`).run(ben);
  });
  ANA[2] = [0, 0, 0, 0, 0, 0]; // Ana's current clip-3 label
  report = computeProjectAgreement({ project }, { bootstrap: 0 });
});
afterAll(() => {
  project?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('agreement on the workbench schema', () => {
  it('treats "not rateable" as missing and uses only current versions', () => {
    expect(report.notRateableExcluded).toBe(1);
    const happy = report.scopes[0];
    expect(happy.clips).toBe(4);
    const units = ANA.map((a, i) => [a[0], BEN[i]?.[0] ?? null]);
    expect(happy.alphaInterval.value!).toBeCloseTo(alphaByPairs(units, 'interval'), 10);
    const pooled = ANA.flatMap((a, i) => a.map((v, e) => [v, BEN[i]?.[e] ?? null]));
    expect(report.scopes[6].alphaInterval.value!).toBeCloseTo(alphaByPairs(pooled, 'interval'), 10);
  });

  it('gold accuracy: MAE and exact-match rate per rater on the gold clips', () => {
    const a = report.gold.find((g) => g.rater.name === 'Ana')!;
    expect(a.clips).toBe(2);
    // clip 2: Ana = gold exactly; clip 3: Ana now all 0 vs gold (3,0,0,3,0,0): |3|+|3| = 6 over 12 cells.
    expect(a.mae.overall).toBeCloseTo(6 / 12, 12);
    expect(a.exactRate.overall).toBeCloseTo(10 / 12, 12);
    const b = report.gold.find((g) => g.rater.name === 'Ben')!;
    // clip 2: (1,2,1,1,0,1) vs 1s → 2 off by one; clip 3: (3,0,1,2,0,0) vs (3,0,0,3,0,0) → 2 off by one.
    expect(b.mae.overall).toBeCloseTo(4 / 12, 12);
    expect(b.exactRate.overall).toBeCloseTo(8 / 12, 12);
    expect(b.mae.sad).toBeCloseTo(1 / 2, 12);
  });

  it('intra-rater: the repeat is compared with the label the rater had when rating it', () => {
    expect(report.intraRater.map((r) => r.rater.name)).toEqual(['Ana']);
    const overall = report.intraRater[0].scopes.find((s) => s.scope === 'overall')!;
    expect(overall.pairs).toBe(1);
    // Version 1 of clip 3 (3,0,0,2,0,0) vs repeat (3,1,0,2,0,0): 5 of 6 equal. (Version 2 would give 3 of 6.)
    expect(overall.exactRate).toBeCloseTo(5 / 6, 12);
    expect(report.notes.join(' ')).not.toMatch(/no hidden repeats|no gold clips/);
  });
});
