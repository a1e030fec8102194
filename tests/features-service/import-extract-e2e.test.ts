// End to end through browser mode's HTTP API on a real project file: importing 20 RAVDESS clips schedules
// feature extraction by itself (two extraction threads), and the project file ends up holding 20 float32
// matrices of [frames × 74], frames matching each clip's audio on COVAREP's grid. Then the same API
// reports per-clip state, and a .csd export of the project is read back and re-imported.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobInfo } from '../../src-main/contract/api-types';
import { FEATURE_COUNT, FEATURE_SPEC_ID, frameCount } from '../../src-main/contract/feature-spec';
import type { ClipFeatures, FeatureImportReport, FeaturesOverview } from '../../src-main/contract/methods/features';
import { readCsd } from '../../src-main/features-io/csd';
import { startWebServer, type WebServer } from '../../src-main/web/server';
import { ravdessClip } from '../support/paths';

const dir = mkdtempSync(join(tmpdir(), 'features-e2e-'));
const projectPath = join(dir, 'p.sqlite');
let server: WebServer;

/** 20 clips: 10 actors (odd = male, even = female), two emotions each. */
const CLIPS = Array.from({ length: 10 }, (_, i) => i + 1).flatMap((actor) => {
  const a = String(actor).padStart(2, '0');
  return [ravdessClip(actor, `03-01-01-01-01-01-${a}`), ravdessClip(actor, `03-01-05-02-02-01-${a}`)];
});

