// RAVDESS features for the ML tests: runs the project's real extractor (src-main/features/extractor.ts)
// on the chosen clips and caches each result in node_modules/.cache/ew-ml-features/, keyed by the clip's
// sha256 (labels.csv) and a hash of the extractor's sources, so the suite extracts a clip once per
// extractor change instead of on every run.
//
// Columns the extractor does not compute yet come back with present[c] = false; they are NOT filled
// here. The pipeline's standardisation (src-main/ml/standardize.ts) excludes them from the fit and sets
// them to 0 after standardisation — the documented fill — so nothing pretends they were measured.
//
// Labels: the 6-emotion mapping of the RAVDESS README — the clip's own emotion scores 2 (normal) or 3
// (strong), the other five 0; neutral and calm clips score 0 on all six.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import decode from 'audio-decode';
import { EMOTIONS } from '../../../src-main/contract/emotions';
import { FEATURE_COUNT } from '../../../src-main/contract/feature-spec';
import { extractFeatures } from '../../../src-main/features/extractor';
import { repoRoot, ravdessRoot } from '../../support/paths';

export interface RavdessClip {
  /** e.g. 03-01-05-02-01-02-12 */
  stem: string;
  file: string;
  actor: number;
  sex: 'male' | 'female';
  emotion: string;
  intensity: 'normal' | 'strong';
  sha256: string;
  /** Six intensities in EMOTIONS order. */
  targets: number[];
}

const EMOTION_OF: Record<string, (typeof EMOTIONS)[number] | null> = {
  neutral: null, calm: null, happy: 'happy', sad: 'sad', angry: 'anger', surprised: 'surprise', disgust: 'disgust', fearful: 'fear',
};

export function ravdessTargets(emotion: string, intensity: string): number[] {
  const dim = EMOTION_OF[emotion];
  if (dim === undefined) throw new Error(`unknown RAVDESS emotion "${emotion}"`);
  const t = EMOTIONS.map(() => 0);
  if (dim) t[EMOTIONS.indexOf(dim)] = intensity === 'strong' ? 3 : 2;
  return t;
}

let labelsCache: RavdessClip[] | null = null;

export function ravdessClips(): RavdessClip[] {
  if (labelsCache) return labelsCache;
  const lines = readFileSync(join(ravdessRoot, 'labels.csv'), 'utf8').trim().split(/\r?\n/);
  const header = lines[0].split(',');
  const col = (name: string): number => header.indexOf(name);
  labelsCache = lines.slice(1).map((line) => {
    const f = line.split(',');
    const file = f[col('file')];
    const emotion = f[col('emotion')];
    const intensity = f[col('intensity')] as 'normal' | 'strong';
    return {
      stem: file.split('/').pop()!.replace(/\.flac$/, ''),
      file,
      actor: Number(f[col('actor')]),
      sex: f[col('sex')] as 'male' | 'female',
      emotion,
      intensity,
      sha256: f[col('sha256')],
      targets: ravdessTargets(emotion, intensity),
    };
  });
  return labelsCache;
}

/**
 * A deterministic, emotion-balanced pick: for each actor, `perActor` clips cycling through the eight
 * RAVDESS emotions (statement/repetition/intensity varied by position).
 */
export function pickClips(actors: readonly number[], perActor: number): RavdessClip[] {
  const all = ravdessClips();
  const order = ['neutral', 'calm', 'happy', 'sad', 'angry', 'fearful', 'disgust', 'surprised'];
  const out: RavdessClip[] = [];
  for (const actor of actors) {
    const mine = all.filter((c) => c.actor === actor);
    const byEmotion = order.map((e) => mine.filter((c) => c.emotion === e));
    for (let k = 0; k < perActor; k++) {
      const pool = byEmotion[(k + actor) % order.length];
      out.push(pool[Math.floor(k / order.length + actor) % pool.length]);
    }
  }
  return out;
}

export interface ClipFeatures {
  clip: RavdessClip;
  data: Float32Array;
  frames: number;
  present: boolean[];
}

/** Hash of every source file of the extractor: any change to it invalidates the cache. */
let versionCache: string | null = null;
export function extractorVersion(): string {
  if (versionCache) return versionCache;
  const root = join(repoRoot, 'src-main', 'features');
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ts') || name.endsWith('.json')) files.push(p);
    }
  };
  walk(root);
  const h = createHash('sha256');
  for (const f of files) h.update(relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
  versionCache = h.digest('hex').slice(0, 16);
  return versionCache;
}

export const cacheDir = join(repoRoot, 'node_modules', '.cache', 'ew-ml-features');

function cachePath(clip: RavdessClip, version = extractorVersion()): string {
  const exact = join(cacheDir, `${clip.sha256.slice(0, 32)}-${version}.bin`);
  // Development convenience, off by default: EW_ML_FEATURE_CACHE=any accepts a clip's features from any
  // earlier extractor build (still real extractor output, possibly stale) while the extractor is being
  // edited in the same tree. Never set it where the numbers are reported.
  if (process.env.EW_ML_FEATURE_CACHE === 'any' && !existsSync(exact) && existsSync(cacheDir)) {
    const prefix = `${clip.sha256.slice(0, 32)}-`;
    const newest = readdirSync(cacheDir).filter((f) => f.startsWith(prefix) && f.endsWith('.bin'))
      .map((f) => ({ f, t: statSync(join(cacheDir, f)).mtimeMs })).sort((a, b) => b.t - a.t)[0];
    if (newest) return join(cacheDir, newest.f);
  }
  return exact;
}

