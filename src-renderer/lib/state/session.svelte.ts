// Who is working on which project: project info, annotator profiles, the selected annotator, idle lock.
import type { Annotator, AnnotatorRole, ProjectInfo } from '../../../src-main/contract/api';
import type { WorkbenchSettings } from '../../../src-main/contract/methods/workbench';
import { errorMessage, getApi } from '../api';
import { loadPref, savePref } from '../storage';
import { notices } from './notices.svelte';

export class Session {
  project = $state<ProjectInfo | null>(null);
  annotators = $state<Annotator[]>([]);
  annotatorId = $state<number | null>(null);
  annotator = $derived(this.annotators.find((a) => a.id === this.annotatorId) ?? null);
  loadError = $state<string | null>(null);
  /** Project-wide workbench settings (blind mode, disagreement threshold, idle lock), kept in the project file. */
  settings = $state<WorkbenchSettings>({ blindMode: false, disagreementThreshold: 2, idleLockMinutes: 0 });
  /** Idle auto-lock: after this many minutes without input the rater must confirm who they are (0 = off). */
  lockAfterMin = $derived(this.settings.idleLockMinutes);
  /** Whether the selected annotator may see other raters' values. */
  maySeeOthers = $derived(!this.settings.blindMode || this.annotator?.role === 'adjudicator');
  locked = $state(false);
  private idleTimer: ReturnType<typeof setTimeout> | null = null;

  get projectKey(): string {
    return this.project?.path ?? '';
  }

  async load(): Promise<void> {
    try {
      const api = getApi();
      this.project = await api.call('project.info', {});
      this.annotators = await api.call('annotators.list', {});
      const kept = loadPref<number | null>(this.projectKey, 'annotator', null);
      this.annotatorId = this.annotators.some((a) => a.id === kept) ? kept : null;
      this.settings = await api.call('workbench.settings', {});
      this.loadError = null;
    } catch (e) {
      this.loadError = errorMessage(e);
    }
  }

  async refreshProject(): Promise<void> {
    try {
      this.project = await getApi().call('project.info', {});
    } catch (e) {
      notices.error(errorMessage(e));
    }
  }

  async createAnnotator(name: string): Promise<boolean> {
    try {
      const created = await getApi().call('annotators.create', { name });
      this.annotators = [...this.annotators, created];
      this.select(created.id);
      return true;
    } catch (e) {
      notices.error(errorMessage(e));
      return false;
    }
  }

  select(id: number | null): void {
    this.annotatorId = id;
    this.locked = false;
    savePref(this.projectKey, 'annotator', id);
    this.touch();
  }

  /** Changes project-wide settings (audited under the selected annotator's name). */
  async updateSettings(change: Partial<WorkbenchSettings>): Promise<void> {
    try {
      this.settings = await getApi().call('workbench.setSettings', {
        ...change, ...(this.annotatorId === null ? {} : { actorId: this.annotatorId }),
      });
      this.touch();
    } catch (e) {
      notices.error(errorMessage(e));
    }
  }

  async refreshAnnotators(): Promise<void> {
    try {
      this.annotators = await getApi().call('annotators.list', {});
    } catch (e) {
      notices.error(errorMessage(e));
    }
  }

  async setRole(annotatorId: number, role: AnnotatorRole): Promise<void> {
    try {
      const updated = await getApi().call('annotators.setRole', {
        annotatorId, role, ...(this.annotatorId === null ? {} : { actorId: this.annotatorId }),
      });
      this.annotators = this.annotators.map((a) => (a.id === updated.id ? updated : a));
    } catch (e) {
      notices.error(errorMessage(e));
    }
  }

  /** Called on every user input: restarts the idle timer. */
  touch(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    if (this.lockAfterMin > 0 && this.annotatorId !== null && !this.locked) {
      this.idleTimer = setTimeout(() => (this.locked = true), this.lockAfterMin * 60_000);
    }
  }
}

export const session = new Session();
