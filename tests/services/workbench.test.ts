// Workbench services (issue 7) on a real project file: labels with not-rateable/comment, blind mode,
// queues, progress, assignments, gold clips, hidden repeats, flags, adjudication, consensus export,
// training-set definitions, audit viewer and the tamper-evident hash chain.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src-main/services/index';
import { missingHandlers } from '../../src-main/services/handlers';
import type { EmotionValues } from '../../src-main/contract/emotions';
import type { ClipRatings, ConsensusRow, QueueItem, QueueProgress, RaterQuality, TrainingSetInfo } from '../../src-main/contract/methods/workbench';
import type { AuditEntry, Label } from '../../src-main/contract/api';

const dir = mkdtempSync(join(tmpdir(), 'ew-workbench-'));
const path = join(dir, 'wb.sqlite');
let s: Services;
let ana: number, ben: number, cleo: number;
const clipIds: number[] = [];

const v = (happy: number, sad = 0, anger = 0, surprise = 0, disgust = 0, fear = 0): EmotionValues => ({ happy, sad, anger, surprise, disgust, fear });

async function call<T>(method: string, req: unknown): Promise<T> {
  const out = await s.dispatch(method, req);
  if (!out.ok) throw new Error(`${out.error.code}: ${out.error.message}`);
  return out.result as T;
}
async function fails(method: string, req: unknown): Promise<string> {
  const out = await s.dispatch(method, req);
  if (out.ok) throw new Error(`${method} unexpectedly succeeded`);
  return out.error.code;
}

beforeAll(async () => {
  s = createServices(path);
  const p = s.ctx.project;
  p.write(() => {
    for (let i = 1; i <= 10; i++) {
      clipIds.push(p.clips.insert({
        contentHash: i.toString(16).padStart(64, '0'), originalPath: `/data/S${i % 3}/clip${i}.wav`, fileName: `clip${i}.wav`,
        durationS: 2, sampleRate: 16000, originalSampleRate: 16000, channels: 1, speakerId: `S${i % 3}`,
        importedAt: '2026-01-01T00:00:00.000Z', importJobId: null,
      }).id);
    }
  });
  ana = (await call<{ id: number }>('annotators.create', { name: 'Ana' })).id;
  ben = (await call<{ id: number }>('annotators.create', { name: 'Ben' })).id;
  cleo = (await call<{ id: number }>('annotators.create', { name: 'Cleo' })).id;
});
afterAll(async () => { await s.close(); rmSync(dir, { recursive: true, force: true }); });

describe('contract coverage and validation', () => {
  it('every method of the contract has a handler', () => {
    expect(missingHandlers()).toEqual([]);
  });
  it('validates before the handler runs: nothing is written for an invalid request', async () => {
    expect(await fails('labels.save', { clipId: clipIds[0], annotatorId: ana, values: v(4) })).toBe('invalid-request');
    expect(await fails('labels.save', { clipId: clipIds[0], annotatorId: ana, values: v(1), notRateable: 'bored' })).toBe('invalid-request');
    expect(await call<Label[]>('labels.history', { clipId: clipIds[0] })).toEqual([]);
  });
});

describe('labels', () => {
  it('appends versions with not-rateable reason and comment; identical autosaves add nothing', async () => {
    const c = clipIds[0];
    await call('labels.save', { clipId: c, annotatorId: ana, values: v(2, 1) });
    await call('labels.save', { clipId: c, annotatorId: ana, values: v(2, 1) });
    await call('labels.save', { clipId: c, annotatorId: ana, values: v(3, 1), comment: 'laughs at the end' });
    const nr = await call<Label>('labels.save', { clipId: c, annotatorId: ana, values: v(1), notRateable: 'noise' });
    expect(nr).toMatchObject({ version: 3, notRateable: 'noise', values: v(0) });
    const history = await call<Label[]>('labels.history', { clipId: c });
    expect(history.map((l) => [l.version, l.values.happy, l.comment, l.notRateable])).toEqual([[1, 2, null, null], [2, 3, 'laughs at the end', null], [3, 0, null, 'noise']]);
    // Back to rateable: the newest version counts again.
    await call('labels.save', { clipId: c, annotatorId: ana, values: v(3, 1) });
  });
});