// File: 4-byte LE header length, JSON header {frames, present}, then float32 LE data.
function readCached(path: string): { data: Float32Array; frames: number; present: boolean[] } | null {
  if (!existsSync(path)) return null;
  const buf = readFileSync(path);
  const len = buf.readUInt32LE(0);
  const header = JSON.parse(buf.subarray(4, 4 + len).toString('utf8')) as { frames: number; present: boolean[] };
  const bytes = buf.subarray(4 + len);
  if (bytes.length !== header.frames * FEATURE_COUNT * 4) return null;
  const data = new Float32Array(header.frames * FEATURE_COUNT);
  new Uint8Array(data.buffer).set(bytes);
  return { data, frames: header.frames, present: header.present };
}

function writeCached(path: string, f: { data: Float32Array; frames: number; present: boolean[] }): void {
  mkdirSync(cacheDir, { recursive: true });
  const header = Buffer.from(JSON.stringify({ frames: f.frames, present: f.present }), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.length, 0);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.concat([len, header, Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength)]));
  renameSync(tmp, path); // atomic: a parallel test file never reads half a cache entry
}

export async function decodeClip(clip: RavdessClip): Promise<{ samples: Float32Array; sampleRate: number }> {
  const audio = await decode(readFileSync(join(ravdessRoot, clip.file)));
  return { samples: audio.channelData[0], sampleRate: audio.sampleRate };
}

const lockPath = (clip: RavdessClip): string => join(cacheDir, `${clip.sha256.slice(0, 32)}-${extractorVersion()}.lock`);
/** A lock older than this belongs to a killed process (one extraction takes seconds, not minutes). */
const STALE_LOCK_MS = 180_000;

function takeLock(clip: RavdessClip): boolean {
  mkdirSync(cacheDir, { recursive: true });
  try {
    writeFileSync(lockPath(clip), String(process.pid), { flag: 'wx' });
    return true;
  } catch {
    if (lockHeld(clip)) return false;
    rmSync(lockPath(clip), { force: true });
    return takeLock(clip);
  }
}

function lockHeld(clip: RavdessClip): boolean {
  try {
    return Date.now() - statSync(lockPath(clip)).mtimeMs < STALE_LOCK_MS;
  } catch {
    return false;
  }
}

async function extractAll(missing: readonly RavdessClip[], threads: number): Promise<void> {
  if (missing.length === 0) return;
  if (threads <= 1 || missing.length === 1) {
    for (const clip of missing) await extractToCache(clip);
    return;
  }
  const queue = [...missing];
  const bootstrap = join(repoRoot, 'src-main', 'jobs', 'worker-bootstrap.mjs');
  const moduleUrl = pathToFileURL(join(import.meta.dirname, 'extract-worker.ts')).href;
  await Promise.all(Array.from({ length: Math.min(threads, missing.length) }, () => new Promise<void>((resolve, reject) => {
    const worker = new Worker(bootstrap, { workerData: { __workerModule: moduleUrl } });
    const next = (): void => {
      const clip = queue.shift();
      // The version is computed once, here: the extractor's sources may change while workers run.
      if (clip) worker.postMessage({ clip, version: extractorVersion() }); else void worker.terminate().then(() => resolve());
    };
    worker.on('message', (m: { ok: boolean; error?: string }) => (m.ok ? next() : reject(new Error(m.error))));
    worker.on('error', reject);
    worker.once('online', next);
  })));
}

/** Decodes and extracts one clip into the cache (also the body of the extraction worker). */
export async function extractToCache(clip: RavdessClip, version = extractorVersion()): Promise<void> {
  const path = cachePath(clip, version);
  if (existsSync(path)) return;
  const { samples, sampleRate } = await decodeClip(clip);
  const r = extractFeatures(samples, sampleRate);
  writeCached(path, { data: r.data, frames: r.frames, present: r.present });
}

/**
 * Features of the given clips: cached ones are read, the rest extracted with the real extractor in up to
 * `threads` worker threads (default 2, the machine's cores; EW_ML_EXTRACT_THREADS overrides).
 */
export async function ravdessFeatures(clips: readonly RavdessClip[], threads = Number(process.env.EW_ML_EXTRACT_THREADS ?? 2)): Promise<ClipFeatures[]> {
  // Test files run in parallel processes and share clips: each clip is extracted by whichever process
  // takes its lock file first; the others wait for the cache entry instead of extracting it again.
  const pending = clips.filter((c) => !existsSync(cachePath(c)));
  const mine = pending.filter((c) => takeLock(c));
  const theirs = pending.filter((c) => !mine.includes(c));
  try {
    await extractAll(mine, threads);
  } finally {
    for (const c of mine) rmSync(lockPath(c), { force: true });
  }
  for (const c of theirs) {
    while (!existsSync(cachePath(c))) {
      if (!lockHeld(c)) { await extractAll([c], 1); break; } // its extractor died: do it here
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return clips.map((clip) => {
    const f = readCached(cachePath(clip));
    if (!f) throw new Error(`features of ${clip.file} missing from ${cacheDir} after extraction`);
    return { clip, ...f };
  });
}
