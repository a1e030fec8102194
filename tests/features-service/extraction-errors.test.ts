// A clip whose extraction fails gets a visible error state and the rest of the job goes on: one clip's
// recording is missing from disk, one has been altered since import, one is fine. Then a retry after
// the file is put back clears the error and extracts it.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ClipFeatures, FeaturesOverview } from '../../src-main/contract/methods/features';
import { createServices } from '../../src-main/services/index';
import { ravdessClip } from '../support/paths';

const dir = mkdtempSync(join(tmpdir(), 'features-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('per-clip extraction errors', () => {
  it('marks the failed clips with their reason, extracts the others, and retries on request', async () => {
    const src = ravdessClip(3, '03-01-01-01-01-01-03');
    const src2 = ravdessClip(4, '03-01-01-01-01-01-04');
    const good = join(dir, 'good.flac');
    const missing = join(dir, 'missing.flac');
    const altered = join(dir, 'altered.flac');
    copyFileSync(src, good);
    copyFileSync(src2, missing);
    copyFileSync(src, altered);
    const bytes = readFileSync(src);
    const hash = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    const hashes = [hash(bytes), hash(readFileSync(src2)), hash(Buffer.concat([bytes, Buffer.from([1])]))];

    const projectPath = join(dir, 'p.sqlite');
    // Clips recorded the way import records them; then the recordings change on disk before extraction.
    const setup = createServices(projectPath, { mode: 'cli', recoverJobs: false });
    const ids: number[] = [];
    for (const [i, path] of [good, missing, altered].entries()) {
      ids.push(setup.ctx.project.clips.insert({
        contentHash: hashes[i], originalPath: path,
        fileName: path.split('/').pop()!, durationS: 3.4, sampleRate: 16000, originalSampleRate: 16000, channels: 1,
        speakerId: 'Actor_03', importedAt: new Date().toISOString(), importJobId: null,
      }).id);
    }
    await setup.close();
    rmSync(missing);
    writeFileSync(altered, Buffer.concat([bytes, Buffer.from([9])])); // not the bytes that were imported

    const services = createServices(projectPath, { mode: 'cli' }); // opening schedules extraction of the 3 clips
    try {
      const [job] = services.ctx.project.jobs.unfinished();
      expect(job.kind).toBe('extract-features');
      const end = await services.ctx.jobs.wait(job.id);
      expect(end.state).toBe('done');
      expect(end.message).toBe('1 clip extracted, 2 failed');
      expect(end.errors.map((e) => e.file).sort()).toEqual(['altered.flac', 'missing.flac']);

      const list = await services.dispatch('features.list', {});
      if (!list.ok) throw new Error(list.error.message);
      const byName = new Map((list.result as ClipFeatures[]).map((c) => [c.fileName, c]));
      expect(byName.get('good.flac')!.state).toBe('ready');
      expect(byName.get('missing.flac')).toMatchObject({ state: 'failed', matrices: [] });
      expect(byName.get('missing.flac')!.error!.message).toMatch(/^missing\.flac: the original recording is no longer at .*missing\.flac/);
      expect(byName.get('altered.flac')!.error!.message).toMatch(/^altered\.flac: the file at .* has changed since it was imported/);

      // Failed clips are not retried by themselves …
      const again = await services.dispatch('features.extract', {});
      expect(again).toEqual({ ok: true, result: { jobId: null } });
      // … but are on request, once the recording is back.
      copyFileSync(src2, missing);
      const retry = await services.dispatch('features.extract', { clipIds: [ids[1]], retryFailed: true });
      if (!retry.ok) throw new Error(retry.error.message);
      const retried = await services.ctx.jobs.wait((retry.result as { jobId: number }).jobId);
      expect(retried).toMatchObject({ state: 'done', message: '1 clip extracted', errors: [] });
      const overview = await services.dispatch('features.overview', {});
      expect((overview as { result: FeaturesOverview }).result).toMatchObject({ clips: 3, ready: 2, failed: 1, pending: 0 });
    } finally {
      await services.close();
    }
  }, 300_000);
});

describe('cancelling extraction', () => {
  it('ends the job as cancelled promptly, stores nothing half-done, and leaves the clip pending for a later run', async () => {
    const projectPath = join(dir, 'cancel.sqlite');
    const setup = createServices(projectPath, { mode: 'cli', recoverJobs: false });
    const path = ravdessClip(5, '03-01-01-01-01-01-05');
    const bytes = readFileSync(path);
    setup.ctx.project.clips.insert({
      contentHash: createHash('sha256').update(bytes).digest('hex'), originalPath: path, fileName: '03-01-01-01-01-01-05.flac',
      durationS: 3.3, sampleRate: 16000, originalSampleRate: 16000, channels: 1, speakerId: 'Actor_05',
      importedAt: new Date().toISOString(), importJobId: null,
    });
    try {
      const started = await setup.dispatch('features.extract', {});
      if (!started.ok) throw new Error(started.error.message);
      const jobId = (started.result as { jobId: number }).jobId;
      while (setup.ctx.jobs.get(jobId).state === 'queued') await new Promise((r) => setTimeout(r, 20));
      setup.ctx.jobs.cancel(jobId);
      const end = await setup.ctx.jobs.wait(jobId);
      expect(end.state).toBe('cancelled');
      const overview = await setup.dispatch('features.overview', {});
      expect((overview as { result: FeaturesOverview }).result).toMatchObject({ clips: 1, ready: 0, failed: 0, pending: 1, activeJobId: null });
    } finally {
      await setup.close();
    }
  }, 120_000);
});