describe('blind mode and roles', () => {
  it('hides other raters\u2019 values from a rater, not from an adjudicator', async () => {
    const c = clipIds[1];
    await call('labels.save', { clipId: c, annotatorId: ana, values: v(0, 3) });
    await call('labels.save', { clipId: c, annotatorId: ben, values: v(0, 1) });
    expect((await call<ClipRatings>('labels.forClip', { clipId: c, annotatorId: ana })).ratings).toHaveLength(2);
    await call('workbench.setSettings', { blindMode: true, actorId: cleo });
    const blind = await call<ClipRatings>('labels.forClip', { clipId: c, annotatorId: ana });
    expect(blind.ratings.map((r) => r.annotator)).toEqual(['Ana']);
    expect(blind.disagreement).toBe(0);
    expect(await fails('labels.history', { clipId: c })).toBe('blind-mode');
    expect((await call<Label[]>('labels.history', { clipId: c, annotatorId: ben })).every((l) => l.annotatorId === ben)).toBe(true);
    await call('annotators.setRole', { annotatorId: cleo, role: 'adjudicator', actorId: cleo });
    const adj = await call<ClipRatings>('labels.forClip', { clipId: c, annotatorId: cleo });
    expect(adj.ratings.map((r) => r.annotator)).toEqual(['Ana', 'Ben']);
    expect(adj.disagreement).toBe(2);
    await call('workbench.setSettings', { blindMode: false, actorId: cleo });
  });
});

describe('queues and progress', () => {
  it('orders unlabelled first, by speaker, seeded random, needs-my-rating; assignments limit the scope', async () => {
    const unl = await call<QueueItem[]>('queue.list', { annotatorId: ana, mode: 'unlabelled-first' });
    expect(unl.slice(-2).map((i) => i.clipId)).toEqual([clipIds[0], clipIds[1]]);
    expect(unl).toHaveLength(10);
    const needs = await call<QueueItem[]>('queue.list', { annotatorId: ana, mode: 'needs-my-rating' });
    expect(needs.map((i) => i.clipId)).toEqual(clipIds.slice(2));
    const r1 = await call<QueueItem[]>('queue.list', { annotatorId: ana, mode: 'random', seed: 7 });
    const r2 = await call<QueueItem[]>('queue.list', { annotatorId: ana, mode: 'random', seed: 7 });
    const r3 = await call<QueueItem[]>('queue.list', { annotatorId: ana, mode: 'random', seed: 8 });
    expect(r1).toEqual(r2);
    expect(r1.map((i) => i.clipId)).not.toEqual(r3.map((i) => i.clipId));
    expect(r1.map((i) => i.clipId).sort((a, b) => a - b)).toEqual(clipIds);
    const bySpeaker = await call<QueueItem[]>('queue.list', { annotatorId: ana, mode: 'by-speaker' });
    const speakers = bySpeaker.map((i) => s.ctx.project.clips.get(i.clipId)!.speakerId);
    expect(speakers).toEqual([...speakers].sort());
    const s1 = await call<QueueItem[]>('queue.list', { annotatorId: ana, mode: 'unlabelled-first', speakerId: 'S1' });
    expect(s1.every((i) => s.ctx.project.clips.get(i.clipId)!.speakerId === 'S1')).toBe(true);

    await call('assignments.set', { annotatorId: ben, clipIds: [clipIds[1], clipIds[2], clipIds[3]], actorId: cleo });
    expect((await call<QueueItem[]>('queue.list', { annotatorId: ben, mode: 'needs-my-rating' })).map((i) => i.clipId)).toEqual([clipIds[2], clipIds[3]]);
    expect(await call<QueueProgress>('queue.progress', { annotatorId: ben })).toMatchObject({ labelled: 1, total: 3 });
  });

  it('measures clips per hour from the times labels were first saved (idle gaps excluded)', () => {
    const p = s.ctx.project;
    const dave = p.write(() => p.annotators.insert('Dave'));
    const t0 = Date.parse('2026-02-01T09:00:00.000Z');
    // 5 clips 30 s apart (2 minutes of work for 4 intervals = 120 clips/hour), then a 2-hour break, then one more.
    const times = [0, 30, 60, 90, 120, 7320].map((sec) => new Date(t0 + sec * 1000).toISOString());
    p.write(() => times.forEach((t, i) => p.labels.append(clipIds[4 + i], dave.id, v(1), {}, t)));
    return call<QueueProgress>('queue.progress', { annotatorId: dave.id }).then((pr) => {
      expect(pr).toMatchObject({ labelled: 6, total: 10, clipsPerHour: 120 });
    });
  });

  it('lists disagreement and flagged clips', async () => {
    const dis = await call<QueueItem[]>('queue.list', { annotatorId: ana, mode: 'disagreement' });
    expect(dis.map((i) => i.clipId)).toContain(clipIds[1]);
    const flag = await call<{ id: number }>('flags.add', { clipId: clipIds[4], annotatorId: ana, reason: 'speaker is whispering' });
    expect((await call<QueueItem[]>('queue.list', { annotatorId: ana, mode: 'flagged' })).map((i) => i.clipId)).toEqual([clipIds[4]]);
    await call('flags.resolve', { flagId: flag.id, annotatorId: cleo });
    expect(await call<QueueItem[]>('queue.list', { annotatorId: ana, mode: 'flagged' })).toEqual([]);
  });
});

