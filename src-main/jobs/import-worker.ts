// Worker of the 'import' job (see services/import.ts): walks the chosen files and folders, hashes,
// decodes, validates and records each file as a clip. A bad file gets a per-file error naming it and the
// reason; the rest of the import goes on. Cancellable between files.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { AppError } from '../contract/api';
import { AUDIO_EXTENSIONS, decodeAudio } from '../audio/decode';
import { floatToPcm16 } from '../audio/wav';
import { openProjectDb } from '../db/project-db';
import type { ImportParams, ImportResult } from '../services/import';
import { compileSpeakerRule } from '../services/speaker-rule';
import { runJobWorker } from './worker-api';

/** Files are decoded whole in memory: refuse recordings that could exhaust it (a clip is seconds long). */
const MAX_FILE_BYTES = 2 ** 30;

async function collectFiles(paths: string[], onMissing: (path: string, reason: string) => void, signal: AbortSignal): Promise<string[]> {
  const files: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    if (signal.aborted) return;
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const full = join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.isFile() && AUDIO_EXTENSIONS.includes(extname(e.name).toLowerCase())) files.push(full);
    }
  };
  for (const raw of paths) {
    const path = resolve(raw);
    let s;
    try { s = await stat(path); } catch { onMissing(path, 'no such file or folder'); continue; }
    if (s.isDirectory()) {
      try { await walk(path); } catch (err) { onMissing(path, `cannot read the folder (${(err as Error).message})`); }
    } else {
      files.push(path); // chosen explicitly: attempted whatever its extension, so a mislabelled file gets a clear error
    }
  }
  return [...new Set(files)];
}

runJobWorker<ImportParams, ImportResult>(async (job) => {
  const { params } = job;
  const speakerOf = compileSpeakerRule(params.speakerRule);
  const project = openProjectDb(job.projectPath);
  const result: ImportResult = { imported: 0, duplicates: 0, relinked: 0, failed: 0, clipIds: [] };
  const fail = (file: string, reason: string) => { result.failed++; job.fileError(file, reason); };
  try {
    job.progress(0, 0, 'looking for audio files');
    const files = await collectFiles(params.paths, fail, job.signal);
    job.throwIfCancelled();
    if (files.length === 0) {
      throw new AppError('import-no-audio', result.failed
        ? `nothing to import: ${params.paths.join(', ')} — no such file or folder`
        : `no audio files found in ${params.paths.join(', ')} (looked for ${AUDIO_EXTENSIONS.join(' ')})`);
    }
    for (const [i, file] of files.entries()) {
      job.throwIfCancelled();
      const name = basename(file);
      try {
        const size = (await stat(file)).size;
        if (size > MAX_FILE_BYTES) {
          fail(file, `too large (${(size / 2 ** 30).toFixed(1)} GB; at most ${MAX_FILE_BYTES / 2 ** 30} GB per file): split the recording into clips first`);
          continue;
        }
        const bytes = await readFile(file);
        const hash = createHash('sha256').update(bytes).digest('hex');
        const existing = project.clips.findByHash(hash);
        if (existing) {
          if (existing.originalPath !== file && !existsSync(existing.originalPath)) {
            // The recording moved: follow it, keep the clip and its labels.
            project.write(() => {
              project.clips.setOriginalPath(existing.id, file);
              project.audit.append({ actor: params.actor, action: 'relink', entity: 'clip', entityId: existing.id, before: { originalPath: existing.originalPath }, after: { originalPath: file } });
            });
            result.relinked++;
          } else {
            result.duplicates++;
          }
          result.clipIds.push(existing.id);
        } else {
          const audio = await decodeAudio(bytes, name);
          const speakerId = speakerOf(file);
          const clip = project.write(() => {
            const c = project.clips.insert({
              contentHash: hash, originalPath: file, fileName: name, durationS: audio.durationS,
              sampleRate: audio.sampleRate, originalSampleRate: audio.originalSampleRate, channels: audio.channels,
              speakerId, importedAt: new Date().toISOString(), importJobId: job.jobId,
            });
            if (params.embedAudio) project.clips.putEmbeddedAudio(c.id, floatToPcm16(audio.samples));
            project.audit.append({ actor: params.actor, action: 'import', entity: 'clip', entityId: c.id, after: { fileName: name, originalPath: file, contentHash: hash, speakerId, durationS: audio.durationS } });
            return c;
          });
          result.imported++;
          result.clipIds.push(clip.id);
        }
      } catch (err) {
        if (!(err instanceof AppError)) {
          const code = (err as { code?: string }).code;
          if (code === 'EACCES' || code === 'EPERM') { fail(file, 'permission denied: the file cannot be read'); continue; }
          if (code === 'EISDIR') { fail(file, 'is a folder'); continue; }
          if (code?.startsWith('SQLITE')) throw err; // the project itself is in trouble: stop
        }
        const message = err instanceof Error ? err.message : String(err);
        fail(file, message.startsWith(`${name}: `) ? message.slice(name.length + 2) : message);
      } finally {
        job.progress(i + 1, files.length, name);
      }
    }
    project.write(() => project.audit.append({ actor: params.actor, action: 'import', entity: 'import', entityId: job.jobId, after: { paths: params.paths, ...result, clipIds: undefined } }));
    const parts = [`imported ${result.imported} clip${result.imported === 1 ? '' : 's'}`];
    if (result.duplicates) parts.push(`${result.duplicates} already in the project`);
    if (result.relinked) parts.push(`${result.relinked} moved file${result.relinked === 1 ? '' : 's'} re-linked`);
    if (result.failed) parts.push(`${result.failed} failed (see the errors)`);
    const message = parts.join('; ');
    return { result, message: message[0].toUpperCase() + message.slice(1) };
  } finally {
    project.close();
  }
});
