// Import: files or folders of audio become clips. Runs as a cancellable 'import' job in a worker thread
// (jobs/import-worker.ts); this module registers the job kind and starts it.
import { AppError, type JobInfo, type SpeakerRule } from '../contract/api';
import { registerJobKind } from '../jobs/runner';
import { actorName } from './actors';
import type { ServiceContext } from './context';
import { compileSpeakerRule } from './speaker-rule';

export interface ImportParams {
  paths: string[];
  speakerRule: SpeakerRule;
  /** Opt-in: keep a copy of the decoded 16 kHz audio inside the project file (docs/adr/0005). */
  embedAudio: boolean;
  actor: string;
}
export interface ImportResult {
  imported: number;
  duplicates: number;
  relinked: number;
  failed: number;
  clipIds: number[];
}

registerJobKind({ kind: 'import', workerName: 'import-worker', workerSource: 'jobs/import-worker.ts', resumable: false, concurrency: 1 });

export function startImport(ctx: ServiceContext, req: { paths: string[]; speakerRule?: SpeakerRule; annotatorId?: number; embedAudio?: boolean }): JobInfo {
  const speakerRule = req.speakerRule ?? { kind: 'parent-folder' };
  compileSpeakerRule(speakerRule); // reject an invalid pattern now, not in the worker
  if (req.paths.length === 0) throw new AppError('import-nothing', 'choose at least one file or folder to import');
  const params: ImportParams = {
    paths: req.paths,
    speakerRule,
    embedAudio: req.embedAudio ?? ctx.project.settings.get('embed_audio') === 'true',
    actor: actorName(ctx, req.annotatorId),
  };
  return ctx.jobs.start('import', params);
}
