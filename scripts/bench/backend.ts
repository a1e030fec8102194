// `npm run bench -- backend`: latency of the calls the labelling screen makes on a 10,000-clip project
// with 3 raters (the "10,000-clip project stays responsive" target: next → playable < 100 ms),
// measured through the real dispatcher (validation included) on a real project file in a temp dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServices } from '../../src-main/services/index';
import { EMOTIONS, type EmotionValues } from '../../src-main/contract/emotions';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ew-bench-'));
  const s = createServices(join(dir, 'bench.sqlite'));
  try {
    const p = s.ctx.project;
    const N = 10_000;
    let t = performance.now();
    const raters = ['Ana', 'Ben', 'Cleo'].map((n) => p.write(() => p.annotators.insert(n)).id);
    p.write(() => {
      for (let i = 0; i < N; i++) {
        const c = p.clips.insert({
          contentHash: i.toString(16).padStart(64, '0'), originalPath: `/data/S${i % 40}/c${i}.wav`, fileName: `c${i}.wav`,
          durationS: 3, sampleRate: 16000, originalSampleRate: 16000, channels: 1, speakerId: `S${i % 40}`, importedAt: new Date().toISOString(), importJobId: null,
        });
        if (i < 3000) {
          for (const [k, r] of raters.entries()) {
            const v = Object.fromEntries(EMOTIONS.map((e, j) => [e, (i + j + k) % 4])) as EmotionValues;
            p.labels.append(c.id, r, v);
            p.audit.append({ actor: 'bench', action: 'create', entity: 'label', entityId: `${c.id}/${r}`, after: v });
          }
        }
      }
    });
    console.log(`setup: ${N} clips, 9,000 labels + audit rows in ${(performance.now() - t).toFixed(0)} ms`);
    const time = async (label: string, n: number, fn: (i: number) => Promise<unknown>) => {
      const ms: number[] = [];
      for (let i = 0; i < n; i++) { t = performance.now(); await fn(i); ms.push(performance.now() - t); }
      console.log(`${label.padEnd(44)} median ${median(ms).toFixed(1)} ms (n=${n})`);
    };
    const ana = raters[0];
    await time('clips.list (10,000 rows, labelled state)', 10, () => s.dispatch('clips.list', { annotatorId: ana }));
    await time('queue.list unlabelled-first', 10, () => s.dispatch('queue.list', { annotatorId: ana, mode: 'unlabelled-first' }));
    await time('queue.list random (seeded)', 10, (i) => s.dispatch('queue.list', { annotatorId: ana, mode: 'random', seed: i }));
    await time('queue.list disagreement', 5, () => s.dispatch('queue.list', { annotatorId: ana, mode: 'disagreement' }));
    await time('queue.progress', 10, () => s.dispatch('queue.progress', { annotatorId: ana }));
    await time('clips.get', 50, (i) => s.dispatch('clips.get', { clipId: 5000 + i, annotatorId: ana }));
    await time('labels.get', 50, (i) => s.dispatch('labels.get', { clipId: 5000 + i, annotatorId: ana }));
    await time('labels.save (version + hash-chained audit row)', 50, (i) => s.dispatch('labels.save', { clipId: 5000 + i, annotatorId: ana, values: { happy: 1, sad: 0, anger: 2, surprise: 0, disgust: 0, fear: 3 } }));
    await time('labels.forClip', 50, (i) => s.dispatch('labels.forClip', { clipId: 1 + i, annotatorId: ana }));
    await time('consensus.list (3,000 labelled clips)', 5, () => s.dispatch('consensus.list', {}));
    await time('audit.verify (9,050 rows)', 3, () => s.dispatch('audit.verify', {}));

    // Playback audio of a real RAVDESS clip: first request decodes + verifies the hash, then the LRU serves it.
    const ravdess = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'ravdess', 'audio', 'Actor_01');
    t = performance.now();
    const started = await s.dispatch('import.start', { paths: [ravdess] });
    const job = started.ok ? (started.result as { jobId: number }).jobId : 0;
    const done = await s.ctx.jobs.wait(job);
    const seconds = (performance.now() - t) / 1000;
    console.log(`import job (worker thread) of ${done.done} RAVDESS FLAC files: ${seconds.toFixed(1)} s, ${(done.done / seconds).toFixed(1)} files/s (includes worker start)`);
    const imported = p.clips.all().filter((c) => c.originalPath.startsWith(ravdess)).map((c) => c.id);
    await time('clips.audio, first time (read, sha256, decode FLAC)', 10, (i) => s.dispatch('clips.audio', { clipId: imported[i] }));
    await time('clips.audio, again (cached)', 10, (i) => s.dispatch('clips.audio', { clipId: imported[i] }));
  } finally {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
