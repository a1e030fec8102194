// The feature-extraction state of every clip (features.states), for the clip list and the clip view.
// Refreshed when an extraction or import job reports (server events), at most every REFRESH_MS, plus a
// slow poll while an extraction job is active in case the event stream drops. A record keyed by clip id
// (raw state: replaced whole on refresh, 10,000 rows stay cheap).
import type { ClipFeatureDisplayState, ClipFeatureStatus } from '../../../src-main/contract/methods/features';
import { errorMessage, getApi } from '../../lib/api';
import { notices } from '../../lib/state/notices.svelte';

const REFRESH_MS = 400;
const POLL_MS = 3000;

/** Short word shown in the list, and the longer phrase read by screen readers and shown in the clip view. */
export const FEATURE_STATE_TEXT: Record<ClipFeatureDisplayState, { short: string; long: string }> = {
  pending: { short: 'pending', long: 'features not extracted yet' },
  extracting: { short: 'extracting', long: 'features being extracted' },
  ready: { short: 'ok', long: 'features extracted' },
  warning: { short: 'note', long: 'features extracted with a note' },
  failed: { short: 'failed', long: 'feature extraction failed' },
};

class FeatureStates {
  byClip = $state.raw<Record<number, ClipFeatureStatus>>({});
  activeJobId = $state<number | null>(null);
  loaded = $state(false);
  retrying = $state<number | null>(null);
  private users = 0;
  private stopEvents: (() => void) | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private poll: ReturnType<typeof setInterval> | null = null;
  private inFlight = false;
  private again = false;

  /** Starts following (reference-counted: the list and the clip view both use it). Returns the stop function. */
  use(): () => void {
    if (this.users++ === 0) {
      const api = getApi();
      this.stopEvents = api.onEvent((event) => {
        if (event.type === 'job' && (event.job.kind === 'extract-features' || (event.job.kind === 'import' && event.job.state !== 'running'))) this.refreshSoon();
      });
      this.poll = setInterval(() => { if (this.activeJobId !== null) this.refreshSoon(); }, POLL_MS);
      void this.refresh();
    }
    return () => {
      if (--this.users > 0) return;
      this.stopEvents?.();
      this.stopEvents = null;
      if (this.poll) clearInterval(this.poll);
      if (this.timer) clearTimeout(this.timer);
      this.poll = this.timer = null;
    };
  }

  refreshSoon(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.refresh();
    }, REFRESH_MS);
  }

  async refresh(): Promise<void> {
    if (this.inFlight) { this.again = true; return; }
    this.inFlight = true;
    try {
      const res = await getApi().call('features.states', {});
      this.byClip = Object.fromEntries(res.clips.map((c) => [c.clipId, c]));
      this.activeJobId = res.activeJobId;
      this.loaded = true;
    } catch {
      // The list stays usable without feature states; the next job event tries again.
    } finally {
      this.inFlight = false;
      if (this.again) { this.again = false; void this.refresh(); }
    }
  }

  /** Forgets the recorded failure of one clip and queues its extraction again. */
  async retry(clipId: number): Promise<void> {
    this.retrying = clipId;
    try {
      await getApi().call('features.extract', { clipIds: [clipId], retryFailed: true });
      await this.refresh();
    } catch (e) {
      notices.error(errorMessage(e));
    } finally {
      this.retrying = null;
    }
  }
}

export const featureStates = new FeatureStates();
