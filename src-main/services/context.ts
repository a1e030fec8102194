// What every service handler receives: the open project, the event bus towards the UI, the job runner.
import type { ApiEvent } from '../contract/api';
import type { ProjectDb } from '../db/project-db';
import type { JobRunner } from '../jobs/runner';

export type AppMode = 'electron' | 'browser' | 'cli';

export class EventBus {
  private readonly listeners = new Set<(e: ApiEvent) => void>();
  on(listener: (e: ApiEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(event: ApiEvent): void {
    for (const l of this.listeners) {
      try { l(event); } catch { /* one broken listener (a closed SSE stream) must not starve the others */ }
    }
  }
}

export interface ServiceContext {
  project: ProjectDb;
  mode: AppMode;
  events: EventBus;
  jobs: JobRunner;
  /** Per-project memory shared by services (caches), dropped on close. */
  cache: Map<string, unknown>;
}
