// createServices(projectPath): opens (or creates) the project, recovers interrupted jobs, and returns the
// dispatcher every front end uses (Electron IPC, HTTP in browser mode, tests), the event stream, and
// close(). The CLI calls services directly with the same context.
import type { ApiEvent } from '../contract/api';
import { openProjectDb } from '../db/project-db';
import { JobRunner } from '../jobs/runner';
import { EventBus, type AppMode, type ServiceContext } from './context';
import { createDispatcher, type Dispatch } from './dispatcher';
import { installFeatureExtraction } from './features-service';
import { handlers } from './handlers';

export interface Services {
  ctx: ServiceContext;
  dispatch: Dispatch;
  onEvent(listener: (e: ApiEvent) => void): () => void;
  close(): Promise<void>;
}

export interface CreateServicesOptions {
  mode?: AppMode;
  /** Create the project file when missing (default true: "open or create"). */
  create?: boolean;
  /** Re-queue/fail jobs left unfinished by a previous session (default true). */
  recoverJobs?: boolean;
}

export function createServices(projectPath: string, opts: CreateServicesOptions = {}): Services {
  const project = openProjectDb(projectPath, { create: opts.create ?? true });
  const events = new EventBus();
  const jobs = new JobRunner(project, (e) => events.emit(e));
  const ctx: ServiceContext = { project, mode: opts.mode ?? 'browser', events, jobs, cache: new Map() };
  if (opts.recoverJobs ?? true) jobs.recover();
  installFeatureExtraction(ctx, { scheduleNow: opts.recoverJobs ?? true });
  return {
    ctx,
    dispatch: createDispatcher(ctx, handlers),
    onEvent: (l) => events.on(l),
    async close() {
      await jobs.close();
      ctx.cache.clear();
      project.close();
    },
  };
}
