// The clips of the project in the order the rater works through them, and where the rater is.
// The list is held as raw state (no deep proxies): 10,000 rows stay cheap to sort and replace.
import type { ClipSummary } from '../../../src-main/contract/api';
import { errorMessage, getApi } from '../api';
import { loadPref, savePref } from '../storage';
import { notices } from './notices.svelte';

export const QUEUE_MODES = {
  'import': 'Import order',
  'unlabelled-first': 'Unlabelled first',
  'needs-my-rating': 'Needs my rating',
  'by-speaker': 'By speaker',
  'random': 'Random (seeded, for blind rating)',
} as const;
export type QueueMode = keyof typeof QUEUE_MODES;

/** mulberry32: a tiny seeded PRNG, so a "random" queue is the same order every time for one seed. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function ordered(clips: readonly ClipSummary[], mode: QueueMode, seed: number): ClipSummary[] {
  switch (mode) {
    case 'import':
      return clips.slice();
    case 'unlabelled-first':
      return [...clips.filter((c) => !c.labelled), ...clips.filter((c) => c.labelled)];
    case 'needs-my-rating':
      return clips.filter((c) => !c.labelled);
    case 'by-speaker':
      return clips.slice().sort((a, b) => a.speakerId.localeCompare(b.speakerId, undefined, { numeric: true }) || a.id - b.id);
    case 'random': {
      const out = clips.slice();
      const rnd = seededRandom(seed);
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    }
  }
}

export class ClipQueue {
  clips = $state.raw<ClipSummary[]>([]);
  mode = $state<QueueMode>('import');
  seed = $state(1);
  currentId = $state<number | null>(null);
  loading = $state(false);
  /** The view is frozen between explicit re-sorts so a clip does not jump away the moment it is labelled. */
  view = $state.raw<ClipSummary[]>([]);
  currentIndex = $derived(this.view.findIndex((c) => c.id === this.currentId));
  labelledCount = $derived(this.clips.reduce((n, c) => n + (c.labelled ? 1 : 0), 0));
  private projectKey = '';
  /** Clips this annotator labelled in this sitting, with when: the clips/hour figure. */
  private sessionStart = Date.now();
  labelledThisSession = $state(0);

  configure(projectKey: string): void {
    this.projectKey = projectKey;
    this.mode = loadPref<QueueMode>(projectKey, 'queueMode', 'import');
    this.seed = loadPref(projectKey, 'queueSeed', 1);
  }

  async reload(annotatorId: number | null): Promise<void> {
    this.loading = true;
    try {
      const clips = await getApi().call('clips.list', annotatorId === null ? {} : { annotatorId });
      this.clips = clips;
      this.resort();
      const kept = loadPref<number | null>(this.projectKey, `clip:${annotatorId}`, null);
      if (this.currentId === null || !clips.some((c) => c.id === this.currentId)) {
        this.currentId = clips.some((c) => c.id === kept) ? kept : null;
      }
    } catch (e) {
      notices.error(errorMessage(e));
    } finally {
      this.loading = false;
    }
  }

  resort(): void {
    this.view = ordered(this.clips, this.mode, this.seed);
  }

  setMode(mode: QueueMode): void {
    this.mode = mode;
    savePref(this.projectKey, 'queueMode', mode);
    this.resort();
  }

  setSeed(seed: number): void {
    this.seed = seed;
    savePref(this.projectKey, 'queueSeed', seed);
    this.resort();
  }

  select(id: number | null, annotatorId: number | null): void {
    this.currentId = id;
    savePref(this.projectKey, `clip:${annotatorId}`, id);
  }

  /** Id of the clip `step` places away in the current view, or null at either end. */
  neighbour(step: number): number | null {
    const i = this.currentIndex;
    const j = i < 0 ? (step > 0 ? 0 : this.view.length - 1) : i + step;
    return this.view[j]?.id ?? null;
  }

  /** The next unlabelled clip after the current one, wrapping around; null when all are labelled. */
  nextUnlabelled(): number | null {
    const n = this.view.length;
    const start = this.currentIndex;
    for (let k = 1; k <= n; k++) {
      const c = this.view[(start + k + n) % n];
      if (c && !c.labelled && c.id !== this.currentId) return c.id;
    }
    return null;
  }

  markLabelled(clipId: number): void {
    const was = this.clips.find((c) => c.id === clipId);
    if (!was || was.labelled) return;
    const now = { ...was, labelled: true };
    this.clips = this.clips.map((c) => (c.id === clipId ? now : c));
    this.view = this.view.map((c) => (c.id === clipId ? now : c));
    this.labelledThisSession++;
  }

  clipsPerHour(): number {
    const hours = (Date.now() - this.sessionStart) / 3_600_000;
    return hours > 0 ? this.labelledThisSession / hours : 0;
  }

  resetSessionClock(): void {
    this.sessionStart = Date.now();
    this.labelledThisSession = 0;
  }
}

export const queue = new ClipQueue();
