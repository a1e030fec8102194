// The desktop app's native open dialog ('files.chooseAudio', src-main/app/file-dialog.ts) without Electron:
// main's handler logic runs against a real project through the real dispatcher and IPC handler, with a
// stand-in for dialog.showOpenDialog that records the options it was given. Not covered here (Electron
// cannot start on this machine): the real OS dialog, its modality to the window, and the renderer's
// "Choose files…" buttons, which only appear in Electron.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OpenDialogOptions } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withNativeFileDialog, type ShowOpenDialog } from '../../src-main/app/file-dialog';
import type { JobInfo } from '../../src-main/contract/api';
import { createIpcHandler } from '../../src-main/ipc/handler';
import { createServices, type Services } from '../../src-main/services/index';
import { RAVDESS_FIVE } from '../support/audio-files';
import { ravdessClip } from '../support/paths';

const dir = mkdtempSync(join(tmpdir(), 'ew-dialog-'));
let plain: Services;
let desktop: Services;
const shown: OpenDialogOptions[] = [];
let answer: () => Promise<{ canceled: boolean; filePaths: string[] }> = async () => ({ canceled: true, filePaths: [] });
const show: ShowOpenDialog = (options) => { shown.push(options); return answer(); };

beforeAll(() => {
  plain = createServices(join(dir, 'p.sqlite'), { recoverJobs: false });
  desktop = withNativeFileDialog(plain, show);
});
afterAll(async () => { await plain.close(); rmSync(dir, { recursive: true, force: true }); });

async function call(s: Services, req: unknown) {
  return s.dispatch('files.chooseAudio', req);
}

describe('files.chooseAudio', () => {
  it('is refused with a clear message in browser mode and the CLI (no native dialog there)', async () => {
    const out = await call(plain, { kind: 'files' });
    expect(out).toMatchObject({ ok: false, error: { code: 'dialog-unavailable', message: expect.stringMatching(/type or paste the paths/) } });
  });

  it('validates the request before any dialog opens: only the kind, nothing else', async () => {
    shown.length = 0;
    for (const bad of [{ kind: 'everything' }, {}, { kind: 'files', defaultPath: '/etc' }, { kind: 'folder', properties: ['openFile'] }, 'files']) {
      const out = await call(desktop, bad);
      expect(out, JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    }
    expect(shown).toEqual([]);
  });

  it('opens a multi-file audio dialog or a folder dialog; cancel returns nothing', async () => {
    shown.length = 0;
    answer = async () => ({ canceled: true, filePaths: [] });
    expect(await call(desktop, { kind: 'files' })).toEqual({ ok: true, result: { canceled: true, paths: [] } });
    expect(await call(desktop, { kind: 'folder' })).toEqual({ ok: true, result: { canceled: true, paths: [] } });
    expect(shown[0].properties).toEqual(['openFile', 'multiSelections']);
    expect(shown[0].filters?.[0].extensions).toEqual(expect.arrayContaining(['wav', 'flac', 'mp3', 'ogg', 'opus', 'm4a']));
    expect(shown[1].properties).toEqual(['openDirectory', 'multiSelections']);
    expect(shown[1].filters).toBeUndefined();
  });

  it('returns the chosen absolute paths (deduplicated; anything else dropped), and they import', async () => {
    const files = RAVDESS_FIVE.slice(0, 2).map(([a, stem]) => ravdessClip(a, stem));
    answer = async () => ({ canceled: false, filePaths: [files[0], 'relative/x.wav', files[1], files[0], ''] });
    const out = await call(desktop, { kind: 'files' });
    expect(out).toEqual({ ok: true, result: { canceled: false, paths: files } });
    // The paths go to import.start unchanged, as the renderer sends them.
    const started = await desktop.dispatch('import.start', { paths: (out as { result: { paths: string[] } }).result.paths });
    const { jobId } = (started as { ok: true; result: { jobId: number } }).result;
    const job: JobInfo = await plain.ctx.jobs.wait(jobId);
    for (const j of plain.ctx.project.jobs.list()) if (j.kind !== 'import' && (j.state === 'queued' || j.state === 'running')) plain.ctx.jobs.cancel(j.id);
    expect(job).toMatchObject({ state: 'done', errors: [] });
    expect(plain.ctx.project.clips.all().map((c) => c.originalPath).sort()).toEqual([...files].sort());
  });

  it('allows one dialog at a time', async () => {
    let release!: () => void;
    answer = () => new Promise((resolve) => { release = () => resolve({ canceled: true, filePaths: [] }); });
    const first = call(desktop, { kind: 'files' });
    await new Promise((r) => setTimeout(r, 10));
    expect(await call(desktop, { kind: 'folder' })).toMatchObject({ ok: false, error: { code: 'dialog-busy' } });
    release();
    expect(await first).toMatchObject({ ok: true });
    answer = async () => ({ canceled: true, filePaths: [] });
    expect(await call(desktop, { kind: 'folder' })).toMatchObject({ ok: true });
  });

  it('over IPC: refused from a page that is not the app\u2019s own, before the dialog opens', async () => {
    shown.length = 0;
    const ipc = createIpcHandler(desktop.dispatch, (url) => url.startsWith('file:///app/'));
    expect(await ipc('https://evil.example/', 'files.chooseAudio', { kind: 'files' })).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(shown).toEqual([]);
    expect(await ipc('file:///app/index.html', 'files.chooseAudio', { kind: 'files' })).toEqual({ ok: true, result: { canceled: true, paths: [] } });
    expect(shown).toHaveLength(1);
  });
});
