// Import through the real services: job runner, worker thread, decoder, project file.
import { mkdtempSync, rmSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src-main/services/index';
import { ravdessClip, ravdessRoot } from '../support/paths';
import { RAVDESS_FIVE, copyRavdess, mp3Bytes, sine, wavBytes, writeBadInputs } from '../support/audio-files';
import type { JobInfo } from '../../src-main/contract/api';

const dir = mkdtempSync(join(tmpdir(), 'ew-import-'));
let s: Services;

async function call<T>(method: string, req: unknown): Promise<T> {
  const out = await s.dispatch(method, req);
  if (!out.ok) throw new Error(`${out.error.code}: ${out.error.message}`);
  return out.result as T;
}
async function runImport(req: Record<string, unknown>): Promise<JobInfo & { result?: unknown }> {
  const { jobId } = await call<{ jobId: number }>('import.start', req);
  await s.ctx.jobs.wait(jobId);
  return s.ctx.project.jobs.get(jobId)! as JobInfo & { result?: unknown };
}

beforeAll(() => { s = createServices(join(dir, 'p.sqlite'), { mode: 'browser' }); });
afterAll(async () => { await s.close(); rmSync(dir, { recursive: true, force: true }); });

describe('import', () => {
  it('imports good RAVDESS files (plus a stereo 44.1 kHz WAV and a 22.05 kHz MP3, embedded on request) and gives each bad file its own clear error; nothing crashes', async () => {
    const bad = writeBadInputs(dir);
    const good = RAVDESS_FIVE.map(([a, stem]) => ravdessClip(a, stem));
    // A stereo 44.1 kHz WAV in its own speaker folder: mixed to mono, resampled, speaker from the folder.
    const stereo = join(dir, 'stereo', 'Speaker_X', 'tone.wav');
    mkdirSync(join(dir, 'stereo', 'Speaker_X'), { recursive: true });
    writeFileSync(stereo, wavBytes(sine(1.2, 44100, 300), 44100, 2));
    // A real MP3 at 22.05 kHz (encoded with lamejs): decoded by the MP3 decoder and resampled.
    writeFileSync(join(dir, 'stereo', 'Speaker_X', 'voice.mp3'), await mp3Bytes(sine(1.5, 22050, 440), 22050));
    const events: string[] = [];
    const off = s.onEvent((e) => { if (e.type === 'job') events.push(e.job.state); });
    const job = await runImport({ paths: [...good, join(dir, 'bad'), join(dir, 'stereo')], embedAudio: true });
    off();
    expect(job.state).toBe('done');
    expect(job.result).toMatchObject({ imported: 7, failed: 5, duplicates: 0 });
    const reasons = Object.fromEntries(job.errors.map((e) => [e.file, e.reason]));
    expect(reasons[bad.truncated]).toMatch(/truncated FLAC file/);
    expect(reasons[bad.pdf]).toBe('not an audio file (found PDF header)');
    expect(reasons[bad.empty]).toBe('the file is empty (0 bytes)');
    expect(reasons[bad.short]).toMatch(/too short \(0\.10 s; at least 0\.5 s/);
    expect(reasons[bad.silent]).toMatch(/silent/);
    expect(job.message).toMatch(/Imported 7 clips; 5 failed/);
    expect(events).toContain('running');
    expect(events.at(-1)).toBe('done');

    const clips = await call<Array<{ id: number; fileName: string; speakerId: string; durationS: number }>>('clips.list', {});
    expect(clips).toHaveLength(7);
    expect(clips.map((c) => c.speakerId).sort()).toEqual(['Actor_01', 'Actor_01', 'Actor_01', 'Actor_02', 'Actor_02', 'Speaker_X', 'Speaker_X']);
    const mp3 = s.ctx.project.clips.get(clips.find((c) => c.fileName === 'voice.mp3')!.id)!;
    expect(mp3).toMatchObject({ originalSampleRate: 22050, channels: 1, sampleRate: 16000 });
    expect(mp3.durationS).toBeGreaterThan(1.45); // encoder/decoder padding may add a few ms
    expect(mp3.durationS).toBeLessThan(1.6);
    const tone = clips.find((c) => c.fileName === 'tone.wav')!;
    expect(s.ctx.project.clips.get(tone.id)).toMatchObject({ originalSampleRate: 44100, channels: 2, sampleRate: 16000 });
    expect(s.ctx.project.clips.hasEmbeddedAudio(tone.id)).toBe(true);
    const toneWav = await call<Uint8Array>('clips.audio', { clipId: tone.id });
    expect(toneWav.byteLength).toBe(44 + Math.floor(1.2 * 16000) * 2);
    expect(clips[0].durationS).toBeCloseTo(3.303313, 4);
    const audit = await call<Array<{ action: string; entity: string }>>('audit.list', { entity: 'clip' });
    expect(audit.filter((a) => a.action === 'import')).toHaveLength(7);
  });

  it('plays audio as 16 kHz WAV, verifies the hash, reports a moved or changed file, and re-links a moved one', async () => {
    const copy = copyRavdess(join(dir, 'moving'), 3, '03-01-02-01-01-01-03');
    const job = await runImport({ paths: [copy], speakerRule: { kind: 'filename-regex', pattern: '-(\\d\\d)\\.flac$' } });
    expect(job.state).toBe('done');
    const clipId = (job.result as { clipIds: number[] }).clipIds[0];
    const detail = await call<{ speakerId: string; audioAvailable: boolean }>('clips.get', { clipId });
    expect(detail).toMatchObject({ speakerId: '03', audioAvailable: true });
    const wav = await call<Uint8Array>('clips.audio', { clipId });
    expect(Buffer.from(wav.subarray(0, 4)).toString()).toBe('RIFF');
    expect(new DataView(wav.buffer, wav.byteOffset).getUint32(24, true)).toBe(16000);

    const moved = join(dir, 'moved', 'Actor_03');
    mkdirSync(moved, { recursive: true });
    renameSync(copy, join(moved, 'renamed.flac'));
    // A fresh service instance on the same file (the decoded-audio cache belongs to the instance).
    await s.close();
    s = createServices(join(dir, 'p.sqlite'));
    const gone = await s.dispatch('clips.audio', { clipId });
    expect(gone).toMatchObject({ ok: false, error: { code: 'audio-missing' } });
    // Same content again: the moved file is re-linked, a RAVDESS file already imported is not duplicated.
    const relink = await runImport({ paths: [join(dir, 'moved'), ravdessClip(1, '03-01-01-01-01-01-01')] });
    expect(relink.result).toMatchObject({ relinked: 1, imported: 0, duplicates: 1 });
    expect(await call<unknown[]>('clips.list', {})).toHaveLength(8);
    expect((await s.dispatch('clips.audio', { clipId })).ok).toBe(true);

    writeFileSync(join(moved, 'renamed.flac'), wavBytes(sine(1, 16000), 16000));
    await s.close();
    s = createServices(join(dir, 'p.sqlite'));
    expect(await s.dispatch('clips.audio', { clipId })).toMatchObject({ ok: false, error: { code: 'audio-changed' } });
  });

  it('edits a speaker id with an audit row', async () => {
    const detail = await call<{ speakerId: string }>('clips.setSpeaker', { clipId: 1, speakerId: 'P-017' });
    expect(detail.speakerId).toBe('P-017');
    const audit = await call<Array<{ before: unknown; after: unknown }>>('audit.list', { entity: 'clip', limit: 1 });
    expect(audit[0]).toMatchObject({ before: { speakerId: 'Actor_01' }, after: { speakerId: 'P-017' } });
  });

  it('cancels a running import: the job ends cancelled and the rest is not imported', async () => {
    const { jobId } = await call<{ jobId: number }>('import.start', { paths: [join(ravdessRoot, 'audio')] });
    await new Promise<void>((resolve) => {
      const off = s.onEvent((e) => { if (e.type === 'job' && e.job.id === jobId && e.job.done >= 2) { off(); resolve(); } });
    });
    await call('jobs.cancel', { jobId });
    const end = await s.ctx.jobs.wait(jobId);
    expect(end.state).toBe('cancelled');
    expect(end.total).toBe(1440);
    expect(end.done).toBeLessThan(1440);
    expect((await call<unknown[]>('clips.list', {})).length).toBeLessThan(100);
  });

  it('refuses an invalid speaker pattern before starting', async () => {
    const out = await s.dispatch('import.start', { paths: [dir], speakerRule: { kind: 'filename-regex', pattern: '([' } });
    expect(out).toMatchObject({ ok: false, error: { code: 'invalid-speaker-rule' } });
  });
});