async function call<T>(method: string, body: unknown): Promise<T> {
  const port = Number(new URL(server.origin).port);
  const text = await new Promise<string>((resolve, reject) => {
    // agent: false — a fresh connection per call: reusing a keep-alive socket the server is closing
    // after its idle timeout can end in ECONNRESET on a slow, loaded machine.
    const req = request({
      host: '127.0.0.1', port, path: `/api/${method}`, method: 'POST', agent: false,
      headers: { Host: `127.0.0.1:${port}`, Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
  const reply = JSON.parse(text) as { ok: boolean; result: T; error?: { message: string } };
  if (!reply.ok) throw new Error(`${method}: ${reply.error?.message}`);
  return reply.result;
}

async function waitForJob(pred: (j: JobInfo) => boolean, timeoutMs: number): Promise<JobInfo> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const jobs = await call<JobInfo[]>('jobs.list', {});
    const hit = jobs.find(pred);
    if (hit && (hit.state === 'done' || hit.state === 'failed' || hit.state === 'cancelled')) return hit;
    if (Date.now() > end) throw new Error(`timed out; jobs: ${JSON.stringify(jobs.map((j) => [j.kind, j.state, j.done, j.total]))}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  server = await startWebServer({ projectPath, port: 0, rendererDir });
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('import → automatic feature extraction → project file', () => {
  it('gives each of 20 imported RAVDESS clips one [frames × 74] float32 matrix in the project file', async () => {
    await call('import.start', { paths: CLIPS });
    const imp = await waitForJob((j) => j.kind === 'import', 60_000);
    expect(imp.state).toBe('done');
    // Generous limit: the time is the extractor's (two threads) on a shared 2-core machine.
    const extraction = await waitForJob((j) => j.kind === 'extract-features', 540_000);
    expect(extraction.state, extraction.message).toBe('done');
    expect(extraction.errors).toEqual([]);
    expect(extraction.done).toBe(20);
    expect(extraction.total).toBe(20);

    const overview = await call<FeaturesOverview>('features.overview', {});
    expect(overview).toMatchObject({ featureSpec: FEATURE_SPEC_ID, clips: 20, failed: 0, pending: 0, activeJobId: null });
    expect(overview.ready + overview.warning).toBe(20);
    expect(overview.bySource.extracted).toBe(20);

    // Read the project file itself, as another program would.
    const db = new Database(projectPath, { readonly: true });
    try {
      const rows = db.prepare(`SELECT c.file_name AS fileName, c.duration_s AS durationS, f.frames, f.columns, f.data, f.present, f.feature_spec AS spec, f.source
        FROM features f JOIN clips c ON c.id = f.clip_id ORDER BY c.id`).all() as Array<{ fileName: string; durationS: number; frames: number; columns: number; data: Buffer; present: string; spec: string; source: string }>;
      expect(rows).toHaveLength(20);
      expect(new Set(rows.map((r) => r.fileName)).size).toBe(20);
      for (const r of rows) {
        expect(r.spec).toBe(FEATURE_SPEC_ID);
        expect(r.source).toBe('extracted');
        expect(r.columns).toBe(FEATURE_COUNT);
        expect(r.frames).toBe(frameCount(Math.round(r.durationS * 16000)));
        expect(r.frames).toBeGreaterThan(250); // RAVDESS sentences last 3–4 s
        expect(r.data.byteLength).toBe(r.frames * FEATURE_COUNT * 4);
        const m = new Float32Array(r.data.buffer.slice(r.data.byteOffset, r.data.byteOffset + r.data.byteLength));
        const present = [...r.present].map((ch) => ch === '1');
        // Whatever the extractor computes is there (F0 and VUV at least); absent columns hold NaN, never zeros.
        expect(present[0] && present[1]).toBe(true);
        let voiced = 0;
        for (let k = 0; k < r.frames; k++) {
          for (let c = 0; c < FEATURE_COUNT; c++) {
            const v = m[k * FEATURE_COUNT + c];
            if (present[c]) expect(Number.isNaN(v), `${r.fileName} frame ${k} column ${c}`).toBe(false);
            else expect(Number.isNaN(v)).toBe(true);
          }
          if (m[k * FEATURE_COUNT + 1] === 1) {
            voiced++;
            const f0 = m[k * FEATURE_COUNT];
            expect(f0).toBeGreaterThanOrEqual(50);
            expect(f0).toBeLessThanOrEqual(500);
          }
        }
        expect(voiced / r.frames, r.fileName).toBeGreaterThan(0.15);
      }
    } finally {
      db.close();
    }

    const list = await call<ClipFeatures[]>('features.list', {});
    expect(list).toHaveLength(20);
    expect(list.every((c) => c.matrices.length === 1 && c.error === null)).toBe(true);
  }, 600_000);

  it('exports the project\'s features as a .csd in the SDK layout and re-imports them as a second source', async () => {
    const out = join(dir, 'project.csd');
    const exported = await call<{ clips: number }>('features.export', { path: out, format: 'csd' });
    expect(exported.clips).toBe(20);
    const csd = await readCsd(out);
    expect(csd.entries).toHaveLength(20);
    expect(csd.entries.map((e) => e.key)).toContain('03-01-01-01-01-01-01');

    const report = await call<FeatureImportReport>('features.import', { path: out });
    expect(report).toMatchObject({ format: 'csd', sequence: 'COVAREP', entries: 20, imported: 20, unchanged: 0, unmatched: [] });
    const again = await call<FeatureImportReport>('features.import', { path: out });
    expect(again).toMatchObject({ imported: 0, unchanged: 20 });

    const db = new Database(projectPath, { readonly: true });
    try {
      const pairs = db.prepare(`SELECT a.data AS a, b.data AS b, a.present AS pa, b.present AS pb FROM features a
        JOIN features b ON a.clip_id = b.clip_id AND b.source = 'imported-csd' WHERE a.source = 'extracted'`).all() as Array<{ a: Buffer; b: Buffer; pa: string; pb: string }>;
      expect(pairs).toHaveLength(20);
      for (const p of pairs) {
        expect(p.pb).toBe(p.pa);
        expect(p.b.equals(p.a)).toBe(true); // bit for bit (NaN payloads of absent columns included)
      }
    } finally {
      db.close();
    }
    const overview = await call<FeaturesOverview>('features.overview', {});
    expect(overview.bySource).toEqual({ extracted: 20, 'imported-csd': 20, 'imported-csv': 0 });
  });
});
