// One import at a time from the import panel: start it, follow its progress (server events, with a slow
// poll as a safety net if the event stream drops), show per-file errors, cancel.
import type { JobInfo, SpeakerRule } from '../../../src-main/contract/api';
import { errorMessage, getApi } from '../api';
import { followJob } from '../follow-job';
import { notices } from './notices.svelte';

const POLL_MS = 700;

export class ImportJob {
  job = $state<JobInfo | null>(null);
  starting = $state(false);
  running = $derived(this.job !== null && (this.job.state === 'queued' || this.job.state === 'running'));
  private stopFollowing: (() => void) | null = null;
  /** Called once when the job ends (the clip list reloads). */
  onFinished: (job: JobInfo) => void = () => undefined;

  async start(paths: string[], speakerRule: SpeakerRule, annotatorId: number | null): Promise<void> {
    if (paths.length === 0) {
      notices.error('Type or paste at least one file or folder path to import.');
      return;
    }
    this.starting = true;
    try {
      const api = getApi();
      const { jobId } = await api.call('import.start', {
        paths, speakerRule, ...(annotatorId === null ? {} : { annotatorId }),
      });
      this.follow(jobId);
    } catch (e) {
      notices.error(errorMessage(e));
    } finally {
      this.starting = false;
    }
  }

  private follow(jobId: number): void {
    this.stop();
    this.stopFollowing = followJob(jobId, POLL_MS, (job) => this.update(job), (message) => notices.error(message));
  }

  private update(job: JobInfo): void {
    if (this.job && this.job.id === job.id && !(this.job.state === 'queued' || this.job.state === 'running')) return;
    this.job = job;
    if (job.state === 'done' || job.state === 'failed' || job.state === 'cancelled') {
      this.stop();
      this.onFinished(job);
    }
  }

  async cancel(): Promise<void> {
    if (!this.job) return;
    try {
      this.update(await getApi().call('jobs.cancel', { jobId: this.job.id }));
    } catch (e) {
      notices.error(errorMessage(e));
    }
  }

  stop(): void {
    this.stopFollowing?.();
    this.stopFollowing = null;
  }
}

export const importJob = new ImportJob();
