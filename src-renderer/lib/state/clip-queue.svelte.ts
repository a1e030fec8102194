// The clips of the project in the order the rater works through them, and where the rater is.
// "Import order" is the plain clip list; every other order comes from the workbench queue service, which
// knows assignments, disagreement, flags and the hidden repeats it slips in (an entry with a repeatId).
// Lists are raw state (no deep proxies): 10,000 rows stay cheap to replace.
import type { ClipSummary } from '../../../src-main/contract/api';
import type { QueueMode as ServerQueueMode, QueueProgress } from '../../../src-main/contract/methods/workbench';
import { errorMessage, getApi } from '../api';
import { loadPref, savePref } from '../storage';
import { notices } from './notices.svelte';

export const QUEUE_MODES = {
  'import': 'Import order',
  'unlabelled-first': 'Unlabelled first',
  'needs-my-rating': 'Needs my rating',
  'by-speaker': 'By speaker',
  'random': 'Random (seeded, for blind rating)',
  'disagreement': 'Raters disagree',
  'flagged': 'Flagged',
} as const satisfies Record<'import' | Exclude<ServerQueueMode, 'adjudication'>, string>;
export type QueueMode = keyof typeof QUEUE_MODES;

export interface QueueEntry {
  /** Unique in the queue: a hidden repeat is the same clip a second time. */
  key: string;
  clip: ClipSummary;
  repeatId: number | null;
  /** Labelled by this annotator (for a repeat: the repeat has been rated in this sitting). */
  done: boolean;
}

const entryOf = (clip: ClipSummary, repeatId: number | null = null): QueueEntry => ({
  key: repeatId === null ? String(clip.id) : `r${repeatId}`, clip, repeatId, done: repeatId === null && clip.labelled,
});

export class ClipQueue {
  clips = $state.raw<ClipSummary[]>([]);
  mode = $state<QueueMode>('import');
  seed = $state(1);
  currentKey = $state<string | null>(null);
  loading = $state(false);
  /** The view is frozen between explicit re-sorts so a clip does not jump away the moment it is labelled. */
  view = $state.raw<QueueEntry[]>([]);
  currentIndex = $derived(this.view.findIndex((e) => e.key === this.currentKey));
  current = $derived(this.currentIndex >= 0 ? this.view[this.currentIndex] : null);
  labelledCount = $derived(this.clips.reduce((n, c) => n + (c.labelled ? 1 : 0), 0));
  progress = $state<QueueProgress | null>(null);
  private projectKey = '';
  private annotatorId: number | null = null;

  configure(projectKey: string): void {
    this.projectKey = projectKey;
    this.mode = loadPref<QueueMode>(projectKey, 'queueMode', 'import');
    if (!(this.mode in QUEUE_MODES)) this.mode = 'import';
    this.seed = loadPref(projectKey, 'queueSeed', 1);
  }

  async reload(annotatorId: number | null): Promise<void> {
    this.annotatorId = annotatorId;
    this.loading = true;
    try {
      this.clips = await getApi().call('clips.list', annotatorId === null ? {} : { annotatorId });
      await this.resort();
      const kept = loadPref<string | null>(this.projectKey, `clip:${annotatorId}`, null);
      if (this.currentKey === null || !this.view.some((e) => e.key === this.currentKey)) {
        this.currentKey = this.view.some((e) => e.key === kept) ? kept : null;
      }
    } catch (e) {
      notices.error(errorMessage(e));
    } finally {
      this.loading = false;
    }
    void this.refreshProgress();
  }

  async resort(): Promise<void> {
    if (this.mode === 'import' || this.annotatorId === null) {
      this.view = this.clips.map((c) => entryOf(c));
      return;
    }
    try {
      const items = await getApi().call('queue.list', { annotatorId: this.annotatorId, mode: this.mode, seed: this.seed });
      const byId: Record<number, ClipSummary> = Object.fromEntries(this.clips.map((c) => [c.id, c]));
      this.view = items.flatMap((it) => {
        const clip = byId[it.clipId];
        return clip ? [entryOf(clip, it.repeatId)] : [];
      });
    } catch (e) {
      notices.error(errorMessage(e));
      this.view = this.clips.map((c) => entryOf(c));
    }
  }

  async refreshProgress(): Promise<void> {
    if (this.annotatorId === null) { this.progress = null; return; }
    try {
      this.progress = await getApi().call('queue.progress', { annotatorId: this.annotatorId });
    } catch {
      this.progress = null; // progress is informative; the list itself shows labelled state
    }
  }

  setMode(mode: QueueMode): void {
    this.mode = mode;
    savePref(this.projectKey, 'queueMode', mode);
    void this.resort();
  }

  setSeed(seed: number): void {
    this.seed = seed;
    savePref(this.projectKey, 'queueSeed', seed);
    void this.resort();
  }

  select(key: string | null): void {
    this.currentKey = key;
    savePref(this.projectKey, `clip:${this.annotatorId}`, key);
  }

  /** Key of the entry `step` places away in the current view, or null at either end. */
  neighbour(step: number): string | null {
    const i = this.currentIndex;
    const j = i < 0 ? (step > 0 ? 0 : this.view.length - 1) : i + step;
    return this.view[j]?.key ?? null;
  }

  neighbourClipId(step: number): number | null {
    const key = this.neighbour(step);
    return this.view.find((e) => e.key === key)?.clip.id ?? null;
  }

  /** The next entry not yet done after the current one, wrapping around; null when all are done. */
  nextUndone(): string | null {
    const n = this.view.length;
    const start = this.currentIndex;
    for (let k = 1; k <= n; k++) {
      const e = this.view[(start + k + n) % n];
      if (e && !e.done && e.key !== this.currentKey) return e.key;
    }
    return null;
  }

  /** After a save: the clip (or the repeat) counts as done for this annotator. */
  markSaved(clipId: number, repeatId: number | null): void {
    if (repeatId !== null) {
      this.view = this.view.map((e) => (e.repeatId === repeatId ? { ...e, done: true } : e));
    } else {
      const was = this.clips.find((c) => c.id === clipId);
      if (was && !was.labelled) {
        const now = { ...was, labelled: true };
        this.clips = this.clips.map((c) => (c.id === clipId ? now : c));
        this.view = this.view.map((e) => (e.clip.id === clipId && e.repeatId === null ? { ...e, clip: now, done: true } : e));
      }
    }
    void this.refreshProgress();
  }
}

export const queue = new ClipQueue();