describe('gold clips and hidden repeats', () => {
  it('plans repeats that appear in the queue, stores their ratings apart from labels, and reports rater quality', async () => {
    await call('gold.set', { clipId: clipIds[0], values: v(3, 1), actorId: cleo });
    const planned = await call<{ planned: number }>('repeats.plan', { annotatorId: ana, fraction: 1, seed: 3, actorId: cleo });
    expect(planned.planned).toBe(2); // Ana has rateable labels on clips 1 and 2
    const queue = await call<QueueItem[]>('queue.list', { annotatorId: ana, mode: 'needs-my-rating' });
    const repeats = queue.filter((i) => i.repeatId !== null);
    expect(repeats.map((r) => r.clipId).sort()).toEqual([clipIds[0], clipIds[1]]);
    expect(queue.findIndex((i) => i.repeatId !== null)).toBeGreaterThanOrEqual(3);
    const before = await call<Label[]>('labels.history', { clipId: clipIds[0] });
    for (const r of repeats) {
      const values = r.clipId === clipIds[0] ? v(3, 1) : v(0, 2);
      const saved = await call<Label>('labels.save', { clipId: r.clipId, annotatorId: ana, values, repeatId: r.repeatId });
      expect(saved.version).toBe(0);
    }
    expect(await call<Label[]>('labels.history', { clipId: clipIds[0] })).toEqual(before);
    expect((await call<QueueItem[]>('queue.list', { annotatorId: ana, mode: 'needs-my-rating' })).some((i) => i.repeatId !== null)).toBe(false);
    const quality = (await call<RaterQuality[]>('raters.quality', {})).find((q) => q.annotator === 'Ana')!;
    expect(quality).toMatchObject({ goldClips: 1, goldMae: 0, goldExactRate: 1, repeats: 2 });
    expect(quality.repeatMae).toBeCloseTo(1 / 12, 4); // one emotion off by 1 on one of two clips
  });
});

describe('adjudication, consensus and training sets', () => {
  it('an adjudication replaces the mean in the consensus export; the training set records its rules and freezes its labels', async () => {
    const c = clipIds[1]; // Ana sad 3, Ben sad 1 → mean 2, disagreement 2
    let consensus = await call<ConsensusRow[]>('consensus.list', {});
    expect(consensus.find((r) => r.clipId === c)).toMatchObject({ values: v(0, 2), raterCount: 2, source: 'mean', agreement: 'disagree', disagreement: 2 });
    expect(await fails('adjudication.save', { clipId: c, adjudicatorId: ana, values: v(0, 1) })).toBe('not-adjudicator');
    const queue = await call<ClipRatings[]>('adjudication.queue', { annotatorId: cleo });
    expect(queue.map((q) => q.clipId)).toContain(c);
    const set1 = await call<TrainingSetInfo>('trainingSets.create', { name: 'before adjudication', definition: { minRaters: 2 }, actorId: cleo });
    expect(set1.definition).toEqual({ minRaters: 2, requireAgreement: false, excludeFlagged: true, useAdjudication: true, useGold: false });

    await call('adjudication.save', { clipId: c, adjudicatorId: cleo, values: v(0, 3), note: 'clearly sad' });
    consensus = await call<ConsensusRow[]>('consensus.list', {});
    expect(consensus.find((r) => r.clipId === c)).toMatchObject({ values: v(0, 3), source: 'adjudicated', agreement: 'adjudicated' });
    const csv = (await call<{ text: string }>('labels.export', { kind: 'consensus', format: 'csv' })).text.split('\r\n');
    expect(csv[0]).toBe('clip_id,file_name,speaker_id,happy,sad,anger,surprise,disgust,fear,rater_count,source,disagreement,agreement');
    expect(csv.find((l) => l.startsWith(`${c},`))).toBe(`${c},clip2.wav,S2,0,3,0,0,0,0,2,adjudicated,2,adjudicated`);
    const json = JSON.parse((await call<{ text: string }>('labels.export', { kind: 'raters', format: 'json' })).text);
    expect(json.filter((r: { clip_id: number }) => r.clip_id === c).map((r: { annotator: string; sad: number }) => [r.annotator, r.sad])).toEqual([['Ana', 3], ['Ben', 1]]);

    const set2 = await call<TrainingSetInfo>('trainingSets.create', { name: 'after', definition: { minRaters: 2 }, actorId: cleo });
    const items1 = s.ctx.project.workbench.trainingItems(set1.id).find((i) => i.clipId === c)!;
    const items2 = s.ctx.project.workbench.trainingItems(set2.id).find((i) => i.clipId === c)!;
    expect([items1.values.sad, items1.source, items2.values.sad, items2.source]).toEqual([2, 'mean', 3, 'adjudicated']);
    expect((await call<TrainingSetInfo[]>('trainingSets.list', {})).map((t) => t.name)).toEqual(['before adjudication', 'after']);
  });
});

describe('audit trail', () => {
  it('filters, exports CSV, and its hash chain verifies', async () => {
    const labelRows = await call<AuditEntry[]>('audit.query', { entity: 'label', actor: 'Ana' });
    expect(labelRows.length).toBeGreaterThan(3);
    expect(labelRows.every((r) => r.entity === 'label' && r.actor === 'Ana')).toBe(true);
    const adj = await call<AuditEntry[]>('audit.query', { entity: 'adjudication' });
    expect(adj[0]).toMatchObject({ actor: 'Cleo', action: 'create', after: { values: v(0, 3), note: 'clearly sad' } });
    const csv = (await call<{ text: string; fileName: string }>('audit.exportCsv', { entity: 'settings' }));
    expect(csv.fileName).toMatch(/^audit-\d{4}-\d\d-\d\d\.csv$/);
    expect(csv.text.split('\r\n')[0]).toBe('id,at,actor,action,entity,entity_id,before,after');
    expect(csv.text).toContain('"{""blindMode"":true');
    expect(await call('audit.verify', {})).toMatchObject({ ok: true, firstBadId: null });
  });

  it('detects a tampered and a deleted row', async () => {
    await s.close();
    const raw = new Database(path);
    raw.exec('DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;');
    const target = raw.prepare("SELECT id, actor FROM audit_log WHERE entity = 'label' ORDER BY id LIMIT 1 OFFSET 2").get() as { id: number; actor: string };
    raw.prepare("UPDATE audit_log SET actor = 'Mallory' WHERE id = ?").run(target.id);
    raw.close();
    s = createServices(path);
    const tampered = await call<{ ok: boolean; firstBadId: number; problem: string }>('audit.verify', {});
    expect(tampered).toMatchObject({ ok: false, firstBadId: target.id });
    expect(tampered.problem).toMatch(/modified/);
    await s.close();

    const raw2 = new Database(path);
    raw2.prepare('UPDATE audit_log SET actor = ? WHERE id = ?').run(target.actor, target.id);
    raw2.prepare('DELETE FROM audit_log WHERE id = ?').run(target.id + 1);
    raw2.close();
    s = createServices(path);
    expect(await call('audit.verify', {})).toMatchObject({ ok: false, firstBadId: target.id + 2 });
  });
});
